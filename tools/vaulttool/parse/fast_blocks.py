"""The block pass in compiled code, when markdown-it-pyrs (markdown-it ported to Rust, by the
authors of markdown-it-py) is installed: `vaulttool[fast]`.

It gives the same `Layout` as markdown-it-py's block pass (`blocks.block_layout`) from the tree
markdown-it-pyrs builds with only the block rules and line breaks on (six times faster than
markdown-it-py's pass; walking the tree from Python and the checks below take back most of
that: a note parses in about seven eighths of the time). That tree differs from markdown-it-py's
tokens in form, and this module maps it back:

- positions are UTF-8 byte offsets of the whole text (`srcmap`), not line ranges;
- a tight list item holds its paragraph's inline nodes directly (markdown-it hides those
  paragraphs, markdown-it-pyrs drops them): each run of them is a paragraph here;
- a paragraph's lines are read from the source, each with its column (`TextBlock.rows`): its
  first line from where it starts, then one line per line break, each without the quote marks
  it is inside and its indentation (the break nodes' own ends are off where a line is indented
  with tabs);
- a text's start is checked against its source line, since markdown-it-pyrs' inline positions
  can be off after a tab: it must follow container prefixes alone (and an ATX heading's `#`s);
- a fence's info string, an ordered item's number and a table row's cells are read from the
  source, as markdown-it reads them.

The faster pass is not taken (None: markdown-it-py reads the note) for what it does not read as
markdown-it-py does: `$$` math blocks (no such plugin), a setext heading over several lines
(markdown-it keeps their indentation), a fence left open at the end, and any line whose
container prefix (`>`, list markers, indentation) is wide enough to nest blocks towards
markdown-it-py's nesting limit, where it stops reading (markdown-it-pyrs has no limit, and
nesting thousands deep overflows its stack). Nor where the two were seen to disagree when fed
random Markdown (`_disagree`). Both give the same notes on every note of the corpora
(tests/test_fast_blocks.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from vaulttool.parse.blocks import TABLE_START, ContainerBlock, FenceBlock, HeadingBlock, Layout, line_start, text_row
from vaulttool.parse.source import ODD_SPACE, holds_odd_space
from vaulttool.parse.tables import TableBlock

if TYPE_CHECKING:
    from vaulttool.parse.source import LineIndex

# A line's container prefix, generously: quote marks, list markers and numbers, indentation. Blocks
# nest at most one level per column of it (a tab, four columns, can reach two list items' text),
# and markdown-it-py stops at 20 levels. Three tabs already make twelve columns.
MAX_PREFIX_COLUMNS = 12


_PREFIX = line_start(r"[ \t>*+\-.)0-9]{3,}")
_DIGITS = re.compile(rb"[0-9]+")
# What may come before a text on its line: container prefixes (quote marks, list markers, white
# space), and an ATX heading's `#`s; and what may come after a heading's text
_CONTAINER_PREFIX = rb"(?:[ \t]*(?:>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t])))*[ \t]*"
_TEXT_HEAD = re.compile(_CONTAINER_PREFIX)
_ATX_HEAD = re.compile(_CONTAINER_PREFIX + rb"#{1,6}[ \t]+")
_LEADING_TEXT = re.compile(_CONTAINER_PREFIX.decode("ascii"))
_ATX_TAIL = re.compile(rb"(?:[ \t]+#*)?[ \t]*")
_BLANK = re.compile(rb"[ \t]*")
# Where the two markdown-its read alike Markdown otherwise (found by feeding both random Markdown,
# tests/test_fast_blocks.py), `_disagree` sends the note to markdown-it-py: an empty list item; a
# line starting with `<` in a note with a pipe; a link reference definition (a footnote's too); a
# table whose header does not start with a pipe or a word (or starts an ordered item), has one
# column (markdown-it-pyrs reads none), follows a quote in the same block of lines, has white
# space other than spaces and tabs in that block (markdown-it-py trims it) or an escaped pipe; an
# ordered item not numbered 1 right after a line of text (not an item's), or after a quote in the
# same block of lines; an HTML declaration or a comment left open or going on past a blank line;
# and front matter with a line `...` (YAML's document end, which ends it for markdown-it-py).
_DISAGREE = line_start(r"[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]*$|<)")
_ODD_HEADER = line_start(
    r"[ \t]*(?:[^|\w \t\n]|[0-9]{1,9}[.)][ \t])[^\n|]*\|[^\n]*\n[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\||$)"
)
_ONE_COLUMN_TABLE = line_start(r"[^\n|]*\|[^\n]*\n[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_REFERENCE = line_start(r"(?:[ \t>]|[-+*][ \t]|[0-9]{1,9}[.)][ \t])*\[[^\]\n]*\]:")
_QUOTE_LINE = line_start(r"[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)*>")
_DECLARATION = re.compile(r"<![A-Za-z]")
_ORDERED_ITEM = line_start(r"[ \t>]*[0-9]{1,9}[.)]")
_DOCUMENT_END = line_start(r"\.\.\.[ \t]*$")
_ITEM_NOT_FIRST = line_start(r"[ \t>]*(?:0|[2-9]|1[0-9])[0-9]*[.)]")
_ITEM_LINE = re.compile(r"[ \t>]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]")
_BLOCK_RULES: list[Any] = [
    "blockquote",
    "code",
    "fence",
    "heading",
    "hr",
    "lheading",
    "list",
    "paragraph",
    "reference",
    "html_block",
    "table",
    "front_matter",
    "newline",
]
_BREAKS = frozenset({"softbreak", "hardbreak"})
_LISTS = frozenset({"bullet_list", "ordered_list"})


def _quote_marks_end(line: str, quotes: int) -> int:
    """Where a paragraph's line goes on after its leading white space and up to `quotes` quote
    marks (a lazy continuation line has fewer)."""
    position = 0
    for _ in range(quotes):
        while position < len(line) and line[position] in " \t":
            position += 1
        if position == len(line) or line[position] != ">":
            break
        position += 1
    return position


def _cells(line: str) -> list[str]:
    """A table row's cells as markdown-it-py splits them: at each pipe not escaped (an escaped
    one is kept without its backslash), the outer empty ones dropped, each trimmed."""
    text = _LEADING_TEXT.sub("", line, count=1).strip()
    columns: list[str] = []
    current, last, escaped = "", 0, False
    for position, character in enumerate(text):
        if character == "|":
            if escaped:
                current += text[last : position - 1]
                last = position
            else:
                columns.append(current + text[last:position])
                current, last = "", position + 1
        escaped = character == "\\"
    columns.append(current + text[last:])
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return [column.strip() for column in columns]


def _closes(line: str, markup: str) -> bool:
    """Whether a line surely closes a fence opened with `markup`: at most three spaces, then the
    marks alone (a line indented further, with a tab or with a quote mark may be the fence's
    text: then markdown-it-py reads the note)."""
    rest = line.lstrip(" ")
    return len(line) - len(rest) <= 3 and rest.startswith(markup) and not rest.rstrip(" \t").strip(markup[0])


class _Unmapped(Exception):
    """The tree holds what this module does not map: markdown-it-py reads the note."""


@lru_cache(maxsize=1)
def _parser() -> Any | None:
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:
        return None
    return MarkdownIt("zero").enable_many(_BLOCK_RULES)


def available() -> bool:
    return _parser() is not None


def _too_deep(lined: str) -> bool:
    """Whether a line's container prefix may nest blocks near markdown-it-py's limit (a tab
    counts as four columns); `lined` is the text after a newline (`_line_start`)."""
    return any(len(match.group()[1:].expandtabs(4)) >= MAX_PREFIX_COLUMNS for match in _PREFIX.finditer(lined))


def _after_quote(text: str, lined: str, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` (a table's start, an ordered item) matches in a block of lines (no blank
    line between) that has a quote before it."""
    for match in pattern.finditer(lined):
        line = match.start()
        if _QUOTE_LINE.search(lined, text.rfind("\n\n", 0, line) + 1, line + 1):
            return True
    return False


