"""Text units and containers: the block tree's paragraphs, headings and table rows with their
source columns, and its list items and quotes.

markdown-it gives a paragraph's lines with container prefixes (list markers, indentation, `>`)
removed; each such line is a suffix of its source line, which is how its column is found (the
faster passes, `line_blocks` and `fast_blocks`, give a paragraph's lines with their columns
already). A task item's checkbox and a callout's `[!type]` marker are cut from the unit's text
and kept on the container; a heading's unit is its text without the `#` marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vaulttool.model import Container, Position, Tag, Unit, UnitKind
from vaulttool.parse.blocks import ContainerBlock, Layout, TextBlock

# Obsidian's task box: `[ ]` or any one character, then white space (HELP Basic formatting syntax).
_TASK = re.compile(r"\[(.)\](?:[ \t]+|$)")
# A callout's first line: `[!type]`, an optional fold sign `+`/`-`, then its title (HELP Callouts).
_CALLOUT = re.compile(r"\[!([^\]\s]+)\][+-]?[ \t]*")


def content_column(source_line: str, content_line: str) -> int:
    """0-based column where a paragraph's content line starts in its source line."""
    content = content_line.strip()
    stripped = source_line.rstrip()
    if content and stripped.endswith(content):
        return len(stripped) - len(content)
    return len(source_line) - len(source_line.lstrip())


def _prefix_end(source: str) -> int:
    """Where a line's indentation and quote marks end."""
    return len(source) - len(source.lstrip(" \t>"))


def _marker_column(source: str, markup: str) -> int:
    """0-based column of a container's marker: the first one after indentation and quote marks."""
    start = _prefix_end(source) if markup != ">" else len(source) - len(source.lstrip())
    found = source.find(markup, start)
    return found if found != -1 else start


def _text_lines(text: TextBlock, lines: list[str]) -> list[tuple[int, int, str]]:
    """(0-based line, 0-based column, chunk) of each line of a text block."""
    if text.rows is not None:
        return text.rows
    if text.kind == "table_row":
        source = lines[text.first_line]
        column = _prefix_end(source) if source.lstrip().startswith(">") else len(source) - len(source.lstrip())
        return [(text.first_line, column, source[column:].rstrip())]
    rows = []
    content_lines = text.content.split("\n")
    atx = text.kind == "heading" and text.end_line - text.first_line == 1
    for number, content_line in zip(range(text.first_line, text.end_line), content_lines):
        source = lines[number]
        if atx:
            content = content_line.strip()
            column = source.find(content, source.find("#")) if content else len(source.rstrip())
            rows.append((number, column, content))
            continue
        column = content_column(source, content_line)
        rows.append((number, column, source[column:].rstrip()))
    return rows


def _cut(rows: list[tuple[int, int, str]], pattern: re.Pattern[str]) -> tuple[str | None, list[tuple[int, int, str]]]:
    """Cut a marker from the start of the first line: (its group 1, the rows left). Both markers
    (a task's box, a callout's type) start with `[`: a line that does not is not matched."""
    line, column, chunk = rows[0]
    match = pattern.match(chunk) if chunk.startswith("[") else None
    if match is None:
        return None, rows
    rest = chunk[match.end() :]
    if not rest and len(rows) > 1:
        return match.group(1), rows[1:]
    return match.group(1), [(line, column + match.end(), rest), *rows[1:]]


def build_tree(layout: Layout, lines: list[str], path: str, tags: Sequence[Tag]) -> tuple[list[Unit], list[Container]]:
    """The units (each with the body tags written in it) and containers of a note, in document order."""
    by_line: dict[int, list[Tag]] = {}
    for tag in tags:
        by_line.setdefault(tag.position.line, []).append(tag)
    tasks: dict[int, str] = {}
    callouts: dict[int, str] = {}
    units: list[Unit] = []
    section: int | None = None
    for text in layout.texts:
        rows = _text_lines(text, lines)
        kind: UnitKind = text.kind
        if text.container is not None and text.paragraph == 0 and text.kind == "paragraph":
            if layout.containers[text.container].kind == "list_item":
                kind = "list_item"
                box, rows = _cut(rows, _TASK)
                if box is not None:
                    tasks[text.container] = box
            else:
                callout, rows = _cut(rows, _CALLOUT)
                if callout is not None:
                    callouts[text.container] = callout.lower()
        if text.kind == "heading":
            section = len(units)
        (first_line, first_column, _) = rows[0]
        starts = tuple((number + 1, column + 1) for number, column, _ in rows)
        inside = tuple(tag for line, column in starts for tag in by_line.get(line, ()) if tag.position.column >= column)
        units.append(
            Unit(
                kind,
                "\n".join(chunk for _, _, chunk in rows),
                Position(path, first_line + 1, first_column + 1),
                starts,
                inside,
                text.container,
                text.paragraph,
                text.block,
                section,
                text.level,
            )
        )
    containers = [
        _container(index, block, lines, path, tasks, callouts) for index, block in enumerate(layout.containers)
    ]
    return units, containers


def _container(
    index: int, block: ContainerBlock, lines: list[str], path: str, tasks: dict[int, str], callouts: dict[int, str]
) -> Container:
    column = _marker_column(lines[block.line], block.markup)
    return Container(
        block.kind,
        Position(path, block.line + 1, column + 1),
        block.parent,
        block.previous,
        block.depth,
        tasks.get(index),
        callouts.get(index),
    )
