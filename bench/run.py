"""Benchmark of `pcaet lint` and `pcaet report` against the baselines a CI would
otherwise run, on generated registers of increasing size.

    python -m bench.run                 # 1 000 and 10 000 actions
    python -m bench.run --sizes 1000 10000 50000

Every figure is measured in the same run on this machine: wall time, files per
second, peak memory (largest RSS of the process tree), how many times a cold `pcaet
lint` each time is (above 1: pcaet is faster), and each time over the floor. pcaet runs:
- lint, cold: an empty cache folder (what a fresh CI job does);
- lint, warm: nothing changed since the previous run, then one file changed;
- lint, straightforward: every position computed, no cache, no worker (the reference
  the fast path is tested against);
- report (synthèse), cold;
- import of the register exported as JSON, and of generated Territoires & Climat open
  data, each followed by a cold lint of what it wrote (the import's budget is
  IMPORT_BUDGET times that lint).
Each pcaet measure is the median of REPEATS runs (the highest memory peak of them).
Baselines, run once:
- floor: reading every byte of every file (nothing can be faster);
- naive: ruamel.yaml round-trip load + pydantic validation, file by file (what a
  straightforward implementation does);
- check-jsonschema with the schemas of `pcaet schema`;
- yamllint with its default configuration.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.commands import (
    CONCISE_BASIS,
    DATE,
    FLOOR_BASIS,
    LINT_BASIS,
    MEMORY_TARGET_MB,
    change_one_percent,
    commands,
    export_mapping,
    git_repository,
    with_many_findings,
)
from bench.generate import generate
from bench.open_data import generate_open_data, generate_spreadsheet

KINDS = ("territoires", "acteurs", "plans", "actions")


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float | None
    target: float | None = None
    """Highest ratio to `basis` allowed (issue 17), None: measured only."""
    basis: str = LINT_BASIS
    memory_mb: float | None = None
    """Highest peak memory allowed (issue 17), None: measured only."""
    failed: str | None = None
    """The command failed (its exit code and last error lines): no time to show."""


_TIME = shutil.which("time") or "/usr/bin/time"


def _child(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float | None]:
    """Wall time and peak RSS (MB) of one child process, run to completion.

    GNU time reports the child's own peak (getrusage of children only keeps the
    maximum over all of them); without it, memory is left blank."""
    with (
        tempfile.NamedTemporaryFile(mode="r", suffix=".txt") as report,
        tempfile.TemporaryFile() as errors,
    ):
        wrapper = [_TIME, "-f", "%M", "-o", report.name] if Path(_TIME).exists() else []
        # What the bench wrote or deleted before (a site of 20 000 pages cleared, a
        # register generated) is flushed now, not charged to the next command that
        # flushes its own writes (import's one sync took 16 s instead of 5).
        os.sync()
        start = time.perf_counter()
        done = subprocess.run(
            [*wrapper, *command],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            check=False,
            env=None if env is None else {**os.environ, **env},
        )
        elapsed = time.perf_counter() - start
        # 1 is findings (lint, fmt --check, the reference tools); anything else is a
        # failure, whose time would mean nothing.
        if done.returncode not in (0, 1):
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()[-600:]
            raise RuntimeError(f"{' '.join(command)} : code {done.returncode}\n{said}")
        text = Path(report.name).read_text().strip().splitlines()
    peak = int(text[-1]) / 1024 if wrapper and text and text[-1].isdigit() else None
    return elapsed, peak


def _files(root: Path) -> list[Path]:
    return sorted(p for kind in KINDS for p in (root / kind).glob("*.yaml"))


def floor(root: Path) -> float:
    start = time.perf_counter()
    for path in _files(root):
        path.read_bytes()
    return time.perf_counter() - start


STRAIGHTFORWARD = """
import sys
from datetime import date
from pathlib import Path
from pcaet_cli.lint.engine import LintRequest, run_lint
import pcaet_cli.lint.rules
run_lint(LintRequest(Path(sys.argv[1]), today=date(2026, 11, 29), fast=False))
"""

NAIVE = """
import sys, time
from pathlib import Path
from ruamel.yaml import YAML
from pcaet_cli.model import KINDS
yaml = YAML()  # round-trip: comments and positions kept
root = Path(sys.argv[1])
for kind, model in KINDS.items():
    for path in sorted((root / kind).glob("*.yaml")):
        try:
            model.model_validate(dict(yaml.load(path.read_text(encoding="utf-8")) or {}))
        except Exception:
            pass
