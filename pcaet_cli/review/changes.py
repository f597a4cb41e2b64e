"""Field-by-field changes of one entity, in the words of the domain.

Both sides are the validated content as JSON values (`model_dump(mode="json")`), so the
variants of a label (« A discuter ») are already the canonical one and only real
changes show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pcaet_cli.french import euros, number, shown, with_sign

LABELS: dict[str, str] = {
    "titre": "titre",
    "nom": "nom",
    "description": "description",
    "objectifs": "objectifs",
    "resultats_attendus": "résultats attendus",
    "moyens": "moyens",
    "plans": "plans",
    "echelon": "échelon",
    "competence": "compétence",
    "competences": "compétences",
    "territoires": "territoires",
    "statut": "statut",
    "priorite": "priorité",
    "date_debut": "début",
    "date_fin": "fin",
    "secteurs": "secteurs",
    "domaines": "domaines stratégiques",
    "polluants": "polluants",
    "volets": "volets",
    "type_action": "types d'action",
    "cibles": "cibles",
    "participation_citoyenne": "participation citoyenne",
    "pilote": "pilote",
    "copilotes": "copilotes",
    "referent": "élu référent",
    "personnes": "personnes",
    "partenaires": "partenaires",
    "financements": "financements",
    "budget": "budget",
    "temps": "temps",
    "propose_par": "proposée par",
    "declencheur": "déclencheur",
    "gains": "gains",
    "indicateurs": "indicateurs",
    "suivi": "suivi",
    "liens": "liens",
    "type": "type",
    "territoire": "territoire",
    "domaine": "domaine",
    "rattache_a": "rattaché à",
    "relais": "relais",
    "poste": "poste",
    "service": "service",
    "temps_disponible": "temps disponible",
    "fonction": "fonction",
    "delegation": "délégation",
    "siren": "SIREN",
    "code_insee": "code INSEE",
    "population": "population",
    "membre_de": "membre de",
    "charge_de_mission": "chargé·e de mission",
    "dgs": "DGS",
    "email": "courriel",
    "telephone": "téléphone",
    "porteur": "porteur",
    "perimetre": "périmètre",
    "obligation": "obligation",
    "axes": "axes",
    "nature": "nature",
}

REFERENCES: dict[str, str] = {
    "pilote": "acteurs",
    "copilotes": "acteurs",
    "referent": "acteurs",
    "propose_par": "acteurs",
    "personnes": "acteurs",
    "partenaires": "acteurs",
    "rattache_a": "acteurs",
    "relais": "acteurs",
    "service": "acteurs",
    "charge_de_mission": "acteurs",
    "dgs": "acteurs",
    "territoire": "territoires",
    "territoires": "territoires",
    "echelon": "territoires",
    "membre_de": "territoires",
    "porteur": "territoires",
    "perimetre": "territoires",
}
"""The fields that name another entity by identifier, and the kind they name."""


@dataclass(frozen=True, slots=True)
class Names:
    """The names of the actors and territories on each side of a change, to write
    « Service voirie (svc-voirie) » where the file has `svc-voirie`. An entity is
    named as it stood on the side it is quoted from, else as on the other side (an
    actor deleted by the change keeps the name it had)."""

    before: Mapping[tuple[str, str], str] = field(default_factory=dict)
    after: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def old(self, kind: str, ident: Any) -> str:
        return self._shown(kind, ident, self.before, self.after)

    def new(self, kind: str, ident: Any) -> str:
        return self._shown(kind, ident, self.after, self.before)

    @staticmethod
    def _shown(
        kind: str,
        ident: Any,
        first: Mapping[tuple[str, str], str],
        then: Mapping[tuple[str, str], str],
    ) -> str:
        if not isinstance(ident, str):
            return _value(ident)
        name = first.get((kind, ident)) or then.get((kind, ident))
        return f"{shown(name)} ({shown(ident)})" if name and name != ident else shown(ident)


NO_NAMES = Names()

LONG_TEXT = 60
"""Longer texts are not repeated: « description modifiée » says enough in a review."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    summary: str
    """One French phrase: « statut : En cours → Réalisé »."""
    before: Any
    after: Any


def _value(value: Any) -> str:
    if value is None:
        return "vide"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return number(value)
    return shown(value)


