"""The block pass: markdown-it-py's block parser gives the note's structure with source lines.

Only the block rules run (the inline rule is disabled: inline facts come from the scanners),
which is what keeps parsing cheap. The result says which lines are code, math, comments, front
matter or HTML blocks (never scanned for tags or links), where headings, fences and tables are, and
the block tree the lifecycle reads: text blocks (paragraphs, headings, table rows) in document
order, each with the list item or quote it is written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from vaulttool.parse.source import LineIndex
from vaulttool.parse.tables import TableBlock, table_block

if TYPE_CHECKING:
    from collections.abc import Callable

    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token


def line_start(pattern: str) -> re.Pattern[str]:
    """`pattern` at a line's start, to search in the text after a newline (`"\\n" + text`), where
    a match's start is then its line's offset in the text. A pattern led by a newline is found
    about five times faster than one led by `^` (multi-line), tried at every character."""
    return re.compile("\n" + pattern, re.MULTILINE)


# Where a table may start: a line with a pipe, then one of dashes between pipes (the faster block
# passes leave a note to markdown-it-py where they do not read such a table as it does). The first
# pipe is matched, not any: a line of many pipes is searched in linear time.
TABLE_START = line_start(r"[^\n|]*\|[^\n]*\n[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\||$)")


def text_row(line: int, source: str, start: int) -> tuple[int, int, str]:
    """A text's row (`TextBlock.rows`): its line, the column of its text from `start` on, white
    space trimmed, and that text (where `text_units` finds the same from the block's content)."""
    chunk = source[start:].strip()
    return line, len(source.rstrip()) - len(chunk), chunk


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class TextBlock:
    """A paragraph, a heading or a table row: a unit of text of the block tree."""

    kind: Literal["paragraph", "heading", "table_row"]
    first_line: int  # 0-based, inclusive
    end_line: int  # 0-based, exclusive
    content: str  # markdown-it's content (container prefixes removed); a row's is empty
    container: int | None  # index in `Layout.containers` of the innermost list item or quote
    paragraph: int  # its place among the text blocks written directly in that container
    block: int  # ordinal of the note-level block it belongs to
    level: int = 0  # a heading's level
    # (0-based line, 0-based column, text) of each line, when the pass that found the block knew
    # them (`line_blocks`, `fast_blocks`: its `content` is then empty); else `text_units` finds them
    # from `content`
    rows: list[tuple[int, int, str]] | None = None

    def __init__(
        self,
        kind: Literal["paragraph", "heading", "table_row"],
        first_line: int,
        end_line: int,
        content: str,
        container: int | None,
        paragraph: int,
        block: int,
        level: int = 0,
        rows: list[tuple[int, int, str]] | None = None,
    ) -> None:
        self.kind = kind
        self.first_line = first_line
        self.end_line = end_line
        self.content = content
        self.container = container
        self.paragraph = paragraph
        self.block = block
        self.level = level
        self.rows = rows


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class ContainerBlock:
    """A list item or a block quote."""

    kind: Literal["list_item", "quote"]
    line: int  # 0-based line of its marker
    markup: str  # `-`, `*`, `+`, `1.`, `2)`, `>`
    parent: int | None
    previous: int | None  # a list item's previous sibling in the same list
    depth: int  # list items it is nested in, itself included
    children: int = 0  # text blocks written directly in it so far

    def __init__(
        self,
        kind: Literal["list_item", "quote"],
        line: int,
        markup: str,
        parent: int | None,
        previous: int | None,
        depth: int,
        children: int = 0,
    ) -> None:
        self.kind = kind
        self.line = line
        self.markup = markup
        self.parent = parent
        self.previous = previous
        self.depth = depth
        self.children = children


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class HeadingBlock:
    level: int
    line: int  # 0-based
    content: str
    atx: bool

    def __init__(self, level: int, line: int, content: str, atx: bool) -> None:
        self.level = level
        self.line = line
        self.content = content
        self.atx = atx


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
    texts: list[TextBlock] = field(default_factory=list)
    containers: list[ContainerBlock] = field(default_factory=list)
    fences: list[FenceBlock] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)

    def add_text(
        self,
        kind: Literal["paragraph", "heading", "table_row"],
        lines: list[int],
        content: str,
        container: int | None,
        block: int,
        level: int = 0,
        rows: list[tuple[int, int, str]] | None = None,
    ) -> None:
        """A text block on `lines` [first, end), written directly in `container` (None: at the top)."""
        paragraph = 0
        if container is not None:
            paragraph = self.containers[container].children
            self.containers[container].children += 1
        self.texts.append(TextBlock(kind, lines[0], lines[1], content, container, paragraph, block, level, rows))


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """markdown-it-py's block parser, imported on first use: most notes never need it
    (`line_blocks`, `fast_blocks`), and importing it costs about 60 ms."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin
    from mdit_py_plugins.front_matter.index import _front_matter_rule

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.use(front_matter_plugin).use(dollarmath_plugin)
    md.block.ruler.at("front_matter", _at_note_start(_front_matter_rule), {"alt": _FRONT_MATTER_ALT})
    md.core.ruler.disable(["inline", "text_join"])
    return md


_FRONT_MATTER_ALT = ["paragraph", "reference", "blockquote", "list"]  # as the plugin registers it


def _at_note_start(rule: Callable[[StateBlock, int, int, bool], bool]) -> Callable[[StateBlock, int, int, bool], bool]:
    """mdit-py-plugins' front matter rule (0.4 to 0.7), tried only where a block starts the note:
    Obsidian reads front matter from the note's first line alone. The rule itself checks the note's
    first character but counts dashes from the block's, so in a first list item it read `- a--b`
    as the start of front matter and masked the item (and its tags)."""

    def rule_at_start(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.bMarks[start_line] + state.tShift[start_line] != 0:
            return False
        return rule(state, start_line, end_line, silent)

    return rule_at_start


# HELP `Editing and formatting/HTML content.md`: no Markdown inside an HTML block.
_OPAQUE = {"code_block", "math_block", "math_block_label", "html_block"}
_LISTS = {"bullet_list_open", "ordered_list_open"}


class _Tree:
    """The open containers while tokens are read: list items and quotes, and each open list's
    last item (for siblings)."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.stack: list[int] = []  # open containers, innermost last
        self.last_item: list[int | None] = []  # per open list: its last item so far
        self.block = -1

    def open(self, token: Token) -> None:
        kind = token.type
        if kind in _LISTS:
            self.last_item.append(None)
            return
        if kind not in ("list_item_open", "blockquote_open"):
            return
        parent = self.stack[-1] if self.stack else None
        depth = self.layout.containers[parent].depth if parent is not None else 0
        if kind == "list_item_open":
            previous = self.last_item[-1]
            index = len(self.layout.containers)
            self.last_item[-1] = index
            markup = (token.info + token.markup) if token.info else token.markup
            container = ContainerBlock(
                "list_item", token.map[0] if token.map else 0, markup, parent, previous, depth + 1
            )
        else:
            container = ContainerBlock("quote", token.map[0] if token.map else 0, ">", parent, None, depth)
        self.stack.append(len(self.layout.containers))
        self.layout.containers.append(container)

    def close(self, token: Token) -> None:
        if token.type in ("bullet_list_close", "ordered_list_close"):
            self.last_item.pop()
        elif token.type in ("list_item_close", "blockquote_close"):
            self.stack.pop()

    def text(
        self, kind: Literal["paragraph", "heading", "table_row"], lines: list[int], content: str, level: int = 0
    ) -> None:
        self.layout.add_text(kind, lines, content, self.stack[-1] if self.stack else None, self.block, level)


def block_layout(text: str, index: LineIndex) -> Layout:
    """Run the block parser over normalised text and collect the note's layout."""
    layout = Layout()
    tokens: list[Token] = _block_parser().parse(text)
    tree = _Tree(layout)
    for position, token in enumerate(tokens):
        if token.level == 0 and token.nesting >= 0:
            tree.block += 1
        if token.nesting == -1:
            tree.close(token)
            continue
        if token.nesting == 1:
            tree.open(token)
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
            level = int(token.tag[1])
            layout.headings.append(HeadingBlock(level, lines[0], inline.content, token.markup.startswith("#")))
            tree.text("heading", lines, inline.content, level)
        elif kind == "table_open":
            layout.tables.append(table_block(tokens, position))
        elif kind == "paragraph_open":
            tree.text("paragraph", lines, tokens[position + 1].content)
        elif kind == "tr_open":
            tree.text("table_row", lines, "")
    return layout
