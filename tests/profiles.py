"""How hard the property tests search: `ci` as .ci/run wants it, `dev` for the
developer's loop (a tenth of the examples). PCAET_TEST_PROFILE chooses; without it,
`ci` when the CI variable is set, `dev` otherwise."""

from __future__ import annotations

import os

PROFILE = os.environ.get("PCAET_TEST_PROFILE") or ("ci" if os.environ.get("CI") else "dev")


def examples(ci: int) -> int:
    """How many examples a property test draws: `ci` in CI, a tenth (at least 5) in
    the developer's loop."""
    return ci if PROFILE == "ci" else max(5, ci // 10)
