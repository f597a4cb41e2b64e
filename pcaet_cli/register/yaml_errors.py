"""The YAML parsers' errors in French, placed where an editor shows them: what libyaml
and ruamel's pure parser say (in English, at a mark), turned into a Y001 diagnostic
with what to do."""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError, YAMLError

import pcaet_cli.register.codes  # noqa: F401  (declares the codes emitted here)
from pcaet_cli.diagnostic import Diagnostic, diagnostic
from pcaet_cli.register.positions import Locator, split_lines

# (text found in the parser's problem or context, French message, what to do, whether
# the context mark — where the construct opened — is the better position)
_PARSER_MESSAGES: tuple[tuple[str, str, str, bool], ...] = (
    (
        "tab character",
        "tabulation dans l'indentation",
        "indentez avec des espaces, jamais des tabulations",
        False,
    ),
    (
        "duplicate anchor",
        "ancre « & » définie deux fois",
        "donnez un nom unique à chaque ancre",
        False,
    ),
    (
        "expected alphabetic or numeric character",
        "« & » ou « * » en début de valeur : YAML y lit une ancre ou un alias",
        "mettez la valeur entre guillemets",
        False,
    ),
    (
        "found undefined alias",
        "alias « * » sans ancre « & » correspondante",
        "mettez la valeur entre guillemets si « * » fait partie du texte",
        False,
    ),
    (
        "hexdecimal number",
        "séquence d'échappement invalide entre guillemets doubles (\\x, \\u…)",
        "doublez la barre oblique inverse (C:\\\\dossier) ou utilisez des guillemets simples",
        False,
    ),
    (
        "unknown escape character",
        "séquence d'échappement inconnue entre guillemets doubles",
        "doublez la barre oblique inverse ou utilisez des guillemets simples",
        False,
    ),
    (
        "document indicator",
        "« --- » ou « ... » en début de ligne dans un texte",
        "indentez les lignes suivantes du texte, ou écrivez-le en bloc avec « | »",
        False,
    ),
    (
        "directive",
        "« % » en début de ligne : YAML y lit une directive",
        "mettez la valeur entre guillemets ou indentez la ligne",
        False,
    ),
    (
        "cannot start any token",
        "caractère inattendu (souvent une tabulation, ou un @ ou ` en début de valeur)",
        "indentez avec des espaces ; mettez entre guillemets une valeur qui commence par @ ou `",
        False,
    ),
    (
        "mapping values are not allowed",
        "« : » inattendu : une valeur contient « : » ou une clé est mal indentée",
        "mettez la valeur entre guillemets ou corrigez l'indentation",
        False,
    ),
    (
        "found unexpected ':'",
        "« : » inattendu dans une liste ou une table entre crochets",
        "mettez la valeur entre guillemets",
        False,
    ),
    (
        "could not find expected ':'",
        "« : » manquant après une clé",
        "écrivez « clé: valeur » ; une valeur sur plusieurs lignes s'écrit avec « | »",
        True,
    ),
    (
        "did not find expected ',' or ']'",
        "liste entre crochets non fermée",
        "fermez la liste avec « ] »",
        True,
    ),
    ("expected ',' or ']'", "liste entre crochets non fermée", "fermez la liste avec « ] »", True),
    (
        "did not find expected ',' or '}'",
        "table entre accolades non fermée",
        "fermez la table avec « } »",
        True,
    ),
    ("expected ',' or '}'", "table entre accolades non fermée", "fermez la table avec « } »", True),
    (
        "did not find expected node content",
        "valeur attendue (virgule ou crochet en trop ?)",
        "retirez le séparateur en trop, ou mettez la valeur entre guillemets",
        False,
    ),
    (
        "expected the node content",
        "valeur attendue (virgule ou crochet en trop ?)",
        "retirez le séparateur en trop, ou mettez la valeur entre guillemets",
        False,
    ),
    (
        "unexpected end of stream",
        "fin de fichier inattendue : guillemet ou crochet non fermé",
        "fermez la chaîne entre guillemets ou la liste",
        True,
    ),
    (
        "found another document",
        "plusieurs documents dans un fichier (« --- »)",
        "un fichier décrit une seule entité : retirez le second document ou scindez le fichier",
        False,
    ),
    (
        "did not find expected key",
        "indentation incohérente : clé attendue",
        "alignez les clés d'une même table sur la même colonne",
        False,
    ),
    (
        "expected <block end>",
        "indentation incohérente",
        "alignez les clés d'une même table, et les « - » d'une même liste, sur la même colonne",
        False,
    ),
    (
        "did not find expected '-' indicator",
        "élément de liste attendu (« - ») ou indentation incohérente",
        "alignez les éléments d'une liste sur la même colonne",
        False,
    ),
    (
        "block sequence entries are not allowed",
        "élément de liste « - » mal placé",
        "passez à la ligne et indentez la liste sous sa clé",
        False,
    ),
)
_SECOND_OCCURRENCE = re.compile(r"second occurrence\s+in [^\n]*?line (\d+), column (\d+)")
# A quoted value followed by more text: 'l'été' or "Covoiturage" phase 2.
_TEXT_AFTER_QUOTES = re.compile(r"""^[^#'"]*?:\s+(['"])(?:(?!\1).)*\1[ \t]*[^\s#]""")


