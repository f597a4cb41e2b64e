"""`pcaet init`: a new repository holding a register, from a worked example.

Two made-up examples of organisation, as the State services asked in the workshop:
`petr` (a PETR carries the plan for its EPCIs after they transferred the competence)
and `epci` (an agglomeration carries its own plan). Both lint without error or warning.

Layout written in DIR (a git repository's root, where CI looks for its files):
`register/` (the example), `schemas/` (for the editors, cited by each file's first
line), `.pre-commit-config.yaml`, `.github/workflows/pcaet.yml`, `.gitlab-ci.yml`.
"""

from __future__ import annotations

import re
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


# The example's EPCI that a real one replaces (`--siren`): the one carrying actions.
EXAMPLE_EPCI = {"petr": "epci-hautes-terres", "epci": "epci-rivebelle"}


@dataclass(frozen=True, slots=True)
class InitPlan:
    target: Path
    files: dict[str, str]
    """Path relative to the target (POSIX) → text."""
    real: str | None = None
    """With --siren: what the real territories are, for the closing message."""


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


def _real_territories(files: dict[str, str], modele: str, siren: str) -> tuple[dict[str, str], str]:
    """The example with its EPCI replaced by the real one of this SIREN (nom, nature,
    siren, population; its competences and officers kept), its ville-centre by the
    most populated member commune, and a file for every other member commune. Every
    reference to the example's identifiers follows."""
    from pcaet_cli.edit.collectivite import lookup_epci, rename, rewrite_fields, territories
    from pcaet_cli.edit.fmt import format_text
    from pcaet_cli.edit.new import render

    epci = lookup_epci(siren)
    found = territories(epci)
    old = EXAMPLE_EPCI[modele]
    folder = f"{REGISTER_FOLDER}/territoires/"
    renames = {old: found.epci_id}
    texts = dict(files)
    texts[f"{folder}{old}.yaml"] = rewrite_fields(texts[f"{folder}{old}.yaml"], found.epci)
    communes = dict(found.communes)
    centres = [
        name
        for name, text in files.items()
        if name.startswith(f"{folder}commune-") and re.search(rf"^membre_de: \[{old}\]", text, re.M)
    ]
    for name in centres:
        chief = found.chief or next(iter(communes), None)
        if chief is None:
            del texts[name]
            continue
        real = {k: v for k, v in communes.pop(chief).items() if k != "membre_de"}
        texts[name] = rewrite_fields(texts[name], real)
        renames[name.removeprefix(folder).removesuffix(".yaml")] = chief
    for ident, values in communes.items():
        texts[f"{folder}{ident}.yaml"] = render("territoires", values)
    result: dict[str, str] = {}
    for name, text in texts.items():
        for before, after in renames.items():
            text = rename(text, before, after)
            name = rename(name, before, after)
        if name.startswith(folder):
            text = format_text(text, "territoires")
        result[name] = text
    shown = f"{epci.nom} (SIREN {epci.siren}) et ses {len(found.communes)} communes"
    return result, shown


def plan_init(target: Path, modele: str, force: bool = False, siren: str | None = None) -> InitPlan:
    """Every file of the new repository; nothing is written here. With `siren`, the
    example's EPCI and its communes are the real ones (table of collectivities)."""
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
    if siren is None:
        return InitPlan(target, files)
    files, shown = _real_territories(files, modele, siren)
    return InitPlan(target, files, shown)


def write_init(plan: InitPlan) -> None:
    from pcaet_cli.fsutil import atomic_write

    for name, text in plan.files.items():
        atomic_write(plan.target / name, text)
