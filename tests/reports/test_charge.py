"""The workload view at its edges, every table compared whole: a total equal to the
time available (with binary noise), a service asked directly for more than 2 ETP,
undated time on a dated and on an undated action, people without declared time.

The figures are counted by hand in the comments of `REGISTER`."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.reports import ReportOptions, build_report
from pcaet_cli.reports.model import Report
from tests.conftest import WriteRegister


def person(name: str, service: str | None = None, available: float | None = None) -> str:
    lines = [f"nom: {name}", "type: personne"]
    lines += [f"service: {service}"] if service else []
    lines += [f"temps_disponible: {available}"] if available is not None else []
    return "\n".join(lines) + "\n"


def service(name: str, available: float | None = None) -> str:
    extra = f"temps_disponible: {available}\n" if available is not None else ""
    return f"nom: {name}\ntype: service\nterritoire: cc-x\n{extra}"


ZED = "  - {acteur: p-zed, etp: 0.3, annee: 2026}\n"

REGISTER = {
    "territoires/cc-x.yaml": "nom: CC X\nnature: CC\n",
    "acteurs/elu.yaml": "nom: Élu UN\ntype: elu\n",
    "acteurs/svc-a.yaml": service("Service A", 2),
    "acteurs/svc-b.yaml": service("Aménagement"),
    "acteurs/p-ana.yaml": person("Ana A", "svc-a", 0.3),
    "acteurs/p-bob.yaml": person("Bob B", "svc-a", 0.5),
    "acteurs/p-cid.yaml": person("Cid C", "svc-b"),
    "acteurs/p-dan.yaml": person("Dan D"),
    # Eve's service has no file: the service still shows, among « Autres acteurs ».
    "acteurs/p-eve.yaml": person("Eve E", "svc-x", 0.5),
    # A partner asked for time: outside the collectivity's organisation chart.
    "acteurs/asso.yaml": "nom: Asso Vélo\ntype: association\ntemps_disponible: 1\n",
    # x1 runs 2025-2026: Bob's 0.2 without a year counts in 2025 and in 2026. p-zed has
    # no file (lint says so): the report still counts its time, among « Autres acteurs ».
    "actions/x1.yaml": """titre: Une
echelon: cc-x
pilote: svc-a
referent: elu
secteurs: [Transport routier]
domaines: [ges]
statut: En cours
date_debut: 2025-01-01
date_fin: 2026-12-31
temps:
  - {acteur: p-ana, etp: 0.1, annee: 2025}
  - {acteur: p-ana, etp: 0.4, annee: 2026}
  - {acteur: p-bob, etp: 0.2}
  - {acteur: svc-a, etp: 2.5, annee: 2025}
  - {acteur: p-cid, etp: 0.2, annee: 2026}
  - {acteur: asso, etp: 0.5, annee: 2026}
  - {acteur: p-eve, etp: 0.1, annee: 2025}
  - {acteur: p-zed, etp: 0.3, annee: 2026}
budget:
  - {annee: 2025, type: investissement, prevu: 1000}
  - {type: fonctionnement, prevu: 500}
""",
    # x2 has no dates: time without a year stays « sans année ». Ana's 2025 is then
    # 0.1 + 0.2 = 0.30000000000000004 for 0.3 available: equal, not an overload. Bob
    # is asked 0.2 in 2025, in 2026 and without a year: three lines of equal rate.
    "actions/x2.yaml": """titre: Deux
echelon: cc-x
pilote: svc-b
referent: elu
secteurs: [Résidentiel]
domaines: [ges]
statut: À venir
temps:
  - {acteur: p-ana, etp: 0.2, annee: 2025}
  - {acteur: p-bob, etp: 0.2}
  - {acteur: p-dan, etp: 0.05}
