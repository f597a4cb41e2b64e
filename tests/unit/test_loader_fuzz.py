"""Property tests: whatever the files of a register contain, loading and linting it never
raise, every diagnostic is well formed (known code, 1-based position, French message),
and a lint run never touches the register.

Each example writes a small valid register plus one hostile file into a fresh temporary
folder (hypothesis and function-scoped fixtures do not mix), then loads and lints it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

from pcaet_cli.diagnostic import Diagnostic, Severity
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.lint.registry import all_rules
from pcaet_cli.model import Acteur, Action, Plan, Territoire
from pcaet_cli.model.action import (
    Financement,
    Gains,
    Indicateur,
    Liens,
    LigneBudget,
    Suivi,
    Temps,
)
from pcaet_cli.model.plan import Axe
from pcaet_cli.model.territoire import Competence
from pcaet_cli.model.vocab import (
    Domaine,
    Nature,
    Polluant,
    Priorite,
    Secteur,
    Statut,
    TypeActeur,
    TypePlan,
)
from pcaet_cli.register.loader import load_register
from pcaet_cli.register.yamlfile import parse
from tests.profiles import examples

REFERENCE_DATE = date(2026, 6, 15)
KNOWN_CODES = {r.code for r in all_rules()}

# No shrinking: a failing property stops at once (the suite stays fast while a bug is
# open) and prints the input that failed; the regressions at the end give small inputs.
FUZZ = settings(
    max_examples=examples(120),
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- a small valid register that every example starts from ---------------------------------

VALID_ACTION = """\
# yaml-language-server: $schema=../../schemas/action.schema.json
titre: Développer le covoiturage domicile-travail
description: |
  Créer des aires de covoiturage près des échangeurs
  et animer une plateforme de mise en relation.
plans:
  pcaet-brume: "1.1"
echelon: cc-brume
territoires: [com-ambrieres]
statut: En cours
priorite: Élevé
date_debut: 2024-03-01
date_fin: 2026-12-31
secteurs: [Transport routier]
domaines: [ges, maitrise_energie]
polluants: [NOx, PM10]
volets: [Atténuation]
type_action: [Investissement, Animation]
cibles: [Grand public]
pilote: svc-mobilites
copilotes: [asso-velo]
referent: elu-dupont
personnes: [pers-martin]
partenaires: [asso-velo]
financements:
  - financeur: asso-velo
    montant: 15000
    dispositif: Fonds vert
    annee: 2024
budget:
  - annee: 2024
    type: investissement
    prevu: 120000
    realise: 80000.5
temps:
  - acteur: pers-martin
    etp: 0.2
gains:
  ges_tco2e: 120
  energie_mwh: 450
indicateurs:
  - nom: Trajets partagés
    unite: trajets/mois
    valeur_initiale: 0.0
    annee_initiale: 2023
    cible: 500.0
    annee_cible: 2026
    mesures:
      2024: 120.0
      2025: 310.0
suivi:
  - date: 2025-01-15
    texte: Deux aires ouvertes, l'été sera décisif.
    auteur: pers-martin
liens:
  mesures_cae: [cae_4.2.1]
