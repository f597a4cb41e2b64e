"""The rows of a Territoires en Transitions workbook as the importer reads them: the
template's sheet found (A2 reads « Axe (x) »), each data row with its cells by column and
its axis path, the template's own instruction and example rows told apart, and the
tree of axes (TeT knows an axis by its path of cell texts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pcaet_cli.io import tet_template as tet
from pcaet_cli.io.import_values import clean, split_list
from pcaet_cli.textmatch import fold

# The wording of the instruction rows of a template (« Texte libre », « Liste déroulante »,
# « JJ/MM/AAAA »…), and the opening of its example rows.
_INSTRUCTION = re.compile(
    r"\b(texte libre|liste deroulante|choisir dans la liste|a choisir|a renseigner|"
    r"jj/mm/aaaa|saisir|saisie libre|instructions?|champ obligatoire|facultatif|"
    r"separes? par des virgules|nombre entier|format date)\b"
)
_EXAMPLE = re.compile(r"^(exemple|ex\s*:|ex\.)")
LEVELS = ("axe", "sous_axe", "sous_sous_axe")


@dataclass(slots=True)
class Axis:
    code: str
    titre: str
    children: dict[str, Axis] = field(default_factory=dict)
    """Sub-axes by the text of their cell: TeT knows an axis by its path of texts."""

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "titre": self.titre,
            "sous_axes": [c.as_data() for c in self.children.values()],
        }


@dataclass(slots=True)
class Row:
    """One data row: its non-blank cells by field key, as read (dates and numbers keep
    their type) and as text."""

    source: str
    values: dict[str, Any]
    text: dict[str, str]
    ident: str = ""
    code: str = ""

    @classmethod
    def read(cls, number: int, cells: list[Any], columns: dict[int, str]) -> Row:
        values = {key: cells[i] for i, key in columns.items() if i < len(cells) and clean(cells[i])}
        return cls(f"ligne {number}", values, {k: clean(v) for k, v in values.items()})

    def names(self, key: str) -> list[str]:
        """The items of a list cell (commas inside quotes or parentheses do not split)."""
        return split_list(self.text.get(key, ""))

    @property
    def axis_path(self) -> list[str]:
        """TeT's axis path: the non-empty axis cells, a missing level skipped (a « Sous-sous
        axe » without « Sous-axe » is a sub-axis of the axis)."""
        return [" ".join(self.text[k].split()) for k in LEVELS if k in self.text]

    @property
    def titre(self) -> str:
        return " ".join(self.text.get("titre", "").split())

    @property
    def sous_action(self) -> str:
        return " ".join(self.text.get("sous_action", "").split())

    @property
    def key(self) -> str:
        """TeT's key of the action the row is, or of a sub-action's parent."""
        return tet.action_key(self.axis_path, self.titre)


def find_sheet(sheets: list[list[list[Any]]]) -> list[list[Any]] | None:
    for rows in sheets:
        if len(rows) >= 2 and rows[1] and fold(clean(rows[1][0])) == fold("Axe (x)"):
            return rows
    return None


def template_row(values: dict[str, str]) -> str | None:
    """Why a row is one of a template's instruction or example rows (None if it is
    not), wherever it stands: its title or axis cell opens with « Exemple », or two of
    its cells hold the template's instruction wording and its title is no title."""
    titre = fold(values.get("titre", ""))
    if _EXAMPLE.match(titre) or _EXAMPLE.match(fold(values.get("axe", ""))):
        return "ligne d'exemple du modèle (« Exemple… »), rien à reprendre"
    worded = [text for text in values.values() if _INSTRUCTION.search(fold(text))]
    if len(worded) >= 2 and (not titre or _INSTRUCTION.search(titre)):
        shown = ", ".join(f"« {w[:30]} »" for w in worded[:3])
        return f"ligne d'instructions du modèle ({shown}), rien à reprendre"
    return None


def next_code(axes: dict[str, Axis], parent_code: str) -> str:
    """One more than the number of `axes`, past any number a numbered cell took."""
    taken = {axis.code for axis in axes.values()}
    number = len(axes) + 1
    while (code := f"{parent_code}.{number}".lstrip(".")) in taken:
        number += 1
    return code
