"""Git access through the `git` program: one subprocess per question, never a checkout.

The register is read at a revision with `git ls-tree` and one `git cat-file --batch`
for all blobs, so a diff of a large register costs two processes per side.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pcaet_cli.errors import PcaetError

TIMEOUT = 60.0
"""Seconds allowed to one git process: a hung credential prompt must not hang CI."""

SHALLOW_HINT = (
    "le dépôt est un clone superficiel (historique incomplet) : récupérez l'historique "
    "avec « git fetch --unshallow »"
)


@dataclass(frozen=True, slots=True)
class Blob:
    path: str
    """Path relative to the repository root, POSIX."""
    oid: str
    mode: str
    """Git's file mode: 100644 or 100755 for a file, 120000 for a link."""


@dataclass(frozen=True, slots=True)
class Commit:
    hash: str
    short: str
    date: str
    """Author date, ISO 8601."""
    author: str
    subject: str


class GitRepo:
    """A repository found from a folder inside its working tree."""

    def __init__(self, start: Path) -> None:
        if shutil.which("git") is None:
            raise PcaetError(
                "le programme git est introuvable : installez git pour relire l'historique"
            )
        self.start = start
        out = self._run(["rev-parse", "--show-toplevel"], check=False)
        if out is None:
            raise PcaetError(
                f"{start} n'est pas dans un dépôt git : « pcaet diff » et « pcaet history » "
                "lisent l'historique du registre dans git"
            )
        self.root = Path(out.decode().strip())
        # Paths given to git are relative to the root from now on, wherever we started.
        self.start = self.root

    # --- running git --------------------------------------------------------------------

    def _run(
        self, args: list[str], *, check: bool = True, data: bytes | None = None
    ) -> bytes | None:
        """git's stdout, or None when git failed and `check` is false."""
        try:
            proc = subprocess.run(
                ["git", "-c", "core.quotepath=off", *args],
                cwd=self.start,
                input=data,
                capture_output=True,
                check=False,
                timeout=TIMEOUT,
            )
        except FileNotFoundError:
            raise PcaetError("le programme git est introuvable : installez git") from None
        except subprocess.TimeoutExpired:
            raise PcaetError(
                f"git n'a pas répondu en {TIMEOUT:.0f} s (git {' '.join(args[:2])})"
            ) from None
        if proc.returncode != 0:
            if check:
                message = proc.stderr.decode(errors="replace").strip().splitlines()
                detail = message[-1] if message else f"code {proc.returncode}"
                raise PcaetError(f"git {args[0]} a échoué : {detail}")
            return None
        return proc.stdout

    def run(self, args: list[str], data: bytes | None = None) -> bytes:
        out = self._run(args, data=data)
        assert out is not None
        return out

    # --- questions ----------------------------------------------------------------------

    @property
    def shallow(self) -> bool:
        out = self._run(["rev-parse", "--is-shallow-repository"], check=False)
        return out is not None and out.strip() == b"true"

    def resolve(self, revision: str) -> str:
        """The commit a revision names; a French error when it names none."""
        if revision.startswith("-"):
            # Never let a revision be read as an option of git.
            raise PcaetError(f"révision inconnue : « {revision} »")
        out = self._run(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], check=False)
        if out is None:
            hint = f" ; {SHALLOW_HINT}" if self.shallow else ""
            raise PcaetError(
                f"révision inconnue : « {revision} » (ni branche, ni étiquette, ni commit de "
                f"ce dépôt){hint}"
            )
        return out.decode().strip()

    def short(self, commit: str) -> str:
        return self.run(["rev-parse", "--short", commit]).decode().strip()

    def default_branch(self) -> str:
        """The branch merge requests target: origin's HEAD, else main, else master."""
        out = self._run(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], check=False)
        if out:
            return out.decode().strip().removeprefix("refs/remotes/")
        for name in ("main", "master", "origin/main", "origin/master"):
            if self._run(["rev-parse", "--verify", "--quiet", name], check=False) is not None:
                return name
        raise PcaetError(
            "branche par défaut introuvable (ni main ni master) : indiquez la révision de "
            "départ, par exemple « pcaet diff origin/develop »"
        )

    def merge_base(self, branch: str) -> str:
        if self._run(["rev-parse", "--verify", "--quiet", "HEAD"], check=False) is None:
            raise PcaetError("le dépôt n'a encore aucun commit : rien à comparer")
        out = self._run(["merge-base", branch, "HEAD"], check=False)
        if out is None:
            hint = SHALLOW_HINT if self.shallow else "les deux branches n'ont aucun ancêtre commun"
            raise PcaetError(f"point de départ introuvable entre {branch} et HEAD : {hint}")
        return out.decode().strip()

    def ls_tree(self, commit: str, under: str = "") -> list[Blob]:
        """Every blob of `commit`, below `under` (relative to the root) when given."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if under:
            args += ["--", under]
        blobs = []
        for entry in self.run(args).split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, oid = meta.decode().split(" ")
            if kind == "blob":
                blobs.append(Blob(path.decode("utf-8", errors="replace"), oid, mode))
        return blobs

    def cat(self, oids: list[str]) -> dict[str, bytes]:
        """Contents of many blobs (object ids or `commit:path` names), from one
        `git cat-file --batch` process; names that name nothing are left out."""
        if not oids:
            return {}
        unique = list(dict.fromkeys(oids))
        out = self.run(["cat-file", "--batch"], data=("\n".join(unique) + "\n").encode())
        contents: dict[str, bytes] = {}
        pos = 0
        for oid in unique:
            end = out.index(b"\n", pos)
            line = out[pos:end].decode(errors="replace")
            pos = end + 1
            if line.endswith(" missing") or line.endswith(" ambiguous"):
                continue
            header = line.split(" ")
            size = int(header[2])
            contents[oid] = out[pos : pos + size]
            pos += size + 1  # the content is followed by a line feed
        return contents

    def relative(self, path: Path) -> str:
        """`path` relative to the repository root, POSIX; "" for the root itself."""
        rel = PurePosixPath(path.resolve().relative_to(self.root.resolve()).as_posix())
        return "" if str(rel) == "." else str(rel)

    def commits(self, start: str, end: str) -> list[Commit]:
        """The commits of `end` that `start` does not have, oldest first, merges left
        out (they bring no change of their own to review)."""
        fmt = "%H%x00%h%x00%aI%x00%an%x00%s%x00"
        out = self.run(
            ["log", "--no-merges", "--reverse", f"--format={fmt}", f"{start}..{end}", "--"]
        ).decode("utf-8", errors="replace")
        fields = [f.removeprefix("\n") for f in out.split("\0")]
        return [Commit(*fields[i : i + 5]) for i in range(0, len(fields) - 4, 5)]

    def deletions(self, under: str = "") -> list[tuple[str, str]]:
        """(commit, path) of every file deleted from HEAD's history below `under`
        (relative to the root), newest first."""
        scope = ["--", under] if under else []
        out = self.run(
            ["log", "--diff-filter=D", "--name-only", "-z", "--format=%x01%H", "HEAD", *scope]
        ).decode("utf-8", errors="replace")
        found = []
        for record in out.split("\x01")[1:]:
            commit, _, names = record.partition("\0")
            for name in names.split("\0"):
                if name := name.removeprefix("\n"):
                    found.append((commit.strip(), name))
        return found

    def log_follow(self, path: str, start: str = "HEAD") -> list[tuple[Commit, str | None]]:
        """Commits that touched the file at `path` (its name at `start`, or the name it
        had when `start` deleted it), newest first, following renames, with the file's
        path at each commit (None where it was deleted)."""
        # NUL is the only byte git guarantees absent from commit data: a subject may hold
        # any other control character. With -z each commit is its five fields, each ended
        # by NUL, then a line feed opens its file list, which a merge does not have (no -m).
        fmt = "%H%x00%h%x00%aI%x00%an%x00%s"
        out = self.run(
            ["log", "--follow", "--name-status", "-z", f"--format={fmt}", start, "--", path]
        ).decode("utf-8", errors="replace")
        fields = out.split("\0")
        result: list[tuple[Commit, str | None]] = []
        i = 0
        while i + 5 <= len(fields) and fields[i]:
            commit = Commit(*fields[i : i + 5])
            i += 5
            if i == len(fields) or not fields[i].startswith("\n"):
                continue
            # STATUS then PATH, or RXX (CXX) then OLD and NEW.
            status = fields[i][1:]
            count = 2 if status.startswith(("R", "C")) else 1
            paths = fields[i + 1 : i + 1 + count]
            i += 1 + count
            where = None if status.startswith("D") else paths[-1]
            result.append((commit, where))
        return result
