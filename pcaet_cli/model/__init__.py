"""The pydantic models: the one source of truth of the register's data contract."""

from pcaet_cli.model.acteur import Acteur
from pcaet_cli.model.action import Action
from pcaet_cli.model.common import RegisterModel
from pcaet_cli.model.plan import Plan
from pcaet_cli.model.territoire import Territoire

# Folder of the register → model of its files. The folder gives the kind.
KINDS: dict[str, type[RegisterModel]] = {
    "territoires": Territoire,
    "acteurs": Acteur,
    "plans": Plan,
    "actions": Action,
}

__all__ = ["KINDS", "Acteur", "Action", "Plan", "RegisterModel", "Territoire"]