def _spaced_table(text: str, lined: str) -> bool:
    """Whether white space other than spaces and tabs is in a block of lines (no blank line
    between) where a table starts, or a pipe is escaped where one does."""
    for match in ODD_SPACE.finditer(text) if holds_odd_space(text) else ():
        block_start = text.rfind("\n\n", 0, match.start()) + 1
        next_line = text.find("\n", match.start())
        block_end = text.find("\n", next_line + 1) if next_line != -1 else -1
        if TABLE_START.search(lined, block_start, (block_end if block_end != -1 else len(text)) + 1):
            return True
    return "\\|" in text and TABLE_START.search(lined) is not None


def _long_comment(text: str) -> bool:
    """Whether an HTML comment is left open or goes on past a blank line."""
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1 or "\n\n" in text[start:end]:
            return True
        start = text.find("<!--", end + 3)
    return False


def _disagree(text: str, lined: str) -> bool:
    """Whether the text may hold what the two markdown-its read differently (`lined`: the text
    after a newline, `_line_start`)."""
    if text.startswith("---") and "..." in text and _DOCUMENT_END.search(lined):
        return True  # markdown-it-py's front matter may end at YAML's document end, `...`
    for match in _DISAGREE.finditer(lined):
        if not match.group().endswith("<") or "|" in text:
            return True
    if "<!" in text and (_DECLARATION.search(text) or _long_comment(text)):
        return True  # their HTML blocks end otherwise
    tables = "|" in text and "-" in text
    quotes = ">" in text
    if (
        (tables and (_ODD_HEADER.search(lined) or _ONE_COLUMN_TABLE.search(lined)))
        or (tables and quotes and _after_quote(text, lined, TABLE_START))
        or (tables and _spaced_table(text, lined))
        or ("]:" in text and _REFERENCE.search(lined))
        or (quotes and _after_quote(text, lined, _ORDERED_ITEM))
    ):
        return True
    for match in _ITEM_NOT_FIRST.finditer(lined):  # an item not numbered 1 right after a line of text
        end = match.start() - 1
        previous = text[text.rfind("\n", 0, max(end, 0)) + 1 : max(end, 0)]
        if end > 0 and previous.strip() and not _ITEM_LINE.match(previous):
            return True
    return False