def _translate(problem: str, context: str, line_text: str) -> tuple[str, str, bool]:
    if _TEXT_AFTER_QUOTES.match(line_text):
        return (
            "texte après une valeur entre guillemets",
            "dans des guillemets simples, doublez l'apostrophe ('l''été') ; sinon mettez "
            "toute la valeur entre guillemets",
            False,
        )
    both = f"{problem} {context}"
    for needle, message, hint, prefer_context in _PARSER_MESSAGES:
        if needle in both:
            return message, hint, prefer_context
    return "syntaxe YAML invalide", "vérifiez l'indentation, les guillemets et les « : »", False


def marked_error(
    exc: MarkedYAMLError, text: str, locator: Locator, path: str, pure: bool
) -> Diagnostic:
    problem, context = str(exc.problem or ""), str(exc.context or "")
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    lines = split_lines(text)
    around = {locator.mark(m)[0] for m in marks}
    suspect = next(
        (
            lines[n - 1]
            for n in sorted(around)
            if 0 < n <= len(lines) and _TEXT_AFTER_QUOTES.match(lines[n - 1])
        ),
        "",
    )
    message, hint, prefer_context = _translate(problem, context, suspect)
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and (
        prefer_context or mark is None or locator.mark(mark)[0] > locator.last_line
    ):
        mark = exc.context_mark
    line, column = locator.mark(mark) if mark is not None else (1, 1)
    if line > max(locator.last_line, 1):
        # The parser noticed at the end of the stream: point at the end of the last line.
        line = max(locator.last_line, 1)
        column = len(lines[line - 1]) + 1 if lines else 1
    if pure and "escape" in problem and column > 1:
        column -= 1  # the pure scanner marks the character after the backslash
    return diagnostic("Y001", path, line, column, message, hint)


def reader_error(exc: YAMLError, text: str, locator: Locator, path: str, pure: bool) -> Diagnostic:
    # A control character: libyaml gives a byte offset into the UTF-8 text, the pure
    # reader a character offset.
    position = getattr(exc, "position", None)
    index = position if isinstance(position, int) else 0
    if not pure:
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    line, column = locator.index(index)
    return diagnostic(
        "Y001",
        path,
        line,
        column,
        "caractère de contrôle interdit dans un fichier YAML",
        "supprimez le caractère invisible (copié-collé depuis un tableur ?)",
    )


def reused_anchor(warning: Warning, path: str) -> Diagnostic:
    # The warning's text is the only place the pure parser names the position.
    where = _SECOND_OCCURRENCE.search(str(warning))
    line, column = (int(where[1]), int(where[2])) if where else (1, 1)
    return diagnostic(
        "Y001",
        path,
        line,
        column,
        "ancre « & » définie deux fois",
        "donnez un nom unique à chaque ancre",
    )


_VERSION = re.compile(r"^%YAML[ \t]+(\d+)\.(\d+)", re.MULTILINE)


def version_directive(text: str, path: str, diags: list[Diagnostic]) -> tuple[str, bool]:
    """The text to parse, and whether the file is refused, after its `%YAML` directive.
    YAML 1.2 says a processor warns on a later 1.x and reads on; the parser only knows
    1.1 and 1.2, so the digits are rewritten to 1.2 (same length: positions hold)."""
    if "%YAML" not in text:
        return text, False
    found = _VERSION.search(text)
    if found is None:
        return text, False
    major, minor = int(found[1]), int(found[2])
    line = text.count("\n", 0, found.start()) + 1
    version = f"{found[1]}.{found[2]}"
    if major != 1:
        diags.append(
            diagnostic(
                "Y005",
                path,
                line,
                1,
                f"version YAML {version} non prise en charge : le fichier n'est pas lu",
                "retirez la ligne « %YAML » : le registre s'écrit en YAML 1.2",
            )
        )
        return text, True
    if minor <= 2:
        return text, False
    diags.append(
        diagnostic(
            "Y009",
            path,
            line,
            1,
            f"version YAML {version} inconnue : le fichier est lu comme du YAML 1.2",
            "retirez la ligne « %YAML » ou écrivez « %YAML 1.2 »",
        )
    )
    start, end = found.start(1), found.end(2)
    return text[:start] + "1.2".ljust(end - start) + text[end:], False
