"""The block pass for plain notes, read line by line. It gives the `Layout` markdown-it-py's block
pass gives (`blocks.block_layout`), by CommonMark's rules as markdown-it implements them (its
`list`, `paragraph`, `heading`, `fence`, `hr`, `blockquote`, `table` and `html_block` rules,
mdit-py-plugins' front matter and `$$` math), for what study notes are mostly written in:

- front matter, ATX headings, paragraphs (lazy lines in list items too), fenced code, thematic
  breaks;
- bullet and ordered lists nested by spaces or tabs (a tab reaching the next multiple of four
  columns), an item starting with text, a heading or a break;
- quotes and callouts at the top level, each line after its own `>` and a space, with paragraphs,
  headings, lists and fences in them (a fence ends with its quote);
- tables at the top level, each row with a pipe at each end and as many cells as the header
  (a pipe after a backslash in its cell, as a link's `[[Note\\|alias]]`);
- `$$` math blocks at the top level, on one line or from a line `$$` to the next ending in `$$`
  (a `$$` line right after a paragraph's line is that paragraph's text);
- HTML blocks at the top level that end at a blank line: a block-level tag's (`<div>`,
  `<details>`) or a whole tag's alone on its line (`<img src=…>`).

A generated note's layout takes 0.19 ms so, against 0.47 ms from markdown-it-pyrs' tree and
0.75 ms from markdown-it-py's tokens (1,000 notes, best of five runs).

Whatever else a note holds is left to the parsers (None): other HTML blocks (comments, `<pre>`,
`<script>`…, HTML in a list item or a quote), indented code, setext headings,
link reference definitions, other quotes (nested, lazy lines, tables in them), other
tables and math, an empty list item, an ordered item not numbered 1 right after a line of text, a
tab in the indentation a fence's text loses, a fence left open or cut short by its list item,
white space other than spaces and tabs at the edge of a line's text, and lists nested deeper than
`MAX_DEPTH`. Both give the same notes on every note of the corpora, a generated vault and random
Markdown (tests/test_block_passes.py, tests/test_line_blocks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vaulttool.parse.blocks import ContainerBlock, FenceBlock, HeadingBlock, Layout, line_start, text_row
from vaulttool.parse.source import LineIndex, holds_odd_space
from vaulttool.parse.tables import TableBlock

MAX_DEPTH = 6  # list items nested in each other (markdown-it-py stops nesting blocks at 20 levels)

# A line's text (from its first character other than white space) starting a block: an ATX
# heading, a fence, a bullet, a thematic break are told by string tests, as a regex costs more than
# the test (CommonMark 4.1, 4.2, 4.5, 5.2; tests/test_line_blocks.py compares each with the rule
# written as a regex); an ordered item's marker is matched only after a digit
_ORDERED = re.compile(r"([0-9]{1,9})([.)])(?=[ \t]|$)")
_DIGITS = "0123456789"
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")
# What a line's text must start with to be other than a paragraph's (most lines start otherwise)
_MARKS = frozenset("#`~-*_+0123456789=><|$")
# What a line may start with that this pass does not read: a quote, HTML, a table's row
_FOREIGN = frozenset("><|")
# A line that may be a table's delimiter row (`blocks.TABLE_START`'s second line)
_DELIMITER_LINE = re.compile(r"[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\||$)")
# A table's delimiter row, written with a pipe at each end
_DELIMITER_ROW = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*")
# A pipe that parts a table row's cells: one not after a backslash
_CELL_PIPE = re.compile(r"(?<!\\)\|")
# HTML blocks (CommonMark 4.6) as markdown-it-py 3.0 to 4.3 start them. Kinds 6 (a block-level
# tag's name) and 7 (a whole tag alone on its line) end at a blank line; the kinds that end at a
# closing text (`<script`, `<pre`, `<style`, `<textarea`, `<!--`, `<?`, `<!X`, `<![CDATA[`), the
# names the versions part on (`source` left out in 4.x, `search` added) and a name that is not
# ASCII (3.0 matches names ignoring case in Unicode: `ſ` is `s`) are left to the parsers.
_HTML_OTHER = re.compile(r"<(?:[?!]|(?:script|pre|style|textarea)(?=\s|>|$)|/?(?:source|search)(?=\s|/?>|$))", re.I)
_HTML_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|"
    "dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|"
    "legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|section|summary|table|tbody|td|"
    "tfoot|th|thead|title|tr|track|ul"
)
_HTML_NAMED = re.compile(f"</?(?:{_HTML_BLOCK_NAMES})(?=\\s|/?>|$)", re.I)
_HTML_ATTRIBUTE = r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
_HTML_TAG_LINE = re.compile(rf"(?:<[A-Za-z][A-Za-z0-9\-]*{_HTML_ATTRIBUTE}*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)\s*$")
# Read before any line, over the whole text after a newline: a line starting with a bracket, where
# a link reference definition may be
_BRACKET_LINE = line_start(r"(?:[ \t>]|[-+*][ \t]|[0-9]{1,9}[.)][ \t])*\[")


class _Foreign(Exception):
    """The note holds what this pass does not read: a parser reads it."""


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class _Item:
    """An open list item."""

    container: int  # its index in `Layout.containers`
    content: int  # the column its content starts at
    parent_content: int  # its list's own indentation (markdown-it's `listIndent`)

    def __init__(self, container: int, content: int, parent_content: int) -> None:
        self.container = container
        self.content = content
        self.parent_content = parent_content


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class _List:
    """The last list written directly in a container, while a next item may still join it."""

    key: str  # a bullet's character, or an ordered list's delimiter after a digit
    last: int  # its last item's index in `Layout.containers`

    def __init__(self, key: str, last: int) -> None:
        self.key = key
        self.last = last


@dataclass(slots=True)
class _Fence:
    markup: str
    indent: int  # its opening line's indentation, removed from each line of its text
    base: int  # the column its container's content starts at
    line: int
    info: str
    body: list[str] = field(default_factory=list)  # its lines so far


def line_layout(text: str, index: LineIndex) -> Layout | None:
    """The layout of normalised text, or None where a parser must read it (see the module)."""
    if "\0" in text:  # markdown-it reads NUL as U+FFFD
        return None
    if "]:" in text and any(_may_define(text, found.end() - 1) for found in _BRACKET_LINE.finditer("\n" + text)):
        return None
    lines = index.lines
    # the lines where a table may start: each must be a table this pass reads
    tables = _table_starts(lines) if "|" in text else set()
    try:
        return _Reader(text, index, lines, tables).run()
    except _Foreign:
        return None


def _may_define(text: str, start: int) -> bool:
    """Whether the `[` a line starts with, just before `text[start]`, may open a link reference
    definition: its label ends at the first `]`, which a `:` must follow, with no `[` before it (a
    callout's `[!note]`, a task's `[ ]`, a line's first `[[link]]` do not). A label that goes on
    past the line may. As markdown-it-py's `reference` rule reads a label (a `\\` escapes the
    next character)."""
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    at = start
    while at < end:
        char = text[at]
        if char == "[":
            return False
        if char == "]":
            return text.startswith(":", at + 1)
        at += 2 if char == "\\" else 1
    return True


def _html_kind(rest: str) -> int:
    """The kind of HTML block a line's text (from its first character other than a space or a
    tab, `<`) starts: 6 or 7, 0 for none (the line is text); `_Foreign` for another kind."""
    if not rest[:16].isascii() or _HTML_OTHER.match(rest):
        raise _Foreign("an HTML block this pass does not read")
    if _HTML_NAMED.match(rest):
        return 6
    return 7 if _HTML_TAG_LINE.match(rest) else 0


def _table_starts(lines: list[str]) -> set[int]:
    """The lines where `blocks.TABLE_START` finds a table starting (a line holding a pipe, then a
    delimiter row), found line by line: only a line after one holding a pipe is matched. As that
    search does, a table found ends the next line's chance to start one (their text overlaps)."""
    starts: set[int] = set()
    last = -2
    for header in range(len(lines) - 1):
        if header != last + 1 and "|" in lines[header] and _DELIMITER_LINE.match(lines[header + 1]):
            starts.add(header)
            last = header
    return starts


