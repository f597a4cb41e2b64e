"""plans/ — a PCAET or another plan or contract the actions are articulated with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from pydantic import Field

from pcaet_cli.model.common import Jour, Ref, RegisterModel, Texte, variants
from pcaet_cli.model.vocab import EtatPlan, Obligation, TypePlan


class Axe(RegisterModel):
    code: Texte = Field(description='Code de l\'axe, entre guillemets ("1", "1.2")')
    titre: Texte
    sous_axes: list[Axe] = Field(default_factory=list)


class Plan(RegisterModel):
    """Un plan ou contrat : PCAET, CRTE, SCoT, COT, projet de territoire…"""

    id: Ref | None = Field(default=None, description="Facultatif : égal au nom du fichier")
    nom: Texte
    type: Annotated[TypePlan, variants(TypePlan)]
    porteur: Ref | None = Field(default=None, description="Le territoire qui adopte le plan")
    perimetre: list[Ref] = Field(
        default_factory=list, description="Territoires couverts (par défaut : le porteur)"
    )
    obligation: Annotated[Obligation, variants(Obligation)] | None = None
    date_debut: Jour | None = None
    date_fin: Jour | None = None
    statut: Annotated[EtatPlan, variants(EtatPlan)] | None = None
    axes: list[Axe] = Field(default_factory=list)

    def axis_codes(self) -> Iterator[tuple[str, str]]:
        """Every (code, titre) of the plan's axes, depth first."""
        stack = list(reversed(self.axes))
        while stack:
            axe = stack.pop()
            yield axe.code, axe.titre
            stack.extend(reversed(axe.sous_axes))
