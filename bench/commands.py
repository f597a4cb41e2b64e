"""Every command of pcaet on a generated register, timed against the cold lint of the
same run, with the targets of issue 17 (ratios measured on the same machine, in the same
run, so that a slower machine moves every figure alike).

A target is a ratio to one basis: the cold lint (most commands), the floor (reading the
bytes: warm lint), the concise lint of the same findings (text output), or another tool
(check-jsonschema, of which cold lint must be at most a tenth).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pcaet_cli.reports import VIEWS

DATE = "2026-11-29"
LINT_BASIS = "lint à froid"
FLOOR_BASIS = "plancher"
CONCISE_BASIS = "lint concis (erreurs nombreuses)"
EXTRA_FINDINGS = 10
"""Unknown partners added to each action of the register with many findings: ten
findings per action, 100 000 at 10 000 actions."""


MEMORY_TARGET_MB = 1024.0
"""Highest peak memory of lint and report (issue 17: 1 GB at 50 000 actions)."""


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    target: float | None = None
    """Highest ratio to `basis` allowed (None: measured, no target)."""
    basis: str = LINT_BASIS
    memory_mb: float | None = None
    """Highest peak memory allowed, in MB (None: measured, no target)."""
    reads_export: bool = False
    """Reads the register's xlsx export (`export_mapping`): fails if that failed."""


def _views(root: Path) -> list[Command]:
    shown = [v for v in VIEWS if v != "service"]
    commands = []
    for view in shown:
        for fmt in ("table", "json"):
            argv = ["report", view, "-r", str(root), "--format", fmt, "--date", DATE]
            commands.append(
                Command(f"report {view} ({fmt})", argv, 1.5, memory_mb=MEMORY_TARGET_MB)
            )
    return commands


def commands(
    root: Path, work: Path, out: Path, with_findings: Path, repo: Path, mapping: Path
) -> list[Command]:
    """The matrix for one register, writing into the new folder `out`; `with_findings`
    is its copy with many findings, `repo` a git repository of it whose last commit
    changes 1 % of the actions, and `mapping` the mapping of its xlsx export
    (`export_mapping`)."""
    exported = work / f"{root.name}.json"
    workbook = work / f"{root.name}.xlsx"
    return [
        Command(
            "lint texte (erreurs nombreuses)",
            ["lint", str(with_findings), "--date", DATE],
            1.5,
            CONCISE_BASIS,
            MEMORY_TARGET_MB,
        ),
        *_views(root),
        Command("site", ["site", "-r", str(root), "-o", str(out / "site"), "--date", DATE], 3.0),
        *(
            Command(
                f"export {fmt}",
                ["export", "-r", str(root), "-f", fmt, "-o", str(out / f"export.{ext}"), "--force"],
                1.5,
            )
            for fmt, ext in (("json", "json"), ("xlsx", "xlsx"), ("csv", "csv"), ("tet", "xlsx"))
        ),
        Command(
            "import (son export JSON)", ["import", str(exported), "--output", str(out / "i")], 2.0
        ),
        Command(
            "import (son export xlsx)",
            [
                *("import", str(workbook), "-f", "tableur"),
                *("--mapping", str(mapping), "--output", str(out / "x")),
            ],
            reads_export=True,
        ),
        Command(
            "collecte preparer (un classeur par relais)",
            [
                *("collecte", "preparer", "-r", str(root), "--par", "relais"),
                *("-o", str(out / "collecte"), "--date", DATE),
            ],
        ),
        Command(
            "collecte integrer (grand tableur, --dry-run)",
            ["collecte", "integrer", str(workbook), "-r", str(root), "--dry-run"],
            reads_export=True,
        ),
        Command(
            "diff HEAD~1 HEAD (1 % des actions)", ["diff", "HEAD~1", "HEAD", "-r", str(repo)], 1.5
        ),
        Command("history d'une action", ["history", "act-000001", "-r", str(repo)]),
        Command("fmt --check", ["fmt", "--check", str(root)]),
    ]


def export_mapping(pcaet: list[str], root: Path, work: Path) -> Path:
    """The register's xlsx export and the mapping `pcaet import --modele-mapping` drafts
    for it, both beside the register: what `import (son export xlsx)` reads.
    RuntimeError (with pcaet's message) when either fails."""
    workbook = work / f"{root.name}.xlsx"
    mapping = work / f"{root.name}-correspondance.toml"
    if not mapping.exists():
        for argv in (
            ["export", "-r", str(root), "-f", "xlsx", "-o", str(workbook), "--force"],
            [
                "import",
                str(workbook),
                "-f",
                "tableur",
                "--modele-mapping",
                "--mapping",
                str(mapping),
            ],
        ):
            done = subprocess.run([*pcaet, *argv], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"pcaet {argv[0]} : {done.stderr.strip()[-600:]}")
    return mapping


def with_many_findings(root: Path, target: Path) -> Path:
    """A copy of `root` whose every action names EXTRA_FINDINGS unknown partners."""
    if target.exists():
        return target
    shutil.copytree(root, target)
    unknown = ", ".join(f"partenaire-inconnu-{n}" for n in range(EXTRA_FINDINGS))
    for path in (target / "actions").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("partenaires: [", f"partenaires: [{unknown}, ", 1), encoding="utf-8"
        )
    return target


def git_repository(root: Path, target: Path, change: Callable[[Path], None]) -> Path:
    """`root` committed in a git repository, then `change` applied and committed."""
    if (target / ".git").exists():
        return target
    shutil.copytree(root, target)

    def git(*args: str) -> None:
        subprocess.run(
            [
                "git",
                "-C",
                str(target),
                "-c",
                "user.name=banc",
                "-c",
                "user.email=banc@pcaet",
                *args,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "registre généré")
    change(target)
    git("commit", "-qam", "1 % des actions modifiées")
    return target


def change_one_percent(root: Path) -> None:
    """The statut and a follow-up note of one action in a hundred."""
    actions = sorted((root / "actions").glob("*.yaml"))
    for path in actions[::100]:
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("statut: ", "statut: Réalisé\n# avant : ", 1)
            + "  - {date: 2026-11-20, texte: Action terminée.}\n",
            encoding="utf-8",
        )
