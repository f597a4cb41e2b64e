"""Sites generated once per test session from the example register (and the same
register made public), and a reader of their HTML built on the standard library."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.site import SiteOptions, generate, site_folder
from tests.conftest import EXAMPLE, REPO

TODAY = date(2026, 11, 29)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Html:
    """What a test reads of one page: its elements in order and its visible text."""

    elements: list[Element] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.elements if "id" in e.attrs]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Html()
        self._chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append(Element(tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._chunks.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._chunks).split())


def read_html(path: Path) -> Html:
    return _parsed(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Html:
    """Pages are read by many tests (the example's hundred pages by each accessibility
    check): each text is parsed once. Keyed by the text, so a site written again
    anew is read anew; the tests only read the pages they are given."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.page


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def load(root: Path) -> RegisterIndex:
    loaded = load_register(root)
    return RegisterIndex.build(loaded.documents)


def build(root: Path, target: Path, *, public: bool = False) -> Path:
    with site_folder(target) as folder:
        generate(load(root), SiteOptions(today=TODAY, public=public), folder)
    return target


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(EXAMPLE, tmp_path_factory.mktemp("site") / "public")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(EXAMPLE, tmp_path_factory.mktemp("site-public") / "public", public=True)


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """Screenshots and PDFs kept after the tests: $PCAET_ARTEFACTS, by default
    test-artifacts/site/ in the repository (ignored by git)."""
    folder = Path(os.environ.get("PCAET_ARTEFACTS") or REPO / "test-artifacts" / "site")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
