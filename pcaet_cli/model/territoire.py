"""territoires/ — a commune, an EPCI, a PETR or another grouping."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from pcaet_cli.model.common import INSEE_PATTERN, SIREN_PATTERN, Ref, RegisterModel, Texte, variants
from pcaet_cli.model.vocab import ModeCompetence, Nature


def _shorthand(value: Any) -> Any:
    # `mobilite: exercee` is the usual case; the mapping form is needed only to say to
    # whom a competence was transferred or delegated.
    return {"mode": value} if isinstance(value, str) else value


class Competence(RegisterModel):
    mode: Annotated[ModeCompetence, variants(ModeCompetence)] = Field(
        description="exercee (le territoire l'exerce), transferee ou deleguee (à `a`)"
    )
    a: Ref | None = Field(
        default=None, description="Territoire qui reçoit la compétence transférée ou déléguée"
    )

    @model_validator(mode="after")
    def _target_when_transferred(self) -> Competence:
        if self.mode is not ModeCompetence.EXERCEE and self.a is None:
            raise PydanticCustomError(
                "pcaet_competence",
                "compétence {mode} : indiquez à quel territoire avec « a: »",
                {"mode": self.mode.value},
            )
        if self.mode is ModeCompetence.EXERCEE and self.a is not None:
            raise PydanticCustomError(
                "pcaet_competence",
                "une compétence exercée n'a pas de destinataire « a: » ; "
                "écrivez mode: transferee ou deleguee",
                {},
            )
        return self


class Territoire(RegisterModel):
    """Un territoire : commune, EPCI, PETR, syndicat…"""

    id: Ref | None = Field(default=None, description="Facultatif : égal au nom du fichier")
    nom: Texte = Field(description="Nom officiel du territoire")
    nature: Annotated[Nature, variants(Nature)] = Field(
        description="Nature juridique (COM, CC, CA, CU, METRO, PETR, SMF…)"
    )
    siren: Texte | None = Field(
        default=None,
        description="SIREN (9 chiffres), entre guillemets",
        json_schema_extra={"pattern": SIREN_PATTERN},
    )
    code_insee: Texte | None = Field(
        default=None,
        description="Code INSEE d'une commune (5 caractères), entre guillemets",
        json_schema_extra={"pattern": INSEE_PATTERN},
    )
    population: Annotated[int, Field(ge=0, strict=True)] | None = None
    membre_de: list[Ref] = Field(
        default_factory=list, description="Territoires de niveau supérieur (EPCI, PETR…)"
    )
    competences: dict[
        str,
        Annotated[
            Competence,
            BeforeValidator(_shorthand, json_schema_input_type=Competence | Literal["exercee"]),
        ],
    ] = Field(
        default_factory=dict,
        description="Compétences détenues : exercee, ou {mode: transferee, a: territoire}",
    )
    charge_de_mission: Ref | None = Field(
        default=None, description="La personne qui pilote le plan climat sur ce territoire"
    )
    dgs: Ref | None = Field(default=None, description="Le directeur général des services")
