"""A register file's bytes as text: UTF-8 is the only encoding read without a finding;
a byte order mark, Windows-1252 or Latin-1 text, UTF-16 and binary files are findings
(Y003, Y004) with a line and a column."""

from __future__ import annotations

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic


def _diag(
    path: str, code: str, message: str, line: int, column: int, hint: str | None = None
) -> Diagnostic:
    return diagnostic(code, path, line, column, message, hint)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode a file's bytes; UTF-8 is the only encoding accepted without a finding."""
    diags: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        diags.append(
            _diag(
                path,
                "Y004",
                "le fichier commence par une marque d'ordre d'octets (BOM)",
                1,
                1,
                "réenregistrez-le en « UTF-8 sans BOM » (option de l'éditeur)",
            )
        )
    if raw.startswith(_UTF16_BOMS) or b"\x00" in raw:
        diags.append(
            _diag(
                path,
                "Y003",
                "fichier binaire ou encodé en UTF-16 : illisible comme YAML",
                1,
                1,
                "réenregistrez le fichier en texte UTF-8",
            )
        )
        return None, diags
    try:
        return raw.decode("utf-8"), diags
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        diags.append(
            _diag(
                path,
                "Y003",
                f"le fichier n'est pas en UTF-8 (octet 0x{raw[exc.start]:02X} illisible) : "
                "probablement Latin-1 ou Windows-1252",
                line,
                column,
                "réenregistrez le fichier en UTF-8 ; la suite est lue en Windows-1252",
            )
        )
        # Windows-1252 decodes every byte an office tool is likely to have written, so the
        # rest of the file can still be checked.
        return raw.decode("cp1252", errors="replace"), diags