def _list(
    label: str, before: list[Any], after: list[Any], kind: str | None, names: Names
) -> str | None:
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    if not added and not removed:
        return None  # only the order changed: not a change of meaning
    if kind is None:
        parts = [f"+ {_value(v)}" for v in added] + [f"− {_value(v)}" for v in removed]
    else:
        parts = [f"+ {names.new(kind, v)}" for v in added]
        parts += [f"− {names.old(kind, v)}" for v in removed]
    return f"{label} : " + ", ".join(parts)


def _sums(items: list[dict[str, Any]], key: tuple[str, ...], amount: str) -> dict[Any, float]:
    totals: dict[Any, float] = defaultdict(float)
    for item in items:
        if item.get(amount) is not None:
            totals[tuple(item.get(k) for k in key)] += item[amount]
    return totals


def _deltas(before: dict[Any, float], after: dict[Any, float]) -> list[tuple[Any, float]]:
    keys = sorted(set(before) | set(after), key=lambda k: tuple(str(p) for p in k))
    out = []
    for k in keys:
        delta = after.get(k, 0.0) - before.get(k, 0.0)
        if abs(delta) > 1e-9:
            out.append((k, delta))
    return out


def _budget(before: list[dict[str, Any]], after: list[dict[str, Any]], _: Names) -> list[str]:
    """Per year and type, the signed change of the planned then of the spent amount."""
    parts = []
    for amount, word in (("prevu", ""), ("realise", " (réalisé)")):
        key = ("type", "annee")
        for (kind, year), delta in _deltas(_sums(before, key, amount), _sums(after, key, amount)):
            when = str(year) if year is not None else "pluriannuel"
            parts.append(f"{euros(delta, signed=True)} {kind} {when}{word}")
    if not parts and before != after:
        parts.append("lignes réorganisées, montants inchangés")
    return parts


def _funding(before: list[dict[str, Any]], after: list[dict[str, Any]], names: Names) -> list[str]:
    key = ("financeur", "annee")
    deltas = _deltas(_sums(before, key, "montant"), _sums(after, key, "montant"))
    parts = [
        f"{euros(delta, signed=True)} {names.new('acteurs', who)}"
        + (f" {year}" if year is not None else "")
        for (who, year), delta in deltas
    ]
    # A funder added or removed without an amount still matters to the reviewer.
    named = {who for (who, _), _ in deltas}
    funders_before = {f["financeur"] for f in before}
    funders_after = {f["financeur"] for f in after}
    parts += [
        f"+ {names.new('acteurs', f)}" for f in sorted(funders_after - funders_before - named)
    ]
    parts += [
        f"− {names.old('acteurs', f)}" for f in sorted(funders_before - funders_after - named)
    ]
    if not parts and before != after:
        parts.append("dispositifs modifiés")
    return parts


def _time(before: list[dict[str, Any]], after: list[dict[str, Any]], names: Names) -> list[str]:
    key = ("acteur", "annee")
    parts = []
    for (who, year), delta in _deltas(_sums(before, key, "etp"), _sums(after, key, "etp")):
        when = f" en {year}" if year is not None else ""
        parts.append(f"{with_sign(delta, ' ETP')} {names.new('acteurs', who)}{when}")
    return parts


def _indicators(before: list[dict[str, Any]], after: list[dict[str, Any]], _: Names) -> list[str]:
    old = {i["nom"]: i for i in before}
    new = {i["nom"]: i for i in after}
    parts = [f"+ « {name} »" for name in new if name not in old]
    parts += [f"− « {name} »" for name in old if name not in new]
    for name, ind in new.items():
        if name not in old or old[name] == ind:
            continue
        prior = old[name]
        unit = f" {ind['unite']}" if ind.get("unite") else ""
        measures_before = prior.get("mesures", {})
        for year, value in ind.get("mesures", {}).items():
            if year not in measures_before:
                parts.append(f"« {name} » : mesure {year} = {number(value)}{unit}")
            elif measures_before[year] != value:
                parts.append(
                    f"« {name} » : mesure {year} {number(measures_before[year])} → "
                    f"{number(value)}{unit}"
                )
        for year in measures_before:
            if year not in ind.get("mesures", {}):
                parts.append(f"« {name} » : mesure {year} retirée")
        for key in sorted((set(ind) | set(prior)) - {"mesures", "nom"}):
            if ind.get(key) != prior.get(key):
                parts.append(
                    f"« {name} » : {key.replace('_', ' ')} {_value(prior.get(key))} → "
                    f"{_value(ind.get(key))}"
                )
    return parts


