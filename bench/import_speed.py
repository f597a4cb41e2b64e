"""Speed of `pcaet import` against a cold `pcaet lint` of what it wrote, at 10 000
actions (issue 13: an import may take at most three times a cold lint of its result).

    python -m bench.import_speed                       # T&C and tableur, 10 000 actions
    python -m bench.import_speed --actions 20000 --format tc

Generated, made-up content: an entête of 300 démarches and a Fiches_Action.csv of N rows
(territoires-climat), or one CSV of N rows with its mapping (tableur). Each command runs
in its own process, as a user runs it; the figures are wall times.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECTEURS = ["Résidentiel", "Tertiaire", "Transport routier", "Agriculture", "Déchets"]
CIBLES = ["Grand public", "Entreprises", "Agriculteurs", "Collectivités", "Scolaires"]
TYPES = ["Investissement", "Accompagnement", "Etude", "Sensibilisation"]


def territoires_climat(folder: Path, actions: int, plans: int = 300) -> list[Path]:
    """An entête of `plans` démarches and a Fiches_Action.csv of `actions` rows."""
    rng = random.Random(13)
    entete = folder / "Demarches_PCAET_V2_entete.csv"
    with entete.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Id",
                "Date_lancement",
                "Type_demarche",
                "Nom",
                "SIREN collectivites_coporteuses",
                "Collectivités porteuses",
                "Population_couverte",
                "Demarche_etat",
                "Oblige",
            ]
        )
        for number in range(1, plans + 1):
            writer.writerow(
                [
                    number,
                    "01/01/2020",
                    "PCAET",
                    f"PCAET de la communauté numéro {number}",
                    "",
                    f"Communauté de communes numéro {number}",
                    20_000 + number,
                    "Mise en oeuvre",
                    "O",
                ]
            )
    fiches = folder / "Fiches_Action.csv"
    with fiches.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Id_action",
                "Id_demarche",
                "Nom_demarche",
                "Intitule_action",
                "Description_action",
                "Date_lancement",
                "Commentaire_conclusion",
                "Secteur",
                "Type_de_porteur",
                "Type_action",
                "Cible_action",
            ]
        )
        for n in range(1, actions + 1):
            demarche = rng.randint(1, plans)
            writer.writerow(
                [
                    n,
                    demarche,
                    f"PCAET de la communauté numéro {demarche}",
                    f"Action {n} : rénover les bâtiments et informer les habitants",
                    "Accompagner les ménages.\nDeuxième ligne de description, assez longue. " * 3,
                    f"01/{rng.randint(1, 12):02d}/{rng.randint(2019, 2026)}",
                    "Action poursuivie." if n % 3 == 0 else "",
                    " | ".join(rng.sample(SECTEURS, 2)),
                    "Collectivité porteuse",
                    " | ".join(rng.sample(TYPES, 2)),
                    " | ".join(rng.sample(CIBLES, 2)),
                ]
            )
    return [entete, fiches]


def tableur(folder: Path, actions: int) -> list[Path]:
    rng = random.Random(13)
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
                    ", ".join(rng.sample(SECTEURS, 2)),
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
    return [source, Path("--mapping"), mapping]


def timed(command: list[str], env_cache: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "PCAET_CACHE_DIR": str(env_cache)},
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} : code {done.returncode}\n{done.stderr[-2000:]}")
    return elapsed


def measure(fmt: str, actions: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="pcaet-import-bench-") as tmp:
        folder = Path(tmp)
        inputs = territoires_climat(folder, actions) if fmt == "tc" else tableur(folder, actions)
        into = folder / "projet"
        pcaet = [sys.executable, "-m", "pcaet_cli"]
        imported = timed([*pcaet, "import", *map(str, inputs), "--into", str(into)], folder / "c1")
        linted = timed([*pcaet, "lint", "--no-cache", str(into / "register")], folder / "c2")
        return imported, linted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--format", choices=("tc", "tableur", "tous"), default="tous")
    args = parser.parse_args()
    for fmt in ("tc", "tableur") if args.format == "tous" else (args.format,):
        imported, linted = measure(fmt, args.actions)
        print(
            f"{fmt} {args.actions} actions : import {imported:.2f} s, lint à froid "
            f"{linted:.2f} s, rapport {imported / linted:.2f}"
        )


if __name__ == "__main__":
    main()
