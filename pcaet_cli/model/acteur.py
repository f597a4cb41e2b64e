"""acteurs/ — a service, a direction, a person, an élu or a partner of the territory."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from pcaet_cli.model.common import SIREN_PATTERN, Nombre, Ref, RegisterModel, Texte, variants
from pcaet_cli.model.vocab import DomaineService, TypeActeur


class Acteur(RegisterModel):
    """Un acteur : service, direction, personne, élu ou partenaire."""

    id: Ref | None = Field(default=None, description="Facultatif : égal au nom du fichier")
    nom: Texte = Field(description="Nom du service, de la personne ou de l'organisme")
    type: Annotated[TypeActeur, variants(TypeActeur)] = Field(
        description="service, direction, personne, elu, commune, association, entreprise, "
        "collectivite (Région, Département)…"
    )
    territoire: Ref | None = Field(
        default=None, description="La collectivité à laquelle l'acteur appartient"
    )
    domaine: Annotated[DomaineService, variants(DomaineService)] | None = Field(
        default=None, description="Domaine d'un service ou d'une direction"
    )
    rattache_a: Ref | None = Field(
        default=None,
        description="Niveau hiérarchique au-dessus (service → direction → DGS)",
    )
    relais: Ref | None = Field(
        default=None, description="Relais ou ambassadeur du plan dans ce service (une personne)"
    )
    poste: Texte | None = Field(default=None, description="Intitulé de poste d'une personne")
    service: Ref | None = Field(default=None, description="Service d'une personne")
    temps_disponible: Nombre | None = Field(
        default=None, description="Temps disponible pour le plan, en ETP (ex. 0.6)"
    )
    fonction: Texte | None = Field(
        default=None, description="Fonction d'un élu (ex. Vice-président)"
    )
    delegation: Texte | None = Field(default=None, description="Délégation d'un élu")
    siren: Texte | None = Field(
        default=None,
        description="SIREN d'un organisme, entre guillemets",
        json_schema_extra={"pattern": SIREN_PATTERN},
    )
    email: Texte | None = Field(default=None, description="Contact (donnée personnelle)")
    telephone: Texte | None = Field(default=None, description="Contact (donnée personnelle)")
