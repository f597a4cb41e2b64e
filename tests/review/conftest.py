"""Real git repositories holding a small register, built in a temporary folder."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Claire Martineau",
    "GIT_AUTHOR_EMAIL": "claire@example.org",
    "GIT_COMMITTER_NAME": "Claire Martineau",
    "GIT_COMMITTER_EMAIL": "claire@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

BASE: dict[str, str] = {
    "pcaet.toml": '[registre]\nnom = "Registre de test"\n',
    "territoires/cc-a.yaml": "nom: CC A\nnature: CC\n",
    "acteurs/svc-voirie.yaml": "nom: Service voirie\ntype: service\nterritoire: cc-a\n",
    "acteurs/svc-mobilites.yaml": "nom: Service mobilités\ntype: service\nterritoire: cc-a\n",
    "acteurs/asso-velo.yaml": "nom: Vélo en ville\ntype: association\n",
    "acteurs/ademe.yaml": "nom: ADEME\ntype: etablissement_public\n",
    "acteurs/cci-49.yaml": "nom: CCI 49\ntype: chambre_consulaire\n",
    "plans/pcaet-a.yaml": "nom: PCAET de la CC A\ntype: PCAET\nporteur: cc-a\n",
    "actions/mob-03.yaml": """\
titre: Plan vélo
plans: {pcaet-a: "1"}
statut: En cours
date_fin: 2025-12-31
secteurs: [Transport routier]
domaines: [ges]
pilote: svc-voirie
partenaires: [cci-49]
budget:
  - {annee: 2025, type: investissement, prevu: 40000}
indicateurs:
  - nom: Kilomètres de pistes
    unite: km
    mesures: {2024: 12}
""",
    "actions/mob-02.yaml": """\
titre: Haies bocagères
plans: {pcaet-a: "2"}
statut: En cours
secteurs: [Agriculture]
domaines: [stockage_carbone]
pilote: asso-velo
""",
    "actions/ener-01.yaml": """\
titre: Cadastre solaire
plans: {pcaet-a: "3"}
statut: À venir
secteurs: [Résidentiel]
domaines: [enr]
pilote: svc-voirie
""",
}

CHANGED_MOB_03 = """\
titre: Plan vélo
plans: {pcaet-a: "1"}
statut: Réalisé
date_fin: 2025-12-31
secteurs: [Transport routier]
domaines: [ges]
pilote: svc-mobilites
partenaires: [ademe]
budget:
  - {annee: 2025, type: investissement, prevu: 40000}
  - {annee: 2025, type: fonctionnement, prevu: 15000}
indicateurs:
  - nom: Kilomètres de pistes
    unite: km
    mesures: {2024: 12, 2025: 19}
suivi:
  - {date: 2025-11-02, texte: Dernière section livrée., auteur: svc-mobilites}
"""

NEW_MOB_05 = """\
titre: Atelier de réparation
plans: {pcaet-a: "1"}
statut: À venir
secteurs: [Transport routier]
domaines: [ges]
pilote: asso-velo
"""


class Repo:
    """A git repository in a temporary folder, with the register in `folder`."""

    def __init__(self, path: Path, folder: str = "register") -> None:
        self.path = path
        self.folder = folder
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main", "--template=")  # no hook samples to write

    @property
    def register(self) -> Path:
        return self.path / self.folder if self.folder else self.path

    def git(self, *args: str) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **GIT_ENV},
            capture_output=True,
            text=True,
            check=True,
        )
        return proc.stdout.strip()

    def write(self, files: dict[str, str]) -> None:
        for name, content in files.items():
            target = self.register / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")

    def remove(self, name: str) -> None:
        self.git("rm", "-q", f"{self.folder}/{name}" if self.folder else name)

    def commit(self, message: str, date: str = "2025-01-01T10:00:00+01:00") -> str:
        self.git("add", "-A")
        subprocess.run(
            ["git", "commit", "-q", "-m", message],
            cwd=self.path,
            env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
            check=True,
        )
        return self.git("rev-parse", "--short", "HEAD")


MakeRepo = Callable[..., Repo]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    def make(name: str = "depot", folder: str = "register") -> Repo:
        repo = Repo(tmp_path / name, folder)
        repo.write(BASE)
        repo.commit("Registre initial")
        return repo

    return make


def feature_change(repo: Repo) -> None:
    """The realistic merge request: status, pilot, budget, partner, new, deleted, renamed."""
    repo.git("checkout", "-q", "-b", "velo")
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03, "actions/mob-05.yaml": NEW_MOB_05})
    repo.remove("actions/mob-02.yaml")
    prefix = f"{repo.folder}/" if repo.folder else ""
    repo.git("mv", f"{prefix}actions/ener-01.yaml", f"{prefix}actions/ener-01b.yaml")
