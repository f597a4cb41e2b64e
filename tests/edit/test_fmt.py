"""`pcaet fmt`: canonical, idempotent, never a value changed nor a comment lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.edit.fmt import FormatRefused, comments, format_register, format_text
from pcaet_cli.register.yamlfile import parse
from tests.conftest import EXAMPLE, WriteRegister
from tests.profiles import examples

runner = CliRunner()


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_shipped_example_register_is_canonical() -> None:
    # Canonical: formatting it would rewrite nothing, byte for byte (--check compares
    # each file with its formatting), which is also what a second run over a formatted
    # register must do; each file names its schema for the editors.
    result = runner.invoke(app, ["fmt", "--check", str(EXAMPLE)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    files = sorted(EXAMPLE.glob("*/*.yaml"))
    assert len(files) > 100
    assert all(
        path.read_bytes().startswith(b"# yaml-language-server: $schema=../../schemas/")
        for path in files
    )


@pytest.fixture
def small_copy(tmp_path: Path) -> Path:
    """Part of the example, canonical files of three kinds: what --check and --dry-run
    show needs none of its hundred actions and actors (two seconds to format)."""
    target = tmp_path / "register"
    for folder in ("plans", "territoires"):
        shutil.copytree(EXAMPLE / folder, target / folder)
    (target / "acteurs").mkdir()
    for name in (
        "pcaet.toml",
        "acteurs/claire-martineau.yaml",
        "acteurs/petr-dir-transitions.yaml",
    ):
        shutil.copy(EXAMPLE / name, target / name)
    return target


def test_check_lists_files_and_writes_nothing(small_copy: Path) -> None:
    path = small_copy / "acteurs" / "claire-martineau.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    poste = next(line for line in lines if line.startswith("poste:"))
    lines.remove(poste)
    lines.insert(1, poste)  # before `nom`: not the model's order
    path.write_text("".join(lines), encoding="utf-8")
    before = _snapshot(small_copy)
    result = runner.invoke(app, ["fmt", "--check", str(small_copy)])
    assert result.exit_code == 1
    assert "claire-martineau.yaml" in result.stdout
    assert _snapshot(small_copy) == before
    dry = runner.invoke(app, ["fmt", "--dry-run", str(small_copy)])
    assert dry.exit_code == 0
    assert "claire-martineau.yaml" in dry.stdout
    assert "+poste: Chargée de mission plan climat-air-énergie" in dry.stdout
    assert _snapshot(small_copy) == before
    # Written: only the file out of order changes, and a second run changes nothing.
    assert runner.invoke(app, ["fmt", str(small_copy)]).exit_code == 0
    after = _snapshot(small_copy)
    assert {p for p in after if after[p] != before[p]} == {path}
    assert runner.invoke(app, ["fmt", str(small_copy)]).exit_code == 0
    assert _snapshot(small_copy) == after


def test_reordering_moves_comments_with_their_key() -> None:
    text = (
        "# yaml-language-server: $schema=../../schemas/acteur.schema.json\n"
        "nom: Claire\n"
        "poste: Chargée de mission\n"
        "# Rattachée au DGS : un seul niveau.\n"
        "rattache_a: dgs  # directement\n"
        "inconnue: 1\n"
        "type: personne\n"
        "# fin du fichier\n"
    )
    out = format_text(text, "acteurs")
    assert out == (
        "# yaml-language-server: $schema=../../schemas/acteur.schema.json\n"
        "nom: Claire\n"
        "type: personne\n"
        "# Rattachée au DGS : un seul niveau.\n"
        "rattache_a: dgs  # directement\n"
        "poste: Chargée de mission\n"
        "inconnue: 1\n"
        "# fin du fichier\n"
    )
    assert format_text(out, "acteurs") == out


def test_conventions_schema_line_quotes_lists_and_nested_order() -> None:
    text = (
        "titre: 'Vélo : 35 km'\n"
        "pilote: 'svc-mobilite'\n"
        "polluants:\n"
        "    - NOx\n"
        "    - 'PM2,5'\n"
        "partenaires: [" + ", ".join(f"partenaire-numero-{i:02d}" for i in range(8)) + "]\n"
        "financements:\n"
        "    - montant: 1000\n"
        "      financeur: ademe\n"
    )
    out = format_text(text, "actions")
    lines = out.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schemas/action.schema.json"
    assert 'titre: "Vélo : 35 km"' in lines
    assert "pilote: svc-mobilite" in lines
    assert 'polluants: [NOx, "PM2,5"]' in lines
    assert "partenaires:" in lines and "  - partenaire-numero-07" in lines
    assert "  - financeur: ademe" in lines and "    montant: 1000" in lines
    assert out.index("polluants") < out.index("pilote") < out.index("partenaires")


def test_unreadable_file_is_left_untouched(write_register: WriteRegister) -> None:
    bad = "titre: [non fermé\n  pilote: x\n"
    root = write_register(
        {"actions/mob-01.yaml": bad, "actions/mob-02.yaml": "pilote: x\ntitre: T\n"}
    )
    check = runner.invoke(app, ["fmt", "--check"])
    assert check.exit_code == 1
    assert "mob-01.yaml" in check.stderr and "laissé tel quel" in check.stderr
    result = runner.invoke(app, ["fmt"])
    assert result.exit_code == 1
    assert (root / "actions" / "mob-01.yaml").read_text(encoding="utf-8") == bad
    assert (
        (root / "actions" / "mob-02.yaml")
        .read_text(encoding="utf-8")
        .endswith("titre: T\npilote: x\n")
    )
    with pytest.raises(FormatRefused):
        format_text(bad, "actions")


def test_file_over_the_size_limit_is_not_read(write_register: WriteRegister) -> None:
    # As lint (Y008): a file over `taille-max-fichier` is neither read nor formatted.
    big = "pilote: x\ntitre: " + "x" * 5000 + "\n"
    root = write_register(
        {
            "pcaet.toml": '[registre]\nnom = "Essai"\ntaille-max-fichier = 1000\n',
            "actions/mob-01.yaml": big,
            "actions/mob-02.yaml": "pilote: x\ntitre: T\n",
        }
    )
    check = runner.invoke(app, ["fmt", "--check"])
    assert check.exit_code == 1
    assert "mob-01.yaml : laissé tel quel, trop gros (5018 octets)" in check.stderr
    result = runner.invoke(app, ["fmt", "actions/mob-01.yaml"])
    assert result.exit_code == 1
    assert (root / "actions" / "mob-01.yaml").read_text(encoding="utf-8") == big
    assert runner.invoke(app, ["fmt"]).exit_code == 1
    assert (root / "actions" / "mob-01.yaml").read_text(encoding="utf-8") == big
    assert (root / "actions" / "mob-02.yaml").read_text(encoding="utf-8").endswith("pilote: x\n")


def test_files_outside_kind_folders_are_not_touched(write_register: WriteRegister) -> None:
    other = "b: 1\na: 2\n"
    root = write_register({"notes/autre.yaml": other})
    assert runner.invoke(app, ["fmt"]).exit_code == 0
    assert (root / "notes" / "autre.yaml").read_text(encoding="utf-8") == other
    assert format_register([root]).files == []


def test_missing_register_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["fmt"])
    assert result.exit_code == 2
    assert "aucun registre" in result.stderr


# --- property: generated action files ------------------------------------------------------

_WORDS = st.sampled_from(
    ["vélo", "Brume", "PM2,5", "a: b", "#1", "it's", "2.1", "200066314", "oui", "null", "x y"]
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_REF = st.from_regex(r"[a-z]{2,6}-[0-9]{2}", fullmatch=True)


def _scalar(draw: st.DrawFn, value: str) -> str:
    style = draw(st.sampled_from(["plain", "double", "single"]))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "plain" and value.replace("-", "").isalnum() and value[0].isalpha():
        return value
    return json.dumps(value, ensure_ascii=False)


@st.composite
def action_files(draw: st.DrawFn) -> str:
    entries: list[str] = []
    entries.append(f"titre: {_scalar(draw, draw(_TEXT))}")
    if draw(st.booleans()):
        entries.append(f"pilote: {_scalar(draw, draw(_REF))}")
    if draw(st.booleans()):
        entries.append(f"statut: {draw(st.sampled_from(['En cours', 'Réalisé']))}")
    refs = draw(st.lists(_REF, max_size=12))
    if refs:
        opening = "  # ouverture" if draw(st.booleans()) else ""
        if draw(st.booleans()):
            entries.append("partenaires: [" + ", ".join(refs) + "]" + opening)
        else:
            items = [
                (f"  # entre {i}\n" if draw(st.booleans()) else "")
                + f"  - {r}"
                + (f"  # note {i}" if draw(st.booleans()) else "")
                for i, r in enumerate(refs)
            ]
            entries.append(f"partenaires:{opening}\n" + "\n".join(items))
    if draw(st.booleans()):
        entries.append(
            "budget:\n  - {type: investissement, prevu: 1000}\n"
            "  - prevu: 5\n    type: fonctionnement"
        )
    if draw(st.booleans()):
        entries.append(f"description: |\n  {draw(_TEXT)}\n  # pas un commentaire")
    if draw(st.booleans()):
        entries.append(f"cle_inconnue: {_scalar(draw, draw(_TEXT))}")
    order = draw(st.permutations(entries))
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("# yaml-language-server: $schema=../../schemas/action.schema.json")
    for i, entry in enumerate(order):
        if draw(st.booleans()):
            lines.append(f"# avant {i}")
        if draw(st.booleans()) and "\n" not in entry:
            entry += f"  # fin {i}"
        lines.append(entry)
    if draw(st.booleans()):
        lines.append("# fin du fichier")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(action_files())
# Found by hypothesis: comment lines opening a list went to the key after the list.
@example("titre: T\npartenaires:  # ouverture\n  # entre 0\n  - aa-00\npilote: aa-00\n")
def test_format_is_idempotent_and_keeps_values_and_comments(text: str) -> None:
    out = format_text(text, "actions")
    assert parse(out.encode(), "a").data == parse(text.encode(), "b").data
    schema = "# yaml-language-server: $schema=../../schemas/action.schema.json"
    assert out.startswith(schema + "\n")
    added = [] if text.startswith(schema) else [schema]
    assert sorted(comments(out)) == sorted([*comments(text), *added])
    assert format_text(out, "actions") == out


def test_one_file_given_and_byte_order_mark_removed(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "actions/mob-01.yaml": b"\xef\xbb\xbfpilote: x\ntitre: T\n",
            "actions/mob-02.yaml": "pilote: y\ntitre: U\n",
        }
    )
    result = runner.invoke(app, ["fmt", "actions/mob-01.yaml"])
    assert result.exit_code == 0, result.output
    assert (root / "actions" / "mob-01.yaml").read_bytes() == (
        b"# yaml-language-server: $schema=../../schemas/action.schema.json\ntitre: T\npilote: x\n"
    )
    assert (root / "actions" / "mob-02.yaml").read_text(encoding="utf-8").startswith("pilote")
