"""actions/ — a fiche action."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from pcaet_cli.model.common import Annee, Jour, Nombre, Ref, RegisterModel, Texte, variants
from pcaet_cli.model.vocab import (
    Cible,
    Declencheur,
    Domaine,
    ParticipationCitoyenne,
    Polluant,
    Priorite,
    Secteur,
    Statut,
    TypeAction,
    TypeBudget,
    Volet,
)


class Financement(RegisterModel):
    financeur: Ref = Field(description="L'acteur qui finance")
    montant: Nombre | None = Field(default=None, description="Montant en € HT")
    dispositif: Texte | None = Field(default=None, description="Ex. Fonds vert, DSIL, LEADER")
    annee: Annee | None = None


class LigneBudget(RegisterModel):
    annee: Annee | None = Field(default=None, description="Sans année : total pluriannuel")
    type: Annotated[TypeBudget, variants(TypeBudget)]
    prevu: Nombre | None = Field(default=None, description="Prévisionnel, € HT")
    realise: Nombre | None = Field(default=None, description="Réel, € HT")


class Temps(RegisterModel):
    acteur: Ref
    etp: Nombre = Field(description="Équivalent temps plein consacré à l'action")
    annee: Annee | None = Field(default=None, description="Sans année : chaque année de l'action")


class Gains(RegisterModel):
    ges_tco2e: Nombre | None = Field(default=None, description="tCO2e évitées par an")
    energie_mwh: Nombre | None = Field(default=None, description="MWh économisés par an")
    enr_mwh: Nombre | None = Field(default=None, description="MWh renouvelables produits par an")


class Indicateur(RegisterModel):
    nom: Texte
    unite: Texte | None = None
    valeur_initiale: float | None = Field(default=None, strict=True)
    annee_initiale: Annee | None = None
    cible: float | None = Field(default=None, strict=True)
    annee_cible: Annee | None = None
    mesures: dict[Annee, Annotated[float, Field(strict=True)]] = Field(
        default_factory=dict, description="Valeurs mesurées par année"
    )


class Suivi(RegisterModel):
    date: Jour
    texte: Texte
    auteur: Ref | None = None


class Liens(RegisterModel):
    actions: list[Ref] = Field(default_factory=list, description="Actions liées")
    mesures_cae: list[Annotated[str, Field(pattern=r"^cae_\d+(\.\d+)*$", strict=True)]] = Field(
        default_factory=list, description="Mesures du référentiel Climat-Air-Énergie (cae_4.2.1)"
    )


class Action(RegisterModel):
    """Une fiche action du programme d'actions."""

    id: Ref | None = Field(default=None, description="Facultatif : égal au nom du fichier")
    titre: Texte
    description: Texte | None = None
    objectifs: Texte | None = None
    resultats_attendus: Texte | None = Field(
        default=None, description="Résultats attendus (R229-51 III, actions principales)"
    )
    moyens: Texte | None = Field(
        default=None, description="Moyens humains et techniques (R229-51 III)"
    )
    plans: dict[Ref, Texte | None] = Field(
        default_factory=dict,
        description="Plans servis par l'action, avec le code de l'axe (\"2.1\") ou rien",
    )
    echelon: Ref | None = Field(default=None, description="Le territoire qui porte l'action")
    competence: Texte | None = Field(default=None, description="La compétence exercée")
    territoires: list[Ref] = Field(
        default_factory=list,
        description="Où l'action s'applique (par défaut : l'échelon et ses membres)",
    )
    statut: Annotated[Statut, variants(Statut)] | None = None
    priorite: Annotated[Priorite, variants(Priorite)] | None = None
    date_debut: Jour | None = None
    date_fin: Jour | None = None
    secteurs: list[Annotated[Secteur, variants(Secteur)]] = Field(default_factory=list)
    domaines: list[Annotated[Domaine, variants(Domaine)]] = Field(
        default_factory=list, description="Domaines stratégiques (R229-51 II)"
    )
    polluants: list[Annotated[Polluant, variants(Polluant)]] = Field(default_factory=list)
    volets: list[Annotated[Volet, variants(Volet)]] = Field(default_factory=list)
    type_action: list[Annotated[TypeAction, variants(TypeAction)]] = Field(default_factory=list)
    cibles: list[Annotated[Cible, variants(Cible)]] = Field(default_factory=list)
    participation_citoyenne: (
        Annotated[ParticipationCitoyenne, variants(ParticipationCitoyenne)] | None
    ) = None
    pilote: Ref | None = Field(
        default=None, description="Le service ou l'acteur du territoire qui pilote (un seul)"
    )
    copilotes: list[Ref] = Field(default_factory=list)
    referent: Ref | None = Field(default=None, description="L'élu référent de l'action")
    personnes: list[Ref] = Field(default_factory=list, description="Personnes mobilisées")
    partenaires: list[Ref] = Field(default_factory=list)
    financements: list[Financement] = Field(default_factory=list)
    budget: list[LigneBudget] = Field(default_factory=list)
    temps: list[Temps] = Field(default_factory=list, description="Charge en ETP par acteur")
    propose_par: Ref | None = Field(default=None, description="Qui a proposé l'action")
    declencheur: Annotated[Declencheur, variants(Declencheur)] | None = None
    gains: Gains | None = None
    indicateurs: list[Indicateur] = Field(default_factory=list)
    suivi: list[Suivi] = Field(default_factory=list, description="Notes de suivi datées")
    liens: Liens | None = None
