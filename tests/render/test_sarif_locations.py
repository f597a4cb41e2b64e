"""SARIF as the SARIF validator (the multitool of microsoft/sarif-sdk) and code
scanning read it: files relative to %SRCROOT% whatever path `pcaet lint` was given,
URIs valid per RFC 3986, and each rule linked to its heading in docs/regles.md."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.registry import all_rules, find
from pcaet_cli.lint.result import LintResult
from pcaet_cli.render.diagnostics.sarif import log
from pcaet_cli.render.rules_reference import REFERENCE_URI, anchor, help_uri
from tests.conftest import REPO
from tests.review.conftest import BASE, GIT_ENV

SARIF_SCHEMA = Path(__file__).parents[1] / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"
runner = CliRunner()

# RFC 3986, section 2: what a URI may hold once percent-encoded.
_URI_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def is_uri_reference(text: str) -> bool:
    """RFC 3986 `URI-reference`: only allowed characters, each `%` opening an escape,
    `[` and `]` nowhere but in a host, one `#` at most, no `:` in the first segment of a
    relative path."""
    if not _URI_CHARS.fullmatch(text) or text.count("#") > 1:
        return False
    parts = urlsplit(text)
    if any(c in parts.path + parts.query + parts.fragment for c in "[]"):
        return False
    return bool(parts.scheme) or ":" not in text.split("/", 1)[0]


def is_absolute_uri(text: str) -> bool:
    return is_uri_reference(text) and bool(_SCHEME.match(text))


def multitool_errors(sarif: dict[str, Any]) -> list[str]:
    """The errors the SARIF multitool's rules that concern locations would report:
    SARIF1003 (URIs valid), SARIF1004 (uriBaseId used correctly), SARIF1005 (URIs that
    must be absolute), and the warnings SARIF2012 (rules with helpUri) and SARIF2016
    (file URIs relative)."""
    errors: list[str] = []
    if not is_absolute_uri(sarif["$schema"]):
        errors.append("SARIF1005 $schema")
    for run in sarif["runs"]:
        driver = run["tool"]["driver"]
        if not is_absolute_uri(driver["informationUri"]):
            errors.append("SARIF1005 informationUri")
        for rule in driver["rules"]:
            if "helpUri" not in rule:
                errors.append(f"SARIF2012 {rule['id']} sans helpUri")
            elif not is_absolute_uri(rule["helpUri"]):
                errors.append(f"SARIF1005 helpUri {rule['helpUri']}")
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            uri = base["uri"]
            if not is_absolute_uri(uri):
                errors.append(f"SARIF1004 {name} : base non absolue {uri}")
            if not uri.endswith("/"):
                errors.append(f"SARIF1004 {name} : base sans / final {uri}")
            if ".." in uri.split("/"):
                errors.append(f"SARIF1004 {name} : segment .. dans {uri}")
            if urlsplit(uri).query or urlsplit(uri).fragment:
                errors.append(f"SARIF1004 {name} : requête ou fragment dans {uri}")
        for result in run["results"]:
            for location in result["locations"]:
                artifact = location["physicalLocation"]["artifactLocation"]
                uri = artifact["uri"]
                if not is_uri_reference(uri):
                    errors.append(f"SARIF1003 URI invalide {uri!r}")
                if "uriBaseId" in artifact:
                    if is_absolute_uri(uri):
                        errors.append(f"SARIF1004 URI absolue avec uriBaseId {uri}")
                    if artifact["uriBaseId"] not in bases:
                        errors.append(f"SARIF1004 base inconnue {artifact['uriBaseId']}")
                if not is_absolute_uri(uri) and uri.startswith("/"):
                    errors.append(f"SARIF1004 référence relative commençant par / : {uri}")
                if is_absolute_uri(uri) or "uriBaseId" not in artifact:
                    errors.append(f"SARIF2016 URI de fichier non relative {uri}")
    return errors


def resolved_paths(sarif: dict[str, Any]) -> list[Path]:
    """Each result's file, as a consumer resolves its URI against its base."""
    run = sarif["runs"][0]
    bases = {name: base["uri"] for name, base in run["originalUriBaseIds"].items()}
    paths = []
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        uri = urljoin(bases[artifact["uriBaseId"]], artifact["uri"])
        assert uri.startswith("file:///")
        paths.append(Path(unquote(urlsplit(uri).path)))
    return paths


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return schema


