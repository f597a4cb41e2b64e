"""The precomputed YAML 1.2 resolver resolves every scalar exactly as ruamel's own,
but for numbers written with `_`, which YAML 1.2's core schema (and the editors) read
as text where ruamel reads a number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from pcaet_cli.register.yaml12 import Yaml12Resolver
from tests.profiles import examples

STOCK = VersionedResolver(version=(1, 2))
OURS = Yaml12Resolver(version=(1, 2))

TRICKY = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "yes",
    "no",
    "on",
    "off",
    "oui",
    "non",
    "0",
    "010",
    "0o14",
    "0x1F",
    "-1",
    "+1",
    "1_000",
    "1.5",
    ".5",
    "1e3",
    ".inf",
    "-.Inf",
    ".nan",
    "2024-01-01",
    "2024-1-1",
    "2024-01-01T10:00:00Z",
    "2024-01-01 10:00",
    "<<",
    "=",
    "!x",
    "&a",
    "*a",
    "12:30",
    "1:2:3",
    "Résidentiel",
    "PM2,5",
    "49007",
    "01004",
    "2.1",
    "1.1.1",
    "-",
    "+",
    ".",
]


def _expected(value: str, implicit: tuple[bool, bool]) -> str:
    stock = str(STOCK.resolve(ScalarNode, value, implicit))
    numeric = stock.endswith((":int", ":float"))
    return "tag:yaml.org,2002:str" if numeric and "_" in value else stock


def test_tricky_scalars() -> None:
    for value in TRICKY:
        for implicit in ((True, False), (False, True)):
            assert str(OURS.resolve(ScalarNode, value, implicit)) == _expected(value, implicit)


def test_underscores_make_text() -> None:
    for value in ("1_000", "1_0.5", "0x1_F", "-1_000", "1_000e3"):
        assert str(OURS.resolve(ScalarNode, value, (True, False))) == "tag:yaml.org,2002:str"
    assert str(OURS.resolve(ScalarNode, "1000", (True, False))) == "tag:yaml.org,2002:int"


def test_collections() -> None:
    # The value does not matter for collections: ruamel passes None.
    assert str(OURS.resolve(SequenceNode, "", (True, False))) == "tag:yaml.org,2002:seq"
    assert str(OURS.resolve(MappingNode, "", (True, False))) == "tag:yaml.org,2002:map"


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.-+_eE:xXoObB tTnNfF~<=éa "), max_size=12))
def test_random_scalars(value: str) -> None:
    assert str(OURS.resolve(ScalarNode, value, (True, False))) == _expected(value, (True, False))
