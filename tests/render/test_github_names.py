"""`--format github` with file names that workflow commands and Markdown would
misread: a line feed, a backtick, `|`, `%`, `:` and `,`."""

from __future__ import annotations

import io
import re

import pytest

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics import render_diagnostics
from pcaet_cli.render.diagnostics.github import code_span, job_summary

NAMES = [
    "actions/deux\nlignes.yaml",
    "actions/`code`.yaml",
    "actions/a``b`.yaml",
    "actions/a|b.yaml",
    "actions/50 %25.yaml",
    "actions/c:d,e.yaml",
    "actions/ espaces .yaml",
    "actions/<b>&amp;.yaml",
]


def result_of(names: list[str]) -> LintResult:
    diagnostics = [
        Diagnostic(
            path=name,
            line=i + 1,
            column=2,
            code="R001",
            message="« pilote » désigne « x », qui n'existe pas",
            severity=Severity.ERROR,
        )
        for i, name in enumerate(names)
    ]
    return LintResult(root=".", diagnostics=diagnostics, files=len(names), entities={}, rules=[])


def unescape_property(value: str) -> str:
    """What the runner reads back (`toCommandProperties` in @actions/core's reverse)."""
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def cells(row: str) -> list[str]:
    """The cells of a GFM table row: split on the pipes no backslash escapes."""
    inner = row.strip()[1:-1]
    return [c.strip(" ").replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def code_span_text(cell: str) -> str:
    """The text of a cell holding one code span, as CommonMark reads it."""
    fence = re.match(r"`+", cell)
    assert fence, cell
    n = len(fence[0])
    assert cell.endswith("`" * n) and not cell.endswith("`" * (n + 1)), cell
    inner = cell[n:-n]
    assert "`" * n not in re.sub(f"`{{{n + 1},}}", "", inner), cell  # no earlier close
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
        inner = inner[1:-1]
    return inner


@pytest.mark.parametrize("name", NAMES)
def test_annotation_file_property_parses_back(name: str) -> None:
    out = io.StringIO()
    render_diagnostics(result_of([name]), "github", out)
    [line] = out.getvalue().splitlines()  # a line feed in a name never ends the command
    match = re.fullmatch(r"::error ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match[1].split(","))
    assert unescape_property(properties["file"]) == name
    assert unescape_property(properties["line"]) == "1"


def test_escaped_properties_hold_no_separator() -> None:
    out = io.StringIO()
    render_diagnostics(result_of(["a/b:c,d%e\nf.yaml"]), "github", out)
    assert "file=a/b%3Ac%2Cd%25e%0Af.yaml," in out.getvalue()


def test_summary_rows_show_each_name_in_a_code_span() -> None:
    result = result_of(NAMES)
    rows = [line for line in job_summary(result).splitlines() if line.startswith("| `")]
    assert len(rows) == len(NAMES)
    for row, d in zip(rows, result.diagnostics, strict=True):
        found = cells(row)
        assert len(found) == 4, row
        shown = d.path.replace("\n", "\\n")  # written out, never a line break
        assert code_span_text(found[0]) == f"{shown}:{d.line}:{d.column}"
        assert found[2] == "R001"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a.yaml", "`a.yaml`"),
        ("`a`", "`` `a` ``"),
        ("a``b`", "``` a``b` ```"),
        (" a ", "`  a  `"),
        ("a|b", "`a\\|b`"),
    ],
)
def test_code_span(text: str, span: str) -> None:
    assert code_span(text) == span
