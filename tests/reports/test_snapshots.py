"""Every view of the two hand-counted registers, whole, as `--format json` writes it:
titles, columns in order, every row, notes and alerts. test_views.py and test_charge.py
say why the figures are right; these snapshots catch any other change of a report (a
renamed column, a row moved, a note dropped), which the reader reviews with
`pytest --snapshot-update` and `git diff`."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.render.report import to_json, to_terminal
from pcaet_cli.reports import VIEWS, ReportOptions, build_report
from tests.conftest import WriteRegister
from tests.reports.test_charge import REGISTER as WORKLOAD
from tests.reports.test_views import COUNTED, TODAY


@pytest.fixture(scope="module")
def counted() -> RegisterIndex:
    return RegisterIndex.build(load_register(COUNTED).documents)


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_of_the_counted_register(
    name: str, counted: RegisterIndex, snapshot: object
) -> None:
    options = ReportOptions(today=TODAY, service="svc-mob" if name == "service" else None)
    assert to_json.render(build_report(name, counted, options)) == snapshot


@pytest.mark.parametrize("name", ["charge", "avancement", "service", "synthese"])
def test_views_of_the_workload_register(
    name: str, write_register: WriteRegister, snapshot: object
) -> None:
    index = RegisterIndex.build(load_register(write_register(WORKLOAD)).documents)
    options = ReportOptions(today=date(2026, 6, 15), service="svc-a" if name == "service" else None)
    assert to_json.render(build_report(name, index, options)) == snapshot


def test_workload_on_screen(write_register: WriteRegister, snapshot: object) -> None:
    """The grid as an officer reads it: short headers, groups, marks and their legend,
    the identifiers and the machine-only table left out."""
    index = RegisterIndex.build(load_register(write_register(WORKLOAD)).documents)
    report = build_report("charge", index, ReportOptions(today=date(2026, 6, 15)))
    console = Console(width=100, record=True, no_color=True, file=io.StringIO())
    to_terminal.render(report, console)
    assert console.export_text() == snapshot