"""


BATCH = 5000
"""Files per check-jsonschema process."""
REPEATS = 3
"""Runs of each pcaet measure (a few seconds each), of which the median is kept: a
2-core machine's times vary by a fifth from one run to the next. The baselines last
20 s to 7 min and run once."""
ONCE_ABOVE = 10_000
"""Above this size each command runs once: at 50 000 actions a run lasts half a
minute, three of every command over an hour and a half."""


def _repeats(size: int) -> int:
    return 1 if size > ONCE_ABOVE else REPEATS


def _median(
    name: str, runs: list[tuple[float, float | None]], memory_mb: float | None = None
) -> Measure:
    """The median time of `runs`, and the highest memory peak of them."""
    seconds = sorted(time for time, _ in runs)[len(runs) // 2]
    peaks = [peak for _, peak in runs if peak is not None]
    return Measure(name, seconds, max(peaks) if peaks else None, memory_mb=memory_mb)


NAIVE_NAME = "naïf : ruamel round-trip + pydantic"


def run(
    sizes: list[int], work: Path, naive_max: int, *, lint_only: bool = False
) -> list[tuple[int, int, list[Measure]]]:
    """Every measure at each size; `lint_only`: lint and report only (the memory targets
    at 50 000 actions), without the other commands nor the baselines."""
    pcaet = [sys.executable, "-m", "pcaet_cli"]
    schemas = work / "schemas"
    subprocess.run(
        [*pcaet, "schema", "--output", str(schemas)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Outputs of an earlier bench, long written: deleting them costs the next writes
    # nothing (unlike outputs deleted right after being written, see _new_output).
    shutil.rmtree(work / OUTPUTS, ignore_errors=True)
    results = []
    for size in sizes:
        root = work / f"registre-{size}"
        if not (root / "pcaet.toml").exists():
            generate(root, size, faults=size // 500)
        files = _files(root)
        repeats = _repeats(size)
        measures = _lint_measures(pcaet, root, files, repeats)
        if not lint_only:
            measures.extend(_imports(pcaet, root, work, size, repeats))
            measures.extend(_every_command(pcaet, root, work, size, repeats))
            measures.extend(_baselines(root, schemas, size <= naive_max))
        results.append((size, len(files), measures))
        # Each size as soon as measured: a long run is never lost to a late failure.
        print(table([(size, len(files), measures)]), flush=True)
    shutil.rmtree(work / OUTPUTS, ignore_errors=True)
    return results


def _lint_measures(pcaet: list[str], root: Path, files: list[Path], repeats: int) -> list[Measure]:
    """The floor, lint cold, warm and after one change, the straightforward reading and
    a cold report."""
    floors = sorted(floor(root) for _ in range(REPEATS))
    measures = [Measure(FLOOR, floors[REPEATS // 2], None)]
    lint = [*pcaet, "lint", str(root), "--format", "concise", "-q", "--date", "2026-11-29"]
    cold, warm, changed_runs = [], [], []
    for repeat in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            env = {"PCAET_CACHE_DIR": cache}
            cold.append(_child(lint, env))
            warm.append(_child(lint, env))
            changed = next(p for p in files if p.parent.name == "actions")
            before = changed.read_bytes()
            changed.write_bytes(before + f"# modifie par le banc ({repeat})\n".encode())
            try:
                changed_runs.append(_child(lint, env))
            finally:
                changed.write_bytes(before)
    measures.append(_median(COLD, cold, MEMORY_TARGET_MB))
    measures[-1].target, measures[-1].basis = 0.1, "check-jsonschema"
    measures.append(_median("pcaet lint à chaud (rien de changé)", warm))
    measures[-1].target, measures[-1].basis = 3.0, FLOOR_BASIS
    measures.append(_median("pcaet lint à chaud (1 fichier changé)", changed_runs))
    measures[-1].target, measures[-1].basis = 4.0, FLOOR_BASIS
    straight = [_child([sys.executable, "-c", STRAIGHTFORWARD, str(root)]) for _ in range(repeats)]
    measures.append(_median("pcaet lint, chemin direct", straight))
    report_command = [*pcaet, "report", "-r", str(root), "--format", "json", "--date", DATE]
    report = [_fresh(report_command) for _ in range(repeats)]
    measures.append(_median("pcaet report (synthèse), à froid", report, MEMORY_TARGET_MB))
    return measures


def _baselines(root: Path, schemas: Path, naive: bool) -> list[Measure]:
    """The naive reading (when `naive`), check-jsonschema and yamllint, once each."""
    python = sys.executable
    measures = []
    if naive:
        seconds, peak = _child([python, "-c", NAIVE, str(root)])
        measures.append(Measure(NAIVE_NAME, seconds, peak))
    checker = shutil.which("check-jsonschema", path=str(Path(python).parent))
    if checker:
        total, highest = 0.0, 0.0
        for kind in KINDS:
            paths = sorted(str(p) for p in (root / kind).glob("*.yaml"))
            schema = schemas / f"{kind.removesuffix('s')}.schema.json"
            # One process per kind, as a CI job would configure it, and per batch of
            # files as xargs would split them (50 000 paths exceed the command line).
            for start in range(0, len(paths), BATCH):
                batch = paths[start : start + BATCH]
                seconds, peak = _child([checker, "--schemafile", str(schema), *batch])
                total += seconds
                highest = max(highest, peak or 0.0)
        measures.append(Measure("check-jsonschema", total, highest or None))
    yamllint = shutil.which("yamllint", path=str(Path(python).parent))
    if yamllint:
        seconds, peak = _child([yamllint, "-f", "parsable", str(root)])
        measures.append(Measure("yamllint", seconds, peak))
    return measures


COLD = "pcaet lint à froid"
FLOOR = "lecture des octets (plancher)"
IMPORT_BUDGET = 3.0
"""An import may take at most this many times a cold lint of what it wrote (issue 13)."""


def _imports(pcaet: list[str], root: Path, work: Path, size: int, repeats: int) -> list[Measure]:
    """`pcaet import` of the register exported as JSON, then of generated Territoires &
    Climat open data, each with a cold lint of what it wrote, so that the ratio of the
    two is read on the same machine in the same run."""
    exported = work / f"registre-{size}.json"
    if not exported.exists():
        subprocess.run(
            [*pcaet, "export", "-r", str(root), "--format", "json", "--output", str(exported)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    open_data = [str(p) for p in generate_open_data(work / f"territoires-climat-{size}", size)]
    spreadsheet = generate_spreadsheet(work / f"tableur-{size}", size)
    measures = []
    for label, sources in (
        ("JSON du registre", [str(exported)]),
        ("Territoires & Climat", open_data),
        ("tableur", spreadsheet),
    ):
        imports, lints = [], []
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as cache:
                into = _new_output(work) / "projet"
                imports.append(_child([*pcaet, "import", *sources, "-o", str(into)]))
                lint = [*pcaet, "lint", str(into), "--format", "concise", "-q"]
                lints.append(_child([*lint, "--date", "2026-11-29"], {"PCAET_CACHE_DIR": cache}))
        done, linted = _median(f"pcaet import ({label})", imports), _median("", lints)
        linted.name = f"  lint à froid du résultat ({done.seconds / linted.seconds:.1f}×)"
        measures.extend([done, linted])
    return measures


def _every_command(
    pcaet: list[str], root: Path, work: Path, size: int, repeats: int
) -> list[Measure]:
    """Each command of bench/commands.py, median of `repeats` runs with a fresh cache."""
    findings = with_many_findings(root, work / f"registre-{size}-erreurs")
    repo = git_repository(root, work / f"registre-{size}-git", change_one_percent)
    try:
        mapping, unexported = export_mapping(pcaet, root, work), None
    except RuntimeError as failure:
        mapping, unexported = work / "sans-correspondance.toml", str(failure)
    concise = [*pcaet, "lint", str(findings), "--format", "concise", "--date", DATE]
    measures = [_median(CONCISE_BASIS, [_fresh(concise) for _ in range(repeats)])]
    # The import reads the register's own JSON export (written by _imports).
    names = [c.name for c in commands(root, work, work, findings, repo, mapping)]
    for position, name in enumerate(names):
        runs = []
        command = None
        try:
            for _ in range(repeats):
                out = _new_output(work)
                command = commands(root, work, out, findings, repo, mapping)[position]
                if command.reads_export and unexported is not None:
                    raise RuntimeError(f"l'export xlsx n'a pas pu être préparé : {unexported}")
                runs.append(_fresh([*pcaet, *command.argv]))
        except RuntimeError as failure:
            # One failing command is reported, and the hour of measures around it kept.
            print(f"ÉCHEC de {name} : {failure}", file=sys.stderr, flush=True)
            measures.append(Measure(name, float("nan"), None, failed=str(failure)))
            continue
        assert command is not None  # at least one run
        measure = _median(name, runs, command.memory_mb)
        measure.target, measure.basis = command.target, command.basis
        measures.append(measure)
    return measures


def _fresh(argv: list[str]) -> tuple[float, float | None]:
    with tempfile.TemporaryDirectory() as cache:
        return _child(argv, {"PCAET_CACHE_DIR": cache})


OUTPUTS = "sorties"


def _new_output(work: Path) -> Path:
    """A new folder for one run's outputs. Nothing is deleted until the end of the
    bench: on this machine's ext4, creating 17 000 files right after deleting 17 000
    files written a minute before costs 0.4 ms of kernel time per file (an import
    took 12-13 s instead of 4.5-5 s), which no user's run pays."""
    outputs = work / OUTPUTS
    outputs.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(dir=outputs))


