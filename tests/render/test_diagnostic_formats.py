"""The six diagnostics formats: snapshots of the shared result (see conftest.py), then
what a snapshot cannot show: escaping that parses back, stable fingerprints, valid
SARIF, the job summary file, colour only on demand."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args
from urllib.parse import unquote

import jsonschema
import pytest

from pcaet_cli import __version__
from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.errors import PcaetError
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics import FORMATS, render_diagnostics, text
from pcaet_cli.render.diagnostics.counts import count_line
from pcaet_cli.render.diagnostics.github import escape_data, escape_property, job_summary

SARIF_SCHEMA = Path(__file__).parents[1] / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"
ANSI = "\x1b["


@pytest.fixture(autouse=True)
def _no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a GitHub runner the variable is set: the tests must not write to the real summary.
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(autouse=True)
def depot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder: a git repository, which SARIF names files from."""
    folder = tmp_path / "depot"
    (folder / ".git").mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


def render(result: LintResult, fmt: str, **options: Any) -> str:
    out = io.StringIO()
    render_diagnostics(result, fmt, out, **options)
    return out.getvalue()


def with_diagnostics(result: LintResult, diagnostics: list[Diagnostic]) -> LintResult:
    return LintResult(
        root=result.root,
        diagnostics=diagnostics,
        files=result.files,
        entities=result.entities,
        rules=result.rules,
        sources=result.sources,
    )


# --- snapshots -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_snapshot(lint_result: LintResult, fmt: str, depot: Path, snapshot: object) -> None:
    out = render(lint_result, fmt, color=False, width=100)
    # The repository's absolute address changes with every run.
    assert out.replace(f"file://{depot}/", "file:///depot/") == snapshot


def test_job_summary_snapshot(lint_result: LintResult, snapshot: object) -> None:
    assert job_summary(lint_result) == snapshot


def test_formats_are_those_the_cli_offers() -> None:
    from pcaet_cli.cli.lint import Format

    assert get_args(Format) == FORMATS


def test_unknown_format_is_refused(lint_result: LintResult) -> None:
    with pytest.raises(ValueError, match="xml"):
        render(lint_result, "xml")