# --- the validator's rules, reproduced --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("register/actions/mob-03.yaml", True),
        ("plan%20climat/%C3%A9nergie.yaml", True),
        ("plan climat.yaml", False),
        ("énergie.yaml", False),
        ("a%2.yaml", False),
        ("a#b#c", False),
        ("c:/x.yaml", True),  # a scheme `c`: valid, though not what anyone meant
        ("a:b/c.yaml", True),
        ("./a:b/c.yaml", True),
        ("file:///tmp/d%C3%A9p%C3%B4t/", True),
    ],
)
def test_the_uri_check_is_rfc_3986(text: str, valid: bool) -> None:
    assert is_uri_reference(text) is valid


def test_the_reproduced_rules_catch_what_the_validator_rejects() -> None:
    """The checks below would prove nothing if they accepted the old output: an absolute
    path as a relative reference, unencoded characters, no base, no helpUri."""
    broken = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"informationUri": "https://x.org", "rules": [{"id": "P1"}]}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///depot"}},
                "results": [
                    {"locations": [{"physicalLocation": {"artifactLocation": {"uri": u}}}]}
                    for u in ("/home/claire/depot/a.yaml", "a b.yaml")
                ]
                + [
                    {
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": "file:///a", "uriBaseId": "%X%"}
                                }
                            }
                        ]
                    }
                ],
            }
        ],
    }
    errors = multitool_errors(broken)
    assert "SARIF2012 P1 sans helpUri" in errors
    assert "SARIF1004 %SRCROOT% : base sans / final file:///depot" in errors
    assert "SARIF1004 référence relative commençant par / : /home/claire/depot/a.yaml" in errors
    assert "SARIF1003 URI invalide 'a b.yaml'" in errors
    assert "SARIF1004 URI absolue avec uriBaseId file:///a" in errors
    assert "SARIF1004 base inconnue %X%" in errors


