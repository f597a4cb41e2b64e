"""`pcaet new`: a new register file, well formed, with the next free identifier.

The file lists every field of its kind, each under a short French comment taken from
the model (the one source of truth): the fields given are written, the others are left
commented out, ready to fill in. It is validated in memory before anything is written.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic.fields import FieldInfo

from pcaet_cli.edit.fmt import FormatRefused, format_text, schema_line, yaml_writer
from pcaet_cli.edit.new_choices import ChoiceRefused, RegisterChoices, field_choices
from pcaet_cli.errors import PcaetError
from pcaet_cli.fsutil import inside, unsafe_name
from pcaet_cli.model import KINDS
from pcaet_cli.register.discovery import YAML_SUFFIXES, display, find_root
from pcaet_cli.register.loader import IDENTIFIER, validate
from pcaet_cli.register.yamlfile import parse
from pcaet_cli.textmatch import slug

if TYPE_CHECKING:
    pass

# What the user types → the register's folder.
FOLDERS = {
    "action": "actions",
    "acteur": "acteurs",
    "plan": "plans",
    "territoire": "territoires",
}

# Fields the model leaves without a description: a short French one here, so that
# every line of a new file says what it expects.
_FALLBACK = {
    "titre": "Titre court de l'action ou de l'axe",
    "nom": "Nom",
    "description": "Description de l'action",
    "objectifs": "Objectifs de l'action",
    "statut": "Où en est-on",
    "priorite": "Priorité",
    "date_debut": "Date de début (AAAA-MM-JJ)",
    "date_fin": "Date de fin (AAAA-MM-JJ)",
    "secteurs": "Secteurs réglementaires ou thématiques",
    "polluants": "Polluants atmosphériques visés",
    "volets": "Volets du plan",
    "type_action": "Types d'action",
    "cibles": "Publics visés",
    "participation_citoyenne": "Participation citoyenne",
    "copilotes": "Co-pilotes (acteurs)",
    "partenaires": "Partenaires (acteurs)",
    "financements": "Financements : financeur, montant, dispositif, annee",
    "budget": "Lignes de budget : annee, type, prevu, realise",
    "declencheur": "Ce qui a déclenché l'action",
    "gains": "Gains attendus : ges_tco2e, energie_mwh, enr_mwh",
    "indicateurs": "Indicateurs de suivi : nom, unite, cible, mesures…",
    "liens": "Liens : actions liées, mesures du référentiel Climat-Air-Énergie",
    "type": "Type",
    "obligation": "obligatoire ou volontaire",
    "axes": "Axes du plan : code, titre, sous_axes",
    "population": "Population municipale",
}

# Options of `pcaet new` → field, for each kind (a field given for another kind is an
# error rather than silently dropped).
# In this order the prompts come: an axis is asked once its plan is known, the échelon
# after the pilot whose territory it proposes.
OPTION_FIELDS: dict[str, tuple[str, ...]] = {
    "actions": ("titre", "plan", "axe", "pilote", "referent", "echelon", "statut", "priorite"),
    "acteurs": ("nom", "type", "territoire", "service", "poste", "rattache_a"),
    "plans": ("nom", "type", "porteur", "statut"),
    "territoires": ("nom", "nature", "membre_de"),
}

# Territories are named after their nature (petr-brume, epci-val-de-brume, commune-…).
_TERRITORY_PREFIX = {"COM": "commune", "CC": "epci", "CA": "epci", "CU": "epci"}
_TERRITORY_PREFIX |= {"METRO": "epci", "PETR": "petr"}

# What a person at a terminal is asked when missing: what the schema requires, and for an
# action what the rules expect of it (P001 pilote, P003 référent, R005 axe of its plan).
PROMPTED: dict[str, tuple[str, ...]] = {
    "actions": ("titre", "plan", "axe", "pilote", "referent", "echelon"),
    "acteurs": ("nom", "type"),
    "plans": ("nom", "type"),
    "territoires": ("nom", "nature"),
}

_NUMBERED = re.compile(r"^(?P<prefix>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?P<number>\d+)$")


def kind_folder(kind: str) -> str:
    folder = FOLDERS.get(kind) or (kind if kind in KINDS else None)
    if folder is None:
        raise PcaetError(f"type « {kind} » inconnu : action, acteur, plan ou territoire")
    return folder


def required_fields(folder: str) -> list[str]:
    return [n for n, f in KINDS[folder].model_fields.items() if f.is_required()]


def existing_ids(root: Path, folder: str) -> set[str]:
    directory = root / folder
    if not directory.is_dir():
        return set()
    return {p.stem for p in directory.iterdir() if p.name.endswith(YAML_SUFFIXES)}


def next_id(existing: set[str], prefix: str | None) -> str:
    """`prefix`-NN with NN one more than the highest in use (width kept, at least 2);
    without a prefix, the most common one in use."""
    numbered = [m for m in map(_NUMBERED.match, sorted(existing)) if m]
    if prefix is None:
        if not numbered:
            raise PcaetError(
                "aucun identifiant numéroté dans ce dossier : indiquez l'identifiant ou "
                "--prefixe (ex. --prefixe mob pour mob-01)"
            )
        counts = Counter(m["prefix"] for m in numbered)
        # Ties go to the alphabetical first, so that the answer never depends on chance.
        prefix = min(counts, key=lambda p: (-counts[p], p))
    prefix = prefix.strip("-")
    if not IDENTIFIER.match(prefix):
        raise PcaetError(
            f"préfixe « {prefix} » hors convention : minuscules sans accents, chiffres, tirets"
        )
    same = [m for m in numbered if m["prefix"] == prefix]
    width = max([2, *(len(m["number"]) for m in same)])
    number = max([0, *(int(m["number"]) for m in same)]) + 1
    candidate = f"{prefix}-{number:0{width}d}"
    while candidate in existing:  # pragma: no cover - max + 1 is free by construction
        number += 1
        candidate = f"{prefix}-{number:0{width}d}"
    return candidate


def _comment(name: str, info: FieldInfo) -> str:
    text = info.description or _FALLBACK.get(name, name.replace("_", " ").capitalize())
    choices = field_choices(info)
    if info.is_required():
        text += " (obligatoire)"
    listed = f"{text} : {', '.join(choices)}"
    # The choices are listed when they fit on the line; the schema lists them all to
    # the editor anyway.
    return f"# {listed}" if choices and len(listed) <= 96 else f"# {text}"


def _dump(name: str, value: Any) -> str:
    out = io.StringIO()
    yaml_writer().dump({name: value}, out)
    return out.getvalue()


def render(folder: str, values: Mapping[str, Any]) -> str:
    """The text of a new file: every field of the kind, given ones written."""
    lines = [schema_line(folder)]
    for name, info in KINDS[folder].model_fields.items():
        if name == "id":  # the file name is the identifier
            continue
        lines.append(_comment(name, info))
        if name in values:
            lines.append(_dump(name, values[name]).rstrip("\n"))
        else:
            lines.append(f"# {name}:")
    return "\n".join(lines) + "\n"


def check_options(folder: str, values: Mapping[str, Any]) -> None:
    """Refuse an option that the kind of file does not take."""
    allowed = OPTION_FIELDS[folder]
    for name in values:
        if name not in allowed:
            option = "--" + name.replace("_", "-")
            raise PcaetError(f"{option} ne s'applique pas à un fichier de {folder}/")


@dataclass(frozen=True, slots=True)
class NewFile:
    path: Path
    identifier: str
    text: str


def plan_new(
    register: Path,
    kind: str,
    identifier: str | None,
    values: Mapping[str, Any],
    prefix: str | None = None,
    force: bool = False,
    choices: RegisterChoices | None = None,
) -> NewFile:
    """Work out the new file and check it in memory; nothing is written here. A value
    that names an entity or a label is resolved against the register (`choices`), an
    unknown one refused."""
    folder = kind_folder(kind)
    root = find_root(register)
    check_options(folder, values)
    values = as_fields(check_values(folder, values, choices or RegisterChoices(root)))
    missing = [n for n in required_fields(folder) if n not in values]
    if missing:
        options = ", ".join("--" + n.replace("_", "-") for n in missing)
        what = (
            "champ obligatoire manquant" if len(missing) == 1 else "champs obligatoires manquants"
        )
        raise PcaetError(f"{what} : indiquez {options}")
    existing = existing_ids(root, folder)
    if identifier is None:
        if prefix is None and folder != "actions":
            base = str(values.get("nom", ""))
            if folder == "territoires":
                nature = str(values.get("nature", ""))
                base = f"{_TERRITORY_PREFIX.get(nature, nature.lower())}-{base}"
            identifier = slug(base)
        else:
            identifier = next_id(existing, prefix)
    return _new_file(root, folder, identifier, values, existing, force)


def _new_file(
    root: Path,
    folder: str,
    identifier: str,
    values: Mapping[str, Any],
    existing: set[str],
    force: bool,
) -> NewFile:
    """The file `identifier` of `folder`, checked: a safe name, not there yet (or
    --force), in `pcaet fmt`'s form, valid against the model."""
    reason = unsafe_name(identifier)
    if reason is not None:
        suggestion = slug(identifier) or "mob-01"
        if unsafe_name(suggestion) is not None:  # a name Windows reserves: con → con-1
            suggestion += "-1"
        raise PcaetError(
            f"{reason} : « {identifier[:40]} » ne peut pas nommer un fichier ; "
            f"minuscules sans accents, chiffres et tirets (ex. {suggestion}), "
            "ou donnez l'identifiant en argument"
        )
    path = inside(root, f"{folder}/{identifier}.yaml")
    if (identifier in existing or path.exists()) and not force:
        raise PcaetError(
            f"{display(path)} existe déjà : choisissez un autre identifiant, ou --force "
            "pour le remplacer"
        )
    try:
        # In the form `pcaet fmt` gives, so that a CI running `fmt --check` stays green.
        text = format_text(render(folder, values), folder)
    except FormatRefused as exc:
        raise PcaetError(f"le fichier serait illisible : {exc}") from None
    _check(text, folder, display(path))
    return NewFile(path, identifier, text)


