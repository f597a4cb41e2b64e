"""Hostile text never reaches a terminal raw.

A title, a name, a file name, a git author or a commit subject may hold ESC sequences
(retitle or clear the terminal), a C1 CSI or bidi overrides (reorder what is read). Every
output of `pcaet lint`, `pcaet report`, `pcaet diff` and `pcaet history` writes them out
(`\\x1b`, `\\u202e`), never lets them pass for rich markup, and its JSON gives them back
intact to a program.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from pcaet_cli.cli import app
from pcaet_cli.git import GitRepo
from pcaet_cli.render.diagnostics import FORMATS
from pcaet_cli.textsafe import json_text, visible
from tests.conftest import WriteRegister
from tests.review.conftest import BASE, GIT_ENV, Repo

runner = CliRunner()

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J \x9b \u202e"
WRITTEN_OUT = ("\\x1b]0;PWNED\\x07\\x1b[2J", "\\x9b", "\\u202e")
ACTOR = f"svc-{HOSTILE}"
TITLE = f"Plan {HOSTILE} [bold]gras[/bold]"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""What must never be written: every control character but the line feed, DEL, C1,
bidi embeddings, overrides and isolates, lone surrogates."""
COLOUR = re.compile("\x1b\\[[0-9;]*m")
"""The colour sequences rich itself writes on a terminal."""
IN_COLOUR = {"NO_COLOR": "", "FORCE_COLOR": "1", "COLUMNS": "200"}


def quoted(text: str) -> str:
    """`text` as a YAML (and TOML) double-quoted scalar: JSON's escapes are both's."""
    return json.dumps(text)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", **(env or {})})
    # The runner catches what the command raises: a crash would pass for exit code 1.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "erreur interne" not in result.stderr
    return result


def assert_clean(*texts: str) -> None:
    for text in texts:
        found = {f"U+{ord(c):04X}" for c in RAW.findall(text)}
        assert not found, f"raw {sorted(found)} in {text!r}"


def as_read(text: str) -> str:
    """A value as the register's reader gives it: control characters written as escapes
    in YAML are refused (Y001) and replaced by U+FFFD, bidi characters are kept (the
    renderers write them out). File names keep everything: the renderers must."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", "\ufffd", text)


def assert_written_out(text: str) -> None:
    for form in WRITTEN_OUT:
        assert form in text


def strings(value: object) -> list[str]:
    """Every string in a parsed JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def unmarkdown(text: str) -> str:
    """Markdown without the backslashes that keep punctuation literal."""
    return re.sub(r"\\([\\`*_\[\]<>|#])", r"\1", text)


@pytest.fixture
def hostile(write_register: WriteRegister) -> Path:
    """A register whose name, actor (file and name), territory, plan and action title
    are hostile, and one file with a raw ESC, which the parser refuses."""
    return write_register(
        {
            "pcaet.toml": f"[registre]\nnom = {quoted('Registre ' + HOSTILE)}\n",
            "territoires/cc-a.yaml": f"nom: {quoted('CC ' + HOSTILE)}\nnature: CC\n",
            f"acteurs/{ACTOR}.yaml": (
                f"nom: {quoted('Service ' + HOSTILE)}\ntype: service\nterritoire: cc-a\n"
            ),
            f"plans/p-{HOSTILE}.yaml": "nom: PCAET\ntype: PCAET\nporteur: cc-a\n",
            "actions/mob-01.yaml": (
                f"titre: {quoted(TITLE)}\n"
                f"plans: {{{quoted('p-' + HOSTILE)}: '1'}}\n"
                f"pilote: {quoted(ACTOR)}\n"
                "statut: En cours\n"
                "secteurs: [Transport routier]\n"
                "domaines: [ges]\n"
            ),
            "actions/brut.yaml": b"titre: a\x1b[31mraw\n",
        }
    )


# --- the function ---------------------------------------------------------------------


def test_visible_writes_out_what_drives_a_terminal() -> None:
    assert visible(HOSTILE) == "\\x1b]0;PWNED\\x07\\x1b[2J \\x9b \\u202e"
    assert visible("a\tb\r\nc\x7f\u2066\udcff") == "a\\tb\\r\\nc\\x7f\\u2066\\udcff"
    assert visible("a\tb\nc", lines=True) == "a\\tb\nc"
    clean = "Réno « école » 15\u202f000\u00a0€ → [bold]"
    assert visible(clean) is clean


