"""What a field of a new file may hold, for `pcaet new`: a vocabulary's labels, the
register's actors, plans, territories or a plan's axes, each a `Choice` (what the file
holds and what people call it). An answer is resolved by identifier, name, number or
known variant; one that matches nothing is refused with what was probably meant."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from pydantic.fields import FieldInfo

from pcaet_cli.errors import PcaetError
from pcaet_cli.model import KINDS, Acteur
from pcaet_cli.model.vocab import NATURE_LABELS, PERSONNES, TYPE_ACTEUR_LABELS, TypeActeur
from pcaet_cli.textmatch import closest, fold

if TYPE_CHECKING:
    from pcaet_cli.register.index import RegisterIndex


def field_choices(info: FieldInfo) -> list[str]:
    """The labels of the vocabulary a field takes, if any."""
    stack: list[Any] = [info.annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, StrEnum):
            return [str(v) for v in current]
        if get_origin(current) is not None or get_args(current):
            stack.extend(get_args(current))
    return []


LISTED = 15
"""A prompt lists this many choices (numbered); any other one is accepted when typed."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    """What the file holds: an identifier, a vocabulary label, an axis code."""
    label: str = ""
    """What people call it: a name, a title ("" when the value says it all)."""

    @property
    def name(self) -> str:
        """The label worth showing beside the value: none when it only repeats it
        ("service" — "Service")."""
        return "" if fold(self.label) == fold(self.value) else self.label


@dataclass(frozen=True, slots=True)
class Choices:
    """The values a field of a new file may take, and how to speak of them."""

    name: str
    title: str
    """The choices as a group, for the header of a list: "élus du registre"."""
    expected: str
    """One choice, for messages: "un élu"."""
    items: tuple[Choice, ...]
    from_register: bool = True
    numbered: bool = True
    """False for axis codes: "2" is the axis 2, not the second line."""
    default: str | None = None
    known: Mapping[str, str] = field(default_factory=dict)
    """The register's other identifiers → what they are, to explain a wrong kind."""


class ChoiceRefused(PcaetError):
    """An answer that is none of the choices; the message says what was probably meant."""


def resolve(answer: str, choices: Choices, by_number: bool = False) -> str:
    """The value `answer` designates: a value, a number of the list (`by_number`), or a
    value or a name typed in any case, with or without accents ("en cours", "commune",
    "Service mobilités" → its identifier). Anything else is refused with suggestions."""
    text = answer.strip()
    if not text:
        raise ChoiceRefused(f"réponse attendue : {choices.expected}")
    items = choices.items
    if by_number and choices.numbered and text.isdigit():
        number = int(text)
        if 1 <= number <= min(len(items), LISTED):
            return items[number - 1].value
    for item in items:
        if item.value == text:
            return item.value
    key = fold(text)
    for same in (
        [c for c in items if fold(c.value) == key],
        [c for c in items if c.label and fold(c.label) == key],
    ):
        if len(same) == 1:
            return same[0].value
        if len(same) > 1:
            raise ChoiceRefused(
                f"« {text} » désigne plusieurs choix ({', '.join(c.value for c in same)}) : "
                "tapez l'identifiant"
            )
    raise ChoiceRefused(_refusal(text, choices))


def _refusal(text: str, choices: Choices) -> str:
    key = fold(text)
    what = choices.known.get(text) or next(
        (w for ident, w in choices.known.items() if fold(ident) == key), None
    )
    where = " du registre" if choices.from_register else ""
    if what is not None:
        message = f"« {text} » est {what}, pas {choices.expected}"
    else:
        message = f"« {text} » n'est pas {choices.expected}{where}"
    guesses = suggestions(text, choices.items)
    if guesses:
        return f"{message} ; vouliez-vous dire {_either(guesses)} ?"
    if not choices.items:
        return f"{message} ; le registre n'en compte aucun"
    shown = ", ".join(c.value for c in choices.items[:8])
    more = "…" if len(choices.items) > 8 else ""
    return f"{message} ; {choices.title} : {shown}{more}"


def suggestions(text: str, items: tuple[Choice, ...], limit: int = 3) -> list[Choice]:
    """The choices `text` most probably meant: the closest identifier and name, then
    those that contain it ("mobilite" → vdb-svc-mobilite)."""
    key = fold(text)
    by_value = {c.value: c for c in items}
    by_label = {c.label: c for c in items if c.label}
    found: list[Choice] = []
    near_value = closest(text, list(by_value))
    near_label = closest(text, list(by_label))
    if near_value is not None:
        found.append(by_value[near_value])
    if near_label is not None:
        found.append(by_label[near_label])
    if key:
        found.extend(c for c in items if key in fold(c.value) or key in fold(c.label))
    unique = list(dict.fromkeys(found))
    return unique[:limit]


def shown_choice(choice: Choice) -> str:
    """« vdb-svc-mobilite » (Service mobilités)."""
    return f"« {choice.value} »" + (f" ({choice.name})" if choice.name else "")


def _either(choices: list[Choice]) -> str:
    parts = [shown_choice(c) for c in choices]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} ou {parts[-1]}"


_VOCAB_WORDS = {
    ("acteurs", "type"): ("types d'acteur", "un type d'acteur"),
    ("plans", "type"): ("types de plan", "un type de plan"),
    ("plans", "statut"): ("états du plan", "un état de plan"),
    ("territoires", "nature"): ("natures de territoire", "une nature de territoire"),
    ("actions", "statut"): ("statuts", "un statut"),
    ("actions", "priorite"): ("priorités", "une priorité"),
}

