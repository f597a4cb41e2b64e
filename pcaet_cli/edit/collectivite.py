"""Territory files of a real EPCI and its member communes, from the table of
collectivities (`pcaet init --siren`, `pcaet new territoire --siren`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pcaet_cli.collectivites import SOURCE, Collectivite, by_siren, members, siren_from
from pcaet_cli.errors import PcaetError
from pcaet_cli.textmatch import slug

_PREFIX = {"COM": "commune", "PETR": "petr", "EPT": "ept"}


def territory_id(place: Collectivite) -> str:
    """The identifier `pcaet new` would give: commune-gex, epci-ca-du-pays-de-gex."""
    return slug(f"{_PREFIX.get(place.nature, 'epci')}-{place.nom}")


def lookup_epci(value: str) -> Collectivite:
    """The grouping (EPCI, EPT) with this SIREN; PcaetError, in French, otherwise."""
    siren, note = siren_from(value)
    if siren is None:
        raise PcaetError(f"--siren : {note or 'SIREN vide'}")
    found = by_siren(siren)
    table = f"découpage administratif d'Etalab, version {SOURCE.version}"
    if found is None:
        raise PcaetError(
            f"SIREN « {siren} » inconnu de la table des collectivités ({table}) : "
            "donnez le SIREN d'une communauté de communes, d'agglomération, urbaine, d'une "
            "métropole ou d'un EPT (annuaire des entreprises, BANATIC)"
        )
    if found.nature == "COM":
        epci = by_siren(found.epci) if found.epci else None
        hint = f" ; son EPCI, {epci.nom}, a le SIREN {epci.siren}" if epci else ""
        raise PcaetError(
            f"SIREN « {siren} » : c'est celui de la commune {found.nom}, pas d'un EPCI{hint}"
        )
    return found


@dataclass(frozen=True, slots=True)
class Territories:
    """The territory files to write: the EPCI's identifier and its values, and the
    member communes' (identifier → values), in the order of their INSEE codes."""

    epci_id: str
    epci: dict[str, Any]
    communes: dict[str, dict[str, Any]]
    chief: str | None
    """The identifier of the most populated member commune (the ville-centre)."""


def epci_values(epci: Collectivite) -> dict[str, Any]:
    values: dict[str, Any] = {"nom": epci.nom, "nature": epci.nature, "siren": epci.siren}
    if epci.population is not None:
        values["population"] = epci.population
    return values


def territories(epci: Collectivite, epci_id: str | None = None) -> Territories:
    """The EPCI and its member communes as territory values, identifiers unique."""
    ident = epci_id or territory_id(epci)
    taken = {ident}
    communes: dict[str, dict[str, Any]] = {}
    chief: tuple[int, str] | None = None
    for commune in members(epci.siren or ""):
        name = territory_id(commune)
        if name in taken:  # two member communes of the same name
            name = f"{name}-{commune.insee}"
        taken.add(name)
        values: dict[str, Any] = {"nom": commune.nom, "nature": "COM", "code_insee": commune.insee}
        if commune.population is not None:
            values["population"] = commune.population
            if chief is None or commune.population > chief[0]:
                chief = (commune.population, name)
        values["membre_de"] = [ident]
        communes[name] = values
    return Territories(ident, epci_values(epci), communes, chief[1] if chief else None)


def _scalar(value: Any) -> str:
    # Codes stay strings (a leading zero, a SIREN read as a number otherwise).
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def rewrite_fields(text: str, values: Mapping[str, Any], after: str = "nature") -> str:
    """A template's territory text with top-level scalar fields replaced (or added
    after `after`), its comments and other fields kept."""
    lines = text.split("\n")
    for name, value in values.items():
        line = f"{name}: {_scalar(value)}"
        pattern = re.compile(rf"^{re.escape(name)}:")
        where = next((i for i, old in enumerate(lines) if pattern.match(old)), None)
        if where is not None:
            lines[where] = line
            continue
        anchor = re.compile(rf"^{re.escape(after)}:")
        at = next((i for i, old in enumerate(lines) if anchor.match(old)), len(lines) - 1)
        lines.insert(at + 1, line)
    return "\n".join(lines)


def rename(text: str, old: str, new: str) -> str:
    """Every reference to the identifier `old` (a whole identifier) becomes `new`."""
    return re.sub(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])", new, text)