def test_json_text_escapes_them_and_gives_them_back() -> None:
    value = f"{HOSTILE} \udcff é\nfin"
    text = json_text({"v": value})
    assert_clean(text)
    assert "é" in text  # letters stay readable
    text.encode("utf-8")  # a lone surrogate is escaped, not written raw
    assert json.loads(text) == {"v": value}


# --- pcaet lint ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_lint_in_every_format(hostile: Path, fmt: str, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = run("lint", "--format", fmt, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert_clean(result.stdout, result.stderr)
    if fmt in ("text", "concise", "github"):
        assert_written_out(result.stdout)
    if fmt == "text":
        assert "titre: a\\x1b[31mraw" in result.stdout  # the line the parser refused
    if fmt == "github":
        assert_clean(summary.read_text(encoding="utf-8"))
        assert_written_out(summary.read_text(encoding="utf-8"))
    if fmt == "json":
        paths = {d["path"] for d in json.loads(result.stdout)["diagnostics"]}
        assert f"acteurs/{ACTOR}.yaml" in paths
    if fmt == "gitlab":
        texts = [issue["description"] for issue in json.loads(result.stdout)]
        assert any(f"« {ACTOR} »" in text for text in texts)
    if fmt == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        assert any(f"« {ACTOR} »" in r["message"]["text"] for r in results)


def test_lint_text_caret_under_the_written_out_character(hostile: Path) -> None:
    out = run("lint", "--format", "text", "--select", "Y").stdout
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if "titre: a\\x1b[31mraw" in line)
    assert lines[source].index("\\x1b") == lines[source + 1].index("^^^^")


def test_lint_text_in_colour_writes_only_its_own_colours(hostile: Path) -> None:
    out = run("lint", env=IN_COLOUR).stdout
    assert COLOUR.search(out)
    assert_clean(COLOUR.sub("", out))
    assert "Synthèse du registre — Registre \\x1b]0;PWNED" in COLOUR.sub("", out)


def test_file_name_that_is_not_utf8(write_register: WriteRegister) -> None:
    # Python reads the byte 0xFF of such a name as the surrogate U+DCFF.
    write_register({"acteurs/svc-\udcff.yaml": "nom: Service\ntype: service\n"})
    for fmt in FORMATS:
        result = run("lint", "--format", fmt)
        assert_clean(result.stdout)
        if fmt in ("json", "gitlab", "sarif"):
            json.loads(result.stdout)
        else:
            assert "svc-\\udcff" in result.stdout
    sarif = json.loads(run("lint", "--format", "sarif").stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert "acteurs/svc-%FF.yaml" in uris


# --- pcaet report -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "table"),
    [("qui-fait-quoi", "actions"), ("organisation", "relais"), ("articulation", "matrice")],
)
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_report_views(hostile: Path, view: str, table: str, fmt: str) -> None:
    # A CSV holds one table: the one that shows the hostile text.
    only = ["--table", table] if fmt == "csv" else []
    result = run("report", view, "--format", fmt, *only)
    assert result.exit_code == 0
    # A CSV ends its records with CR LF, as a spreadsheet expects.
    out = result.stdout.replace("\r\n", "\n") if fmt == "csv" else result.stdout
    assert_clean(out, result.stderr)
    if fmt == "json":
        found = strings(json.loads(out))
        assert any(HOSTILE in text or as_read(HOSTILE) in text for text in found)
    else:
        assert "\\u202e" in unmarkdown(out)


def test_report_title_is_not_rich_markup(hostile: Path) -> None:
    out = run("report", "qui-fait-quoi").stdout
    assert "[bold]gras[/bold]" in out
    colour = run("report", "qui-fait-quoi", env=IN_COLOUR).stdout
    assert_clean(COLOUR.sub("", colour))
    assert "[bold]gras[/bold]" in COLOUR.sub("", colour)


