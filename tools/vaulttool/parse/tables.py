"""Tables: the rows and cells of each GFM table, positioned.

markdown-it-py's table rule gives each row's cells (trimmed, `\\|` unescaped) and the table's
lines; each cell is then found left to right in its source line for its column. Rows that lie in
a comment (`%% … %%`) are left out, as every other fact there is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaulttool.model import Position, Table, TableCell

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(slots=True)
class TableBlock:
    rows: list[tuple[int, list[str]]]  # (0-based line, cell texts): the header row first


def table_block(tokens: list[Token], start: int) -> TableBlock:
    """The rows of the table whose `table_open` token is `tokens[start]`."""
    lines = tokens[start].map
    first_line = lines[0] if lines else 0
    rows: list[tuple[int, list[str]]] = []
    cells: list[str] = []
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(token.content)
        elif token.type == "tr_close":
            # the header is the table's first line, the delimiter row the second, then one row a line
            rows.append((first_line + (len(rows) + 1 if rows else 0), cells))
    return TableBlock(rows)


def build_table(block: TableBlock, lines: list[str], masked_lines: list[str], path: str) -> Table | None:
    """The positioned table, without the rows a comment hides; None if no row is left."""
    rows = tuple(
        _row(cells, lines[line], line, path) for line, cells in block.rows if cells and "|" in masked_lines[line]
    )
    return Table(rows[0][0].position, rows) if rows else None


def _row(cells: list[str], source: str, line: int, path: str) -> tuple[TableCell, ...]:
    """Each cell with the column where its text starts (an empty cell: just after its pipe)."""
    found: list[TableCell] = []
    cursor = 0
    for text in cells:
        written = text.replace("|", "\\|")  # markdown-it unescapes `\|` inside a cell
        column = source.find(written, cursor) if text else -1
        if column == -1:
            pipe = source.find("|", cursor)
            column = end = pipe + 1 if pipe != -1 else cursor
        else:
            end = column + len(written)
        found.append(TableCell(text, Position(path, line + 1, column + 1)))
        cursor = end
    return tuple(found)
