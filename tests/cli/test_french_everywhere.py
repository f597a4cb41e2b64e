"""Every command, as an officer meets it when something goes wrong, in French: its help,
an unknown option, a missing value, a bad choice, a bad number, a path that does not
exist, a broken pcaet.toml. The parameters are read from the commands themselves, so
a new command or option is walked without touching this file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pcaet_cli.cli import COMMANDS, app
from tests.conftest import WriteRegister

runner = CliRunner()

# English that must not reach an officer. "Options" and "Arguments" are French too;
# option names (--output, --dry-run) are removed before looking.
ENGLISH = (
    "Usage",
    "Error",
    "Missing",
    "Invalid",
    "value",
    "Input",
    "should",
    "expected",
    "Try",
    "for help",
    "does not exist",
    "Choose from",
    "Illegal",
    "character",
    "not a valid",
    "Commands",
    "Show this message",
    "default",
    "required",
    "env var",
    "No such",
    "Possible options",
    "Did you mean",
    "is a directory",
    "is a file",
    "unexpected",
    "requires",
    "Aborted",
    "Unclosed",
    "line",
    "column",
    "end of document",
    "greater",
    "less than",
)
TYPE_MARKS = ("<bool>", "<str>", "<int>", "<float", "<path>", "<file>", "<dir>", "list[", "<=x")
_WORDS = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in ENGLISH), re.IGNORECASE)
_OPTION_NAMES = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def english_in(text: str) -> list[str]:
    """The English words and Python types of `text`, option names aside."""
    found = [mark for mark in TYPE_MARKS if mark in text]
    return found + _WORDS.findall(_OPTION_NAMES.sub(" ", text))


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="pcaet")
    return {name: group.get_command(ctx, name) for name, _, _ in COMMANDS}


COMMAND_OBJECTS = _commands()
NAMES = sorted(COMMAND_OBJECTS)


def _params(name: str) -> list[Any]:
    command = COMMAND_OBJECTS[name]
    return list(command.get_params(command.context_class(command, info_name=name)))


def _options(name: str, kind: str) -> list[str]:
    """The long names of the options of `name` that take a value of `kind`."""
    out = []
    for param in _params(name):
        if param.param_type_name != "option" or getattr(param, "is_flag", False):
            continue
        desc = param.type_descriptor
        if (
            (kind == "choice" and desc.is_choice)
            or (kind == "number" and desc.annotation in (int, float))
            or (kind == "path" and param.name in ("register", "registre"))
        ):
            out.append(next(o for o in param.opts if o.startswith("--")))
    return out


def _run(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


def _french_usage_error(args: list[str], said: str = "") -> str:
    code, output = _run(args)
    assert code == 2, output
    assert "Utilisation : " in output and "Erreur" in output, output
    assert said in output, output
    assert not english_in(output), (english_in(output), output)
    return output


def test_the_list_of_english_words_finds_english() -> None:
    assert english_in("Usage: pcaet lint [OPTIONS]\nError: Missing option '--format'")
    assert english_in("--format <text|json>  [default: text]")
    assert not english_in("Option manquante : « --output-file » ; valeurs : texte, json.")


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in NAMES)])
def test_help_is_french(args: list[str]) -> None:
    code, output = _run(args)
    assert code == 0, output
    assert "Utilisation : " in output
    assert "Affiche cette aide et quitte." in output
    assert not english_in(output), (english_in(output), output)


@pytest.mark.parametrize("name", ["", *NAMES])
def test_an_unknown_option(name: str) -> None:
    _french_usage_error([name, "--inconnue"] if name else ["--inconnue"], "Option inconnue")


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_value(name: str) -> None:
    """A required parameter left out, or an option given without its value."""
    params = _params(name)
    required = [p for p in params if p.required]
    if required:
        what = "manquant" if required[0].param_type_name == "argument" else "manquante"
        _french_usage_error([name], what)
    valued = [
        p for p in params if p.param_type_name == "option" and not getattr(p, "is_flag", False)
    ]
    if valued:
        _french_usage_error([name, valued[0].opts[0]], "attend une valeur")


CHOICES = [(name, option) for name in NAMES for option in _options(name, "choice")]
NUMBERS = [(name, option) for name in NAMES for option in _options(name, "number")]
PATHS = [(name, option) for name in NAMES for option in _options(name, "path")]


@pytest.mark.parametrize(("name", "option"), CHOICES)
def test_a_bad_choice(name: str, option: str) -> None:
    _french_usage_error([name, option, "bidon"], "« bidon » n'est pas une valeur admise")


@pytest.mark.parametrize(("name", "option"), NUMBERS)
def test_a_bad_number(name: str, option: str) -> None:
    _french_usage_error([name, option, "beaucoup"], "« beaucoup »")


def _a_value(param: Any) -> str:
    choices = getattr(getattr(param, "french_runtime", None), "choices", None)
    return str(choices[0]) if choices else "action"


@pytest.mark.parametrize(("name", "option"), PATHS)
def test_a_register_that_does_not_exist(
    name: str, option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    required = [p for p in _params(name) if p.required and p.param_type_name == "argument"]
    # A step argument (collecte preparer) takes its first choice, others an id.
    args = [name, *(_a_value(p) for p in required)]
    args += [option, "absent"]
    if name == "export":
        args += ["--format", "json"]
    if name == "collecte":
        args += ["--par", "service", "--output", "classeurs"]
    code, output = _run(args)
    assert code == 2, output
    assert "introuvable" in output or "registre" in output, output
    assert not english_in(output), (english_in(output), output)


def test_a_file_to_import_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _french_usage_error(["import", "absent.xlsx"], "Fichier « absent.xlsx » introuvable")


def test_choices_whatever_their_case_and_in_french() -> None:
    assert "« JSON »" not in _run(["rules", "--format", "JSON"])[1]
    assert _run(["rules", "--format", "JSON"])[0] == 0
    assert _run(["rules", "--format", "Texte"])[0] == 0


BROKEN = {
    "syntaxe": ('[registre]\nnom = "PCAET\n', "pcaet.toml:2:13 : syntaxe TOML invalide"),
    "clé inconnue": ("[rapport]\ncible = 0.6\n", "clé inconnue « rapport.cible »"),
    "hors limites": (
        "[rapport]\ncible-portage = 160\n",
        "« 160 » : une part ne dépasse pas 100 %",
    ),
    "mauvais type": ("[registre]\nnom = 12\n", "« registre.nom » doit être un texte"),
    "gravité": ('[lint]\nfail-on = "grave"\n', "« grave » n'est pas une gravité"),
}
READERS = [["lint"], ["report"], ["export", "--format", "json"], ["site", "-o", "site"]]


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("args", READERS, ids=lambda a: a[0])
def test_a_broken_pcaet_toml(
    broken: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, said = BROKEN[broken]
    (tmp_path / "pcaet.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = _run(args)
    assert code == 2, output
    assert said in output, output
    assert not english_in(output), (english_in(output), output)


@pytest.mark.parametrize("written", ["60 %", "60%", "60", "0,6", "0.6"])
def test_a_share_on_the_command_line(written: str) -> None:
    option = next(p for p in _params("report") if p.name == "cible_portage")
    assert option.get_runtime_param().coerce(written, option, None) == pytest.approx(0.6)


def test_the_share_is_understood_by_the_report(write_register: WriteRegister) -> None:
    write_register({})
    code, output = _run(["report", "portage", "--cible-portage", "60 %", "-f", "json"])
    assert code == 0, output


def test_typer_s_type_checks_are_french() -> None:
    """A number checked by Typer (through pydantic) is refused in French."""
    from pcaet_cli.cli import _Command

    single = typer.Typer()

    @single.command(cls=_Command)
    def main(nombre: int = typer.Option(1, "--nombre", min=1, max=5)) -> None:
        """Un nombre."""

    for typed, said in (
        ("abc", "« --nombre » doit être un nombre entier, pas le texte « abc »."),
        ("9", "« --nombre » doit être inférieur ou égal à 5 (reçu 9)."),
    ):
        result = runner.invoke(single, ["--nombre", typed], env={"COLUMNS": "200"})
        assert result.exit_code == 2
        assert said in result.output
        assert not english_in(result.output), result.output
    help_text = runner.invoke(single, ["--help"], env={"COLUMNS": "200"}).output
    assert "ENTIER" in help_text and "[de 1 à 5]" in help_text


def test_without_rich_too() -> None:
    """TYPER_USE_RICH=0: Typer shows errors in plain text, still in French."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pcaet_cli", "export"],
        capture_output=True,
        text=True,
        check=False,
        env={"TYPER_USE_RICH": "0", "PATH": ""},
    )
    assert done.returncode == 2
    assert "Erreur : Option manquante : « --format » / « -f »" in done.stderr
    assert not english_in(done.stderr), done.stderr
