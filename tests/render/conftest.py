"""One lint result shared by the tests of every diagnostics format.

Its messages, hints and paths hold what output formats must escape or encode: commas,
colons, `%`, square brackets, a line break, accents, `œ`, French quotes, a path with an
accent and one with a space. It has every severity, a span with an end, a hint on some
diagnostics only, and a code (P099) that no rule of the result describes.
"""

from __future__ import annotations

import pytest

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.registry import find
from pcaet_cli.lint.result import LintResult

ACTION = "actions/énergie/réno-01.yaml"
PLAN = "plans/plan climat 2026.yaml"
TERRITOIRE = "territoire.yaml"

SOURCES = {
    ACTION: [
        "titre: Rénovation énergétique des écoles",
        "statut: rénovation, phase 2",
        "pilote: svc-patrimoine",
        "# pcaet: ignore[P003]",
        "avancement: 45 %",
    ],
    PLAN: [
        "nom: Plan climat 2026",
        "pilote: svc-mobilités",
        "objectifs:",
        "  cœur: réduire les émissions",
        "objectifs:",
    ],
}

# The real rules of these codes: their names and documentation, as pcaet rules gives them.
RULES = [
    rule
    for code in ("S004", "N100", "P011", "P019", "R001", "R006", "Y002")
    if (rule := find(code))
]
"""Severities below differ from some defaults, as `[lint.severity]` allows."""

DIAGNOSTICS = sorted(
    [
        Diagnostic(
            path=ACTION,
            line=2,
            column=9,
            end_line=2,
            end_column=28,
            code="S004",
            message="« rénovation, phase 2 » n'est pas une valeur admise pour « statut »",
            severity=Severity.ERROR,
            hint="valeurs admises : « À lancer », « En cours », « Terminée »",
        ),
        Diagnostic(
            path=ACTION,
            line=4,
            column=10,
            code="N100",
            message="suppression inutile : ignore[P003] ne masque aucun diagnostic",
            severity=Severity.WARNING,
            hint="retirer le commentaire « # pcaet: ignore[P003] »",
        ),
        Diagnostic(
            path=ACTION,
            line=5,
            column=13,
            code="P011",
            message="avancement déclaré à 45 %, en retard sur le calendrier (60 % attendus)",
            severity=Severity.INFO,
        ),
        Diagnostic(
            path=PLAN,
            line=2,
            column=9,
            code="R001",
            message=(
                "référence inconnue « svc-mobilités »\n"
                "fichiers proches : acteurs/svc-mobilites.yaml, acteurs/svc-mobilite.yaml"
            ),
            severity=Severity.ERROR,
            hint="corriger l'identifiant, ou créer acteurs/svc-mobilités.yaml",
        ),
        Diagnostic(
            path=PLAN,
            line=5,
            column=1,
            code="Y002",
            message="clé « objectifs » en double : « cœur » (ligne 4) serait perdu",
            severity=Severity.WARNING,
        ),
        Diagnostic(
            path=TERRITOIRE,
            line=1,
            column=1,
            code="P099",
            message="« Communauté de communes du Pays d'Œlenberg » : population non renseignée",
            severity=Severity.WARNING,
            hint="ajouter par exemple « population: 12500 »",
        ),
    ]
)


@pytest.fixture
def lint_result() -> LintResult:
    return LintResult(
        root="registre",
        diagnostics=list(DIAGNOSTICS),
        files=12,
        entities={"territoire": 1, "acteur": 4, "plan": 1, "action": 6},
        rules=list(RULES),
        sources={path: list(lines) for path, lines in SOURCES.items()},
    )
