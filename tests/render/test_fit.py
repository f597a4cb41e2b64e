"""The one layout of terminal tables: words and numbers never split, numbers at their
natural width, records when the words cannot stand side by side."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len
from rich.text import Text

from pcaet_cli.render.fit import (
    Grid,
    Heading,
    Row,
    cell_len,
    layout,
    record_lines,
    words,
    wrap,
)


def test_wrap_breaks_only_at_ordinary_spaces() -> None:
    amount = "28\u202f722\u202f000\u00a0€ / 45\u202f937\u202f000\u00a0€\u00a0HT"
    assert wrap(amount, 16) == [
        "28\u202f722\u202f000\u00a0€ /",
        "45\u202f937\u202f000\u00a0€\u00a0HT",
    ]
    assert wrap("Communauté de communes", 12) == ["Communauté", "de communes"]
    # A French mark stays with its word: never « at a line's end, » at the next's start.
    assert wrap("Location « Brume'Vélo »", 14) == ["Location", "« Brume'Vélo »"]


def test_a_text_that_fits_exactly_stays_on_its_line() -> None:
    assert wrap("Vélo partagé", 12) == ["Vélo partagé"]
    assert wrap("Vélo partagé", 11) == ["Vélo", "partagé"]
    # Spaces that the words would not keep send the text the long way.
    assert wrap("Vélo  partagé", 13) == ["Vélo partagé"]
    assert wrap(" Vélo", 5) == ["Vélo"]
    assert wrap("Vélo\npartagé", 20) == ["Vélo", "partagé"]
    assert wrap("", 5) == [""]
    # Wide characters count two cells: 6 characters, 12 cells.
    assert wrap("東京 大阪 名古", 8) == ["東京", "大阪", "名古"]


# French text, a few wide and zero-width characters, controls and surrogates aside.
_CHARACTERS = st.characters(
    min_codepoint=0x20, max_codepoint=0x3100, blacklist_categories=("Cc", "Cs")
)


@given(st.text(_CHARACTERS, max_size=40))
def test_cells_are_counted_as_rich_counts_them(text: str) -> None:
    assert cell_len(text) == rich_cell_len(text)


@given(st.text(st.sampled_from("ab é€ «»東\u200b"), max_size=30), st.integers(1, 30))
@example("a €", 1)  # « € » stays with its number: one piece of three cells
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(rich_cell_len(line) <= width for line in lines)
    # Unless a piece that may not break (a word and its French mark) is too wide.
    if all(rich_cell_len(piece) <= width for piece in words(text)):
        assert " ".join(lines).split() == text.split()


def test_a_word_wider_than_its_column_ends_in_an_ellipsis() -> None:
    assert wrap("Saint-Aubin-des-Brumes", 10) == ["Saint-Aub…"]


def test_numbers_right_aligned_at_their_width_and_labels_never_split() -> None:
    grid = Grid(
        ["Territoire", "Actions"],
        [False, True],
        [Heading("PETR"), Row(["Communauté de communes du Val de Brume", "12\u202f345"])],
    )
    lines = [t.plain for t in layout(grid, 30)]
    assert lines == [
        "Territoire             Actions",
        "─────────────────────  ───────",
        "─ PETR ───────────────────────",
        "Communauté de           12\u202f345",
        "communes du Val de",
        "Brume",
    ]
    assert all(len(line) <= 30 for line in lines)


def test_too_narrow_for_the_words_becomes_one_record_per_block() -> None:
    grid = Grid(
        ["Nom", "Service", "Demandés"],
        [False, False, True],
        [Row(["claire-martineau", "Service énergie-climat", "0,7"])],
    )
    lines = [t.plain for t in layout(grid, 24)]
    assert lines == [
        "claire-martineau",
        "  Service : Service",
        "  énergie-climat",
        "  Demandés : 0,7",
    ]


def test_wide_tables_become_records_under_90_columns_when_rows_grow_tall() -> None:
    long = "un titre assez long pour tenir sur plusieurs lignes dans une colonne étroite"
    grid = Grid(
        ["Action", "Titre", "Pilote", "État"],
        [False, False, False, False],
        [Row(["a1", long, long, long])],
        wide=True,
    )
    assert layout(grid, 80)[0].plain == "a1"
    assert layout(grid, 400)[0].plain.startswith("Action")


def _styled(line: Text) -> list[tuple[str, str]]:
    return [(line.plain[s.start : s.end], str(s.style)) for s in line.spans]


def test_a_cell_s_style_covers_its_text_side_by_side_and_in_records() -> None:
    rows = [Row(["a1", "·", "Vélo"], styles={1: "red"}), Row(["a2", "x", "·"], styles={2: "red"})]
    grid = Grid(["Action", "Pilote", "Titre"], [False, False, False], rows)
    side = layout(grid, 40)
    assert [t.plain for t in side[2:]] == ["a1      ·       Vélo", "a2      x       ·"]
    # Padded with its column; the last cell's padding goes with the line's end.
    assert _styled(side[2]) == [("·     ", "red")]
    assert _styled(side[3]) == [("·", "red")]
    records = record_lines(grid, 16)
    assert [t.plain for t in records] == [
        "a1",
        "  Pilote : ·",
        "  Titre : Vélo",
        "a2",
        "  Pilote : x",
        "  Titre : ·",
    ]
    assert [_styled(t) for t in records] == [[], [("·", "red")], [], [], [], [("·", "red")]]
    assert [str(t.style) for t in records] == ["bold", "", "", "bold", "", ""]
    # A styled cell left blank at the line's end is cut with the spaces: no empty span.
    blank = layout(Grid(["A", "B"], [False, False], [Row(["a", ""], styles={1: "red"})]), 40)
    assert blank[2].plain == "a"
    assert blank[2].spans == []