# --- helpUri ----------------------------------------------------------------------------


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown document (github-slugger:
    lower case, punctuation but `-` and `_` dropped, spaces as hyphens)."""
    anchors = set()
    for line in markdown.splitlines():
        if match := re.match(r"#{1,6} (.+)", line):
            text = match[1].strip().lower()
            anchors.add("".join(c for c in text if c.isalnum() or c in "-_ ").replace(" ", "-"))
    return anchors


def test_every_rules_help_uri_is_a_heading_of_the_reference() -> None:
    anchors = github_anchors((REPO / "docs" / "regles.md").read_text(encoding="utf-8"))
    rules = all_rules()
    assert len(rules) > 40
    for rule in rules:
        page, _, fragment = help_uri(rule).partition("#")
        assert page == REFERENCE_URI == "https://github.com/pcaet/pcaet/blob/main/docs/regles.md"
        assert fragment in anchors, (rule.code, fragment)
    assert len({help_uri(rule) for rule in rules}) == len(rules)


def test_help_uri_names_the_heading_as_github_does() -> None:
    rule = find("P001")
    assert rule is not None
    assert help_uri(rule).endswith("/docs/regles.md#p001-action-sans-pilote-erreur")
    assert anchor("Y004 `bom` (avertissement)") == "y004-bom-avertissement"
    assert anchor("Règle n°1 : « bien »") == "règle-n1---bien-"


def test_sarif_rules_carry_their_help_uri(lint_result: LintResult) -> None:
    driver = log(lint_result, cwd="/depot")["runs"][0]["tool"]["driver"]
    assert [r["helpUri"] for r in driver["rules"]] == [help_uri(r) for r in lint_result.rules]


# --- locations --------------------------------------------------------------------------


def one(path: str) -> Diagnostic:
    return Diagnostic(
        path=path, line=1, column=1, code="P001", message="m", severity=Severity.ERROR
    )


def locations(result: LintResult, cwd: str) -> list[dict[str, str]]:
    run = log(result, cwd=cwd)["runs"][0]
    return [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]


def test_paths_are_relative_to_the_repository_whatever_the_working_folder(
    tmp_path: Path,
) -> None:
    depot = tmp_path / "dépôt #1"
    (depot / ".git").mkdir(parents=True)
    register = depot / "plan climat"
    (register / "actions").mkdir(parents=True)
    expected = {"uri": "plan%20climat/actions/%C3%A9co%23%25.yaml", "uriBaseId": "%SRCROOT%"}
    name = "actions/éco#%.yaml"
    for cwd, root, path in [
        (register, ".", name),
        (depot, "plan climat", f"plan climat/{name}"),
        (register / "actions", "..", "éco#%.yaml"),
        (tmp_path, str(register), str(register / name)),  # absolute: not below cwd
        (tmp_path, "dépôt #1/plan climat", f"dépôt #1/plan climat/{name}"),
    ]:
        result = LintResult(root=root, diagnostics=[one(path)], files=1, entities={}, rules=[])
        assert locations(result, str(cwd)) == [expected], (cwd, path)
        sarif = log(result, cwd=str(cwd))
        assert sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
            "file://" + str(tmp_path).replace(" ", "%20") + "/d%C3%A9p%C3%B4t%20%231/"
        )
        assert multitool_errors(sarif) == []
        assert resolved_paths(sarif) == [register / name]


def test_outside_git_the_register_root_is_the_base(tmp_path: Path) -> None:
    register = tmp_path / "registre"
    register.mkdir()
    result = LintResult(root=".", diagnostics=[one("pcaet.toml")], files=1, entities={}, rules=[])
    if any((p / ".git").exists() for p in (register, *register.parents)):
        pytest.skip("le dossier temporaire est dans un dépôt git")
    assert locations(result, str(register)) == [{"uri": "pcaet.toml", "uriBaseId": "%SRCROOT%"}]
    base = log(result, cwd=str(register))["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]
    assert base["uri"] == f"file://{register}/"


def test_a_file_outside_the_base_gets_an_absolute_uri(tmp_path: Path) -> None:
    register = tmp_path / "registre"
    (register / ".git").mkdir(parents=True)
    result = LintResult(
        root=".", diagnostics=[one("../ailleurs/x y.yaml")], files=1, entities={}, rules=[]
    )
    [location] = locations(result, str(register))
    assert location == {"uri": f"file://{tmp_path}/ailleurs/x%20y.yaml"}


def test_a_name_that_is_not_utf8_gives_back_its_bytes(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    name = b"actions/caf\xe9.yaml".decode("utf-8", "surrogateescape")
    result = LintResult(root=".", diagnostics=[one(name)], files=1, entities={}, rules=[])
    [location] = locations(result, str(tmp_path))
    assert location["uri"] == "actions/caf%E9.yaml"


# --- pcaet lint on a real repository ----------------------------------------------------


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """A git repository whose register, in `plan climat/`, has findings in a file whose
    name holds an accent, a space and a `#`."""
    depot = tmp_path / "dépôt"
    register = depot / "plan climat"
    for name, text in BASE.items():
        target = register / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    fiche = register / "actions" / "énergie" / "réno #2.yaml"
    fiche.parent.mkdir()
    fiche.write_text("titre: Rénovation\npilote: svc-inconnu\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=depot, env={**os.environ, **GIT_ENV}, check=True)
    return depot


@pytest.mark.parametrize(
    ("where", "target"),
    [
        ("dépôt", "plan climat"),
        ("dépôt/plan climat", "."),
        ("dépôt/plan climat/actions", "."),
        ("dépôt/plan climat/actions", ".."),
        ("dépôt/plan climat/actions", "<absolu>"),
        (".", "<absolu>"),
    ],
)
def test_lint_sarif_names_files_from_the_repository(
    depot: Path,
    where: str,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    sarif_schema: dict[str, Any],
) -> None:
    monkeypatch.chdir(depot.parent / where)
    path = str(depot / "plan climat") if target == "<absolu>" else target
    done = runner.invoke(app, ["lint", path, "--format", "sarif", "--date", "2026-01-15"])
    assert done.exit_code == 1, done.stderr
    sarif = json.loads(done.stdout)
    jsonschema.validate(sarif, sarif_schema)
    assert multitool_errors(sarif) == []
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        f"file://{depot.parent}/d%C3%A9p%C3%B4t/"
    )
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "plan%20climat/actions/%C3%A9nergie/r%C3%A9no%20%232.yaml" in uris
    assert "plan%20climat/actions/mob-03.yaml" in uris
    for resolved in resolved_paths(sarif):
        assert resolved.is_file(), resolved
