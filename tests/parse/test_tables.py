"""Tables: rows and cells with positions (GitHub Flavored Markdown spec, "Tables (extension)"; Obsidian
renders GFM tables, and hides everything in a `%% comment %%`: rule 6 of OBSIDIAN_RULES.md)."""

from __future__ import annotations

from vaulttool.model import Position
from vaulttool.parse import parse_note


def cells(text: str) -> list[list[tuple[str, int, int]]]:
    (table,) = parse_note("n.md", text).tables
    return [[(c.text, c.position.line, c.position.column) for c in row] for row in table.rows]


def test_header_and_body_rows_without_the_delimiter_row() -> None:
    """GFM example 198: a header row, a delimiter row, body rows; cells are trimmed."""
    text = "intro\n\n| foo | bar |\n| --- | --- |\n| baz | bim |\n"
    assert cells(text) == [[("foo", 3, 3), ("bar", 3, 9)], [("baz", 5, 3), ("bim", 5, 9)]]
    assert parse_note("n.md", text).tables[0].position == Position("n.md", 3, 3)


def test_outer_pipes_are_optional_and_alignment_is_ignored() -> None:
    """GFM examples 199 and 201: `abc | defghi` with `:-: | -----------:`."""
    assert cells("abc | defghi\n:-: | -----------:\nbar | baz\n") == [
        [("abc", 1, 1), ("defghi", 1, 7)],
        [("bar", 3, 1), ("baz", 3, 7)],
    ]


def test_escaped_pipe_stays_in_its_cell() -> None:
    """GFM example 200: `\\|` is a pipe inside a cell; the cell's column is where it is written."""
    assert cells("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n") == [[("f|oo", 1, 3)], [("b `|` az", 3, 3)]]


def test_empty_cells_and_missing_cells() -> None:
    """GFM example 204: missing cells are inserted empty. An empty cell sits just after its pipe, a
    missing one just after the row's last pipe."""
    assert cells("| abc | def |\n| --- | --- |\n| bar |\n|  | x |\n") == [
        [("abc", 1, 3), ("def", 1, 9)],
        [("bar", 3, 3), ("", 3, 8)],
        [("", 4, 2), ("x", 4, 6)],
    ]


def test_a_table_in_a_quote_or_a_list_item() -> None:
    assert cells("> | a | b |\n> |---|---|\n> | 1 | 2 |\n") == [[("a", 1, 5), ("b", 1, 9)], [("1", 3, 5), ("2", 3, 9)]]
    assert cells("- item\n\n  | a |\n  |---|\n  | 1 |\n") == [[("a", 3, 5)], [("1", 5, 5)]]


def test_no_table_in_code_or_comments() -> None:
    """A fenced block is code; rows inside `%% … %%` are hidden (rule 6), the rows after it stay."""
    assert parse_note("n.md", "```\n| a |\n|---|\n| 1 |\n```\n").tables == ()
    assert parse_note("n.md", "%%\n| a |\n|---|\n| 1 |\n%%\n").tables == ()
    assert cells("| a |\n|---|\n| %% 1 %% |\n| 2 |\n") == [[("a", 1, 3)], [("%% 1 %%", 3, 3)], [("2", 4, 3)]]


def test_not_a_table_without_a_delimiter_row() -> None:
    """GFM example 203 (the delimiter row must match the header's cell count) and plain pipes."""
    assert parse_note("n.md", "| a | b |\n| --- |\n| 1 | 2 |\n").tables == ()
    assert parse_note("n.md", "K+ | 140 | 5\n").tables == ()
