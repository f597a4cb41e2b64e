"""Every figure of every view, checked against tests/fixtures/registre-compte, whose
answers were counted by hand (the comments say how)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pcaet_cli.errors import PcaetError
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.reports import ReportOptions, build_report
from pcaet_cli.reports.avancement import trajectory
from pcaet_cli.reports.model import Report
from tests.conftest import REPO, WriteRegister

COUNTED = REPO / "tests" / "fixtures" / "registre-compte"
TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def index() -> RegisterIndex:
    loaded = load_register(COUNTED)
    assert loaded.diagnostics == []
    return RegisterIndex.build(loaded.documents)


def view(index: RegisterIndex, name: str, **options: Any) -> Report:
    return build_report(name, index, ReportOptions(today=TODAY, **options))


def rows(report: Report, table: str) -> list[dict[str, Any]]:
    frame = next(t for t in report.tables if t.name == table).frame
    return [
        {str(k): (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]


def test_coverage_rolls_up_and_down_the_hierarchy(index: RegisterIndex) -> None:
    # a1 (PETR) covers every territory; a2 (commune D) covers D, CC B and the PETR;
    # a3 (CA C) covers C and the PETR.
    table = {r["Territoire"].strip(): r for r in rows(view(index, "couverture"), "secteurs")}
    assert list(table) == ["PETR A", "CC B", "Commune D", "CA C"]
    assert table["PETR A"]["Transport routier"] == 1
    assert table["PETR A"]["Résidentiel"] == table["PETR A"]["Agriculture"] == 1
    assert (table["CC B"]["Résidentiel"], table["CC B"]["Agriculture"]) == (1, 0)
    assert (table["CA C"]["Résidentiel"], table["CA C"]["Agriculture"]) == (0, 1)
    assert table["Commune D"]["Tertiaire"] == 1 and table["Commune D"]["Déchets"] == 0
    domains = {r["Territoire"].strip(): r for r in rows(view(index, "couverture"), "domaines")}
    ges = "1° Réduction des émissions de gaz à effet de serre"
    energy = "3° Maîtrise de la consommation d'énergie finale"
    assert (domains["CA C"][ges], domains["CA C"][energy]) == (1, 0)
    axes = {r.pop("Territoire").strip(): r for r in rows(view(index, "couverture"), "axes")}
    # Axes with their titles, as a person reads them.
    assert axes["PETR A"] == {"Niveau": 0, "Axe 1 : Mobilité": 2, "Axe 2 : Bâtiment": 1}
    assert axes["CA C"] == {"Niveau": 1, "Axe 1 : Mobilité": 2, "Axe 2 : Bâtiment": 0}
    levels = [r["Niveau"] for r in rows(view(index, "couverture"), "secteurs")]
    assert levels == [0, 1, 2, 1]  # PETR, CC B, Commune D, CA C


def test_coverage_narrowed_to_a_territory(index: RegisterIndex) -> None:
    report = view(index, "couverture", territoire="epci-b")
    assert [r["Territoire"].strip() for r in rows(report, "secteurs")] == ["CC B", "Commune D"]


def test_portage_share_against_the_target(index: RegisterIndex) -> None:
    report = view(index, "portage")
    table = {r["Territoire"].strip(): r for r in rows(report, "territoires")}
    # PETR: a2 (mairie) and a3 (association) of 3 piloted actions; CC B: a2 of a1, a2.
    assert table["PETR A"]["Portées par les acteurs"] == 2
    assert table["PETR A"]["Part portée par les acteurs"] == pytest.approx(2 / 3)
    assert table["CC B"]["Part portée par les acteurs"] == pytest.approx(0.5)
    assert table["CC B"]["Écart à la cible"] == pytest.approx(-0.1)
    assert table["PETR A"]["Proposées par les acteurs"] == 1  # a2, proposed by the asso
    assert table["CA C"]["Proposées par les acteurs"] == 0
    assert table["PETR A"]["Avec élu référent"] == pytest.approx(2 / 3)
    assert table["CA C"]["Avec élu référent"] == pytest.approx(1.0)
    # The target is the plans': only their carrier (PETR A, 67 %) is measured against it,
    # not CC B (50 %), Commune D or CA C, whose actions the PETR's plans carry.
    assert report.alerts == []
    higher = view(index, "portage", cible_portage=0.7)
    assert [a.message for a in higher.alerts] == [
        "PETR A : 67\u00a0% des actions portées par les acteurs du territoire (cible 70\u00a0%)"
    ]
    assert rows(report, "financements") == [
        {"Financeur": "ademe", "Nom": "ADEME", "Actions financées": 1, "Montant (€ HT)": 5000.0}
    ]
    lower = view(index, "portage", cible_portage=0.5)
    assert lower.alerts == []


def test_workload_spreads_undated_time_and_flags_overload(index: RegisterIndex) -> None:
    report = view(index, "charge")
    people = [
        (r["Acteur"], r["Année"], round(r["ETP demandés"], 3), r["Surcharge"])
        for r in rows(report, "personnes")
    ]
    # Paul: 0.1 without year on a1 (2024-2025) + 0.15 in 2025 on a2 → 0.25 > 0.2.
    # Lucie has 0.1 in 2026 and no available time: no rate, no overload, an info.
    assert people == [
        ("p-paul", 2025, 0.25, True),
        ("p-marie", 2025, 0.3, False),
        ("p-paul", 2024, 0.1, False),
        ("p-lucie", 2026, 0.1, False),
    ]
    lucie = rows(report, "personnes")[-1]
    assert lucie["ETP disponibles"] is None and lucie["Taux de charge"] is None
    assert [(a.level, a.view) for a in report.alerts] == [
        ("alerte", "charge"),
        ("info", "charge"),
    ]
    assert report.alerts[1].message.endswith("sans temps disponible déclaré : p-lucie")
    assert report.alerts[0].message == "Paul RELAIS : 0,25 ETP demandés (2025) pour 0,2 disponible"
    # One line per person, years side by side, the available time beside them; the
    # overloaded year is marked for the text formats (row of Paul, column 2025).
    grid = next(t for t in report.tables if t.name == "grille")
    by_person = {r["Acteur"]: r for r in rows(report, "grille")}
    assert by_person["p-paul"]["ETP disponibles"] == 0.2
    assert (by_person["p-paul"]["2024"], round(by_person["p-paul"]["2025"], 3)) == (0.1, 0.25)
    assert by_person["p-lucie"]["2026"] == 0.1 and by_person["p-lucie"]["2024"] is None
    paul = list(grid.frame["Acteur"]).index("p-paul")
    assert grid.marks == frozenset({(paul, "2025")})
    services = rows(report, "services")
    assert [(r["Service"], r["Année"], round(r["ETP demandés"], 3)) for r in services] == [
        ("svc-mob", 2025, 0.25),
        ("svc-mob", 2024, 0.1),
    ]


def test_articulation_between_plans(index: RegisterIndex) -> None:
    report = view(index, "articulation")
    matrix = {r["Action"]: r for r in rows(report, "matrice")}
    assert matrix["a1"]["pcaet-a"] == "1.1" and matrix["a1"]["crte-a"] == "1"
    assert matrix["a1"]["Plans"] == 2 and matrix["a2"]["crte-a"] is None
    shares = rows(report, "parts")
    assert shares == [
        {
            "Plan": "crte-a",
            "Type": "CRTE",
            "Nom": "CRTE A",
            "Actions communes": 1,
            "Part des actions de pcaet-a": pytest.approx(1 / 3),
        }
    ]
    assert [r["Action"] for r in rows(report, "un_seul_plan")] == ["a2", "a3"]


def test_triggers(index: RegisterIndex) -> None:
    table = {
        r["Déclencheur"]: r["Actions"] for r in rows(view(index, "declencheurs"), "declencheurs")
    }
    assert table == {
        "Aléa climatique": 0,
        "Association": 1,
        "Opportunité de financement": 1,
        "Réglementation": 0,
        "Concertation": 0,
        "Autre": 0,
        "non renseigné": 1,
    }


def test_progress_statuses_late_budget_indicators(index: RegisterIndex) -> None:
    report = view(index, "avancement")
    statuses = {r["Statut"]: r["Actions"] for r in rows(report, "statuts")}
    assert (statuses["En cours"], statuses["Réalisé"], statuses["À venir"]) == (1, 1, 1)
    assert [r["Action"] for r in rows(report, "retards")] == ["a1"]  # ended 2025-12-31
    assert rows(report, "budget") == [
        {
            "Année": 2024,
            "Type": "Fonctionnement",
            "Prévu (€ HT)": 1000.0,
            "Réalisé (€ HT)": 800.0,
            "Taux de réalisation": pytest.approx(0.8),
        }
    ]
    (indicator,) = rows(report, "indicateurs")
    # From 0 in 2024 to 100 in 2026: 50 expected in 2025; 40 measured → behind.
    assert indicator["Attendu sur la trajectoire"] == pytest.approx(50.0)
    assert indicator["Progression"] == pytest.approx(0.4)
    assert indicator["État"] == "en retard sur la trajectoire"


def test_trajectory_is_a_straight_line_capped_at_the_target() -> None:
    assert trajectory(2020, 10.0, 2030, 0.0, 2025) == pytest.approx(5.0)  # a decrease
    assert trajectory(2020, 10.0, 2030, 0.0, 2035) == pytest.approx(0.0)
    assert trajectory(2024, 1.0, 2024, 3.0, 2024) == pytest.approx(3.0)


def test_organisation_chain_to_the_dgs(index: RegisterIndex) -> None:
    report = view(index, "organisation")
    (officer,) = rows(report, "charges_de_mission")
    assert officer["Chargé·e de mission"] == "Marie OFFICIER"
    assert officer["Chaîne jusqu'au DGS"] == "Marie OFFICIER → Jean DGS"
    assert (officer["Niveaux"], officer["Rattachement"]) == (1, "direct")
    assert officer["ETP demandé (max/an)"] == pytest.approx(0.3)
    assert rows(report, "relais") == [
        {
            "Service": "Service mobilités",
            "Domaine": "Mobilité",
            "Relais du plan": "Paul RELAIS",
            "Actions pilotées": 1,
        }
    ]
    team = {r["Nom"]: round(r["ETP cumulés"], 3) for r in rows(report, "equipe_projet")}
    assert team == {"Paul RELAIS": 0.35, "Marie OFFICIER": 0.3, "Lucie SANSTEMPS": 0.1}
    assert report.alerts == []


def test_qui_fait_quoi_matrix_of_roles(index: RegisterIndex) -> None:
    report = view(index, "qui-fait-quoi")
    assert [t.name for t in report.tables] == ["axe-1", "axe-2", "acteurs", "actions"]
    axis = {r["Acteur"]: r for r in rows(report, "axe-1")}
    # a1 (1.1) and a3 (1) are the actions of axis 1; a1 is piloted by the mobility
    # service, whose relay Paul is; the ADEME finances a1 and is a partner of a3.
    assert axis["svc-mob"]["a1"] == "P" and axis["svc-mob"]["a3"] == ""
    assert axis["p-paul"]["a1"] == "R" and axis["p-paul"]["Niveau"] == 1
    assert (axis["ademe"]["a1"], axis["ademe"]["a3"]) == ("F", "a")
    # a1's élu référent and its mobility service's agent Paul, both on a1.
    assert axis["elu-1"]["a1"] == "É"
    assert list(axis).index("svc-mob") < list(axis).index("p-paul")  # service, then agent
    assert axis["elu-1"]["Groupe"] == "Élus" and axis["ademe"]["Groupe"] == "Partenaires"
    table = next(t for t in report.tables if t.name == "axe-1")
    assert table.short == {"a3": "1", "a1": "2"}  # numbered in axis order: 1, then 1.1
    assert len([r for r in rows(report, "acteurs") if r["Acteur"] == "svc-mob"]) == 1


def test_qui_fait_quoi(index: RegisterIndex) -> None:
    report = view(index, "qui-fait-quoi")
    actors = {r["Acteur"]: r for r in rows(report, "acteurs")}
    assert (actors["elu-1"]["Élu réf."], actors["elu-1"]["Total"]) == (2, 2)
    # Paul is the relay of the piloting service on a1 and works on a2 (his time).
    assert (actors["p-paul"]["Relais"], actors["p-paul"]["Personne"]) == (1, 1)
    assert (actors["ademe"]["Partenaire"], actors["ademe"]["Financeur"]) == (1, 1)
    assert actors["p-lucie"]["Personne"] == 1  # her time on a3 makes her work on it
    actions = rows(report, "actions")
    assert [r["N°"] for r in actions] == [1, 2, 3]
    assert [(r["Axe"], r["Action"], r["Pilote"]) for r in actions] == [
        ("1", "a3", "Association Vélo"),
        ("1.1", "a1", "Service mobilités"),
        ("2", "a2", "Mairie de D"),
    ]


def test_service_page(index: RegisterIndex) -> None:
    report = view(index, "service", service="svc-mob")
    # a1: the service pilots it and Paul is its relay; a2: Paul's time is counted there.
    assert rows(report, "actions") == [
        {"Action": "a1", "Titre": "Covoiturage", "Rôles": "pilote, relais", "Statut": "En cours"},
        {
            "Action": "a2",
            "Titre": "Rénovation de la mairie",
            "Rôles": "personne",
            "Statut": "Réalisé",
        },
    ]
    benefits = {r["Apport"]: r["Valeur"] for r in rows(report, "apports")}
    assert benefits["Financements obtenus (€ HT)"] == 5000.0
    assert benefits["Secteurs"] == "Résidentiel (1), Tertiaire (1), Transport routier (1)"
    assert (
        benefits["Domaines stratégiques"] == "Gaz à effet de serre (1), Maîtrise de l'énergie (1)"
    )
    with pytest.raises(PcaetError, match="vouliez-vous dire « svc-mob »"):
        view(index, "service", service="svc-mobb")
    by_name = view(index, "service", service="SERVICE mobilites")  # case and accents aside
    assert by_name.title == report.title


def test_filters_by_name_or_identifier(index: RegisterIndex) -> None:
    def actions(**options: Any) -> list[str]:
        return [r["Action"] for r in rows(view(index, "qui-fait-quoi", **options), "actions")]

    assert actions(par_service="svc-mob") == actions(par_service="Service Mobilités")
    assert actions(par_service="svc-mob") == ["a1", "a2"]  # a2 through Paul's time
    assert actions(personne="paul relais") == ["a1", "a2"]
    assert actions(personne="Lucie SANSTEMPS") == ["a3"]
    assert actions(plan="CRTE A") == actions(plan="crte-a") == ["a1"]
    with pytest.raises(PcaetError, match=r"« Paul RELAY » introuvable.*« p-paul » \(Paul RELAIS\)"):
        view(index, "qui-fait-quoi", personne="Paul RELAY")


def test_synthesis_gathers_alerts_from_views(index: RegisterIndex) -> None:
    report = view(index, "synthese")
    figures = {r["Indicateur"]: r["Valeur"] for r in rows(report, "chiffres_cles")}
    assert figures["Actions"] == "3"
    assert figures["Portées par les acteurs du territoire"] == "2 / 3 (67\u00a0%) · cible 60\u00a0%"
    assert figures["Actions en retard"] == "1"
    assert figures["Secteurs réglementaires couverts"] == "4 / 8"
    assert figures["Surcharges (personne × année)"] == "1"
    assert {a.view for a in report.alerts} == {"avancement", "charge", "couverture"}
    # Coverage alerts name what is missing, for the plans' carrier only.
    (coverage,) = [a.message for a in report.alerts if a.view == "couverture"][:1]
    assert coverage.startswith("PETR A : 4 secteurs réglementaires sans action : Autres transports")


def test_filters_narrow_the_actions(index: RegisterIndex) -> None:
    def count(**options: Any) -> int:
        return len(rows(view(index, "avancement", **options), "retards")) + sum(  # type: ignore[no-any-return]
            r["Actions"] for r in rows(view(index, "avancement", **options), "statuts")
        )

    assert count(plan="crte-a") == 1 + 1  # a1 only (and it is late)
    assert count(axe="1", plan="pcaet-a") == 1 + 2  # a1 (1.1) and a3 (1)
    assert count(statut="realise") == 1  # approximate match of « Réalisé »
    with pytest.raises(PcaetError, match="vouliez-vous dire « pcaet-a »"):
        view(index, "synthese", plan="pcaet-b")
    with pytest.raises(PcaetError, match="vue inconnue"):
        view(index, "couvertures")


def test_who_does_what_of_one_plan_among_many_pcaets(write_register: Any) -> None:
    # A region's register: the matrices show the plan read, not the other PCAETs'
    # actions as « sans axe ».
    root = write_register(
        {
            "acteurs/svc.yaml": "nom: Service\ntype: service\n",
            "acteurs/asso.yaml": "nom: Asso\ntype: association\n",
            "plans/pcaet-a.yaml": "nom: A\ntype: PCAET\naxes: [{code: '1', titre: Un}]\n",
            "plans/pcaet-b.yaml": "nom: B\ntype: PCAET\n",
            "actions/a1.yaml": "titre: A1\nplans: {pcaet-a: '1'}\npilote: svc\n",
            "actions/a2.yaml": "titre: A2\nplans: {pcaet-a: null}\npilote: asso\n",
            "actions/b1.yaml": "titre: B1\nplans: {pcaet-b: null}\npilote: svc\n",
        }
    )
    index = RegisterIndex.build(load_register(root).documents)
    for plan, expected in ((None, {"a1", "a2"}), ("pcaet-b", {"b1"})):
        report = view(index, "qui-fait-quoi", plan=plan)
        matrices = [t for t in report.tables if t.name.startswith(("axe-", "sans-axe"))]
        columns = {c for t in matrices for c in t.frame.columns} - {
            "Groupe",
            "Niveau",
            "Acteur",
            "Nom",
        }
        assert columns == expected, plan
    cells = {
        (r["Acteur"], r["a1"])
        for r in next(
            t for t in view(index, "qui-fait-quoi").tables if t.name == "axe-1"
        ).frame.to_dict("records")
    }
    assert cells == {("svc", "P")}


def test_plan_types_and_service_fields_read_as_labels() -> None:
    example = RegisterIndex.build(load_register(REPO / "register").documents)
    types = {r["Plan"]: r["Type"] for r in rows(view(example, "articulation"), "parts")}
    assert types["projet-territoire-vdb"] == "Projet de territoire"
    fields = {r["Domaine"] for r in rows(view(example, "organisation"), "relais")}
    assert "Transition énergétique" in fields and "transition_energetique" not in fields


def many_plans(pcaets: int = 13) -> dict[str, str]:
    """Thirteen PCAETs (one action each, the first also in two CRTEs and a SCoT) and
    their three other plans: more plans than the per-plan matrix shows."""
    files: dict[str, str] = {
        "territoires/epci.yaml": "nom: EPCI\nniveau: EPCI\n",
        "acteurs/svc.yaml": "nom: Service\ntype: service\n",
        "acteurs/elu.yaml": "nom: Élue\ntype: elu\n",
        "plans/crte-1.yaml": "nom: CRTE 1\ntype: CRTE\nporteur: epci\n",
        "plans/crte-2.yaml": "nom: CRTE 2\ntype: CRTE\nporteur: epci\n",
        "plans/scot.yaml": "nom: SCoT\ntype: SCoT\nporteur: epci\n",
    }
    for n in range(pcaets):
        files[f"plans/pcaet-{n:02d}.yaml"] = f"nom: PCAET {n}\ntype: PCAET\nporteur: epci\n"
        others = ', crte-1: "2", crte-2: "1", scot: "3"' if n == 0 else ""
        others += ', crte-2: "4"' if n == 1 else ""
        files[f"actions/a{n:02d}.yaml"] = (
            f"titre: Action {n}\nechelon: epci\npilote: svc\nreferent: elu\n"
            f'plans: {{pcaet-{n:02d}: "1"{others}}}\nstatut: En cours\n'
        )
    return files


def _many_plans(write_register: WriteRegister, pcaets: int = 13) -> RegisterIndex:
    loaded = load_register(write_register(many_plans(pcaets)))
    return RegisterIndex.build(loaded.documents)


def test_articulation_groups_many_plans_by_type(write_register: WriteRegister) -> None:
    index = _many_plans(write_register)
    report = view(index, "articulation")
    assert [t.name for t in report.tables] == ["types", "matrice", "parts", "un_seul_plan"]
    types = next(t for t in report.tables if t.name == "types")
    assert types.note is not None and "16 plans" in types.note and "--par-plan" in types.note
    assert rows(report, "types") == [
        {
            "Type": "CRTE",
            "Plans": 2,
            "Actions": 2,
            "Servent aussi un autre type de plan": 2,
            "Part": 1.0,
        },
        {
            "Type": "PCAET",
            "Plans": 13,
            "Actions": 13,
            "Servent aussi un autre type de plan": 2,
            "Part": pytest.approx(2 / 13),
        },
        {
            "Type": "SCoT",
            "Plans": 1,
            "Actions": 1,
            "Servent aussi un autre type de plan": 1,
            "Part": 1.0,
        },
    ]
    matrix = {r["Action"]: r for r in rows(report, "matrice")}
    assert list(matrix["a00"]) == ["Action", "Titre", "Plans", "CRTE", "PCAET", "SCoT"]
    assert matrix["a00"]["CRTE"] == "crte-1, crte-2" and matrix["a00"]["Plans"] == 4
    assert matrix["a01"]["CRTE"] == "crte-2" and matrix["a01"]["SCoT"] is None
    assert matrix["a05"]["PCAET"] == "pcaet-05" and matrix["a05"]["Plans"] == 1
    # The reference's own type counts the other plans of that type only.
    assert rows(report, "parts") == [
        {
            "Type": "CRTE",
            "Plans liés": 2,
            "Actions communes": 1,
            "Part des actions de pcaet-00": 1.0,
        },
        {
            "Type": "PCAET",
            "Plans liés": 0,
            "Actions communes": 0,
            "Part des actions de pcaet-00": 0.0,
        },
        {
            "Type": "SCoT",
            "Plans liés": 1,
            "Actions communes": 1,
            "Part des actions de pcaet-00": 1.0,
        },
    ]
    assert [r["Action"] for r in rows(report, "un_seul_plan")] == [
        f"a{n:02d}" for n in range(2, 13)
    ]
    # One plan's actions serve four plans: one column each again.
    one = view(index, "articulation", plan="pcaet-00")
    assert [t.name for t in one.tables] == ["matrice", "parts", "un_seul_plan"]


def test_articulation_per_plan_on_demand(write_register: WriteRegister) -> None:
    index = _many_plans(write_register)
    report = view(index, "articulation", par_plan=True)
    assert [t.name for t in report.tables] == ["matrice", "parts", "un_seul_plan"]
    matrix = {r["Action"]: r for r in rows(report, "matrice")}
    assert len(matrix["a00"]) == 3 + 16 and matrix["a00"]["crte-2"] == "1"
    with pytest.raises(PcaetError, match="--par-plan ne s'applique qu'à la vue articulation"):
        view(index, "charge", par_plan=True)


@pytest.mark.parametrize(("pcaets", "grouped"), [(9, False), (10, True)])
def test_articulation_groups_above_twelve_plans(
    write_register: WriteRegister, pcaets: int, grouped: bool
) -> None:
    report = view(_many_plans(write_register, pcaets), "articulation")
    assert (report.tables[0].name == "types") is grouped


def test_articulation_help_names_the_threshold() -> None:
    from pcaet_cli.reports.articulation import PLAN_COLUMNS_MAX
    from tests.cli.test_grammar import _command

    (option,) = [p for p in _command("report").params if p.name == "par_plan"]
    assert f"au-delà de {PLAN_COLUMNS_MAX} plans" in option.help