def _columns(white: str, start: int = 0) -> int:
    """The column white space (spaces and tabs) written from column `start` ends at: a tab
    reaches the next multiple of four (CommonMark's tab stops)."""
    if "\t" not in white:
        return start + len(white)
    return len((" " * start + white).expandtabs(4))


def _heading_level(rest: str) -> int:
    """The level of the ATX heading a line's text opens: 1 to 6 `#` and a space, a tab or its
    end; else 0."""
    if rest[0] != "#":
        return 0
    level = len(rest) - len(rest.lstrip("#"))
    return level if level <= 6 and (level == len(rest) or rest[level] in " \t") else 0


def _fence(rest: str) -> str:
    """The opening fence a line's text starts with (three or more backticks or tildes), or ""."""
    mark = rest[0]
    if mark != "`" and mark != "~":
        return ""
    run = len(rest) - len(rest.lstrip(mark))
    return rest[:run] if run >= 3 else ""


def _bullet(rest: str) -> bool:
    """Whether a line's text starts with a bullet list marker (`-`, `+` or `*`, then a space, a
    tab or its end)."""
    return rest[0] in "-+*" and (len(rest) == 1 or rest[1] in " \t")


def _thematic(rest: str) -> bool:
    """Whether a line's text is a thematic break: three or more of one of `*`, `-`, `_`, with
    spaces and tabs only besides."""
    mark = rest[0]
    return mark in "*-_" and rest.count(mark) >= 3 and not rest.strip(mark + " \t")