def test_formats_load_lazily() -> None:
    """Importing the dispatcher and writing a machine format must not load rich."""
    code = (
        "import io, sys\n"
        "from pcaet_cli.lint.result import LintResult\n"
        "from pcaet_cli.render.diagnostics import render_diagnostics\n"
        "result = LintResult(root='r', diagnostics=[], files=0, entities={}, rules=[])\n"
        "render_diagnostics(result, 'concise', io.StringIO())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'"
        " or m.startswith('pcaet_cli.render.diagnostics.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "['pcaet_cli.render.diagnostics.concise']"


# --- text ------------------------------------------------------------------------------


def test_text_colour_only_when_asked(
    lint_result: LintResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rich gives no colour at all to a "dumb" terminal, which some CI runners declare.
    monkeypatch.setenv("TERM", "xterm-256color")
    coloured = render(lint_result, "text", color=True)
    plain = render(lint_result, "text", color=False)
    assert ANSI in coloured
    assert ANSI not in plain
    # Colour is only an aid: without the escape codes, the text is the same.
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_text_caret_underlines_the_span(lint_result: LintResult) -> None:
    lines = render(lint_result, "text").splitlines()
    source = next(i for i, line in enumerate(lines) if line.endswith("statut: rénovation, phase 2"))
    caret_line = lines[source + 1]
    start = lines[source].index("rénovation")
    assert caret_line.index("^") == start
    assert caret_line[start:] == "^" * len("rénovation, phase 2")
    assert lines[source + 2].strip() == f"→ {lint_result.diagnostics[0].hint}"


def test_text_keeps_brackets_and_the_lines_of_a_message(lint_result: LintResult) -> None:
    out = render(lint_result, "text")
    assert "suppression inutile : ignore[P003] ne masque aucun diagnostic" in out
    first, second = lint_result.diagnostics[3].message.splitlines()
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith(first))
    # The second line of the message starts under the first one.
    assert lines[at + 1].strip() == second
    assert lines[at + 1].index(second) == lines[at].index(first)


def test_text_respects_width(lint_result: LintResult) -> None:
    for width in (60, 100):
        out = render(lint_result, "text", width=width)
        assert max(len(line) for line in out.splitlines()) <= width
        # Wrapping loses no word of any message.
        words = " ".join(out.split())
        for d in lint_result.diagnostics:
            for word in d.message.split():
                assert word in words


def test_text_long_source_line_keeps_the_caret_under_its_column() -> None:
    line = "description: " + "x" * 150 + " cible" + " y" * 40
    column = line.index("cible") + 1
    d = Diagnostic(
        path="a.yaml",
        line=1,
        column=column,
        end_line=1,
        end_column=column + len("cible"),
        code="S004",
        message="trop long",
        severity=Severity.ERROR,
    )
    result = LintResult(
        root="r", diagnostics=[d], files=1, entities={}, rules=[], sources={"a.yaml": [line]}
    )
    lines = render(result, "text", width=60).splitlines()
    shown = next(i for i, text in enumerate(lines) if "cible" in text)
    assert len(lines[shown]) <= 60
    assert "…" in lines[shown]
    assert lines[shown + 1].index("^") == lines[shown].index("cible")
    assert lines[shown + 1].endswith("^^^^^")


def test_text_caret_after_a_tab() -> None:
    line = "titre:\t\tRénovation"
    d = Diagnostic(
        path="a.yaml",
        line=1,
        column=line.index("R") + 1,
        code="Y002",
        message="tabulation",
        severity=Severity.WARNING,
    )
    result = LintResult(
        root="r", diagnostics=[d], files=1, entities={}, rules=[], sources={"a.yaml": [line]}
    )
    lines = render(result, "text").splitlines()
    shown = next(i for i, text in enumerate(lines) if "Rénovation" in text)
    assert lines[shown + 1].index("^") == lines[shown].index("R")


def test_text_without_source_still_shows_the_hint(lint_result: LintResult) -> None:
    out = render(lint_result, "text")
    territoire = out[out.index("territoire.yaml") :]
    assert "│" not in territoire
    assert "→ ajouter par exemple « population: 12500 »" in territoire


def test_text_clean_register(lint_result: LintResult) -> None:
    assert render(with_diagnostics(lint_result, []), "text") == (
        "Aucun problème dans 12 fichiers.\n"
    )


@pytest.mark.parametrize(
    ("severities", "files", "expected"),
    [
        ([], 1, "Aucun problème dans 1 fichier."),
        ([], 0, "Aucun problème dans 0 fichier."),
        ([Severity.ERROR], 1, "1 erreur, 0 avertissement, 0 info dans 1 fichier."),
        (
            [Severity.ERROR, Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.INFO],
            2,
            "2 erreurs, 1 avertissement, 2 infos dans 2 fichiers.",
        ),
        ([Severity.WARNING] * 3, 12, "0 erreur, 3 avertissements, 0 info dans 12 fichiers."),
    ],
)
def test_count_line_agrees_in_number(severities: list[Severity], files: int, expected: str) -> None:
    diagnostics = [
        Diagnostic(path="a.yaml", line=i + 1, column=1, code="P001", message="m", severity=s)
        for i, s in enumerate(severities)
    ]
    result = LintResult(root="r", diagnostics=diagnostics, files=files, entities={}, rules=[])
    assert count_line(result) == expected


# --- concise ---------------------------------------------------------------------------


def test_concise_is_one_line_per_diagnostic(lint_result: LintResult) -> None:
    lines = render(lint_result, "concise").splitlines()
    assert len(lines) == len(lint_result.diagnostics)
    for line, d in zip(lines, lint_result.diagnostics, strict=True):
        assert line.startswith(f"{d.path}:{d.line}:{d.column}: {d.code} ")
        assert line.split(f" {d.code} ", 1)[1] == " ".join(d.message.split("\n"))


# --- json ------------------------------------------------------------------------------


def test_json_round_trip(lint_result: LintResult) -> None:
    payload = json.loads(render(lint_result, "json"))
    assert payload["valid"] is False
    assert payload["stats"] == {
        "files": 12,
        "entities": {"territoire": 1, "acteur": 4, "plan": 1, "action": 6},
        "errors": 2,
        "warnings": 3,
        "infos": 1,
        "by_code": dict.fromkeys(("N100", "P011", "P099", "R001", "S004", "Y002"), 1),
    }
    assert len(payload["diagnostics"]) == len(lint_result.diagnostics)
    for item, d in zip(payload["diagnostics"], lint_result.diagnostics, strict=True):
        rule = lint_result.rule(d.code)
        assert item == {
            "path": d.path,
            "line": d.line,
            "column": d.column,
            "end_line": d.end_line,
            "end_column": d.end_column,
            "code": d.code,
            "rule": rule.name if rule else None,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
        }
        rebuilt = Diagnostic(
            path=item["path"],
            line=item["line"],
            column=item["column"],
            code=item["code"],
            message=item["message"],
            severity=Severity(item["severity"]),
            hint=item["hint"],
            end_line=item["end_line"],
            end_column=item["end_column"],
        )
        assert (rebuilt, rebuilt.severity, rebuilt.hint) == (d, d.severity, d.hint)


def test_json_keeps_accents_unescaped(lint_result: LintResult) -> None:
    out = render(lint_result, "json")
    assert "réno-01" in out and "« statut »" in out
    assert "\\u00" not in out
    assert out.endswith("}\n")


def test_json_valid_without_errors(lint_result: LintResult) -> None:
    only_warnings = [d for d in lint_result.diagnostics if d.severity is not Severity.ERROR]
    payload = json.loads(render(with_diagnostics(lint_result, only_warnings), "json"))
    assert payload["valid"] is True
    assert payload["stats"]["errors"] == 0


# --- github ----------------------------------------------------------------------------


def unescape(value: str) -> str:
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def test_github_escaping_matches_the_actions_toolkit() -> None:
    assert escape_data("50%, a:b\r\nc") == "50%25, a:b%0D%0Ac"
    assert escape_property("50%, a:b\r\nc") == "50%25%2C a%3Ab%0D%0Ac"
    # `%` is escaped first, so an existing escape sequence is not mistaken for one.
    assert escape_property("%0A") == "%250A"
    assert unescape(escape_property("%0A,:%")) == "%0A,:%"


def test_github_annotations_parse_back(lint_result: LintResult) -> None:
    lines = render(lint_result, "github").splitlines()
    assert len(lines) == len(lint_result.diagnostics)
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for line, d in zip(lines, lint_result.diagnostics, strict=True):
        match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
        assert match, line
        name, raw_properties, raw_message = match.groups()
        assert name == command[d.severity]
        pairs = [item.split("=", 1) for item in raw_properties.split(",")]
        properties = {key: unescape(value) for key, value in pairs}
        rule = lint_result.rule(d.code)
        expected = {
            "file": d.path,
            "line": str(d.line),
            "col": str(d.column),
            "title": f"{d.code} ({rule.name})" if rule else d.code,
        }
        if d.end_line is not None:
            expected["endLine"] = str(d.end_line)
        if d.end_column is not None:
            expected["endColumn"] = str(d.end_column)
        assert properties == expected
        message = d.message if d.hint is None else f"{d.message}\n{d.hint}"
        assert unescape(raw_message) == message


def test_github_job_summary_is_appended_to_the_step_summary(
    lint_result: LintResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "step_summary.md"
    target.write_text("Résumé d'une étape précédente\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    annotations = render(lint_result, "github")
    written = target.read_text(encoding="utf-8")
    assert written == "Résumé d'une étape précédente\n" + job_summary(lint_result)
    # The summary goes to the file only; the annotations stay on the output.
    assert "## " not in annotations
    assert "2 erreurs, 3 avertissements, 1 info dans 12 fichiers." in written
    for d in lint_result.diagnostics:
        assert f"`{d.path}:{d.line}:{d.column}`" in written
    assert "| P099 | — | 1 |" in written
    assert "| S004 | hors-vocabulaire | 1 |" in written


def test_github_job_summary_escapes_cells_and_stops_at_fifty(lint_result: LintResult) -> None:
    piped = [
        Diagnostic(
            path=f"actions/a|{i:02}.yaml",
            line=i,
            column=1,
            code="S004",
            message="« a | b » <b>n'est pas</b> admis",
            severity=Severity.ERROR,
        )
        for i in range(1, 54)
    ]
    summary = job_summary(with_diagnostics(lint_result, piped))
    rows = [line for line in summary.splitlines() if line.startswith("| `")]
    assert len(rows) == 50
    for row in rows:
        # Once escaped pipes are set aside, a row of four cells has five separators.
        assert row.replace("\\|", "").count("|") == 5
    assert "« a \\| b » &lt;b&gt;n'est pas&lt;/b&gt; admis" in rows[0]
    assert "`actions/a\\|01.yaml:1:1`" in rows[0]
    assert "… et 3 autres diagnostics" in summary


def test_github_job_summary_unwritable_is_a_clear_error(
    lint_result: LintResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a folder, not a file
    with pytest.raises(PcaetError, match="GITHUB_STEP_SUMMARY"):
        render(lint_result, "github")


def test_github_job_summary_of_a_clean_register(lint_result: LintResult) -> None:
    summary = job_summary(with_diagnostics(lint_result, []))
    assert "Aucun problème dans 12 fichiers." in summary
    assert "|" not in summary


# --- gitlab ----------------------------------------------------------------------------


def test_gitlab_fingerprints_unique_and_stable(lint_result: LintResult) -> None:
    first = json.loads(render(lint_result, "gitlab"))
    second = json.loads(render(lint_result, "gitlab"))
    prints = [issue["fingerprint"] for issue in first]
    assert prints == [issue["fingerprint"] for issue in second]
    assert len(set(prints)) == len(prints)
    assert all(re.fullmatch(r"[0-9a-f]{64}", p) for p in prints)


def test_gitlab_fingerprint_follows_the_finding_not_its_presentation(
    lint_result: LintResult,
) -> None:
    d = lint_result.diagnostics[0]
    reworded = Diagnostic(
        path=d.path,
        line=d.line,
        column=d.column,
        code=d.code,
        message=d.message,
        severity=Severity.INFO,
        hint="un autre conseil",
    )
    moved = Diagnostic(
        path=d.path,
        line=d.line + 1,
        column=d.column,
        code=d.code,
        message=d.message,
        severity=d.severity,
    )

    def fingerprint(diagnostic: Diagnostic) -> str:
        issues = json.loads(render(with_diagnostics(lint_result, [diagnostic]), "gitlab"))
        return str(issues[0]["fingerprint"])

    assert fingerprint(reworded) == fingerprint(d)
    # Line 3 holds another text than line 2: the finding is not the same.
    assert fingerprint(moved) != fingerprint(d)


def test_gitlab_issue_fields(lint_result: LintResult) -> None:
    issues = json.loads(render(lint_result, "gitlab"))
    severity = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
    for issue, d in zip(issues, lint_result.diagnostics, strict=True):
        assert issue["description"] == d.message
        assert issue["check_name"] == d.code
        assert issue["severity"] == severity[d.severity]
        assert issue["location"] == {"path": d.path, "lines": {"begin": d.line}}


# --- sarif -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return schema


def test_sarif_schema_fixture_is_the_official_one(sarif_schema: dict[str, Any]) -> None:
    assert sarif_schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert sarif_schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert {"run", "result", "reportingDescriptor", "region"} <= set(sarif_schema["definitions"])


def test_sarif_validates_against_the_schema(
    lint_result: LintResult, sarif_schema: dict[str, Any]
) -> None:
    jsonschema.validate(json.loads(render(lint_result, "sarif")), sarif_schema)
    clean = with_diagnostics(lint_result, [])
    jsonschema.validate(json.loads(render(clean, "sarif")), sarif_schema)


def test_sarif_schema_rejects_a_broken_log(
    lint_result: LintResult, sarif_schema: dict[str, Any]
) -> None:
    """The validation above would prove nothing if the schema accepted anything."""
    log = json.loads(render(lint_result, "sarif"))
    log["runs"][0]["results"][0]["level"] = "erreur"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, sarif_schema)


def test_sarif_rules_and_results(lint_result: LintResult) -> None:
    run = json.loads(render(lint_result, "sarif"))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("pcaet", __version__)
    assert [r["id"] for r in driver["rules"]] == [r.code for r in lint_result.rules]
    # P019's first paragraph spans two lines of its docstring: one line in SARIF.
    p019 = next(r for r in driver["rules"] if r["id"] == "P019")
    assert p019["shortDescription"]["text"] == (
        "La même personne ou le même organisme est enregistré deux fois, sous deux graphies."
    )
    r006 = next(r for r in driver["rules"] if r["id"] == "R006")
    assert r006["defaultConfiguration"]["level"] == "note"
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for item, d in zip(run["results"], lint_result.diagnostics, strict=True):
        assert item["ruleId"] == d.code
        if lint_result.rule(d.code) is None:
            assert "ruleIndex" not in item
        else:
            assert driver["rules"][item["ruleIndex"]]["id"] == d.code
        assert item["level"] == level[d.severity]
        expected = d.message if d.hint is None else f"{d.message}\n{d.hint}"
        assert item["message"]["text"] == expected
        region = item["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (d.line, d.column)
        assert region.get("endLine") == d.end_line
        assert region.get("endColumn") == d.end_column


def test_sarif_uris_are_percent_encoded(lint_result: LintResult) -> None:
    run = json.loads(render(lint_result, "sarif"))["runs"][0]
    locations = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    uris = [location["artifactLocation"]["uri"] for location in locations]
    assert "plans/plan%20climat%202026.yaml" in uris
    assert "actions/%C3%A9nergie/r%C3%A9no-01.yaml" in uris
    for uri, d in zip(uris, lint_result.diagnostics, strict=True):
        # Only RFC 3986 unreserved characters, `/` and percent escapes remain.
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+", uri), uri
        assert unquote(uri) == d.path


@pytest.mark.parametrize("width", [30, 60, 100, 160])
def test_text_written_plain_is_what_rich_would_print(
    lint_result: LintResult, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without colour, lines that fit skip rich; a long path, a message with a line
    # break and narrow widths go through it: both must give the same characters.
    long_path = Diagnostic(
        path="actions/" + "sous-dossier-" * 12 + "fin.yaml",
        line=1,
        column=1,
        code="Y002",
        message="un message " * 12 + "et sa fin",
        severity=Severity.WARNING,
        hint="un conseil\nsur deux lignes",
    )
    result = dataclasses.replace(lint_result, diagnostics=[*lint_result.diagnostics, long_path])
    fast = io.StringIO()
    text.render(result, fast, width=width)
    monkeypatch.setattr(text._Lines, "__call__", _always_rich)
    slow = io.StringIO()
    text.render(result, slow, width=width)
    assert fast.getvalue() == slow.getvalue()
    assert "sous-dossier-" in fast.getvalue() and "sur deux lignes" in fast.getvalue()


def _always_rich(self: Any, *parts: Any, plain: str | None = None) -> None:
    from rich.text import Text

    line = Text.assemble(*parts)
    # The text a caller hands over to save joining the parts is theirs exactly.
    assert plain is None or plain == line.plain
    self.console.print(line)


def test_text_long_message_and_hint_hang_under_their_first_word() -> None:
    """A message and a hint too long for the width go on under their own first
    character, never past the width: the text stays a column beside its labels."""
    message = "la référence « partenaire-inconnu » ne désigne aucun acteur " * 3
    hint = "ajoutez le fichier acteurs/partenaire-inconnu.yaml ou corrigez le nom " * 3
    d = Diagnostic(
        path="a.yaml",
        line=12,
        column=3,
        code="R001",
        message=message.strip(),
        severity=Severity.ERROR,
        hint=hint.strip(),
    )
    source = [f"ligne {n}" for n in range(1, 13)]
    result = LintResult(
        root="r", diagnostics=[d], files=1, entities={}, rules=[], sources={"a.yaml": source}
    )
    lines = render(result, "text", width=60).splitlines()
    assert max(len(line) for line in lines) <= 60
    first = next(i for i, text in enumerate(lines) if "la référence" in text)
    column = lines[first].index("la référence")
    assert lines[first + 1][:column].strip() == "" and lines[first + 1][column] != " "
    arrow = next(i for i, text in enumerate(lines) if "→" in text)
    column = lines[arrow].index("ajoutez")
    assert lines[arrow + 1][:column].strip() == "" and lines[arrow + 1][column] != " "
    shown = " ".join(lines[arrow : lines.index("", arrow)]).replace("→", "")
    assert " ".join(shown.split()) == " ".join(hint.split())
