"""A fiche action shows every field of the model: an action with all of them filled
with recognisable values, and a guard that fails when the model gains a field the
page does not show yet."""

from __future__ import annotations

from pathlib import Path

from pcaet_cli.model import Action
from tests.conftest import WriteRegister
from tests.site.conftest import build, read_html

FULL = """\
titre: Titre complet
description: Texte de description
objectifs: Texte des objectifs
resultats_attendus: Texte des résultats
moyens: Texte des moyens
plans: {pcaet-a: "1"}
echelon: epci-a
competence: mobilite
territoires: [commune-b]
statut: En cours
priorite: Élevé
date_debut: 2024-03-01
date_fin: 2026-12-31
secteurs: [Résidentiel]
domaines: [ges]
polluants: [NOx]
volets: [Atténuation]
type_action: [Etude]
cibles: [Grand public]
participation_citoyenne: Concertation
pilote: svc-a
copilotes: [svc-b]
referent: elu-a
personnes: [p-a]
partenaires: [asso-a]
financements: [{financeur: region, montant: 12345, dispositif: Dispositif régional, annee: 2025}]
budget: [{annee: 2025, type: investissement, prevu: 67890, realise: 54321}]
temps: [{acteur: p-a, etp: 0.35}]
propose_par: asso-a
declencheur: reglementation
gains: {ges_tco2e: 111, energie_mwh: 222, enr_mwh: 333}
indicateurs: [{nom: Indicateur unique, unite: km, valeur_initiale: 1, annee_initiale: 2024,
               cible: 9, annee_cible: 2026, mesures: {2025: 4}}]
suivi: [{date: 2025-05-06, texte: Note de suivi, auteur: p-a}]
liens: {actions: [act-2], mesures_cae: [cae_1.2.3]}
"""

SHOWN = {
    "id": "act-1",
    "titre": "Titre complet",
    "description": "Texte de description",
    "objectifs": "Texte des objectifs",
    "resultats_attendus": "Texte des résultats",
    "moyens": "Texte des moyens",
    "plans": "Axe un",
    "echelon": "CC A",
    "competence": "mobilite",
    "territoires": "Commune B",
    "statut": "En cours",
    "priorite": "Élevé",
    "date_debut": "1er mars 2024",
    "date_fin": "31 décembre 2026",
    "secteurs": "Résidentiel",
    "domaines": "Réduction des émissions de gaz à effet de serre",
    "polluants": "NOx",
    "volets": "Atténuation",
    "type_action": "Etude",
    "cibles": "Grand public",
    "participation_citoyenne": "Concertation",
    "pilote": "Service A",
    "copilotes": "Service B",
    "referent": "Élue A",
    "personnes": "Agent A",
    "partenaires": "Association A",
    "financements": "Dispositif régional",
    "budget": "54 321 €",
    "temps": "0,35",
    "propose_par": "Proposée par",
    "declencheur": "Réglementation",
    "gains": "333 MWh par an",
    "indicateurs": "Indicateur unique (km)",
    "suivi": "Note de suivi",
    "liens": "cae_1.2.3",
}


def test_every_field_of_an_action_is_on_its_page(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    assert set(Action.model_fields) == set(SHOWN), "un champ du modèle n'a pas sa place"
    root = write_register(
        {
            "territoires/epci-a.yaml": "nom: CC A\nnature: CC\n",
            "territoires/commune-b.yaml": "nom: Commune B\nnature: COM\nmembre_de: [epci-a]\n",
            "plans/pcaet-a.yaml": (
                "nom: PCAET A\ntype: PCAET\naxes: [{code: '1', titre: Axe un}]\n"
            ),
            "acteurs/svc-a.yaml": "nom: Service A\ntype: service\n",
            "acteurs/svc-b.yaml": "nom: Service B\ntype: service\n",
            "acteurs/elu-a.yaml": "nom: Élue A\ntype: elu\n",
            "acteurs/p-a.yaml": "nom: Agent A\ntype: personne\n",
            "acteurs/asso-a.yaml": "nom: Association A\ntype: association\n",
            "acteurs/region.yaml": "nom: Région\ntype: collectivite\n",
            "actions/act-1.yaml": FULL,
            "actions/act-2.yaml": "titre: Action liée\npilote: svc-a\n",
        }
    )
    text = read_html(build(root, tmp_path / "site") / "actions" / "act-1.html").text
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    missing = {field: shown for field, shown in SHOWN.items() if shown not in text}
    assert missing == {}
    assert "act-2 — Action liée" in text
