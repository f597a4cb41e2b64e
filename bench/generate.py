"""Generate a realistic register of N actions, with actors, territories and plans in
proportion, French text, comments and, on request, a few faults.

    python -m bench.generate DIR --actions 5000 [--faults 20] [--seed 1]

The proportions follow the example register and ADEME's open data (a plan has a median
of 28 actions; a PETR groups a few EPCIs of a dozen communes each). Other plans cross
the PCAETs as they do on the ground: a CRTE for every CRTE_EVERY pôles and a SCoT for
every SCOT_EVERY, which a share of each pôle's actions also serve.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from pcaet_cli.collectivites import groupings
from pcaet_cli.model.vocab import (
    Cible,
    Declencheur,
    Domaine,
    Priorite,
    Secteur,
    Statut,
    TypeAction,
    Volet,
)

SCHEMA = "# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
THEMES = [
    "mobilité douce",
    "rénovation énergétique",
    "méthanisation",
    "haies bocagères",
    "réseau de chaleur",
    "réemploi des déchets",
    "covoiturage",
    "photovoltaïque",
    "sobriété foncière",
    "îlots de fraîcheur",
    "circuits courts",
    "éclairage public",
]
VERBS = ["Développer", "Accompagner", "Structurer", "Expérimenter", "Déployer", "Animer"]
FIRST = ["Claire", "Paul", "Nadia", "Hugo", "Léa", "Karim", "Inès", "Yann", "Zoé", "Marc"]
LAST = ["MARTIN", "LEROY", "GARNIER", "FAURE", "ROUSSEL", "MOREL", "GIRAUD", "BLANC"]


def _luhn_siren(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(8)]
    for check in range(10):
        candidate = [*digits, check]
        total = 0
        for position, d in enumerate(reversed(candidate)):
            value = d * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return "".join(map(str, candidate))
    raise AssertionError("unreachable")


CRTE_EVERY, SCOT_EVERY = 4, 8
CRTE_SHARE, SCOT_SHARE = 0.3, 0.1
"""Pôles per CRTE and per SCoT, and the share of actions also serving each."""


def _other_plans(write: Callable[[str, str, str], None], plans: int) -> None:
    """The CRTEs and SCoTs over the pôles, each carried by its first pôle."""
    for kind, every in (("crte", CRTE_EVERY), ("scot", SCOT_EVERY)):
        label = {"crte": "CRTE", "scot": "SCoT"}[kind]
        for n in range(0, plans, every):
            poles = ", ".join(f"petr-{p:04d}" for p in range(n, min(n + every, plans)))
            write(
                "plans",
                f"{kind}-{n // every:04d}",
                f"nom: {label} {n // every}\ntype: {label}\nporteur: petr-{n:04d}\n"
                f'perimetre: [{poles}]\naxes:\n  - {{code: "1", titre: Transition}}\n',
            )


def _plans_of(p: int, rng: random.Random) -> str:
    """The `plans:` block of an action of pôle `p`: its PCAET, and by chance its CRTE and
    SCoT."""
    lines = f'plans:\n  pcaet-{p:04d}: "{rng.randrange(1, 6)}.1"\n'
    if rng.random() < CRTE_SHARE:
        lines += f'  crte-{p // CRTE_EVERY:04d}: "1"\n'
    if rng.random() < SCOT_SHARE:
        lines += f"  scot-{p // SCOT_EVERY:04d}: null\n"
    return lines


def generate(root: Path, actions: int, faults: int = 0, seed: int = 1) -> None:
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for kind in ("territoires", "acteurs", "plans", "actions"):
        (root / kind).mkdir(parents=True)
    (root / "pcaet.toml").write_text(
        f'# Registre généré ({actions} actions)\n[registre]\nnom = "Région générée"\n',
        encoding="utf-8",
    )

    def write(kind: str, ident: str, body: str) -> None:
        schema = SCHEMA.format(kind=kind.removesuffix("s"))
        (root / kind / f"{ident}.yaml").write_text(schema + body, encoding="utf-8")

    # Real communautés de communes (name, SIREN) from the shipped table: lint checks
    # them against it (S008, S009), as it would a real register's.
    real = groupings("CC")
    plans = max(1, actions // 28)
    epcis_per_plan = 3
    services_per_epci = 4
    for p in range(plans):
        petr = f"petr-{p:04d}"
        officer, dgs = f"cdm-{p:04d}", f"dgs-{p:04d}"
        write(
            "territoires",
            petr,
            f'nom: Pôle {p}\nnature: PETR\nsiren: "{_luhn_siren(rng)}"\n'
            f"competences:\n  pcaet: exercee\ncharge_de_mission: {officer}\ndgs: {dgs}\n",
        )
        write(
            "acteurs",
            dgs,
            f"nom: {rng.choice(FIRST)} DGS{p}\ntype: personne\n"
            f"territoire: {petr}\nposte: Directeur général des services\n",
        )
        write(
            "acteurs",
            officer,
            f"nom: {rng.choice(FIRST)} CHARGE{p}\ntype: personne\n"
            f"territoire: {petr}\nposte: Chargé de mission PCAET\nrattache_a: {dgs}\n"
            "temps_disponible: 1.0\n",
        )
        write(
            "acteurs",
            f"elu-{p:04d}",
            f"nom: {rng.choice(FIRST)} ELU{p}\ntype: elu\nfonction: Vice-président\n",
        )
        write("acteurs", f"asso-{p:04d}", f"nom: Association {p}\ntype: association\n")
        perimeter = [f"epci-{p:04d}-{e}" for e in range(epcis_per_plan)]
        for e, epci in enumerate(perimeter):
            cc = real[(p * epcis_per_plan + e) % len(real)]
            write(
                "territoires",
                epci,
                f"nom: {json.dumps(cc.nom, ensure_ascii=False)}\nnature: CC\n"
                f'siren: "{cc.siren}"\nmembre_de: [{petr}]\ncompetences:\n'
                f"  pcaet: {{mode: transferee, a: {petr}}}\n  mobilite: exercee\n",
            )
            for s in range(services_per_epci):
                write(
                    "acteurs",
                    f"svc-{p:04d}-{e}-{s}",
                    f"nom: Service {s} de la CC {p}-{e}\ntype: service\nterritoire: {epci}\n"
                    f"domaine: mobilite\nrelais: {officer}\n",
                )
        axes = "".join(
            f'  - code: "{a}"\n    titre: Axe {a}\n    sous_axes:\n'
            f'      - {{code: "{a}.1", titre: Sous-axe {a}.1}}\n'
            for a in range(1, 6)
        )
        write(
            "plans",
            f"pcaet-{p:04d}",
            f"nom: PCAET du pôle {p}\ntype: PCAET\nporteur: {petr}\n"
            f"perimetre: [{', '.join(perimeter)}]\nobligation: volontaire\n"
            f"date_debut: 2024-01-01\ndate_fin: 2029-12-31\nstatut: mise_en_oeuvre\naxes:\n{axes}",
        )
    _other_plans(write, plans)
    sectors = [s.value for s in Secteur]
    for i in range(actions):
        p = i % plans
        e = rng.randrange(epcis_per_plan)
        theme = rng.choice(THEMES)
        pilot = (
            f"svc-{p:04d}-{e}-{rng.randrange(services_per_epci)}"
            if rng.random() < 0.5
            else f"asso-{p:04d}"
        )
        start = rng.randrange(2024, 2028)
        body = (
            f"# Fiche générée n° {i}\n"
            f"titre: {rng.choice(VERBS)} {theme} ({i})\n"
            "description: |\n"
            f"  Action de {theme} portée à l'échelle de la communauté de communes.\n"
            "  Elle s'appuie sur les acteurs du territoire et les financements disponibles.\n"
            + _plans_of(p, rng)
            + f"echelon: epci-{p:04d}-{e}\ncompetence: mobilite\n"
            f"statut: {rng.choice([s.value for s in Statut if s is not Statut.EN_RETARD])}\n"
            f"priorite: {rng.choice([Priorite.MOYEN.value, Priorite.BAS.value])}\n"
            f"date_debut: {start}-01-01\ndate_fin: {start + 1}-12-31\n"
            f"secteurs: [{', '.join(rng.sample(sectors, 2))}]\n"
            f"domaines: [{', '.join(d.value for d in rng.sample(list(Domaine), 2))}]\n"
            f"volets: [{rng.choice([v.value for v in Volet])}]\n"
            f"type_action: [{rng.choice([t.value for t in TypeAction])}]\n"
            f"cibles: [{rng.choice([c.value for c in Cible])}]\n"
            f"pilote: {pilot}\nreferent: elu-{p:04d}\n"
            f"partenaires: [asso-{p:04d}]\n"
            f"declencheur: {rng.choice([d.value for d in Declencheur])}\n"
            "budget:\n"
            f"  - {{annee: {start}, type: fonctionnement, prevu: {rng.randrange(1, 50) * 1000}, "
            f"realise: {rng.randrange(0, 40) * 1000}}}\n"
            f"temps:\n  - {{acteur: cdm-{p:04d}, etp: 0.01}}\n"
            "indicateurs:\n"
            f"  - nom: Indicateur {i}\n    unite: nombre\n    valeur_initiale: 0\n"
            f"    annee_initiale: {start}\n    cible: 100\n    annee_cible: {start + 2}\n"
            f"    mesures: {{{start + 1}: {rng.randrange(0, 120)}}}\n"
            "suivi:\n"
            f"  - {{date: {start}-06-15, texte: Comité de pilotage tenu.}}\n"
        )
        write("actions", f"act-{i:06d}", body)
    fault_kinds = [
        ("statut: ", "statut: en cour\n# "),
        ("pilote: ", "pilote: inconnu-x\n# "),
        ("date_fin: ", "date_fin: 31/12/2026\n# "),
    ]
    for f in range(faults):
        path = root / "actions" / f"act-{rng.randrange(actions):06d}.yaml"
        text = path.read_text(encoding="utf-8")
        needle, replacement = fault_kinds[f % len(fault_kinds)]
        path.write_text(text.replace(needle, replacement, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Génère un registre PCAET de test.")
    parser.add_argument("dossier", type=Path)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--faults", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.dossier, args.actions, args.faults, args.seed)


if __name__ == "__main__":
    main()
