"""Where each rule is documented: its heading in docs/regles.md, which
`pcaet rules --format markdown` writes, and the address of that heading on GitHub (the
SARIF `helpUri` that code scanning shows beside an alert)."""

from __future__ import annotations

import re

from pcaet_cli.diagnostic import Rule

PROJECT_URI = "https://github.com/pcaet/pcaet"
REFERENCE_URI = f"{PROJECT_URI}/blob/main/docs/regles.md"

# github-slugger, which names GitHub's heading anchors, drops every character but
# letters, digits, `_`, `-` and spaces.
_DROPPED = re.compile(r"[^\w\- ]")


def heading(rule: Rule) -> str:
    """The rule's heading in the reference: `P001 `action-sans-pilote` (erreur)`."""
    return f"{rule.code} `{rule.name}` ({rule.severity.label})"


def anchor(text: str) -> str:
    """The fragment GitHub gives a Markdown heading of text `text`: lower case,
    punctuation dropped, each space a hyphen (`y001-syntaxe-yaml-erreur`)."""
    return _DROPPED.sub("", text.strip().lower()).replace(" ", "-")


def help_uri(rule: Rule) -> str:
    """The address of the rule's documentation: its heading in docs/regles.md."""
    return f"{REFERENCE_URI}#{anchor(heading(rule))}"
