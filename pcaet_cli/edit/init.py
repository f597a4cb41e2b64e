"""`pcaet init`: a new repository holding a register, from a worked example.

Two made-up examples of organisation, as the State services asked in the workshop:
`petr` (a PETR carries the plan for its EPCIs after they transferred the competence)
and `epci` (an agglomeration carries its own plan). Both lint without error or warning.

Layout written in DIR (a git repository's root, where CI looks for its files):
`register/` (the example), `schemas/` (for the editors, cited by each file's first
line), `.pre-commit-config.yaml`, `.github/workflows/pcaet.yml`, `.gitlab-ci.yml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pcaet_cli.errors import PcaetError
from pcaet_cli.register.scaffold import REGISTER_FOLDER, project_files

MODELS = {
    "petr": "un PETR porte le PCAET de ses communautés de communes (transfert de compétence)",
    "epci": "une communauté d'agglomération porte son propre PCAET",
}


@dataclass(frozen=True, slots=True)
class InitPlan:
    target: Path
    files: dict[str, str]
    """Path relative to the target (POSIX) → text."""


def _template_files(folder: Traversable, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith((".", "__")):
            continue
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            found.update(_template_files(entry, name + "/"))
        else:
            found[name] = entry.read_text(encoding="utf-8")
    return found


def plan_init(target: Path, modele: str, force: bool = False) -> InitPlan:
    """Every file of the new repository; nothing is written here."""
    if modele not in MODELS:
        choices = ", ".join(f"{k} ({v})" for k, v in MODELS.items())
        raise PcaetError(f"modèle « {modele} » inconnu : {choices}")
    if target.exists() and not target.is_dir():
        raise PcaetError(f"{target} existe et n'est pas un dossier")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise PcaetError(
            f"le dossier {target} n'est pas vide : choisissez un dossier vide, ou --force "
            "pour y écrire quand même (les fichiers du même nom seront remplacés)"
        )
    template = resources.files("pcaet_cli.edit").joinpath("templates", modele)
    files = _template_files(template, f"{REGISTER_FOLDER}/")
    files.update(project_files())
    return InitPlan(target, files)


def write_init(plan: InitPlan) -> None:
    from pcaet_cli.fsutil import atomic_write

    for name, text in plan.files.items():
        atomic_write(plan.target / name, text)
