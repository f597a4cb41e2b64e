"""The words people read: agreement with the count, decimal commas, points for a
difference of shares, labels for plan types and domains."""

from __future__ import annotations

import pytest

from pcaet_cli.french import plural, points, seconds
from pcaet_cli.model.vocab import (
    DOMAINE_SHORT_LABELS,
    TYPE_PLAN_LABELS,
    Domaine,
    TypePlan,
    type_plan_label,
)
from pcaet_cli.reports.cells import cell


@pytest.mark.parametrize(
    ("count", "said"),
    [(0, "0 plan"), (1, "1 plan"), (2, "2 plans"), (-1, "-1 plan"), (12, "12 plans")],
)
def test_plural_agrees_with_the_count(count: int, said: str) -> None:
    assert plural(count, "plan") == said


def test_plural_with_its_own_plural() -> None:
    assert plural(1, "fichier écrit", "fichiers écrits") == "1 fichier écrit"
    assert plural(3, "fichier écrit", "fichiers écrits") == "3 fichiers écrits"


@pytest.mark.parametrize(
    ("share", "said"),
    [
        (0.01, "+1\u00a0point"),
        (0.014, "+1\u00a0point"),
        (0.02, "+2\u00a0points"),
        (-0.04, "−4\u00a0points"),
        (-0.01, "−1\u00a0point"),
        (0.001, "0\u00a0point"),
        (0.0, "0\u00a0point"),
    ],
)
def test_points_for_a_difference_of_shares(share: float, said: str) -> None:
    assert points(share) == said


def test_a_signed_share_cell_is_in_points_an_unsigned_one_in_percent() -> None:
    assert cell(0.61, as_percent=True) == "61\u00a0%"
    assert cell(0.01, as_percent=True, signed=True) == "+1\u00a0point"
    assert cell(3, signed=True) == "+3"


@pytest.mark.parametrize(
    ("value", "said"), [(0.64, "0,6\u00a0s"), (12.0, "12\u00a0s"), (1.25, "1,2\u00a0s")]
)
def test_seconds_with_a_decimal_comma(value: float, said: str) -> None:
    assert seconds(value) == said


def test_every_plan_type_and_domain_has_a_label() -> None:
    assert set(TYPE_PLAN_LABELS) == set(TypePlan)
    assert set(DOMAINE_SHORT_LABELS) == set(Domaine)
    assert type_plan_label("projet_de_territoire") == "Projet de territoire"
    assert type_plan_label(TypePlan.AUTRE) == "Autre plan"
    assert type_plan_label("CRTE") == "CRTE"
    assert type_plan_label("inconnu") == "inconnu"
    assert not any("_" in label for label in TYPE_PLAN_LABELS.values())
