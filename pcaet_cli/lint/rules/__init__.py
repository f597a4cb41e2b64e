"""Every rule family; importing this package registers them all."""

from pcaet_cli.lint.rules import (  # noqa: F401
    actions,
    competences,
    organisation,
    pilotage,
    plans,
    references,
    schema,
)
