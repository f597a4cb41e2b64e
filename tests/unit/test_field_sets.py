"""Loaded models share their sets of given fields: what `exclude_unset` and
`model_fields_set` answer is unchanged, and no model's set moves with another's."""

from __future__ import annotations

from pathlib import Path

from pcaet_cli.model import Action
from pcaet_cli.model.common import share_field_sets
from pcaet_cli.register.opening import open_register
from tests.conftest import WriteRegister


def _action(title: str, **more: object) -> Action:
    data: dict[str, object] = {
        "titre": title,
        "pilote": "svc",
        "referent": "elu",
        "financements": [{"financeur": "ademe", "montant": 1000}],
        **more,
    }
    return Action.model_validate(data)


def test_models_given_the_same_fields_share_one_set() -> None:
    first, second = _action("Vélo"), _action("Covoiturage")
    other = _action("Bus", statut="En cours")
    expected = [m.model_dump(exclude_unset=True) for m in (first, second, other)]
    for model in (first, second, other):
        share_field_sets(model)
    assert second.__pydantic_fields_set__ is first.__pydantic_fields_set__
    nested = second.financements[0].__pydantic_fields_set__
    assert nested is first.financements[0].__pydantic_fields_set__
    assert other.__pydantic_fields_set__ is not first.__pydantic_fields_set__
    given = {"titre", "pilote", "referent", "financements", "statut"}
    assert other.__pydantic_fields_set__ == given
    assert [m.model_dump(exclude_unset=True) for m in (first, second, other)] == expected
    # A copy with changes gets its own set: the models sharing it keep theirs.
    changed = second.model_copy(update={"statut": "Terminée"})
    assert "statut" in changed.model_fields_set
    assert "statut" not in first.model_fields_set


def test_a_loaded_register_shares_them(write_register: WriteRegister) -> None:
    action = "titre: {}\npilote: svc\nreferent: elu\nechelon: cc\n"
    root = write_register(
        {
            "actions/a-1.yaml": action.format("Vélo"),
            "actions/a-2.yaml": action.format("Bus"),
            "acteurs/svc.yaml": "nom: Service\ntype: service\n",
        }
    )
    for fast in (True, False):
        loaded = open_register(Path(root), fast=fast, cache=False).loaded
        first, second = (d.model for d in loaded.documents if d.kind == "actions")
        assert first is not None and second is not None
        assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
