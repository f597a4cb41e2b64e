"""Spreadsheet round trip, property-based: small random registers exported with
`pcaet export --format xlsx`, mapped with `pcaet import --modele-mapping`, imported back
with `pcaet import --format tableur --mapping`.

Text a spreadsheet would evaluate (starting with = + - @) is neutralised on export with a
leading apostrophe, written into the cell as text; the import keeps it: such a title comes
back as `'=…`. Keeping it is the safe reading (the imported register re-exported stays
neutralised, and an apostrophe typed by a user is never silently dropped); the test
asserts exactly that.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.io.yamlwrite import register_file
from pcaet_cli.model import Acteur, Action
from pcaet_cli.model.vocab import Priorite, Secteur, Statut
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from tests.profiles import examples

runner = CliRunner()

ACTORS: dict[str, dict[str, str]] = {
    "svc-mobilite": {"nom": "Service mobilité", "type": "service"},
    "cci-brume": {"nom": "CCI du Pays de Brume", "type": "chambre_consulaire"},
    "anne-lefevre": {"nom": "Anne Lefèvre-Dupont", "type": "personne"},
}
FORMULA_START = ("=", "+", "-", "@")

# Letters with accents, digits, and the characters that break lists, quoting and formulas.
_ALPHABET = st.sampled_from(list("aeéèàçôîüAÉZz09 ,;'\"«»=+-@()/:!?%€&"))
_TEXT = st.text(_ALPHABET, min_size=1, max_size=30).map(lambda t: " ".join(t.split()))
_TITLE = st.one_of(_TEXT, _TEXT.map(lambda t: "=" + t)).filter(bool)
_DESCRIPTION = st.lists(_TEXT.filter(bool), min_size=1, max_size=3).map("\n".join)
_DATE = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@st.composite
def actions(draw: st.DrawFn) -> list[dict[str, Any]]:
    # Unique as imported: « '=a » and « =a » would both come back as « '=a ».
    titles = draw(st.lists(_TITLE, min_size=1, max_size=4, unique_by=_as_imported))
    drawn: list[dict[str, Any]] = []
    for titre in titles:
        action: dict[str, Any] = {"titre": titre, "plans": {"pcaet": "1"}}
        optional = {
            "description": _DESCRIPTION,
            "statut": st.sampled_from([str(s) for s in Statut]),
            "priorite": st.sampled_from([str(p) for p in Priorite]),
            "date_debut": _DATE,
            "date_fin": _DATE,
            "pilote": st.sampled_from(sorted(ACTORS)),
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                action[key] = draw(strategy)
        action["secteurs"] = draw(
            st.lists(st.sampled_from([str(s) for s in Secteur]), max_size=3, unique=True)
        )
        drawn.append(action)
    return drawn


def _write(root: Path, drawn: list[dict[str, Any]]) -> None:
    files = {
        "plans/pcaet.yaml": register_file(
            "plans", {"nom": "PCAET", "type": "PCAET", "axes": [{"code": "1", "titre": "Axe"}]}
        ),
        **{f"acteurs/{i}.yaml": register_file("acteurs", a) for i, a in ACTORS.items()},
        **{
            f"actions/a-{n:02d}.yaml": register_file("actions", a)
            for n, a in enumerate(drawn, start=1)
        },
    }
    root.mkdir()
    (root / "pcaet.toml").write_text('[registre]\nnom = "Essai"\n', encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def _index(root: Path) -> RegisterIndex:
    loaded = load_register(root)
    assert all(d.model is not None for d in loaded.documents), loaded.diagnostics
    return RegisterIndex.build(loaded.documents)


def _as_imported(text: str | None) -> str | None:
    """What the import gives back for `text`: neutralised text keeps its apostrophe."""
    if text is not None and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _invoke(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


@pytest.mark.slow
@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(drawn=actions())
@example(
    drawn=[
        {
            "titre": '=SOMME(A1), « vélo », "bus" ; été',
            "plans": {"pcaet": "1"},
            "description": "-première ligne, virgule\n@seconde ; ligne",
            "statut": "À discuter",
            "priorite": "Élevé",
            "date_debut": date(2024, 2, 29),
            "date_fin": date(2030, 12, 31),
            "pilote": "cci-brume",
            "secteurs": ["Gestion / production / distribution de l'énergie", "Résidentiel"],
        }
    ]
)
def test_xlsx_round_trip(drawn: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source, into = base / "registre", base / "importe"
        _write(source, drawn)
        workbook, mapping = base / "registre.xlsx", base / "correspondance.toml"
        _invoke("export", "-r", str(source), "-f", "xlsx", "-o", str(workbook))
        _invoke("import", str(workbook), "--modele-mapping", "--mapping", str(mapping))
        _invoke(
            "import", "-f", "tableur", str(workbook), "--mapping", str(mapping), "--into", str(into)
        )
        before, after = _index(source), _index(into / "register")

    def pilot(index: RegisterIndex, action: Action) -> str | None:
        actor: Acteur | None = index.acteur(action.pilote)
        return actor.nom if actor else None

    imported = {a.titre: a for _, a in after.iter_actions()}
    assert len(imported) == len(drawn)
    for _, old in before.iter_actions():
        new = imported[_as_imported(old.titre) or ""]
        assert new.description == _as_imported(old.description)
        assert (new.statut, new.priorite) == (old.statut, old.priorite)
        assert (new.date_debut, new.date_fin) == (old.date_debut, old.date_fin)
        assert new.secteurs == old.secteurs
        assert pilot(after, new) == pilot(before, old)