def _basis(measures: list[Measure], basis: str) -> Measure | None:
    wanted = {LINT_BASIS: COLD, FLOOR_BASIS: FLOOR}.get(basis, basis)
    return next((m for m in measures if m.name == wanted), None)


def table(results: list[tuple[int, int, list[Measure]]]) -> str:
    lines = []
    for size, files, measures in results:
        cold = next(m for m in measures if m.name == COLD)
        floor_time = measures[0].seconds
        lines.append(f"\n{size} actions, {files} fichiers")
        lines.append(
            f"{'mesure':<46} {'secondes':>9} {'fichiers/s':>11} {'pic Mo':>8} "
            f"{'÷ lint à froid':>15} {'× plancher':>11}  cible"
        )
        for m in measures:
            if m.failed is not None:
                lines.append(f"{m.name:<46} {'ÉCHEC (voir les erreurs plus haut)':>56}")
                continue
            peak = f"{m.peak_mb:.0f}" if m.peak_mb is not None else "—"
            rate = files / m.seconds if m.seconds else float("inf")
            lines.append(
                f"{m.name:<46} {m.seconds:>9.2f} {rate:>11.0f} {peak:>8} "
                f"{m.seconds / cold.seconds:>15.2f} {m.seconds / floor_time:>11.1f}"
                + _verdict(m, measures)
            )
    return "\n".join(lines)


