"""Shared helpers: small registers written into temporary folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "register"

DEFAULT_CONFIG = '[registre]\nnom = "Registre de test"\n'

WriteRegister = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture
def write_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteRegister:
    """Write `{relative path: content}` as a register in a temporary folder, which
    becomes the working directory (so diagnostics show paths relative to it)."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "registre"
        root.mkdir(exist_ok=True)
        if "pcaet.toml" not in files:
            (root / "pcaet.toml").write_text(DEFAULT_CONFIG, encoding="utf-8")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        monkeypatch.chdir(root)
        return root

    return write
