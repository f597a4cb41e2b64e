"""`pcaet collecte integrer`: the returned workbooks read (hostile input: through the
bounded readers of `io.sources`), every cell checked, and the answers applied in place to
the register's YAML files.

The big workbook of `pcaet export --format xlsx` is read the same way (its stamps say
which it is): the cells of its actions sheet that are plain values of the action, shown
one to one, are carried back; a change to any other column is reported, not applied.

Nothing is written while a single value is invalid or a single action changed in the
register since its workbook was made (its digest differs), unless the caller asks to
apply the valid rest. Every problem names the workbook, the sheet and the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pcaet_cli.collecte import big_workbook
from pcaet_cli.collecte import cells as C
from pcaet_cli.collecte.returned import Change, Problem, Reader, Returned
from pcaet_cli.collecte.yamledit import edit_text, touched_keys
from pcaet_cli.edit.fmt import comments
from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import atomic_write, check_name, inside
from pcaet_cli.io.yamlwrite import register_file
from pcaet_cli.model import Action
from pcaet_cli.register.discovery import display
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import validate
from pcaet_cli.register.yamlfile import parse


@dataclass(slots=True)
class FileChange:
    path: Path
    shown: str
    before: str | None
    """None for a new file (a proposed action)."""
    after: str
    changes: list[str]


@dataclass(slots=True)
class Integration:
    workbooks: list[Returned]
    problems: list[Problem]
    files: list[FileChange]
    applied: dict[str, list[str]] = field(default_factory=dict)
    """Workbook name → identifiers of the actions changed or created from it."""
    notices: list[Problem] = field(default_factory=list)


# --- all workbooks ----------------------------------------------------------------------


def _cross_conflicts(workbooks: list[Returned]) -> tuple[list[Problem], set[str]]:
    """Two workbooks (or two rows) setting the same value differently: the problems and
    the cells left out."""
    seen: dict[tuple[Any, ...], Change] = {}
    problems = []
    blocked: set[str] = set()
    for book in workbooks:
        for change in book.changes:
            if change.slot is None:
                continue
            first = seen.setdefault(change.slot, change)
            if first is not change and first.value != change.value:
                blocked.update((first.where, change.where))
                problems.append(
                    Problem(
                        change.where,
                        f"« {C.shown(change.value)} » contredit « {C.shown(first.value)} » "
                        f"({first.where}) ; gardez une seule réponse",
                    )
                )
    return problems, blocked


def _check_file(shown: str, before: str, after: str, touched: set[str]) -> str | None:
    """Why the edited text must not be written, or None."""
    old = parse(before.encode("utf-8"), shown)
    new = parse(after.encode("utf-8"), shown)
    if not isinstance(new.data, dict) or not isinstance(old.data, dict):
        return "le fichier modifié ne se relit plus"
    for key in set(old.data) | set(new.data):
        if key not in touched and old.data.get(key) != new.data.get(key):
            return f"la modification changerait aussi « {key} »"
    model, diags, _ = validate(new, Action, shown)
    if model is None or diags:
        reason = diags[0].message if diags else "fiche illisible"
        return f"la fiche modifiée serait invalide ({reason})"
    if sorted(comments(after)) != sorted(comments(before)):
        return "la modification perdrait ou déplacerait un commentaire"
    return None


def integrate(index: RegisterIndex, root: Path, paths: list[Path]) -> Integration:
    """Read every workbook and compute the new texts of the valid answers; nothing is
    written here. The caller writes nothing when `problems` is not empty, unless told
    to apply the rest."""
    taken: set[str] = set()
    books: list[Returned] = []
    problems: list[Problem] = []
    notices: list[Problem] = []
    names: dict[str, Path] = {}
    rendered: dict[tuple[date, str], big_workbook.Exported] = {}

    def exported(made_on: date, title: str) -> big_workbook.Exported:
        if (made_on, title) not in rendered:
            rendered[made_on, title] = big_workbook.render_sheet(index, made_on, title)
        return rendered[made_on, title]

    for path in paths:
        if path.name in names and names[path.name] != path.resolve():
            raise PcaetError(f"deux classeurs portent le nom {path.name} : renommez l'un d'eux")
        names[path.name] = path.resolve()
        reader = Reader(index, path, taken)
        if reader.stamp.kind == "registre":
            book = big_workbook.read(reader, exported)
        else:
            book = reader.run()
        books.append(book)
        problems.extend(book.problems)
        notices.extend(book.notices)
    cross, blocked = _cross_conflicts(books)
    problems.extend(cross)

    by_action: dict[str, list[Change]] = {}
    applied: dict[str, list[str]] = {}
    for book in books:
        for change in book.changes:
            if change.action in book.conflicts or change.where in blocked:
                continue
            if change.slot is not None and any(
                c.slot == change.slot for c in by_action.get(change.action, [])
            ):
                continue  # the same value from another workbook
            by_action.setdefault(change.action, []).append(change)
            applied.setdefault(book.path.name, [])
            if change.action not in applied[book.path.name]:
                applied[book.path.name].append(change.action)

    files = _edited_files(index, by_action, problems)
    for book in books:
        for proposal in book.proposals:
            check_name(proposal.ident, proposal.where)
            path = inside(root, f"actions/{proposal.ident}.yaml")
            data = {k: v for k, v in proposal.data.items() if v is not None}
            text = register_file(
                "actions",
                data,
                f"Proposée par {book.stamp.name} lors de la collecte du "
                f"{C.shown(book.stamp.made_on)} ({book.path.name}).",
            )
            reason = _check_new(path, text)
            if reason is not None:
                problems.append(Problem(proposal.where, reason))
                continue
            files.append(
                FileChange(
                    path,
                    display(path),
                    None,
                    text,
                    [f"nouvelle action proposée ({proposal.where})"],
                )
            )
            applied.setdefault(book.path.name, []).append(proposal.ident)
    return Integration(books, problems, files, applied, notices)


def _edited_files(
    index: RegisterIndex, by_action: dict[str, list[Change]], problems: list[Problem]
) -> list[FileChange]:
    """Each action's file with its changes applied, checked; a file that cannot take
    them is a problem instead."""
    files: list[FileChange] = []
    for ident in sorted(by_action):
        doc = index.actions[ident]
        changes = by_action[ident]
        try:
            before = doc.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            problems.append(Problem(doc.display, "fiche illisible : rien n'y est écrit", True))
            continue
        edits = [c.edit for c in changes]
        try:
            after = edit_text(before, edits)
            reason = _check_file(doc.display, before, after, touched_keys(edits))
        except PcaetError as exc:
            reason = str(exc)
        if reason is not None:
            problems.append(Problem(doc.display, reason))
            continue
        files.append(
            FileChange(
                doc.path, doc.display, before, after, [f"{c.shown}  ({c.where})" for c in changes]
            )
        )
    return files


def _check_new(path: Path, text: str) -> str | None:
    if path.exists() or path.is_symlink():
        return f"{path.name} existe déjà"
    source = parse(text.encode("utf-8"), path.name)
    model, diags, _ = validate(source, Action, path.name)
    if model is None or diags:
        return f"action proposée invalide ({diags[0].message if diags else 'illisible'})"
    return None


def write(result: Integration) -> None:
    """Every file, atomically, each only after all were checked."""
    for change in result.files:
        atomic_write(change.path, change.after)
