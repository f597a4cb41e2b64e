"""The text format cuts long source lines itself when every character takes one cell:
what it shows must be what rich's truncation shows, for any line and any width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from pcaet_cli.render.diagnostics.text import _window


def _rich_window(line: str, start: int, stop: int, room: int) -> tuple[str, int, int]:
    """The same window, every cut made by rich (the behaviour before the shortcut)."""
    shown = Text(line)
    shown.truncate(room, overflow="ellipsis")
    return shown.plain, start, stop


@given(
    st.text(alphabet=st.sampled_from("aé -:[],0123456789漢字🙂"), max_size=200),
    st.integers(min_value=20, max_value=120),
)
def test_a_cut_line_is_what_rich_would_show(line: str, room: int) -> None:
    start = min(len(line) // 4, len(line))
    shown, first, last = _window(line, start, start + 1, room)
    if not shown.startswith("…") or line.startswith("…"):
        assert (shown, first, last) == _rich_window(line, start, start + 1, room)
    assert Text(shown).cell_len <= room


def test_a_long_line_of_one_cell_characters_ends_with_an_ellipsis() -> None:
    line = "partenaires: [" + ", ".join(f"inconnu-{n}" for n in range(20)) + "]"
    shown, _, _ = _window(line, 0, 1, 40)
    assert shown == line[:39] + "…"
    assert _window(line[:40], 0, 1, 40) == (line[:40], 0, 1)