"""

BASE: dict[str, str] = {
    "pcaet.toml": '[registre]\nnom = "Registre de test"\n',
    "territoires/cc-brume.yaml": (
        'nom: CC du Pays de Brume\nnature: CC\nsiren: "200000172"\n'  # a real CC's (S008)
        "charge_de_mission: pers-martin\ndgs: dir-generale\n"
        "competences:\n  mobilite: exercee\n  eau: {mode: transferee, a: com-ambrieres}\n"
    ),
    "territoires/com-ambrieres.yaml": (
        'nom: Ambrières\nnature: COM\ncode_insee: "49007"\npopulation: 1200\n'
        "membre_de: [cc-brume]\n"
    ),
    "acteurs/svc-mobilites.yaml": (
        "nom: Service mobilités\ntype: service\nterritoire: cc-brume\n"
        "domaine: mobilite\nrattache_a: dir-generale\nrelais: pers-martin\n"
    ),
    "acteurs/dir-generale.yaml": "nom: Direction générale\ntype: direction\n",
    "acteurs/pers-martin.yaml": (
        "nom: Camille Martin\ntype: personne\nposte: Chargée de mission climat\n"
        "service: svc-mobilites\ntemps_disponible: 0.6\n"
    ),
    "acteurs/elu-dupont.yaml": "nom: Jean Dupont\ntype: elu\nfonction: Vice-président\n",
    "acteurs/asso-velo.yaml": 'nom: Vélo Brume\ntype: association\nsiren: "732829320"\n',
    "plans/pcaet-brume.yaml": (
        "nom: PCAET du Pays de Brume\ntype: PCAET\nporteur: cc-brume\n"
        "obligation: obligatoire\ndate_debut: 2024-01-01\ndate_fin: 2029-12-31\n"
        'axes:\n  - code: "1"\n    titre: Mobilité\n    sous_axes:\n'
        '      - code: "1.1"\n        titre: Covoiturage\n'
    ),
    "actions/mob-01.yaml": VALID_ACTION,
}

# --- checks ------------------------------------------------------------------------------------

# Words of English error messages and Python reprs. A French message may contain one
# only when it quotes a value the user wrote (so only when the files contain it).
_FOREIGN = (
    "the",
    "expected",
    "found",
    "while",
    "could not",
    "should",
    "input",
    "field required",
    "not allowed",
    "error",
    "none",
    "traceback",
    "[key]",
    "datetime.date(",
    "datetime.datetime(",
    "object at 0x",
)
# Untranslated parser and validator messages are quoted in parentheses after a French
# sentence, by design.
_QUOTED_ORIGINAL = re.compile(r"(syntaxe YAML invalide|valeur invalide) \(.*\)$", re.DOTALL)


def _word(word: str) -> re.Pattern[str]:
    """`word` not glued to other letters (on the sides where it starts or ends with one)."""
    before = r"(?<!\w)" if word[0].isalnum() else ""
    after = r"(?!\w)" if word[-1].isalnum() else ""
    return re.compile(before + re.escape(word) + after)


def check_diagnostic(diag: Diagnostic, written: str) -> None:
    """`written`: every file of the register, lowercased, to tell quoted user text apart."""
    assert diag.code in KNOWN_CODES, diag
    assert isinstance(diag.line, int), diag
    assert isinstance(diag.column, int), diag
    assert diag.line >= 1, diag
    assert diag.column >= 1, diag
    assert isinstance(diag.message, str), diag
    assert diag.message.strip(), diag
    message = _QUOTED_ORIGINAL.sub(r"\1", diag.message).lower()
    for word in _FOREIGN:
        if _word(word).search(message):
            assert word in written, f"« {word} » in {diag}"
    assert isinstance(diag.severity, Severity), diag
    assert diag.hint is None or diag.hint.strip(), diag
    if diag.end_line is not None and diag.end_column is not None:
        assert (diag.end_line, diag.end_column) >= (diag.line, diag.column), diag


def check_all(diagnostics: Iterable[Diagnostic], written: str) -> None:
    for diag in diagnostics:
        check_diagnostic(diag, written)


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder below `root`: size, modification time and content hash."""
    state: dict[str, tuple[int, int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            stat = path.lstat()
            digest = "" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
            state[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns, digest)
    return state


def lint_register(files: Mapping[str, bytes]) -> None:
    """Write BASE overridden by `files`, then load and lint: nothing may raise, every
    diagnostic must be well formed, and the register must be left untouched."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registre"
        contents = {name: text.encode() for name, text in BASE.items()}
        contents.update(files)
        for name, content in contents.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        before = snapshot(root)
        written = "\n".join(c.decode("utf-8", "replace") for c in contents.values()).lower()

        loaded = load_register(root)
        check_all(loaded.diagnostics, written)
        run = run_lint(LintRequest(root, today=REFERENCE_DATE))
        check_all(run.result.diagnostics, written)

        assert snapshot(root) == before, "a lint run modified the register"


def test_the_base_register_is_sound() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registre"
        for name, text in BASE.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        run = run_lint(LintRequest(root, today=REFERENCE_DATE))
        wrong = [d for d in run.result.diagnostics if d.code[0] in "YSRN"]
        assert wrong == []
    lint_register({})


# --- strategies --------------------------------------------------------------------------------

_KIND_PATHS = [
    "actions/fuzz-01.yaml",
    "acteurs/fuzz-01.yaml",
    "territoires/fuzz-01.yaml",
    "plans/fuzz-01.yaml",
    "actions/mob-01.yaml",  # replaces the valid action
    "actions/Fiche Été.yaml",
    "actions/fuzz.yml",
    "actions/notes.txt",
    "fiches/fuzz.yaml",
    "fuzz.yaml",
]

# Any code point, surrogates included (written with "surrogatepass": invalid UTF-8).
_ANY_CHAR = st.characters(exclude_categories=())
_YAML_TOKENS = [
    *": -[]{}#&*!|>'\"?,%@`~",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "---\n",
    "...\n",
    "<<: ",
    "!!python/object:os.system ",
    "!!binary ",
    "&a ",
    "*a",
    "titre",
    "pilote",
    "secteurs",
    "plans",
    "financements",
    "montant",
    "svc-mobilites",
    "pcaet-brume",
    "cc-brume",
    "2024-02-30",
    "01/03/2024",
    "01004",
    "0o14",
    ".nan",
    "é",
    "É",
    "🚲",
    "\x00",
    "\x07",
    "\x85",
    "\u2028",
    "\ufeff",
    "# pcaet: ignore[S004]",
    "# pcaet: ignore-file[Z999]",
]


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


yaml_like_text = st.lists(st.one_of(st.sampled_from(_YAML_TOKENS), _ANY_CHAR), max_size=120).map(
    "".join
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One file of the valid register, damaged by a few random edits."""
    name = draw(st.sampled_from(sorted(n for n in BASE if n.endswith(".yaml"))))
    text = BASE[name]
    for _ in range(draw(st.integers(1, 6))):
        lines = text.split("\n")
        operation = draw(
            st.sampled_from(["insert", "delete", "swap", "indent", "replace", "duplicate"])
        )
        if operation == "insert":
            at = draw(st.integers(0, len(text)))
            piece = draw(st.one_of(st.sampled_from(_YAML_TOKENS), _ANY_CHAR))
            text = text[:at] + piece + text[at:]
        elif operation == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            size = draw(st.integers(1, 20))
            text = text[:at] + text[at + size :]
        elif operation == "swap":
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif operation == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            prefix = draw(st.text(alphabet=" \t", max_size=8))
            lines[i] = prefix + lines[i].lstrip(" \t" if draw(st.booleans()) else "")
            text = "\n".join(lines)
        elif operation == "replace":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(yaml_like_text)
            text = "\n".join(lines)
        elif operation == "duplicate":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    return name, _encode(text)


def _fields(*models: type[BaseModel]) -> list[str]:
    return sorted({name for model in models for name in model.model_fields})


_FIELD_NAMES = _fields(
    Action,
    Acteur,
    Territoire,
    Plan,
    Axe,
    Competence,
    Financement,
    LigneBudget,
    Temps,
    Gains,
    Indicateur,
    Suivi,
    Liens,
)
_VOCABULARY = sorted(
    {
        *(str(v) for vocab in (Secteur, Statut, Priorite, Domaine, Polluant) for v in vocab),
        *(str(v) for vocab in (TypeActeur, Nature, TypePlan) for v in vocab),
        "Industrie branche énergie",
        "A discuter",
        "en cours",
        "Residentiel",
        "exercee",
        "transferee",
        *(name.rsplit("/", 1)[-1].removesuffix(".yaml") for name in BASE),
        "1",
        "1.1",
        "2.7",
        "01004",
        "200099993",
        "cae_4.2.1",
        "",
    }
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.integers(1800, 2300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(_VOCABULARY),
    st.dates(),
    st.datetimes(),
)
keys = st.one_of(
    st.sampled_from(_FIELD_NAMES), st.text(max_size=12), st.integers(1800, 2300), st.none()
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=5),
    ),
    max_leaves=25,
)
documents = st.one_of(st.dictionaries(keys, values, max_size=10), values)


def _dump(document: Any, flow: bool) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


# --- properties --------------------------------------------------------------------------------


@FUZZ
@given(path=st.sampled_from(_KIND_PATHS), text=st.text(_ANY_CHAR, max_size=300))
def test_random_text(path: str, text: str) -> None:
    lint_register({path: _encode(text)})


@FUZZ
@given(path=st.sampled_from(_KIND_PATHS), text=yaml_like_text)
def test_random_yaml_like_text(path: str, text: str) -> None:
    lint_register({path: _encode(text)})


@FUZZ
@given(
    path=st.sampled_from(_KIND_PATHS),
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
    raw=st.binary(max_size=400),
)
def test_random_bytes(path: str, prefix: bytes, raw: bytes) -> None:
    lint_register({path: prefix + raw})


@FUZZ
@given(
    encoding=st.sampled_from(["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-8"]),
    name=st.sampled_from(sorted(n for n in BASE if n.endswith(".yaml"))),
)
def test_valid_files_in_other_encodings(encoding: str, name: str) -> None:
    lint_register({name: BASE[name].encode(encoding, "replace")})


@settings(FUZZ, max_examples=examples(250))
@given(change=mutated())
def test_mutations_of_valid_files(change: tuple[str, bytes]) -> None:
    name, content = change
    lint_register({name: content})


@FUZZ
@given(
    path=st.sampled_from(_KIND_PATHS),
    document=documents,
    flow=st.booleans(),
)
def test_random_structures_dumped_to_yaml(path: str, document: Any, flow: bool) -> None:
    lint_register({path: _dump(document, flow).encode()})


@FUZZ
@given(
    field=st.sampled_from(_fields(Action)),
    value=values,
    extra=st.dictionaries(st.sampled_from(_fields(Action)), values, max_size=3),
)
def test_random_values_in_a_valid_action(field: str, value: Any, extra: dict[str, Any]) -> None:
    yaml = YAML(typ="safe", pure=True)
    action = yaml.load(VALID_ACTION)
    action.update(extra)
    action[field] = value
    lint_register({"actions/mob-01.yaml": _dump(action, False).encode()})


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@settings(FUZZ, max_examples=examples(400))
@given(text=st.one_of(yaml_like_text, st.text(max_size=200)))
# Found by hypothesis: a lone surrogate is three bytes, three characters as lint reads them.
@example(text="\udfff\x07")
def test_every_position_is_inside_the_file(text: str) -> None:
    # Lines as an editor (and YAML 1.2) counts them: only CR and LF break a line. A
    # position may point just past the end of a line, or at the line after a final
    # newline, never further. A lone surrogate makes the bytes invalid UTF-8: lint then
    # reads them as Windows-1252, one character a byte (Y003 says so), and so do we.
    raw = text.encode("utf-8", "surrogatepass")
    try:
        shown = raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("cp1252", errors="replace")
    lines = _LINE_BREAK.split(shown)
    for diag in parse(raw, "x.yaml").diagnostics:
        check_diagnostic(diag, text.lower())
        assert diag.line <= len(lines), (diag, len(lines))
        assert diag.column <= len(lines[diag.line - 1]) + 1, (diag, lines[diag.line - 1])


def test_dumped_structures_read_back_with_their_types() -> None:
    # Guard for the strategies above: what they dump is read back as the same values.
    document = {"d": date(2024, 3, 1), "t": datetime(2024, 3, 1, 10, 0), "n": None, "o": "oui"}
    assert parse(_dump(document, False).encode(), "x.yaml").data == document
    nested: dict[str, object] = {
        "d": date(2024, 3, 1),
        "l": [1, 2.5, "non", True],
        "m": {"a": None},
    }
    assert parse(_dump(nested, True).encode(), "x.yaml").data == nested


# --- regressions found by the properties above --------------------------------------------------


def _lint_file(name: str, body: str) -> list[Diagnostic]:
    """Diagnostics of the S rules for a register of one file."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "registre"
        (root / name).parent.mkdir(parents=True)
        (root / "pcaet.toml").write_text(BASE["pcaet.toml"], encoding="utf-8")
        (root / name).write_text(body, encoding="utf-8")
        return run_lint(LintRequest(root, select=["S"], today=REFERENCE_DATE)).result.diagnostics


def _lint_action(body: str) -> list[Diagnostic]:
    return _lint_file("actions/mob-01.yaml", body)


def test_an_empty_required_choice_is_called_empty() -> None:
    # `type:` left blank in a spreadsheet export: the value is null, not the text "None".
    [diag] = _lint_file("acteurs/svc-mobilites.yaml", "nom: Service mobilités\ntype:\n")
    assert (diag.line, diag.column) == (2, 6)
    assert "None" not in diag.message, diag.message
    assert "vide" in diag.message, diag.message


@pytest.mark.parametrize(
    "line",
    [
        "date_debut: [2024-03-01]",
        "date_debut: {debut: 2024-03-01}",
        "date_debut: [~]",
        "secteurs: [~]",
        "secteurs: [[Résidentiel]]",
        "statut: [En cours]",
        "statut: {en: cours}",
        "statut: true",
    ],
)
def test_messages_never_show_python_values(line: str) -> None:
    # The user wrote YAML: a message shows a list, a table, a null or a boolean as YAML
    # or in words ("une liste", "une valeur vide", "le booléen true"), never as Python.
    found = _lint_action(f"titre: Covoiturage\n{line}\n")
    assert [d.line for d in found] == [2]
    for fragment in ("['", "{'", "None", "True", "datetime."):
        assert fragment not in found[0].message, found[0].message
    lint_register({"actions/mob-01.yaml": f"titre: Covoiturage\n{line}\n".encode()})


@pytest.mark.parametrize("value", ["true", "false"])
def test_a_boolean_given_as_a_date_is_named_as_written(value: str) -> None:
    [diag] = _lint_action(f"titre: Covoiturage\ndate_fin: {value}\n")
    assert (diag.code, diag.line, diag.column) == ("S005", 2, 11)
    assert value in diag.message, diag.message


_INDICATOR = "titre: Covoiturage\nindicateurs:\n  - nom: Trajets\n    mesures:\n"


def test_a_year_key_is_named_as_written() -> None:
    # `mesures` is a table by year: 2024 is a key, not the 2025th element of a list.
    [diag] = _lint_action(_INDICATOR + "      2024: beaucoup\n")
    assert (diag.code, diag.line, diag.column) == ("S003", 5, 13)
    assert "2024" in diag.message, diag.message
    assert "2025" not in diag.message, diag.message


@pytest.mark.parametrize(("key", "wrong"), [("deux-mille", "[key]"), ("1700", "1701")])
def test_a_bad_year_key_is_explained_without_internal_names(key: str, wrong: str) -> None:
    [diag] = _lint_action(_INDICATOR + f"      {key}: 1.0\n")
    assert diag.line == 5
    assert "[key]" not in diag.message, diag.message
    assert wrong not in diag.message, diag.message