def test_report_workbook_holds_the_written_out_title(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "qfq.xlsx"
    assert run("report", "qui-fait-quoi", "--format", "xlsx", "-o", str(target)).exit_code == 0
    cells = [
        str(c.value) for row in openpyxl.load_workbook(target)["actions"].iter_rows() for c in row
    ]
    assert visible(as_read(TITLE)) in cells


# --- pcaet history and pcaet diff -----------------------------------------------------------

AUTHOR = "Eve \x1b]0;PWNED\x07 Martin"
SUBJECT = f"Sujet \x01 {HOSTILE}"


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Repo:
    """The base register, then a commit by a hostile author, with a hostile subject, that
    gives mob-03 a hostile title."""
    repo = Repo(tmp_path / "depot")
    repo.write(BASE)
    repo.commit("Registre initial")
    text = BASE["actions/mob-03.yaml"].replace("titre: Plan vélo", f"titre: {quoted(TITLE)}")
    repo.write({"actions/mob-03.yaml": text})
    repo.git("add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "-m", SUBJECT],
        cwd=repo.path,
        env={**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": AUTHOR},
        check=True,
    )
    return repo


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_history(hostile_repo: Repo, fmt: str) -> None:
    result = run("history", "mob-03", "-r", str(hostile_repo.register), "--format", fmt)
    assert result.exit_code == 0
    assert_clean(result.stdout, result.stderr)
    if fmt == "json":
        last = json.loads(result.stdout)["evenements"][-1]
        assert (last["auteur"], last["message"]) == (AUTHOR, SUBJECT)
        assert f"titre : Plan vélo → {as_read(TITLE)}" in last["changements"]
    else:
        out = unmarkdown(result.stdout)
        assert_written_out(out)
        assert "Sujet \\x01 " in out
        assert "Eve \\x1b]0;PWNED\\x07 Martin" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff(hostile_repo: Repo, fmt: str) -> None:
    result = run("diff", "HEAD~1", "HEAD", "-r", str(hostile_repo.register), "--format", fmt)
    assert result.exit_code == 0
    assert_clean(result.stdout, result.stderr)
    if fmt == "json":
        assert json.loads(result.stdout)["modifiees"][0]["titre"] == as_read(TITLE)
    else:
        assert "\\u202e" in unmarkdown(result.stdout)
        assert "[bold]gras[/bold]" in unmarkdown(result.stdout)


def test_log_is_read_by_nul_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A subject with \\x01 (the old separator), an empty subject, a merge without a file
    list, a rename and a deletion, as git writes them with -z."""
    repo = Repo(tmp_path / "depot", folder="")
    repo.write({"a.yaml": "titre: a\n"})
    repo.commit("Initial")
    head = ["h1", "s1", "2025-01-03T10:00:00+01:00", "Eve", ""]
    merge = ["h2", "s2", "2025-01-02T10:00:00+01:00", "Eve", "Merge \x01 x"]
    rename = ["h3", "s3", "2025-01-01T10:00:00+01:00", "Eve \x1b", "Renommé \x01"]
    out = "\0".join([*head, "\nD", "b.yaml", *merge, *rename, "\nR100", "a.yaml", "b.yaml", ""])
    git = GitRepo(repo.path)
    monkeypatch.setattr(git, "run", lambda args, data=None: out.encode())
    log = git.log_follow("b.yaml")
    assert [(c.hash, c.author, c.subject, where) for c, where in log] == [
        ("h1", "Eve", "", None),
        ("h3", "Eve \x1b", "Renommé \x01", "b.yaml"),
    ]


def test_bidi_marks_and_line_separators_are_written_out() -> None:
    assert visible("a\u200eb\u200fc\u061cd\u2028e\u2029f") == (
        "a\\u200eb\\u200fc\\u061cd\\u2028e\\u2029f"
    )


def test_error_messages_quote_paths_harmlessly(tmp_path: Path) -> None:
    missing = tmp_path / f"dossier{HOSTILE}"
    result = runner.invoke(app, ["report", "-r", str(missing)])
    assert result.exit_code == 2
    assert_clean(result.output)
    assert "\\x1b]0;PWNED" in result.output


def test_emoji_codes_in_values_stay_as_written(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "acteurs/svc-a.yaml": 'nom: "Service :smile: et"\ntype: service\n',
            "actions/mob-01.yaml": 'titre: "Vélo :rocket: vite"\npilote: svc-a\n',
        }
    )
    result = run("report", "qui-fait-quoi", "-r", str(root), env={"COLUMNS": "200"})
    assert "Service :smile: et" in result.stdout and "Vélo :rocket: vite" in result.stdout
    assert "\U0001f604" not in result.stdout and "\U0001f680" not in result.stdout
