"""Text units: each paragraph, and each list item's own paragraph, with its source columns.

markdown-it gives a paragraph's lines with container prefixes (list markers, indentation, `>`)
removed; each such line is a suffix of its source line, which is how its column is found.
"""

from __future__ import annotations

from vaulttool.model import Position, Unit
from vaulttool.parse.blocks import Paragraph


def content_column(source_line: str, content_line: str) -> int:
    """0-based column where a paragraph's content line starts in its source line."""
    content = content_line.strip()
    stripped = source_line.rstrip()
    if content and stripped.endswith(content):
        return len(stripped) - len(content)
    return len(source_line) - len(source_line.lstrip())


def build_unit(paragraph: Paragraph, lines: list[str], path: str) -> Unit:
    chunks: list[str] = []
    starts: list[tuple[int, int]] = []
    content_lines = paragraph.content.split("\n")
    for number, content_line in zip(range(paragraph.first_line, paragraph.end_line), content_lines):
        source = lines[number]
        column = content_column(source, content_line)
        chunks.append(source[column:].rstrip())
        starts.append((number + 1, column + 1))
    first_line, first_column = starts[0]
    return Unit(
        "list_item" if paragraph.in_list_item else "paragraph",
        "\n".join(chunks),
        Position(path, first_line, first_column),
        tuple(starts),
    )
