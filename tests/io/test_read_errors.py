"""Files that cannot be read are explained in French: json's, csv's, zipfile's, openpyxl's
and expat's English never reaches the officer, and the reason says where it went wrong."""

from __future__ import annotations

import errno
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.errors import os_reason
from tests.cli.test_french_everywhere import english_in
from tests.security.test_inputs import ods_file, rewrite, tet_ods_rows, tet_workbook

runner = CliRunner()

# What the libraries say, which english_in's general list does not all cover.
LIBRARY_ENGLISH = re.compile(
    r"Expecting|Unterminated|Extra data|zip file|Unable|CRC|no item|not well-formed"
    r"|No such|Permission|denied|directory|error",
    re.IGNORECASE,
)


def _refusal(path: Path, *options: str) -> str:
    result = runner.invoke(app, ["import", str(path), "--dry-run", *options])
    assert result.exit_code == 2, result.output
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("pcaet : erreur : ")]
    assert str(path) in line, line
    said = line.replace(str(path), "")  # the test's folder is named in English
    assert not english_in(said) and not LIBRARY_ENGLISH.search(said), line
    return line


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "un nom de champ entre guillemets doubles est attendu, ligne 1, colonne 2"),
        ('{"format":\n  }', "une valeur est attendue, ligne 2, colonne 3"),
        ('{"a" 1}', "un « : » est attendu, ligne 1, colonne 6"),
        ("[1 2]", "une « , » est attendue, ligne 1, colonne 4"),
        ('{"a": "b', "un texte ouvert n'est pas fermé, ligne 1, colonne 7"),
        ('{"a": 1} x', "du texte suit la fin du document, ligne 1, colonne 10"),
        ('["\\q"]', "séquence d'échappement invalide, ligne 1, colonne 3"),
        ('["\\u12"]', "séquence \\u invalide, ligne 1, colonne 4"),
        ('["a\tb"]', "caractère de contrôle dans un texte, ligne 1, colonne 4"),
    ],
)
def test_json_syntax_errors_say_what_and_where(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "registre.json"
    path.write_text(text, encoding="utf-8")
    line = _refusal(path, "--format", "json")
    assert f"JSON illisible ({reason})" in line


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_a_file_that_is_no_archive(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"ceci n'est pas un classeur")
    line = _refusal(path)
    assert "classeur illisible (ce n'est pas une archive de classeur" in line


def test_an_archive_without_the_parts_of_a_workbook(tmp_path: Path) -> None:
    path = _zip(tmp_path / "plan.xlsx", {"notes.txt": b"rien"})
    line = _refusal(path)
    assert "classeur illisible (il y manque « [Content_Types].xml »)" in line


def test_a_damaged_part(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "plan.xlsx")
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    path = _zip(tmp_path / "abime.xlsx", parts)  # stored: the bytes are in the file as is
    raw = bytearray(path.read_bytes())
    at = raw.index(b"<workbookPr") + 1
    raw[at] = ord("W")  # the checksum no longer matches
    path.write_bytes(bytes(raw))
    line = _refusal(path)
    assert "classeur illisible (« xl/workbook.xml » est endommagé)" in line


def test_a_sheet_that_is_not_xml(tmp_path: Path) -> None:
    source = tet_workbook(tmp_path / "plan.xlsx")
    rewrite(source, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</row>", "</rang>", 1))
    line = _refusal(source)
    assert re.search(
        r"classeur illisible \(XML invalide, ligne 1, colonne \d+\) ; réenregistrez", line
    )


def test_an_ods_whose_content_is_not_xml(tmp_path: Path) -> None:
    source = ods_file(tmp_path / "plan.ods", tet_ods_rows())
    rewrite(source, "content.xml", lambda xml: xml.replace("</table:table>", "", 1))
    line = _refusal(source)
    assert re.search(r"classeur illisible \(XML invalide, ligne 1, colonne \d+\)", line)


def test_the_system_s_reasons_are_french(tmp_path: Path) -> None:
    with pytest.raises(OSError) as missing:
        (tmp_path / "absent").read_text()
    assert os_reason(missing.value) == "introuvable"
    with pytest.raises(OSError) as folder:
        tmp_path.read_text()
    assert os_reason(folder.value) == "c'est un dossier"
    # A reason pcaet gave itself is kept; an errno without a French word is named.
    assert (
        os_reason(OSError(errno.EINVAL, "pas un fichier ordinaire")) == "pas un fichier ordinaire"
    )
    assert os_reason(OSError(errno.EHOSTDOWN, "Host is down")) == "erreur du système EHOSTDOWN"
    assert os_reason(OSError("sans numéro")) == "erreur du système"
