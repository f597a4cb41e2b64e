"""Approximate matching and the one slug: what "vouliez-vous dire" and every file name
rest on."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcaet_cli.textmatch import MANY, Matcher, closest, fold, slug


def test_fold_ignores_case_accents_dashes_and_spacing() -> None:
    assert fold("  Résidentiel-Tertiaire_ ") == "residentiel tertiaire"
    # Marks beyond Latin accents go too; letters that do not decompose stay.
    assert fold("« Cœur » de ville") == "« cœur » de ville"
    assert fold("ṩ\u0483x\u05b0") == "sx"


def _every_mark_removed(text: str) -> str:
    """fold as first written: every combining character looked at one by one."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("_", " ").replace("-", " ").split())


@given(st.text(st.characters(codec="utf-8"), max_size=30))
def test_fold_removes_what_every_mark_removal_removes(text: str) -> None:
    assert fold(text) == _every_mark_removed(text)


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("En cour", ["En cours", "Réalisé", "Abandonné"], "En cours"),
        ("realise", ["En cours", "Réalisé"], "Réalisé"),
        ("RESIDENTIEL", ["Résidentiel", "Tertiaire"], "Résidentiel"),
        ("piolte", ["pilote", "partenaires", "titre"], "pilote"),
        ("zzzz", ["En cours", "Réalisé"], None),
        ("", ["En cours"], None),
    ],
)
def test_closest(value: str, choices: list[str], expected: str | None) -> None:
    assert closest(value, choices) == expected


def test_many_choices_are_searched_through_their_trigrams() -> None:
    choices = [f"acteur-{n:05d}" for n in range(MANY + 500)] + ["svc-mobilites"]
    matcher = Matcher(choices)
    assert matcher.grams  # the indexed path, not difflib over every choice
    assert matcher.closest("svc-mobilite") == "svc-mobilites"
    assert matcher.closest("acteur-01234") == "acteur-01234"
    assert matcher.closest("sans rapport aucun") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mobilité Douce", "mobilite-douce"),
        ("Cœur de ville", "coeur-de-ville"),
        ("Straße", "strasse"),
        ("Æsop", "aesop"),
        ("l'autopartage", "l-autopartage"),
        ("/../../../victim", "victim"),
        ("  ", ""),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_cuts_on_a_word_boundary() -> None:
    cut = slug("Développer les mobilités actives dans les communes rurales", 30)
    assert cut == "developper-les-mobilites"
    assert len(cut) <= 30
