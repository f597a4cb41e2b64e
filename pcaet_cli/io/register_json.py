"""The name and version of the JSON document `pcaet export --format json` writes and
`pcaet import` reads back: in a module of their own, so that reading the format's name
does not load what writing it needs (pandas, every report)."""

from __future__ import annotations

FORMAT_NAME = "pcaet-registre"
FORMAT_VERSION = 1
