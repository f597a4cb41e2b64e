"""Field-level changes in French, without git: the phrases a reviewer reads."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pcaet_cli.errors import PcaetError
from pcaet_cli.git import GitRepo
from pcaet_cli.review.changes import field_changes


def summaries(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [c.summary for c in field_changes(before, after)]


def test_budget_per_year_and_type_planned_then_spent() -> None:
    before = {"budget": [{"annee": 2025, "type": "investissement", "prevu": 40000.0}]}
    after = {
        "budget": [
            {"annee": 2025, "type": "investissement", "prevu": 30000.0, "realise": 28000.0},
            {"type": "fonctionnement", "prevu": 5000.0},
        ]
    }
    assert summaries(before, after) == [
        "budget : +5\u202f000 € fonctionnement pluriannuel ; −10\u202f000 € investissement "
        "2025 ; +28\u202f000 € investissement 2025 (réalisé)"
    ]


def test_funding_time_plans_and_nested_fields() -> None:
    before = {
        "financements": [{"financeur": "ademe", "montant": 10000.0, "annee": 2024}],
        "temps": [{"acteur": "julie", "etp": 0.2}],
        "plans": {"pcaet-a": "1", "crte": None},
        "gains": {"ges_tco2e": 12.0},
        "secteurs": ["Résidentiel", "Tertiaire"],
    }
    after = {
        "financements": [
            {"financeur": "ademe", "montant": 10000.0, "annee": 2024},
            {"financeur": "region", "dispositif": "Contrat"},
        ],
        "temps": [{"acteur": "julie", "etp": 0.5}],
        "plans": {"pcaet-a": "1.2", "scot": None},
        "gains": {"ges_tco2e": 15.5, "energie_mwh": 30.0},
        "secteurs": ["Tertiaire", "Résidentiel"],  # same sectors, another order
    }
    assert summaries(before, after) == [
        "financements : + region",
        "temps : +0,3 ETP julie",
        "plans : + scot, − crte, pcaet-a : axe 1 → 1.2",
        "gains : ges_tco2e 12 → 15,5 ; energie_mwh vide → 30",
    ]


def test_long_texts_are_not_repeated() -> None:
    long = "Une description de plus de soixante caractères, comme il y en a beaucoup. "
    assert summaries({"description": long}, {"description": long + "Suite."}) == [
        "description : texte modifié"
    ]
    assert summaries({}, {"description": long}) == ["description : texte ajouté"]
    assert summaries({"titre": "Vélo"}, {"titre": "Plan vélo"}) == ["titre : Vélo → Plan vélo"]


def test_indicators_and_notes() -> None:
    before = {
        "indicateurs": [{"nom": "Km", "mesures": {"2024": 12.0, "2025": 15.0}}],
        "suivi": [{"date": "2025-01-02", "texte": "Lancement."}],
    }
    after = {
        "indicateurs": [
            {"nom": "Km", "cible": 40.0, "mesures": {"2024": 12.0, "2025": 16.0}},
            {"nom": "Vélos"},
        ],
        "suivi": [],
    }
    assert summaries(before, after) == [
        "indicateurs : + « Vélos » ; « Km » : mesure 2025 15 → 16 ; « Km » : cible vide → 40",
        "suivi : note retirée 2025-01-02 : « Lancement. »",
    ]


def test_git_missing_is_a_french_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(PcaetError, match="git est introuvable"):
        GitRepo(tmp_path)