def _ordered(rest: str) -> re.Match[str] | None:
    return _ORDERED.match(rest) if rest[0] in _DIGITS else None


def _plain(rest: str) -> bool:
    """Whether a line's text (from its first character other than white space) starts a
    paragraph, no other block."""
    return not (
        rest[0] in _FOREIGN
        or rest.startswith("$$")
        or _thematic(rest)
        or _heading_level(rest)
        or _fence(rest)
        or _bullet(rest)
        or _ordered(rest)
    )


class _Reader:
    def __init__(self, text: str, index: LineIndex, lines: list[str], tables: set[int]) -> None:
        self.text = text
        self.index = index
        self.lines = lines
        self.layout = Layout()
        self.items: list[_Item] = []  # open list items, outermost first
        self.lists: list[_List | None] = [None]  # per level (the top, then each open item)
        self.block = -1
        self.paragraph: list[tuple[int, int, str]] | None = None  # the open paragraph's rows
        self.tables = tables  # 0-based lines where a table may start and none was read yet
        self.resume = 0  # the line after the last math block, table or HTML block
        self.quote: int | None = None  # the open quote's index in `Layout.containers`
        self.quote_indent = 0  # the spaces before its marks
        self.quote_base = 0  # the column its text starts at (0: no quote open)
        self.tabs = "\t" in text
        self.odd = holds_odd_space(text)

    def run(self) -> Layout:
        lines = self.lines
        fence: _Fence | None = None
        for number in range(self.front_matter() if lines[0].startswith("---") else 0, len(lines)):
            if number < self.resume:
                continue  # a math block's, a table's or an HTML block's
            line = lines[number]
            quoted = self.quote is not None  # not narrowed below: `unquote` may end the quote
            if quoted:
                line = self.unquote(line)
            if fence is not None and quoted and self.quote is None:  # the quote ended, and its fence with it
                self.close_fence(fence, number - 1)
                fence = None
            if fence is not None:
                if self.fence_line(fence, line):
                    self.close_fence(fence, number)
                    fence = None
                continue
            rest = line.lstrip(" \t")
            rows = self.paragraph
            if not rest:
                if rows is not None:
                    self.end_paragraph(rows)
                continue
            if rest.isspace():
                raise _Foreign("a line of white space other than spaces and tabs")
            skip = len(line) - len(rest)
            indent = _columns(line[:skip]) if self.tabs else skip
            if rows is not None:
                if self.continues(rest, indent):
                    rows.append(self.row(number, line, skip))
                    continue
                self.end_paragraph(rows)
            fence = self.start(number, line, skip, indent)
        if fence is not None:
            raise _Foreign("a fence left open at the end")
        if self.paragraph is not None:
            self.end_paragraph(self.paragraph)
        if self.tables:
            raise _Foreign("a table this pass does not read")
        return self.layout

    def front_matter(self) -> int:
        """Front matter's end line, fenced by `---` on the first line and the next line of three
        dashes or more (markdown-it-py's rule)."""
        lines = self.lines
        if lines[0] != "---":
            raise _Foreign("a first line of dashes that is not ---")
        for number in range(1, len(lines)):
            line = lines[number]
            if line.startswith("...") and not line[3:].strip(" \t"):
                raise _Foreign("YAML's document end in front matter")
            rest = line.lstrip(" \t")
            if rest.startswith("---") and not rest.rstrip(" \t").strip("-"):
                if line != "---":
                    raise _Foreign("front matter closed otherwise than by ---")
                self.block += 1
                self.layout.frontmatter = (0, number + 1)
                self.layout.masked.append(self.index.line_span(0, number + 1, len(self.text)))
                return number + 1
        raise _Foreign("front matter left open")

    def row(self, number: int, line: str, start: int) -> tuple[int, int, str]:
        row = text_row(number, line, start)
        if self.odd and len(row[2]) != len(line[start:].strip(" \t")):
            raise _Foreign("white space other than spaces and tabs at a line's edge")
        return row

    @property
    def base(self) -> int:
        """The column where the innermost open container's content starts."""
        return self.items[-1].content if self.items else self.quote_base

    def continues(self, rest: str, indent: int) -> bool:
        """Whether a line goes on with the open paragraph (else a block it starts ends it)."""
        base = self.base
        if indent - base >= 4:
            return True  # no block starts four columns in: the paragraph's text
        first = rest[0]
        if first not in _MARKS:
            return True
        lazy = indent < base  # a lazy continuation line, less indented than the paragraph
        if first == ">" and not self.items and self.quote is None:
            return False  # a quote ends a paragraph
        if first == "<" and not self.items and self.quote is None:
            return _html_kind(rest) != 6  # only a block-level tag's block ends a paragraph
        if first in _FOREIGN:
            raise _Foreign("a quote in a list item or in a quote, HTML or a table's row")
        if rest.startswith("$$"):
            return True  # math interrupts no paragraph (mdit-py-plugins 0.4 to 0.7): its text
        if not lazy and first in "=-" and _UNDERLINE.fullmatch(rest):
            raise _Foreign("a setext heading")
        if _thematic(rest) or _heading_level(rest) or _fence(rest):
            return False
        ordered = _ordered(rest)
        if ordered is None and not _bullet(rest):
            return True
        if lazy and self.items and indent - self.items[-1].parent_content >= 4:
            raise _Foreign("a list marker four columns past its list")
        if ordered is not None and ordered.group(1) != "1" and not lazy:
            raise _Foreign("an ordered item not numbered 1 after a line of text")
        return False

    def end_paragraph(self, rows: list[tuple[int, int, str]]) -> None:
        self.paragraph = None
        self.layout.add_text("paragraph", [rows[0][0], rows[-1][0] + 1], "", self.container(), self.block, rows=rows)

    def container(self) -> int | None:
        return self.items[-1].container if self.items else self.quote

    def start(self, number: int, line: str, skip: int, indent: int) -> _Fence | None:
        """Read the block a line starts after `skip` characters of indentation, `indent` columns
        (a fence's first line gives the fence, to be read on)."""
        level = 0  # the open items the line is inside: those whose content it is indented to
        while level < len(self.items) and self.items[level].content <= indent:
            level += 1
        del self.items[level:]
        del self.lists[level + 1 :]
        base = self.base
        if indent - base >= 4:
            raise _Foreign("indented code")
        rest = line[skip:]
        if rest[0] in _MARKS:
            if number in self.tables:
                self.table(number, line)
                return None
            if rest[0] == ">" and not self.items and self.quote is None:
                return self.open_quote(number, line, skip)
            if rest[0] == "<" and not self.items and self.quote is None:
                if _html_kind(rest):  # else a paragraph's first line
                    self.html(number)
                    return None
            elif rest[0] in _FOREIGN:
                raise _Foreign("a quote in a list item, HTML or a table's row")
            if _thematic(rest):
                self.begin_block()
                return None
            if rest.startswith("$$"):
                self.math(number, rest)
                return None
            heading = _heading_level(rest)
            if heading:
                self.heading(number, rest, heading)
                return None
            markup = _fence(rest)
            if markup:
                info = rest[len(markup) :]
                if markup[0] == "`" and "`" in info:
                    raise _Foreign("a backtick in a fence's info string")
                self.begin_block()
                return _Fence(markup, indent, base, number, info)
            ordered = _ordered(rest)
            marker = ordered.group() if ordered is not None else (rest[0] if _bullet(rest) else None)
            if marker is not None:
                self.item(number, line, skip + len(marker), indent + len(marker), marker)
                return None
        self.begin_block()
        self.paragraph = [self.row(number, line, skip)]
        return None

    def html(self, number: int) -> None:
        """An HTML block at the top level (kind 6 or 7), masked as code is: its lines up to the
        next blank one (CommonMark 4.6; HELP `Editing and formatting/HTML content.md`: no
        Markdown inside it)."""
        end = next((end for end in range(number + 1, len(self.lines)) if not self.lines[end].strip(" \t")), None)
        end = len(self.lines) if end is None else end
        self.begin_block()
        self.layout.masked.append(self.index.line_span(number, end, len(self.text)))
        self.resume = end

    def math(self, number: int, rest: str) -> None:
        """A `$$` math block (mdit-py-plugins' dollarmath) at the top level, masked as code is: on
        one line (`$$x$$`), or from `$$` alone on its line to the next line that ends in `$$`."""
        if self.items or self.quote is not None:
            raise _Foreign("a math block in a list item or a quote")
        opening = self.trimmed(rest)
        end = number
        if opening == "$$":
            for end in range(number + 1, len(self.lines)):
                inner = self.trimmed(self.lines[end])
                if not inner or "$$" in inner[:-2]:
                    raise _Foreign("a blank line, a label or a second $$ in a math block")
                if inner.endswith("$$"):
                    break
            else:
                raise _Foreign("a math block left open")
        elif len(opening) <= 3 or not opening.endswith("$$") or "$$" in opening[2:-2]:
            raise _Foreign("a line starting with $$ that is no one-line math block")
        self.begin_block()
        self.layout.masked.append(self.index.line_span(number, end + 1, len(self.text)))
        self.resume = end + 1

    def table(self, number: int, line: str) -> None:
        """A table at the top level written with a pipe at each end of each row, its rows the
        lines up to a blank one, as many cells in each as in its header. markdown-it-py (3.0 on)
        and markdown-it-pyrs split a row at every pipe, in a code span too (GFM's rule), but one
        after a backslash, which stays in its cell without the backslash (`[[Note\\|alias]]`); a
        row with a pipe after two backslashes, or ending in an escaped pipe, is left to them."""
        lines = self.lines
        header = self.cells(line)
        if self.items or self.quote is not None or number + 1 == len(lines):
            raise _Foreign("a table in a list item or a quote")
        if not _DELIMITER_ROW.fullmatch(lines[number + 1]):
            raise _Foreign("a table whose delimiter row this pass does not read")
        if len(header) != lines[number + 1].count("|") - 1:
            raise _Foreign("a table whose header and delimiter row differ in columns")
        self.tables.discard(number)
        self.begin_block()
        rows = [(number, header)]
        end = number + 2
        while end < len(lines) and lines[end].strip(" \t"):
            cells = self.cells(lines[end])
            if len(cells) != len(header):
                raise _Foreign("a table row of another number of cells")
            rows.append((end, cells))
            end += 1
        self.layout.tables.append(TableBlock(rows))
        for row, _ in rows:
            self.layout.add_text("table_row", [row, row + 1], "", None, self.block)
        self.resume = end

    def cells(self, line: str) -> list[str]:
        """A table row's cells, trimmed: a row written from its first column, a pipe at each end."""
        row = line.rstrip(" \t")
        if not (row.startswith("|") and row.endswith("|") and len(row) > 1) or "\\\\|" in row or row.endswith("\\|"):
            raise _Foreign("a table row this pass does not read")
        inner = row[1:-1]
        if "\\|" in inner:  # an escaped pipe: in its cell, without its backslash
            cells = [cell.replace("\\|", "|").strip(" \t") for cell in _CELL_PIPE.split(inner)]
        else:
            cells = [cell.strip(" \t") for cell in inner.split("|")]
        if self.odd and any(cell != cell.strip() for cell in cells):
            raise _Foreign("white space other than spaces and tabs at a cell's edge")
        return cells

    def trimmed(self, line: str) -> str:
        """A line without the white space around it (the math plugin trims with `str.strip`)."""
        trimmed = line.strip(" \t")
        if self.odd and trimmed != line.strip():
            raise _Foreign("white space other than spaces and tabs at a line's edge")
        return trimmed

    def open_quote(self, number: int, line: str, skip: int) -> _Fence | None:
        """A quote at the top level, its mark after `skip` spaces: its lines are read as the text
        after their marks (`unquote`), so that lists, headings and paragraphs nest in it."""
        self.begin_block()
        self.quote = len(self.layout.containers)
        self.layout.containers.append(ContainerBlock("quote", number, ">", None, None, 0))
        self.quote_indent = skip
        self.quote_base = skip + 2
        line = self.unquote(line)
        rest = line.lstrip(" ")
        return self.start(number, line, len(line) - len(rest), len(line) - len(rest)) if rest else None

    def unquote(self, line: str) -> str:
        """A line while a quote is open: the quote's line with its mark (`>` and the space after
        it) turned into spaces, so its columns stay; else the line itself, and the quote ends.
        Each line of the quote is written with its mark where the first one's is, a space after
        it (or nothing: a blank line of the quote), no tab and none lazy."""
        rest = line.lstrip(" ")
        indent = len(line) - len(rest)
        if rest.startswith(">") and indent <= 3:
            if indent != self.quote_indent:
                raise _Foreign("a quote's marks at different columns")
            text = rest[2:] if rest.startswith("> ") else rest[1:]
            if text and not rest.startswith("> ") or "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
                raise _Foreign("a quote's text not one space after its mark, or after a tab")
            return " " * self.quote_base + text if text else ""
        if self.paragraph is not None:
            if line.strip(" \t"):
                raise _Foreign("a lazy line in a quote")
            self.end_paragraph(self.paragraph)
        del self.items[:]
        del self.lists[1:]
        self.lists[0] = None
        self.quote = None
        self.quote_base = 0
        return line

    def begin_block(self) -> None:
        """A block other than a list item starts in the innermost container: it ends the list
        written there last."""
        self.lists[-1] = None
        if not self.items and self.quote is None:
            self.block += 1

    def heading(self, number: int, rest: str, level: int) -> None:
        """An ATX heading's text as markdown-it reads it: the closing `#`s dropped when white
        space comes before them, then trimmed."""
        self.begin_block()
        end = len(rest.rstrip(" \t"))
        if end > level:
            closing = len(rest[level:end].rstrip("#")) + level
            if closing > level and rest[closing - 1] in " \t":
                end = closing
        content = rest[level:end].strip(" \t")
        if self.odd and content != content.strip():
            raise _Foreign("white space other than spaces and tabs at a heading's edge")
        self.layout.headings.append(HeadingBlock(level, number, content, True))
        self.layout.add_text("heading", [number, number + 1], content, self.container(), self.block, level)

    def item(self, number: int, line: str, after: int, column: int, marker: str) -> None:
        """A list item whose marker ends at character `after`, column `column`: its text starts
        after the spaces and tabs that follow (a tab reaching the next multiple of four columns)."""
        content_start = len(line) - len(line[after:].lstrip(" \t"))
        if content_start == len(line):
            raise _Foreign("an empty list item")
        content_column = _columns(line[after:content_start], column)
        if content_column - column > 4:
            raise _Foreign("a list item's text four columns past its marker: indented code")
        content = line[content_start:]
        thematic, heading = False, 0
        if content[0] in _MARKS:
            thematic = _thematic(content)
            heading = _heading_level(content)
            if not thematic and not heading and not _plain(content):
                raise _Foreign("a list item that starts with a block other than a heading or a break")
        if len(self.items) == MAX_DEPTH:
            raise _Foreign("lists nested too deep")
        key = "1" + marker[-1] if marker[0].isdigit() else marker
        current = self.lists[-1]
        previous = current.last if current is not None and current.key == key else None
        if previous is None and not self.items and self.quote is None:
            self.block += 1
        parent = self.container()
        containers = self.layout.containers
        depth = containers[parent].depth if parent is not None else 0
        index = len(containers)
        containers.append(ContainerBlock("list_item", number, marker, parent, previous, depth + 1))
        self.lists[-1] = _List(key, index)
        self.items.append(_Item(index, content_column, self.base))
        self.lists.append(None)
        if heading:
            self.heading(number, content, heading)
        elif not thematic:
            self.paragraph = [self.row(number, line, content_start)]

    def fence_line(self, fence: _Fence, line: str) -> bool:
        """Read a line of an open fence: whether it closes the fence (else it is the fence's text)."""
        rest = line.lstrip(" \t")
        skip = len(line) - len(rest)
        indent = _columns(line[:skip]) if self.tabs else skip
        if indent < fence.base and rest:
            raise _Foreign("a fence cut short by the end of its list item")
        markup = fence.markup
        if indent - fence.base < 4 and rest.startswith(markup) and not rest.rstrip(" \t").strip(markup[0]):
            return True
        if fence.indent and "\t" in line[:skip]:
            raise _Foreign("a tab in the indentation a fence's text loses")
        fence.body.append(line[min(skip, fence.indent) :])
        return False

    def close_fence(self, fence: _Fence, end: int) -> None:
        content = "".join(line + "\n" for line in fence.body)
        self.layout.fences.append(FenceBlock(fence.info, content, fence.line, fence.markup))
        self.layout.masked.append(self.index.line_span(fence.line, end + 1, len(self.text)))
