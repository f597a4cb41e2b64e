"""How the site names the register's codes for readers who never saw the YAML."""

from __future__ import annotations

from datetime import date

from pcaet_cli.model.vocab import DOMAINE_SHORT_LABELS, NATURE_LABELS, TYPE_ACTEUR_LABELS

ACTOR_TYPES = TYPE_ACTEUR_LABELS
NATURES = NATURE_LABELS

DOMAINS_SHORT = DOMAINE_SHORT_LABELS
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