def fast_layout(text: str, index: LineIndex) -> Layout | None:
    """The layout of normalised text from markdown-it-pyrs, or None where markdown-it-py must
    read it (see the module)."""
    parser = _parser()
    lined = "\n" + text
    if parser is None or "$$" in text or _too_deep(lined) or _disagree(text, lined):
        return None
    data = text.encode("utf-8")
    try:
        return _Walk(text, data, index).run(parser.tree(text))
    except (_Unmapped, UnicodeDecodeError, IndexError):  # a position off mid-character or past a line
        return None


class _Walk:
    """A pre-order walk of the tree that fills a `Layout` as `blocks._Tree` does from tokens."""

    def __init__(self, text: str, data: bytes, index: LineIndex) -> None:
        self.source = text
        self.data = data
        self.index = index
        self.layout = Layout()
        self.stack: list[int] = []  # open containers, innermost last
        self.quotes = 0  # open quotes
        self.block = -1
        self._source_lines: list[str] | None = None
        # byte offset of each line's start (the text is ASCII: the line index's own offsets)
        self.starts = index.starts if len(data) == len(text) else [0, *(m.end() for m in re.finditer(b"\n", data))]

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def lines(self, node: Any) -> list[int]:
        start, end = node.srcmap
        return [self.line(start), self.line(max(start, end - 1)) + 1]

    def slice(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8")

    def source_lines(self) -> list[str]:
        """The text's lines, split when first needed (not a `cached_property`, which mypyc would
        not cache)."""
        if self._source_lines is None:
            self._source_lines = self.source.split("\n")
        return self._source_lines

    def line_end(self, offset: int) -> int:
        end = self.data.find(b"\n", offset)
        return len(self.data) if end == -1 else end

    def run(self, root: Any) -> Layout:
        for child in root.children:
            self.block += 1
            self.visit(child, child.name)
        return self.layout

    def mask(self, lines: list[int]) -> None:
        self.layout.masked.append(self.index.line_span(lines[0], lines[1], len(self.source)))

    def visit(self, node: Any, name: str) -> None:
        """Map a block `node` named `name` (its name given: each read of it makes a new string)."""
        if name == "paragraph":  # its own end is the end of its last line's text
            start, end = node.srcmap
            self.paragraph(start, end=end)
        elif name in _LISTS:
            previous: int | None = None
            ordered = name == "ordered_list"
            marker = node.meta["marker"]
            for item in node.children:
                previous = self.item(item, ordered, marker, previous)
        elif name == "blockquote":
            self.container(node, "quote", ">", None)
        elif name in ("heading", "lheading"):
            self.heading(node, name == "heading")
        elif name == "fence":
            self.fence(node)
        elif name in ("code_block", "html_block"):
            self.mask(self.lines(node))
        elif name == "table":
            self.table(node)
        elif name == "front_matter":
            lines = self.lines(node)
            source_lines = self.source_lines()
            if source_lines[lines[0]] != "---" or source_lines[lines[1] - 1] != "---":
                raise _Unmapped("front matter fenced otherwise than by two lines of ---")
            self.layout.frontmatter = (lines[0], lines[1])
            self.mask(lines)
        elif name != "hr":
            raise _Unmapped(name)

    def text(
        self,
        kind: Literal["paragraph", "heading", "table_row"],
        lines: list[int],
        content: str,
        rows: list[tuple[int, int, str]] | None = None,
        level: int = 0,
    ) -> None:
        self.layout.add_text(kind, lines, content, self.stack[-1] if self.stack else None, self.block, level, rows)

    def paragraph(self, start: int, *, end: int = 0, lines: int = 0) -> None:
        """A paragraph from byte `start`, to `end` (the end of its last line's text) or over
        `lines` lines: its first line's text from where it starts, each other's from where it
        starts after the quote marks it is inside (markdown-it-pyrs' line breaks can end past that
        where a line is indented with tabs, so they are not used)."""
        first = self.checked_line(start)
        if not lines:
            lines = (self.line(end - 1) if end - 1 > start else first) - first + 1
        source_lines = self.source_lines()
        rows = [text_row(first, source_lines[first], start - self.starts[first])]  # what comes before is ASCII
        for line in range(first + 1, first + lines):
            source = source_lines[line]
            rows.append(text_row(line, source, _quote_marks_end(source, self.quotes)))
        if not all(chunk for _, _, chunk in rows):  # a line of white space alone: markdown-it-py reads it
            raise _Unmapped("a paragraph's line is white space")
        self.text("paragraph", [first, first + lines], "", rows)

    def checked_line(self, start: int, head: re.Pattern[bytes] = _TEXT_HEAD) -> int:
        """The line of a text's start, which must follow nothing but what `head` allows on its line
        (container prefixes; an ATX heading's `#`s): markdown-it-pyrs' inline positions can be
        off after a tab, and then markdown-it-py reads the note."""
        line = self.line(start)
        if (
            start >= len(self.data)
            or self.data[start] in b" \t\n"
            or not head.fullmatch(self.data, self.starts[line], start)
        ):
            raise _Unmapped("a text's start is off")
        return line

    def container(self, node: Any, kind: Literal["list_item", "quote"], markup: str, previous: int | None) -> int:
        parent = self.stack[-1] if self.stack else None
        depth = self.layout.containers[parent].depth if parent is not None else 0
        index = len(self.layout.containers)
        line = self.line(node.srcmap[0])
        self.layout.containers.append(
            ContainerBlock(kind, line, markup, parent, previous, depth + 1 if kind == "list_item" else depth)
        )
        self.stack.append(index)
        self.quotes += kind == "quote"
        # a tight item's paragraph, its run of inline nodes: where it starts, and a line per break
        run: int | None = None
        breaks = 0
        for child in node.children:
            name = child.name
            if name not in _BLOCK_NODES and (srcmap := child.srcmap) is not None:
                if run is None:
                    run, breaks = srcmap[0], 0
                breaks += name in _BREAKS
                continue
            if run is not None:
                self.paragraph(run, lines=1 + breaks)
                run = None
            self.visit(child, name)
        if run is not None:
            self.paragraph(run, lines=1 + breaks)
        self.stack.pop()
        self.quotes -= kind == "quote"
        return index

    def item(self, node: Any, ordered: bool, marker: str, previous: int | None) -> int:
        if ordered:
            number = _DIGITS.match(self.data, node.srcmap[0])
            if number is None or self.data[number.end() : number.end() + 1] != marker.encode():
                raise _Unmapped("an ordered item's number is not where its position says")
            marker = number.group().decode("ascii") + marker
        return self.container(node, "list_item", marker, previous)

    def heading(self, node: Any, atx: bool) -> None:
        children = node.children
        if not atx and any(child.name in _BREAKS for child in children):  # an ATX heading is one line
            raise _Unmapped("a setext heading over several lines")
        lines = self.lines(node)
        content = ""
        if children:
            start, end = children[0].srcmap[0], children[-1].srcmap[1]
            self.checked_line(start, _ATX_HEAD if atx else _TEXT_HEAD)
            tail = (_ATX_TAIL if atx else _BLANK).fullmatch(self.data, end, self.line_end(start))
            if self.data[end - 1] in b" \t" or not tail:
                raise _Unmapped("a heading's end is off")
            content = self.slice(start, end)
        level = node.meta["level"]
        self.layout.headings.append(HeadingBlock(level, lines[0], content, atx))
        self.text("heading", lines, content, level=level)

    def fence(self, node: Any) -> None:
        lines = self.lines(node)
        start = node.srcmap[0]
        markup = node.meta["marker"] * node.meta["marker_len"]
        if self.data[start : start + len(markup)] != markup.encode():
            raise _Unmapped("a fence's marks are not where its position says")
        info = self.slice(start + len(markup), self.line_end(start))
        if node.srcmap[1] == len(self.data) and (
            lines[1] - lines[0] < 2 or not _closes(self.source_lines()[lines[1] - 1], markup)
        ):
            raise _Unmapped("a fence left open at the end")
        self.layout.fences.append(FenceBlock(info, node.meta["content"], lines[0], markup))
        self.mask(lines)

    def table(self, node: Any) -> None:
        rows: list[tuple[int, list[str]]] = []
        columns = 0
        for part in node.children:  # thead, tbody
            for row in part.children:
                line = self.line(row.srcmap[0])
                cells = _cells(self.source_lines()[line])
                columns = columns or len(cells)
                if columns < 2:
                    raise _Unmapped("a table of one column")
                rows.append((line, [*cells[:columns], *[""] * (columns - len(cells))]))
        self.layout.tables.append(TableBlock(rows))
        for line, _ in rows:
            self.text("table_row", [line, line + 1], "")


_BLOCK_NODES = frozenset(
    {
        "paragraph",
        "bullet_list",
        "ordered_list",
        "blockquote",
        "heading",
        "lheading",
        "fence",
        "code_block",
        "html_block",
        "table",
        "front_matter",
        "hr",
    }
)