_VOCAB_LABELS: dict[tuple[str, str], Mapping[str, str]] = {
    ("acteurs", "type"): TYPE_ACTEUR_LABELS,
    ("territoires", "nature"): NATURE_LABELS,
}

_ACTOR_WHAT = {
    TypeActeur.SERVICE: "un service",
    TypeActeur.DIRECTION: "une direction",
    TypeActeur.PERSONNE: "une personne",
    TypeActeur.ELU: "un élu",
}

_KIND_WHAT = {
    "acteurs": "un acteur",
    "territoires": "un territoire",
    "plans": "un plan",
    "actions": "une action",
}

# The fields that name an entity of the register: (group title, one of them).
_REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("actions", "pilote"): (
        "services et acteurs du territoire",
        "un service ou un acteur du territoire",
    ),
    ("actions", "referent"): ("élus", "un élu"),
    ("actions", "echelon"): ("territoires", "un territoire"),
    ("actions", "plan"): ("plans", "un plan"),
    ("acteurs", "territoire"): ("territoires", "un territoire"),
    ("acteurs", "service"): ("services", "un service"),
    ("acteurs", "rattache_a"): ("acteurs", "un acteur"),
    ("plans", "porteur"): ("territoires", "un territoire"),
    ("territoires", "membre_de"): ("territoires", "un territoire"),
}

# Which actors each field that names an actor accepts.
_ACCEPTS: dict[str, Callable[[Acteur], bool]] = {
    "pilote": lambda a: a.type not in PERSONNES,
    "referent": lambda a: a.type is TypeActeur.ELU,
    "service": lambda a: a.type is TypeActeur.SERVICE,
    "rattache_a": lambda a: True,
}


def _actor_order(actor: Acteur) -> int:
    """Services first, then directions, then the other actors."""
    order = (TypeActeur.SERVICE, TypeActeur.DIRECTION)
    return order.index(actor.type) if actor.type in order else len(order)


class RegisterChoices:
    """The choices each field of a new file offers; the register is read on first need
    (a script giving only a title never pays for it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: RegisterIndex | None = None

    @property
    def index(self) -> RegisterIndex:
        if self._index is None:
            from pcaet_cli.register.opening import open_register

            self._index = open_register(self.root, cache=False, models_only=True).index
        return self._index

    def for_field(self, folder: str, name: str, values: Mapping[str, Any]) -> Choices | None:
        """The choices of `name`, or None for free text (a title, a name) and for an
        axis while the plan is unknown."""
        if (folder, name) in _VOCAB_WORDS:
            title, expected = _VOCAB_WORDS[folder, name]
            labels = _VOCAB_LABELS.get((folder, name), {})
            info = KINDS[folder].model_fields[name]
            items = tuple(Choice(v, labels.get(v, "")) for v in field_choices(info))
            return Choices(name, title, expected, items, from_register=False)
        if (folder, name) == ("actions", "axe"):
            return self._axes(values.get("plan"))
        if (folder, name) not in _REFERENCES:
            return None
        title, expected = _REFERENCES[folder, name]
        return Choices(
            name,
            f"{title} du registre",
            expected,
            self._entities(name),
            default=self._default(folder, name, values),
            known=self._known(),
        )

    def _entities(self, name: str) -> tuple[Choice, ...]:
        index = self.index
        if name in _ACCEPTS:
            accepts = _ACCEPTS[name]
            actors = sorted(index.iter_acteurs(), key=lambda da: (_actor_order(da[1]), da[0].id))
            return tuple(Choice(d.id, a.nom) for d, a in actors if accepts(a))
        if name == "plan":
            plans = sorted(index.iter_plans(), key=lambda dp: dp[0].id)
            return tuple(Choice(d.id, p.nom) for d, p in plans)
        territories = sorted(index.iter_territoires(), key=lambda dt: dt[0].id)
        return tuple(Choice(d.id, t.nom) for d, t in territories)

    def _default(self, folder: str, name: str, values: Mapping[str, Any]) -> str | None:
        """An action's échelon: its pilot's territory, when it has one."""
        if (folder, name) != ("actions", "echelon"):
            return None
        pilot = self.index.acteur(values.get("pilote"))
        if pilot is None or self.index.territoire(pilot.territoire) is None:
            return None
        return pilot.territoire

    def _known(self) -> dict[str, str]:
        known: dict[str, str] = {}
        for doc in self.index.documents:
            model = doc.model
            if isinstance(model, Acteur):
                label = TYPE_ACTEUR_LABELS.get(model.type, str(model.type)).lower()
                known[doc.id] = _ACTOR_WHAT.get(model.type, f"un acteur ({label})")
            else:
                known[doc.id] = _KIND_WHAT.get(doc.kind, "une entité")
        return known

    def _axes(self, plan_id: Any) -> Choices | None:
        plan = self.index.plan(plan_id) if isinstance(plan_id, str) else None
        if plan is None:
            return None
        items = tuple(Choice(code, titre) for code, titre in plan.axis_codes())
        return Choices(
            "axe",
            f"axes du plan « {plan_id} »",
            f"un axe du plan « {plan_id} »",
            items,
            from_register=False,
            numbered=False,
        )

    def check(self, folder: str, name: str, value: Any, values: Mapping[str, Any]) -> Any:
        """`value` with every choice resolved (a list element by element); a value of
        a field without choices is returned as is."""
        choices = self.for_field(folder, name, values)
        if choices is None:
            if name == "axe":
                raise ChoiceRefused("indiquez aussi --plan, le plan dont c'est un axe")
            return value
        if isinstance(value, list):
            return [resolve(str(v), choices) for v in value]
        return resolve(str(value), choices)
