"""Comparing two states of a register: entities added, removed, renamed and changed,
then what the change does to the headline figures of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pcaet_cli.diagnostic import Diagnostic
from pcaet_cli.french import euros
from pcaet_cli.git import Commit
from pcaet_cli.model.vocab import DOMAINE_LABELS, TypePlan
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.reports.key_figures import key_figures
from pcaet_cli.reports.totals import budget_totals
from pcaet_cli.review.changes import FieldChange, Names, field_changes
from pcaet_cli.review.snapshot import Entity, Snapshot

KIND_NAMES = {
    "territoires": "territoire",
    "acteurs": "acteur",
    "plans": "plan",
    "actions": "action",
}
KIND_ORDER = ("actions", "acteurs", "plans", "territoires")


@dataclass(frozen=True, slots=True)
class EntityRef:
    kind: str
    id: str
    path: str
    title: str | None


@dataclass(frozen=True, slots=True)
class Renamed:
    kind: str
    old_id: str
    new_id: str
    old_path: str
    new_path: str


@dataclass(frozen=True, slots=True)
class Changed:
    kind: str
    id: str
    path: str
    title: str | None
    changes: list[FieldChange]
    old_path: str | None = None
    """The previous path when the file moved (a register moved between folders)."""


@dataclass(frozen=True, slots=True)
class Unreadable:
    kind: str
    id: str
    path: str
    side: str
    """"avant", "après" or "les deux"."""


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    before: str
    after: str
    raw_before: Any
    raw_after: Any


@dataclass(frozen=True, slots=True)
class Coverage:
    plan: str
    nom: str
    opened: list[str]
    """Sectors and strategic domains no action covers any more."""
    closed: list[str]
    """Sectors and domains covered now that were not before."""


@dataclass(slots=True)
class DiffResult:
    before: str
    after: str
    folder_before: str
    folder_after: str
    added: list[EntityRef] = field(default_factory=list)
    removed: list[EntityRef] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    """The commits of the range, oldest first, merges left out."""
    new_errors: list[Diagnostic] = field(default_factory=list)
    """The errors `pcaet lint` finds after the change and not before (a reference the
    change broke), paths from the repository root."""
    lint_failure: str | None = None
    """Why the register could not be checked on one side, when it could not."""

    @property
    def moved(self) -> dict[str, str]:
        """The former path of each renamed or moved file, by its new path."""
        out = {r.new_path: r.old_path for r in self.renamed}
        out.update({c.path: c.old_path for c in self.changed if c.old_path})
        return out

    @property
    def authors(self) -> list[tuple[str, int]]:
        """Each author of the range with their number of commits, most commits first."""
        counts: dict[str, int] = {}
        for commit in self.commits:
            counts[commit.author] = counts.get(commit.author, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def has_differences(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.renamed
            or self.changed
            or self.unreadable
            or self.folder_before != self.folder_after
        )


def _order(kind: str, ident: str) -> tuple[int, str]:
    return KIND_ORDER.index(kind), ident


def _title(entity: Entity) -> str | None:
    data = entity.data or {}
    value = data.get("titre") or data.get("nom")
    return str(value) if value else None


def _ref(entity: Entity) -> EntityRef:
    return EntityRef(entity.kind, entity.id, entity.path, _title(entity))


def names(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    """The names of the actors and territories of `snapshot`, by kind and identifier."""
    out = {}
    for key, entity in snapshot.entities.items():
        if key[0] in ("acteurs", "territoires"):
            nom = getattr(entity.document.model, "nom", None)
            if nom:
                out[key] = str(nom)
    return out


def compare(before: Snapshot, after: Snapshot, today: date) -> DiffResult:
    result = DiffResult(before.label, after.label, before.folder, after.folder)
    named = Names(names(before), names(after))
    old_keys = set(before.entities)
    new_keys = set(after.entities)
    gone = sorted(old_keys - new_keys, key=lambda k: _order(*k))
    came = sorted(new_keys - old_keys, key=lambda k: _order(*k))

    # Same content under another identifier: a rename, not a removal and an addition.
    by_content: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in came:
        fp = after.entities[key].fingerprint
        if fp is not None:
            by_content.setdefault((key[0], fp), []).append(key)
    renamed_new: set[tuple[str, str]] = set()
    for key in gone:
        old = before.entities[key]
        candidates = by_content.get((key[0], old.fingerprint or ""), [])
        if old.fingerprint is not None and candidates:
            new_key = candidates.pop(0)
            renamed_new.add(new_key)
            new = after.entities[new_key]
            result.renamed.append(Renamed(key[0], key[1], new_key[1], old.path, new.path))
        else:
            result.removed.append(_ref(old))
    result.added = [_ref(after.entities[k]) for k in came if k not in renamed_new]

    for key in sorted(old_keys & new_keys, key=lambda k: _order(*k)):
        old, new = before.entities[key], after.entities[key]
        moved = old.path if old.path != new.path else None
        if moved is None and old.document.source.text == new.document.source.text:
            continue  # the same text reads the same: most files, left alone by a change
        if old.data is None or new.data is None:
            if old.data is None and new.data is None:
                if old.document.source.text == new.document.source.text:
                    continue  # unreadable and untouched: not this change's doing
                side = "les deux"
            else:
                side = "avant" if old.data is None else "après"
            result.unreadable.append(Unreadable(key[0], key[1], new.path, side))
            continue
        changes = field_changes(old.data, new.data, named)
        if changes or (moved and before.folder == after.folder):
            result.changed.append(Changed(key[0], key[1], new.path, _title(new), changes, moved))
    for keys, snapshot, side in ((gone, before, "avant"), (came, after, "après")):
        for key in keys:
            entity = snapshot.entities[key]
            if not entity.readable:
                result.unreadable.append(Unreadable(key[0], key[1], entity.path, side))

    _figures(result, before, after, today)
    return result


def _pct(value: float | None) -> str:
    from pcaet_cli.french import percent

    return "—" if value is None else percent(value)


def _gaps(index: RegisterIndex) -> dict[str, tuple[str, set[str]]]:
    """Per PCAET, the regulatory sectors and strategic domains no action covers."""
    gaps = {}
    for doc, plan in index.iter_plans():
        if plan.type is not TypePlan.PCAET:
            continue
        sectors, domains = index.uncovered(doc.id)
        missing = {f"secteur « {s} »" for s in sectors}
        missing |= {f"domaine « {DOMAINE_LABELS[d]} »" for d in domains}
        gaps[doc.id] = (plan.nom, missing)
    return gaps


def _budget(index: RegisterIndex) -> tuple[float, float]:
    """Planned and spent over every action (0 € where no line gives an amount: the
    diff compares two registers, and "unknown" to "unknown" is no change)."""
    total = budget_totals(line for _, action in index.iter_actions() for line in action.budget)
    return total.overall.planned or 0.0, total.overall.spent or 0.0


def _figures(result: DiffResult, before: Snapshot, after: Snapshot, today: date) -> None:
    old_index, new_index = before.index(), after.index()
    old, new = key_figures(old_index, today), key_figures(new_index, today)
    old_budget, new_budget = _budget(old_index), _budget(new_index)
    rows: list[tuple[str, Any, Any, str, str]] = [
        ("actions", old.actions, new.actions, str(old.actions), str(new.actions)),
        (
            "part portée par les acteurs du territoire",
            old.share_carried_by_actors,
            new.share_carried_by_actors,
            _pct(old.share_carried_by_actors),
            _pct(new.share_carried_by_actors),
        ),
        (
            "actions avec un pilote",
            old.with_pilot,
            new.with_pilot,
            str(old.with_pilot),
            str(new.with_pilot),
        ),
        (
            "actions avec un élu référent",
            old.with_sponsor,
            new.with_sponsor,
            str(old.with_sponsor),
            str(new.with_sponsor),
        ),
        ("actions en retard", old.late, new.late, str(old.late), str(new.late)),
        ("budget prévu", old_budget[0], new_budget[0], euros(old_budget[0]), euros(new_budget[0])),
        (
            "budget réalisé",
            old_budget[1],
            new_budget[1],
            euros(old_budget[1]),
            euros(new_budget[1]),
        ),
        ("acteurs", old.acteurs, new.acteurs, str(old.acteurs), str(new.acteurs)),
        (
            "territoires",
            old.territoires,
            new.territoires,
            str(old.territoires),
            str(new.territoires),
        ),
        ("plans", old.plans, new.plans, str(old.plans), str(new.plans)),
    ]
    for label, raw_old, raw_new, shown_old, shown_new in rows:
        # Only what moved: a reviewer reads the effect of the change, not the plan.
        if shown_old != shown_new:
            result.figures.append(Figure(label, shown_old, shown_new, raw_old, raw_new))
    old_gaps, new_gaps = _gaps(old_index), _gaps(new_index)
    for plan in sorted(set(old_gaps) | set(new_gaps)):
        nom, missing_after = new_gaps.get(plan, (old_gaps.get(plan, ("", set()))[0], set()))
        if plan not in new_gaps:
            continue  # a PCAET removed shows among removed entities
        missing_before = old_gaps[plan][1] if plan in old_gaps else set()
        opened = sorted(missing_after - missing_before)
        closed = sorted(missing_before - missing_after)
        if opened or closed:
            result.coverage.append(Coverage(plan, nom, opened, closed))