def _note(note: dict[str, Any], author_of: Any) -> str:
    author = f", {author_of('acteurs', note['auteur'])}" if note.get("auteur") else ""
    text = note["texte"].strip().replace("\n", " ")
    if len(text) > 90:
        text = text[:89].rstrip() + "…"
    return f"{note['date']}{author} : « {text} »"


def _followup(before: list[dict[str, Any]], after: list[dict[str, Any]], names: Names) -> list[str]:
    parts = [f"note ajoutée {_note(n, names.new)}" for n in after if n not in before]
    parts += [f"note retirée {_note(n, names.old)}" for n in before if n not in after]
    return parts


def _plans(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    def axis(code: Any) -> str:
        return f" (axe {code})" if code else ""

    parts = [f"+ {p}{axis(after[p])}" for p in after if p not in before]
    parts += [f"− {p}" for p in before if p not in after]
    parts += [
        f"{p} : axe {before[p] or 'aucun'} → {after[p] or 'aucun'}"
        for p in after
        if p in before and before[p] != after[p]
    ]
    return parts


def _nested(prefix: str, before: Any, after: Any) -> list[str]:
    """Any other structure: the dotted path of each changed leaf."""
    if isinstance(before, dict) and isinstance(after, dict):
        parts = []
        for key in list(dict.fromkeys([*before, *after])):
            if before.get(key) != after.get(key):
                parts += _nested(
                    f"{prefix}.{key}" if prefix else str(key), before.get(key), after.get(key)
                )
        return parts
    if isinstance(before, list) and isinstance(after, list):
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        return [f"{prefix} + {_value(v)}" for v in added] + [
            f"{prefix} − {_value(v)}" for v in removed
        ]
    return [f"{prefix} {_value(before)} → {_value(after)}".strip()]


_SPECIAL = {
    "budget": _budget,
    "financements": _funding,
    "temps": _time,
    "indicateurs": _indicators,
    "suivi": _followup,
}


def field_changes(
    before: dict[str, Any], after: dict[str, Any], names: Names = NO_NAMES
) -> list[FieldChange]:
    """The changes from `before` to `after`, in the models' field order; the actors and
    territories they name are shown with their names when `names` knows them."""
    changes = []
    for name in list(dict.fromkeys([*before, *after])):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label = LABELS.get(name, name.replace("_", " "))
        summary: str | None
        if name in _SPECIAL:
            parts = _SPECIAL[name](old or [], new or [], names)
            summary = f"{label} : " + " ; ".join(parts) if parts else None
        elif name == "plans":
            summary = f"{label} : " + ", ".join(_plans(old or {}, new or {}))
        elif isinstance(old, list) or isinstance(new, list):
            if all(not isinstance(v, dict) for v in [*(old or []), *(new or [])]):
                summary = _list(label, old or [], new or [], REFERENCES.get(name), names)
            else:
                summary = f"{label} : " + " ; ".join(_nested("", old or [], new or []))
        elif isinstance(old, dict) or isinstance(new, dict):
            summary = f"{label} : " + " ; ".join(_nested("", old or {}, new or {}))
        elif (isinstance(old, str) and len(old) > LONG_TEXT) or (
            isinstance(new, str) and len(new) > LONG_TEXT
        ):
            summary = (
                f"{label} : texte modifié"
                if old and new
                else (f"{label} : texte ajouté" if new else f"{label} : texte retiré")
            )
        elif name in REFERENCES:
            kind = REFERENCES[name]
            shown_old = "vide" if old is None else names.old(kind, old)
            shown_new = "vide" if new is None else names.new(kind, new)
            summary = f"{label} : {shown_old} → {shown_new}"
        else:
            summary = f"{label} : {_value(old)} → {_value(new)}"
        if summary is not None:
            changes.append(FieldChange(name, label, summary, old, new))
    return changes
