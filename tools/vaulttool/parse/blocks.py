"""The block pass: markdown-it-py's block parser gives the note's structure with source lines.

Only the block rules run (the inline rule is disabled: inline facts come from the scanners),
which is what keeps parsing cheap. The result says which lines are code, math, comments, front
matter or HTML blocks (never scanned for tags or links), where headings, paragraphs, fences and
tables are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from vaulttool.parse.source import LineIndex
from vaulttool.parse.tables import TableBlock, table_block


@dataclass(slots=True)
class Paragraph:
    first_line: int  # 0-based, inclusive
    end_line: int  # 0-based, exclusive
    content: str  # markdown-it's paragraph content (container prefixes removed)
    in_list_item: bool


@dataclass(slots=True)
class HeadingBlock:
    level: int
    line: int  # 0-based
    content: str
    atx: bool


@dataclass(slots=True)
class FenceBlock:
    info: str
    body: str
    line: int  # 0-based line of the opening fence
    markup: str


@dataclass(slots=True)
class Layout:
    masked: list[tuple[int, int]] = field(default_factory=list)  # offsets never scanned
    frontmatter: tuple[int, int] | None = None  # 0-based lines [first, end) incl. delimiters
    headings: list[HeadingBlock] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    fences: list[FenceBlock] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin).use(dollarmath_plugin)
    md.core.ruler.disable(["inline", "text_join"])
    return md


# HELP `Editing and formatting/HTML content.md`: no Markdown inside an HTML block.
_OPAQUE = {"code_block", "math_block", "math_block_label", "html_block"}


def block_layout(text: str, index: LineIndex) -> Layout:
    """Run the block parser over normalised text and collect the note's layout."""
    layout = Layout()
    tokens: list[Token] = _block_parser().parse(text)
    parents: list[str] = []
    for position, token in enumerate(tokens):
        if token.nesting == 1:
            parents.append(token.type)
        elif token.nesting == -1:
            parents.pop()
            continue
        kind = token.type
        lines = token.map
        if lines is None:
            continue
        if kind == "front_matter":
            layout.frontmatter = (lines[0], lines[1])
            layout.masked.append(index.line_span(lines[0], lines[1], len(text)))
        elif kind == "fence":
            layout.fences.append(FenceBlock(token.info, token.content, lines[0], token.markup))
            layout.masked.append(index.line_span(lines[0], lines[1], len(text)))
        elif kind in _OPAQUE:
            layout.masked.append(index.line_span(lines[0], lines[1], len(text)))
        elif kind == "heading_open":
            inline = tokens[position + 1]
            layout.headings.append(
                HeadingBlock(int(token.tag[1]), lines[0], inline.content, token.markup.startswith("#"))
            )
        elif kind == "table_open":
            layout.tables.append(table_block(tokens, position))
        elif kind == "paragraph_open":
            inline = tokens[position + 1]
            in_item = len(parents) >= 2 and parents[-2] == "list_item_open"
            layout.paragraphs.append(Paragraph(lines[0], lines[1], inline.content, in_item))
    return layout