""",
}


@pytest.fixture
def index(write_register: WriteRegister) -> RegisterIndex:
    loaded = load_register(write_register(REGISTER))
    assert [d for d in loaded.diagnostics if d.severity.value == "error"] == []
    return RegisterIndex.build(loaded.documents)


def view(index: RegisterIndex, name: str, **options: Any) -> Report:
    return build_report(name, index, ReportOptions(today=date(2026, 6, 15), **options))


def whole(report: Report, name: str) -> list[tuple[Any, ...]]:
    """A table as its header then its rows, numbers to 1e-9, nothing as None."""

    def value(v: Any) -> Any:
        if isinstance(v, float):
            return None if math.isnan(v) else round(v, 9)
        return v

    frame = next(t for t in report.tables if t.name == name).frame
    rows = (tuple(value(v) for v in row) for row in frame.itertuples(index=False))
    return [tuple(frame.columns), *rows]


def test_people_overloads_first_then_by_rate(index: RegisterIndex) -> None:
    assert whole(view(index, "charge"), "personnes") == [
        (
            "Acteur",
            "Nom",
            "Service",
            "Année",
            "ETP demandés",
            "Actions",
            "ETP disponibles",
            "Taux de charge",
            "Surcharge",
        ),
        ("p-ana", "Ana A", "Service A", 2026, 0.4, 1, 0.3, round(0.4 / 0.3, 9), True),
        ("svc-a", "Service A", "Service A", 2025, 2.5, 1, 2.0, 1.25, True),
        ("p-ana", "Ana A", "Service A", 2025, 0.3, 2, 0.3, 1.0, False),
        ("asso", "Asso Vélo", None, 2026, 0.5, 1, 1.0, 0.5, False),
        # Same rate: the years in order, « sans année » after them.
        ("p-bob", "Bob B", "Service A", 2025, 0.2, 1, 0.5, 0.4, False),
        ("p-bob", "Bob B", "Service A", 2026, 0.2, 1, 0.5, 0.4, False),
        ("p-bob", "Bob B", "Service A", "sans année", 0.2, 1, 0.5, 0.4, False),
        ("p-eve", "Eve E", "svc-x (introuvable)", 2025, 0.1, 1, 0.5, 0.2, False),
        # No time declared: no rate, never overloaded, last.
        ("p-cid", "Cid C", "Aménagement", 2026, 0.2, 1, None, None, False),
        ("p-dan", "Dan D", None, "sans année", 0.05, 1, None, None, False),
        ("p-zed", "p-zed (introuvable)", None, 2026, 0.3, 1, None, None, False),
    ]


def test_years_are_whole_numbers_wherever_they_show(index: RegisterIndex) -> None:
    # One line without a year among dated ones once turned the years into 2025.0.
    report = view(index, "charge")
    assert [a.message for a in report.alerts] == [
        "Ana A : 0,4 ETP demandés (2026) pour 0,3 disponible",
        "Service A : 2,5 ETP demandés (2025) pour 2 disponibles",
        "3 acteurs sollicités sans temps disponible déclaré : p-cid, p-dan, p-zed",
    ]
    assert [a.level for a in report.alerts] == ["alerte", "alerte", "info"]
    loads = whole(view(index, "service", service="svc-a"), "charge")
    assert [row[2] for row in loads] == ["Année", 2025, 2026, 2025, 2026, "sans année", 2025]
    budget = whole(view(index, "avancement"), "budget")
    assert [row[0] for row in budget] == ["Année", 2025, "pluriannuel"]


def test_grid_one_line_per_person_grouped_under_their_service(index: RegisterIndex) -> None:
    report = view(index, "charge")
    years = ("2025", "2026", "sans année")
    assert whole(report, "grille") == [
        ("Groupe", "Acteur", "Nom", "ETP disponibles", *years),
        # Services in the organisation chart's order (by name), not their identifiers'.
        ("Aménagement", "p-cid", "Cid C", None, None, 0.2, None),
        ("CC X", "svc-a", "Service A", 2.0, 2.5, None, None),
        ("Service A", "p-ana", "Ana A", 0.3, 0.3, 0.4, None),
        ("Service A", "p-bob", "Bob B", 0.5, 0.2, 0.2, 0.2),
        ("svc-x (introuvable)", "p-eve", "Eve E", 0.5, 0.1, None, None),
        ("Collectivité", "p-dan", "Dan D", None, None, None, 0.05),
        ("Partenaires", "asso", "Asso Vélo", 1.0, None, 0.5, None),
        ("Autres acteurs", "p-zed", "p-zed (introuvable)", None, None, 0.3, None),
    ]
    grid = next(t for t in report.tables if t.name == "grille")
    assert grid.marks == frozenset({(1, "2025"), (2, "2026")})
    assert grid.kinds == dict.fromkeys(years, "etp")


def test_services_count_their_people_and_themselves(index: RegisterIndex) -> None:
    report = view(index, "charge")
    # Service A in 2025: Ana 0.3 + Bob 0.2 + the service itself 2.5; in 2026: 0.4 + 0.2.
    assert whole(report, "services_grille") == [
        ("Groupe", "Service", "Nom", "Personnes", "2025", "2026", "sans année"),
        ("CC X", "svc-b", "Aménagement", 1, None, 0.2, None),
        ("CC X", "svc-a", "Service A", 3, 3.0, 0.6, 0.2),
        ("Autres acteurs", "svc-x", "svc-x (introuvable)", 1, 0.1, None, None),
    ]
    grid = next(t for t in report.tables if t.name == "services_grille")
    assert grid.kinds == dict.fromkeys(("2025", "2026", "sans année"), "etp")
    assert whole(report, "services") == [
        ("Service", "Nom", "Année", "ETP demandés", "Personnes"),
        ("svc-a", "Service A", 2025, 3.0, 3),
        ("svc-a", "Service A", 2026, 0.6, 2),
        # Equal demands: the services in order of their identifier.
        ("svc-a", "Service A", "sans année", 0.2, 1),
        ("svc-b", "Aménagement", 2026, 0.2, 1),
        ("svc-x", "svc-x (introuvable)", 2025, 0.1, 1),
    ]


def test_one_actor_without_time_is_singular(write_register: WriteRegister) -> None:
    files = {k: v for k, v in REGISTER.items() if k != "actions/x2.yaml"}
    files["actions/x1.yaml"] = files["actions/x1.yaml"].replace(ZED, "")
    loaded = load_register(write_register(files))
    report = view(RegisterIndex.build(loaded.documents), "charge")
    assert report.alerts[-1].message == ("1 acteur sollicité sans temps disponible déclaré : p-cid")


def test_no_time_asked_gives_the_tables_their_headers(write_register: WriteRegister) -> None:
    no_time = {k: v.split("temps:")[0] for k, v in REGISTER.items()}
    report = view(RegisterIndex.build(load_register(write_register(no_time)).documents), "charge")
    assert whole(report, "grille") == [("Groupe", "Acteur", "Nom", "ETP disponibles")]
    assert whole(report, "services_grille") == [("Groupe", "Service", "Nom", "Personnes")]
    assert report.alerts == []