def _verdict(measure: Measure, measures: list[Measure]) -> str:
    """« ≤ 1.5 × lint à froid : 1.12, atteinte » beside a measure that has a target, and
    « pic ≤ 1024 Mo : atteinte » beside one with a memory target."""
    said = []
    if measure.target is not None:
        basis = _basis(measures, measure.basis)
        if basis is None or not basis.seconds:
            said.append(f"≤ {measure.target:g} × {measure.basis} : non mesurée")
        else:
            ratio = measure.seconds / basis.seconds
            met = "atteinte" if ratio <= measure.target else "NON ATTEINTE"
            said.append(f"≤ {measure.target:g} × {measure.basis} : {ratio:.2f}, {met}")
    if measure.memory_mb is not None and measure.peak_mb is not None:
        met = "atteinte" if measure.peak_mb <= measure.memory_mb else "NON ATTEINTE"
        said.append(f"pic ≤ {measure.memory_mb:g} Mo : {met}")
    return "".join(f"  {s}" for s in said[:1]) + "".join(f" ; {s}" for s in said[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesure pcaet lint et report.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "pcaet-bench")
    parser.add_argument("--json", type=Path, help="écrit aussi les mesures en JSON")
    parser.add_argument(
        "--naif-max",
        type=int,
        default=50_000,
        help="ne mesure le chargement naïf que jusqu'à cette taille (il dure ~30 min à 50 000)",
    )
    parser.add_argument(
        "--lint-seulement",
        action="store_true",
        help="lint et report seulement, sans les autres commandes ni les références",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = run(args.sizes, args.work, args.naif_max, lint_only=args.lint_seulement)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {"actions": s, "fichiers": f, "mesures": [m.__dict__ for m in ms]}
                    for s, f, ms in results
                ],
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
