"""The collectivities a Territoires & Climat démarche names, each made a territory once
across all plans: known by its SIREN (or by its name without one), its nature found in
the reference table of collectivities, else from the legal words of its name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pcaet_cli import collectivites
from pcaet_cli.collectivites import Collectivite
from pcaet_cli.io.import_common import ImportReport, RowStatus, Slugger
from pcaet_cli.io.territoires_climat_files import ActionRow, Demarche, co_carriers, multi, siren_of
from pcaet_cli.textmatch import fold


@dataclass(slots=True)
class Territory:
    ident: str
    data: dict[str, Any]


class TerritoryBook:
    """The territories made so far, by SIREN or folded name, and by identifier."""

    def __init__(self, report: ImportReport, slugger: Slugger) -> None:
        self.report = report
        self.slugger = slugger
        self.by_key: dict[str, Territory] = {}
        self.by_ident: dict[str, Territory] = {}

    def siren(self, source: str, raw: str) -> str:
        """The SIREN a cell holds ("" when none), how it was read noted on `source`."""
        siren, note = siren_of(raw)
        if note is not None:
            self.report.note(source, note)
        return siren

    def members(
        self, d: Demarche, creator: str, entete: dict[str, str], taken: list[ActionRow]
    ) -> list[str]:
        """The carrying collectivities of a démarche: the entête's (SIREN and name side
        by side), then those the Fiches_Action rows name (« SIREN-Nom »)."""
        sirens = multi(entete.get("SIREN collectivites_coporteuses", ""))
        names = multi(entete.get("Collectivités porteuses", ""))
        members: list[str] = []
        for position in range(max(len(sirens), len(names))):
            raw = sirens[position] if position < len(sirens) else ""
            siren = self.siren(creator, raw)
            name = names[position] if position < len(names) else f"Collectivité {raw}"
            ident = self.territory(creator, name, siren)
            if ident not in members:
                members.append(ident)
        for row in taken:
            for raw, name in co_carriers(row.cells.get("Collectivites_coporteuses", "")):
                siren = self.siren(row.source, raw)
                ident = self.territory(row.source, name, siren)
                if ident not in members:
                    members.append(ident)
        if d.key.startswith("siren:") and not members:
            siren = d.key.removeprefix("siren:")
            members.append(self.territory(creator, f"Collectivité {siren}", siren))
        return members

    def territory(self, source: str, name: str, siren: str) -> str:
        """A collectivity's territory, created on first sight: known by its SIREN, or by
        its name without one."""
        key = siren or fold(name)
        known = self.by_key.get(key)
        if known is not None:
            return known.ident
        ident = self.slugger.take(name, "territoire")
        nature, note, official = nature_of(name, siren or None)
        if note:
            self.report.note(source, note)
        data: dict[str, Any] = {"nom": name, "nature": nature}
        # The population stays the source's (the one the plan was made for), the table's
        # being of another year.
        if official is not None:
            siren = siren or official.siren or ""
        if siren:
            data["siren"] = siren
        self.by_key[key] = self.by_ident[ident] = Territory(ident, data)
        self.report.add(source, RowStatus.CREATED, "", f"territoires/{ident}.yaml")
        return ident

    def population(
        self, d: Demarche, source: str, entete: dict[str, str], members: list[str]
    ) -> None:
        """The population covered, given to the territory when the démarche has one."""
        raw, where = entete.get("Population_couverte", ""), source
        if not raw:
            row = next((a for a in d.actions if a.cells.get("Population_couverte")), None)
            if row is None:
                return
            raw, where = row.cells["Population_couverte"], row.source
        digits = re.sub(r"[\s\u00a0\u202f]", "", raw).removesuffix(".0")
        if not digits.isdigit():
            self.report.note(where, f"Population_couverte « {raw} » n'est pas un nombre")
            return
        if len(members) != 1:
            self.report.note(
                where,
                f"Population_couverte {raw} non reprise : la démarche a {len(members)} "
                "collectivités, le registre tient la population de chacune",
            )
            return
        territory = self.by_ident[members[0]]
        known = territory.data.get("population")
        if known is None:
            territory.data["population"] = int(digits)
        elif known != int(digits):
            self.report.note(
                where,
                f"Population_couverte {raw} non reprise : {known} déjà lue pour ce territoire",
            )


def nature_of(name: str, siren: str | None) -> tuple[str, str | None, Collectivite | None]:
    """The nature of a collectivity, the note saying how it was found, and its entry
    in the reference table when it has one: by SIREN, else by name (one match
    only), else from the legal words of its name (collectivites.nature_from_words,
    documented precedence), else a CC assumed. Every guess is a note."""
    known = collectivites.by_siren(siren) if siren else None
    if known is not None:
        said = "" if fold(known.nom) == fold(name) else f" « {known.nom} »,"
        return (
            known.nature,
            (
                f"« {name} » : SIREN {siren} connu de la table des collectivités :{said} "
                f"nature {known.nature}"
            ),
            known,
        )
    matches = [c for c in collectivites.by_name(name) if c.nature != "COM"]
    if not siren and len(matches) == 1:
        found = matches[0]
        return (
            found.nature,
            (
                f"« {name} » : reconnue par son nom dans la table des collectivités "
                f"(« {found.nom} », SIREN {found.siren}, {found.nature}) ; vérifiez-le"
            ),
            found,
        )
    words = collectivites.nature_from_words(name)
    if words is not None:
        nature, decided = words
        return (
            nature,
            f"« {name} » : nature {nature} déduite de « {decided} » ; vérifiez-la",
            None,
        )
    return "CC", f"« {name} » : nature inconnue, CC supposée ; vérifiez-la", None
