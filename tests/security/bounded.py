"""Child processes capped in address space and time, which report their peak memory.

Starting a fresh interpreter and importing pcaet, openpyxl and pydantic took most of each
bounded run (about 0.6 s of the 0.8 s a refused workbook costs). A server process
imports them once; each run is a child forked from it, capped, given its own command
line, environment, folder and output files, and waited for with its resource usage.

The child's peak is the kernel's high-water mark of its resident memory: a fork starts
it at the pages it shares with the server (the interpreter and those imports, as a
fresh process would have after importing them), unlike an exec'd child, which carries
over its parent's peak (pytest's, larger than anything measured here).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SERVER = r"""
import json, os, resource, signal, sys, traceback

# What a bounded `pcaet import` imports: done once here rather than in every child.
import openpyxl
import pcaet_cli.cli
import pcaet_cli.cli.import_
import pcaet_cli.io.import_common
import pcaet_cli.io.import_json
import pcaet_cli.io.import_territoires_climat
import pcaet_cli.io.import_tet
import pcaet_cli.io.import_tableur

def child(request):
    os.setsid()
    for fd, path, mode in (
        (0, os.devnull, os.O_RDONLY),
        (1, request["stdout"], os.O_WRONLY | os.O_TRUNC),
        (2, request["stderr"], os.O_WRONLY | os.O_TRUNC),
    ):
        opened = os.open(path, mode)
        os.dup2(opened, fd)
        os.close(opened)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    limit = request["limit"]
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.alarm(request["timeout"])  # SIGALRM ends a run that hangs
    sys.argv = ["pcaet", *request["args"]]
    code = 0
    try:
        exec(compile(request["code"], "<bounded>", "exec"), {"__name__": "__main__"})
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(request)
        finally:
            os._exit(70)
    _, status, usage = os.wait4(pid, 0)
    answer = {"code": os.waitstatus_to_exitcode(status), "peak_kib": usage.ru_maxrss}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
"""


@dataclass(frozen=True, slots=True)
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


class _Server:
    """The process that forks the bounded runs, started at the first one."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        atexit.register(self.close)

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(10)

    def ask(self, request: dict[str, object], timeout: float) -> dict[str, int]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        # The child's own alarm ends it at `timeout`; this only guards the server.
        ready, _, _ = select.select([self.process.stdout], [], [], timeout + 30)
        assert ready, "the bounded-run server does not answer"
        answer: dict[str, int] = json.loads(self.process.stdout.readline())
        return answer


_server: _Server | None = None


def run_bounded(code: str, args: list[str], *, limit: int, timeout: int) -> Run:
    """`code` run in a child limited to `limit` bytes of address space and `timeout`
    seconds, with `args` as its command line, this process's environment and folder."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = _Server()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pcaet-bounded-") as folder:
        stdout, stderr = Path(folder) / "stdout", Path(folder) / "stderr"
        stdout.touch()
        stderr.touch()
        request = {
            "code": code,
            "args": args,
            "env": dict(os.environ),
            "cwd": str(Path.cwd()),
            "limit": limit,
            "timeout": timeout,
            "stdout": str(stdout),
            "stderr": str(stderr),
        }
        answer = _server.ask(request, timeout)
        return Run(
            answer["code"],
            stdout.read_text(encoding="utf-8", errors="replace"),
            stderr.read_text(encoding="utf-8", errors="replace"),
            time.monotonic() - start,
            answer["peak_kib"] / 1024,
        )
