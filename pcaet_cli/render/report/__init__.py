"""Rendering a report: terminal (rich), Markdown, CSV, XLSX, JSON."""

from __future__ import annotations

FORMATS = ("table", "markdown", "csv", "xlsx", "json")