def plan_epci(
    register: Path,
    siren: str,
    identifier: str | None = None,
    membre_de: list[str] | None = None,
    force: bool = False,
) -> list[NewFile]:
    """A real EPCI (or EPT) from the table of collectivities, and one file per member
    commune (code INSEE, population, membre_de the EPCI): the EPCI's file first. An
    unknown SIREN is refused; nothing is written here."""
    from pcaet_cli.edit.collectivite import lookup_epci, territories

    root = find_root(register)
    found = territories(lookup_epci(siren), identifier)
    existing = existing_ids(root, "territoires")
    epci = found.epci | ({"membre_de": membre_de} if membre_de else {})
    return [
        _new_file(root, "territoires", ident, values, existing, force)
        for ident, values in [(found.epci_id, epci), *found.communes.items()]
    ]


def _check(text: str, folder: str, shown: str) -> None:
    """Refuse a file that would not pass the schema (a wrong label, an empty title)."""
    source = parse(text.encode("utf-8"), shown)
    problems = [d for d in source.diagnostics if d.code.startswith("Y")]
    if source.data is not None:
        _model, diags, _faulty = validate(source, KINDS[folder], shown)
        problems.extend(diags)
    if problems:
        first = problems[0]
        raise PcaetError(f"le fichier serait invalide : {first.message}")


def write_new(new: NewFile) -> None:
    from pcaet_cli.fsutil import atomic_write

    atomic_write(new.path, new.text)


def check_values(
    folder: str, values: Mapping[str, Any], choices: RegisterChoices
) -> dict[str, Any]:
    """The values given on the command line, their choices resolved; an unknown one is
    refused, naming its option and what was probably meant."""
    checked: dict[str, Any] = {}
    for name in OPTION_FIELDS[folder]:
        if name in values:
            try:
                checked[name] = choices.check(folder, name, values[name], checked)
            except ChoiceRefused as exc:
                raise ChoiceRefused(f"--{name.replace('_', '-')} : {exc}") from None
    return checked


def as_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Option values → fields of the file: --plan and --axe make `plans`."""
    fields = {k: v for k, v in values.items() if k not in ("plan", "axe")}
    if "plan" in values:
        fields["plans"] = {values["plan"]: values.get("axe")}
    return fields
