"""How the site names the register's codes for readers who never saw the YAML."""

from __future__ import annotations

from datetime import date

from pcaet_cli.model.vocab import Domaine, Nature, TypeActeur

ACTOR_TYPES = {
    TypeActeur.SERVICE: "Service",
    TypeActeur.DIRECTION: "Direction",
    TypeActeur.PERSONNE: "Personne",
    TypeActeur.ELU: "Élu",
    TypeActeur.COMMUNE: "Commune",
    TypeActeur.ASSOCIATION: "Association",
    TypeActeur.ENTREPRISE: "Entreprise",
    TypeActeur.CHAMBRE_CONSULAIRE: "Chambre consulaire",
    TypeActeur.ETABLISSEMENT_PUBLIC: "Établissement public",
    TypeActeur.ETAT: "Services de l'État",
    TypeActeur.COLLECTIVITE: "Collectivité",
    TypeActeur.SYNDICAT: "Syndicat",
    TypeActeur.BAILLEUR: "Bailleur social",
    TypeActeur.AUTRE: "Autre acteur",
}

NATURES = {
    Nature.COM: "Commune",
    Nature.CC: "Communauté de communes",
    Nature.CA: "Communauté d'agglomération",
    Nature.CU: "Communauté urbaine",
    Nature.METRO: "Métropole",
    Nature.EPT: "Établissement public territorial",
    Nature.PETR: "Pôle d'équilibre territorial et rural",
    Nature.POLEM: "Pôle métropolitain",
    Nature.SMF: "Syndicat mixte fermé",
    Nature.SMO: "Syndicat mixte ouvert",
    Nature.SIVU: "Syndicat intercommunal à vocation unique",
    Nature.SIVOM: "Syndicat intercommunal à vocation multiple",
    Nature.PNR: "Parc naturel régional",
    Nature.DEP: "Département",
    Nature.REG: "Région",
}

DOMAINS_SHORT = {
    Domaine.GES: "Gaz à effet de serre",
    Domaine.STOCKAGE_CARBONE: "Stockage de carbone",
    Domaine.MAITRISE_ENERGIE: "Maîtrise de l'énergie",
    Domaine.ENR: "Énergies renouvelables",
    Domaine.RESEAUX_CHALEUR: "Réseaux de chaleur",
    Domaine.BIOSOURCE: "Biosourcé",
    Domaine.POLLUANTS: "Polluants",
    Domaine.RESEAUX_ENERGIE: "Réseaux d'énergie",
    Domaine.ADAPTATION: "Adaptation",
}
"""The strategic domains in a few words, for the rows of a heat map."""

COVERED_VIA = {
    "direct": "directement",
    "niveau_superieur": "par un niveau supérieur",
    "membre": "par un de ses membres",
}

PORTAGE = {
    "collectivite": "par la collectivité",
    "acteur": "par un acteur du territoire",
}

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: date) -> str:
    """2024-09-01 → « 1er septembre 2024 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"
