"""`pcaet fmt` does not format again a text it found formatted: same answers, fewer
round trips, and a damaged or foreign file of keys only costs time."""

from __future__ import annotations

from pathlib import Path

import msgpack
import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.edit import fmt, fmt_cache
from pcaet_cli.edit.fmt_cache import FormattedTexts, text_key
from tests.conftest import WriteRegister

runner = CliRunner()
SCHEMA = "# yaml-language-server: $schema=../../schemas/{}.schema.json\n"
FILES = {
    "actions/mob-01.yaml": SCHEMA.format("action") + "titre: Vélo\npilote: svc-mob\n",
    "actions/mob-02.yaml": SCHEMA.format("action") + "titre: Bus\npilote: svc-mob\n",
    "actions/mob-03.yaml": "pilote: svc-mob\ntitre: Car\n",  # not in the model's order
    "acteurs/svc-mob.yaml": SCHEMA.format("acteur") + "nom: Mobilités\ntype: service\n",
}


class Formatted:
    """The files formatted (not taken from the keys) in the last run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        original = fmt.format_text

        def counting(text: str, kind: str | None) -> str:
            self.names.append(text.splitlines()[-1])
            return original(text, kind)

        monkeypatch.setattr(fmt, "format_text", counting)

    def take(self) -> list[str]:
        names, self.names = self.names, []
        return names


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> Formatted:
    return Formatted(monkeypatch)


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["fmt", "--check", *args])
    return result.exit_code, result.stdout


def test_a_second_check_formats_only_what_changed(
    write_register: WriteRegister, formatted: Formatted, own_cache: Path
) -> None:
    root = write_register(FILES)
    first = check()
    assert first == (1, "actions/mob-03.yaml\n")
    assert len(formatted.take()) == 4
    assert (own_cache / "fmt.msgpack").is_file()
    # The three formatted files are known; the one out of order is formatted again.
    assert check() == first
    assert formatted.take() == ["titre: Car"]
    (root / "actions/mob-02.yaml").write_text(
        SCHEMA.format("action") + "pilote: svc-mob\ntitre: Bus\n", encoding="utf-8"
    )
    assert check() == (1, "actions/mob-02.yaml\nactions/mob-03.yaml\n")
    assert sorted(formatted.take()) == ["titre: Bus", "titre: Car"]


def test_what_fmt_writes_is_known_at_the_next_check(
    write_register: WriteRegister, formatted: Formatted
) -> None:
    write_register(FILES)
    assert runner.invoke(app, ["fmt"]).exit_code == 0
    formatted.take()
    assert check() == (0, "")
    assert formatted.take() == ["pilote: svc-mob"]  # mob-03 rewritten, then found formatted
    assert check() == (0, "")
    assert formatted.take() == []


def test_no_cache_formats_everything_and_keeps_the_keys(
    write_register: WriteRegister, formatted: Formatted
) -> None:
    write_register(FILES)
    check()
    formatted.take()
    assert check("--no-cache") == (1, "actions/mob-03.yaml\n")
    assert len(formatted.take()) == 4
    check()
    assert formatted.take() == ["titre: Car"]


def test_the_key_is_the_kind_and_the_bytes() -> None:
    raw = FILES["actions/mob-01.yaml"].encode()
    assert text_key(raw, "actions") == text_key(raw, "actions")
    assert text_key(raw, "actions") != text_key(raw, "acteurs")
    assert text_key(raw, "actions") != text_key(raw + b"\n", "actions")
    assert text_key(raw, None) != text_key(raw, "actions")


@pytest.mark.parametrize(
    "damage",
    ["garbage", "foreign-stamp", "wrong-shape", "link", "short-keys"],
)
def test_a_damaged_file_of_keys_only_costs_time(
    write_register: WriteRegister, formatted: Formatted, own_cache: Path, damage: str
) -> None:
    root = write_register(FILES)
    path = own_cache / "fmt.msgpack"
    # Keys that would claim every file formatted, the one out of order included.
    keys = [text_key((root / name).read_bytes(), name.split("/")[0]) for name in sorted(FILES)]
    stamp = FormattedTexts(own_cache).stamp
    if damage == "garbage":
        path.write_bytes(b"\xc1" * 100)
    elif damage == "foreign-stamp":
        path.write_bytes(msgpack.packb({"stamp": [*stamp[:2], "0.0"], "textes": keys}))
    elif damage == "wrong-shape":
        path.write_bytes(msgpack.packb({"stamp": stamp, "textes": {"a": 1}}))
    elif damage == "link":
        elsewhere = own_cache.parent / "ailleurs.msgpack"
        elsewhere.write_bytes(msgpack.packb({"stamp": stamp, "textes": keys}))
        path.unlink(missing_ok=True)
        path.symlink_to(elsewhere)
    else:
        path.write_bytes(msgpack.packb({"stamp": stamp, "textes": [k[:16] for k in keys]}))
    assert check() == (1, "actions/mob-03.yaml\n")
    assert len(formatted.take()) == 4


def test_the_same_stamp_is_trusted(
    write_register: WriteRegister, formatted: Formatted, own_cache: Path
) -> None:
    # The counterpart of the damaged cases: the same keys under the right stamp are
    # believed (which is why the file lives in the user's own cache folder).
    root = write_register(FILES)
    keys = [text_key((root / n).read_bytes(), n.split("/")[0]) for n in sorted(FILES)]
    stamp = FormattedTexts(own_cache).stamp
    (own_cache / "fmt.msgpack").write_bytes(msgpack.packb({"stamp": stamp, "textes": keys}))
    assert check() == (0, "")
    assert formatted.take() == []


def test_past_the_bound_only_the_last_run_is_kept(
    write_register: WriteRegister, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_register(FILES)
    stamp = FormattedTexts(own_cache).stamp
    old = [f"{n:032x}" for n in range(5)]
    path = own_cache / "fmt.msgpack"
    path.write_bytes(msgpack.packb({"stamp": stamp, "textes": old}))
    monkeypatch.setattr(fmt_cache, "MAX_KEPT", 6)
    check()  # three keys found: 8 > 6
    kept = msgpack.unpackb(path.read_bytes())["textes"]
    assert len(kept) == 3 and not set(old) & set(kept)
    assert text_key((root / "actions/mob-01.yaml").read_bytes(), "actions") in kept
    monkeypatch.setattr(fmt_cache, "MAX_KEPT", 100)
    path.write_bytes(msgpack.packb({"stamp": stamp, "textes": old}))
    check()
    assert len(msgpack.unpackb(path.read_bytes())["textes"]) == 8
