"""Generate ADEME Territoires & Climat open data of N actions: the entête file (one row
per démarche) and Fiches_Action.csv (one row per action), in the shapes of the
published files (reference §5.2), for the import benchmark.

A démarche holds 28 actions (the median of the published plans); one action in fifty
repeats a title of its plan with other content, as real files do.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from stdnum import luhn

from bench.generate import THEMES
from pcaet_cli.model.vocab import Cible, Secteur, TypeAction

ENTETE = [
    "Id",
    "Date_lancement",
    "Type_demarche",
    "Nom",
    "Description_rapide",
    "SIREN collectivites_coporteuses",
    "Collectivités porteuses",
    "Population_couverte",
    "Demarche_etat",
    "Oblige",
]
FICHES = [
    "Id_action",
    "Id_demarche",
    "Nom_demarche",
    "Intitule_action",
    "Description_action",
    "Date_lancement",
    "Secteur",
    "Type_de_porteur",
    "Type_action",
    "Cible_action",
]
PER_PLAN = 28
_NATURES = ("Communauté de communes", "Communauté d'agglomération", "Métropole")


def _siren(rng: random.Random) -> str:
    """A SIREN with a valid Luhn key (the import checks it)."""
    digits = "".join(str(rng.randrange(10)) for _ in range(8))
    return digits + luhn.calc_check_digit(digits)


def generate_open_data(folder: Path, actions: int, seed: int = 1) -> list[Path]:
    """Write the two files into `folder`; returns their paths (entête first)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    entete, fiches = folder / "Demarches_PCAET_V2_entete.csv", folder / "Fiches_Action.csv"
    plans = max(1, actions // PER_PLAN)
    with entete.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(ENTETE)
        for n in range(1, plans + 1):
            nature = rng.choice(_NATURES)
            writer.writerow(
                [
                    str(n),
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2017, 2024)}",
                    "PCAET",
                    f"PCAET du territoire {n}",
                    f"Plan climat du territoire {n} : {rng.choice(THEMES)}",
                    _siren(rng),
                    f"{nature} du territoire {n}",
                    str(rng.randint(5_000, 400_000)),
                    rng.choice(("Mise en oeuvre", "En cours d'élaboration", "Définitif")),
                    rng.choice("OV"),
                ]
            )
    sectors = [s.value for s in Secteur]
    kinds = [t.value for t in TypeAction]
    targets = [c.value for c in Cible]
    with fiches.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(FICHES)
        for n in range(1, actions + 1):
            plan = min(plans, (n - 1) // PER_PLAN + 1)
            theme = rng.choice(THEMES)
            repeated = n % 50 == 0 and n > 1
            title = f"Action {n - 1 if repeated else n} : {theme}"
            writer.writerow(
                [
                    str(n),
                    str(plan),
                    f"PCAET du territoire {plan}",
                    title,
                    f"Développer {theme} avec les communes ; suivi annuel ({n}).",
                    f"01/{rng.randint(1, 12):02d}/{rng.randint(2018, 2026)}",
                    " | ".join(rng.sample(sectors, rng.randint(1, 3))),
                    "Collectivité porteuse",
                    " | ".join(rng.sample(kinds, rng.randint(1, 2))),
                    " | ".join(rng.sample(targets, rng.randint(1, 2))),
                ]
            )
    return [entete, fiches]


_SECTORS = ["Résidentiel", "Tertiaire", "Transport routier", "Agriculture", "Déchets"]


def generate_spreadsheet(folder: Path, actions: int) -> list[str]:
    """A spreadsheet of N actions as officers keep one, and its mapping (`--format
    tableur`): the arguments of `pcaet import` that read it."""
    rng = random.Random(13)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "actions.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Intitulé",
                "Descriptif",
                "Statut",
                "Secteurs",
                "Pilote",
                "Début",
                "Fin",
                "Budget",
                "Axe",
            ]
        )
        for n in range(1, actions + 1):
            writer.writerow(
                [
                    f"Action {n} : rénover",
                    "Description.\nSuite.",
                    "En cours",
                    ", ".join(rng.sample(_SECTORS, 2)),
                    f"Service {n % 40}",
                    "01/01/2025",
                    "31/12/2027",
                    str(1000 * (n % 50)),
                    f"{n % 5 + 1}. Axe {n % 5 + 1}",
                ]
            )
    mapping = folder / "correspondance.toml"
    mapping.write_text(
        '[colonnes]\n"Intitulé" = "titre"\n"Descriptif" = "description"\n'
        '"Statut" = "statut"\n"Secteurs" = "secteurs"\n"Pilote" = "pilote"\n'
        '"Début" = "date_debut"\n"Fin" = "date_fin"\n"Budget" = "budget"\n"Axe" = "axe"\n',
        encoding="utf-8",
    )
    return [str(source), "--format", "tableur", "--mapping", str(mapping)]
