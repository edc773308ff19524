"""The line pass (`line_blocks`): its reading of lists, fences, headings, math, tables, quotes and
callouts by CommonMark's, GFM's and Obsidian's rules; seeded random notes of all of them read as
markdown-it-py reads them (records compared byte for byte; tests/test_block_passes.py does the
same on the real vaults, a generated vault and random Markdown); and what it leaves to the
parsers."""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from conftest import imported_after_parsing, records_both_ways
from vaulttool import parse
from vaulttool.parse import line_blocks
from vaulttool.parse.source import LineIndex


def layout(text: str) -> line_blocks.Layout | None:
    return line_blocks.line_layout(text, LineIndex(text))


_WORDS = ["word", "a #tag", "[[Link]]", "text ^id", "`code`", "x  ", "***bold***", "_x_", "[ ] task", "[x] done",
          "é ü", "#wonder why", "~~no~~ yes", "1.5 mV", "a | b", "*em*", "-x", "+y", "2024 was", "\u00a0nbsp"]  # fmt: skip
# a table cell's text: words, code spans (one holding a pipe), escaped pipes (a link's alias), a
# backslash at its end (the pipe after it escaped), two backslashes before a pipe
_CELLS = [*_WORDS, "`a|b`", "[[N\\|alias]]", "x \\| y", "a\\", "a\\\\", " "]


def _indentation(rng: random.Random, column: int) -> str:
    """White space reaching `column`: spaces, or tabs (four columns each) where they can, or a
    mix of both that reaches about there."""
    kind = rng.random()
    if kind < 0.3:
        return "\t" * (column // 4) + " " * (column % 4)
    if kind < 0.35:
        return "".join(rng.choice([" ", "\t"]) for _ in range(rng.randint(0, 3)))
    return " " * column


def _random_note(rng: random.Random) -> str:
    """A note of nested list items (their text mostly at the columns their items open, at times a
    column or a few off), headings, fences, thematic breaks, math blocks, tables, quotes and
    paragraphs, as the line pass reads them, with what sends a note to the parsers now and then."""
    lines = ["---", "tags: [a]", "---"] if rng.random() < 0.3 else []
    columns = [0]  # where the open items' texts start
    for _ in range(rng.randint(1, 25)):
        column = rng.choice(columns)
        if rng.random() < 0.1:
            column = max(0, column + rng.choice([-2, -1, 1, 2, 3, 4]))
        pad, kind = _indentation(rng, column), rng.random()
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))
        if kind < 0.15:
            lines.append("")
        elif kind < 0.45:
            marker = rng.choice(["-", "-", "*", "+", "1.", "1)", "2.", "3)", "10."])
            after = rng.choice([" ", " ", " ", "  ", "   ", "    ", "\t", " \t"])
            first = words if rng.random() < 0.85 else rng.choice(["## Heading", "# x #", "***", "- - -", "#"])
            lines.append(pad + marker + after + first)
            end = len((" " * (column + len(marker)) + after).expandtabs(4))
            columns = [c for c in columns if c <= column] + [end]
        elif kind < 0.55:
            marks = "#" * rng.randint(1, 6) + rng.choice([" ", "  ", ""])
            lines.append(pad + marks + words + rng.choice(["", " #", " ##", "#"]))
        elif kind < 0.62:
            fence = rng.choice(["```", "~~~", "````"])
            lines.append(pad + fence + rng.choice(["", "nernst", " py x"]))
            for _ in range(rng.randint(0, 3)):
                indent = _indentation(rng, rng.choice([column, column, column + 2, max(column - 1, 0)]))
                lines.append(indent + rng.choice([*_WORDS, "", "```", "~~~~"]))
            lines.append(
                " " * rng.choice([column, column, column + 1]) + rng.choice([fence, fence, fence + "`", "```"])
            )
        elif kind < 0.66:
            lines.append(pad + rng.choice(["---", "***", "___", "* * *", "- - -", "===", "--"]))
        elif kind < 0.7:
            math = rng.choice([["$$x = 1$$"], ["$$", "V = IR #not-a-tag", "$$"], ["$$", "a", "b $$"], ["$$", "", "$$"]])
            lines.extend(pad + line for line in math)
        elif kind < 0.75:
            columns_count = rng.randint(1, 3)
            lines.append(pad + "|" + "|".join(rng.choice(_CELLS) for _ in range(columns_count)) + "|")
            lines.append(
                pad + rng.choice(["|", ""]) + "|".join([rng.choice(["---", " :-: ", "--:"])] * columns_count) + "|"
            )
            for _ in range(rng.randint(0, 3)):
                cells = rng.choice([columns_count, columns_count, columns_count - 1, columns_count + 1])
                lines.append(rng.choice(["", "", " "]) + "|" + "|".join(rng.choice(_CELLS) for _ in range(cells)) + "|")
            lines.append(rng.choice(["", "", "after"]))
        elif kind < 0.8:
            marks = [">", "> ", "> ", "  > ", ">  ", ">>", "> > ", ">\t"]
            steady = rng.choice(["> ", "> ", "  > "]) if rng.random() < 0.7 else None
            for _ in range(rng.randint(1, 4)):
                mark = steady or rng.choice(marks)
                text = rng.choice([words, words, "", "[!note] Title", "- item", "  - sub", "# H", "===", "1. x", "```"])
                lines.append(mark + text)
            if rng.random() < 0.3:
                lines.append(words)  # a lazy line, or the next paragraph
        else:
            lines.append(pad + words)
    return "\n".join(lines) + rng.choice(["", "\n"])


def _read_alike(texts: Iterable[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each text's record as the line pass and markdown-it-py give it, compared; the texts the
    line pass read."""
    taken = []
    for text in texts:
        slow, lines, line_taken = records_both_ways("n.md", text, "line_blocks", monkeypatch)
        assert lines == slow, repr(text)
        taken += [text] if line_taken else []
    return taken


def test_random_notes_of_the_blocks_it_reads_are_parsed_alike(monkeypatch):
    rng = random.Random(20261202)
    taken = _read_alike((_random_note(rng) for _ in range(1500)), monkeypatch)
    assert len(taken) >= 200  # about a sixth: the rest hold what the line pass leaves to the parsers


def _random_table(rng: random.Random) -> str:
    """A table after a paragraph: a header and a delimiter row of as many cells, then rows of
    cells written as `_CELLS` (code, escaped pipes, backslashes), some of another number of cells."""
    columns = rng.randint(1, 4)
    header = "|" + "|".join(rng.choice(_CELLS) for _ in range(columns)) + "|"
    delimiter = "|" + "|".join(rng.choice(["---", " :-: ", "--:"]) for _ in range(columns)) + "|"
    rows = [
        "|" + "|".join(rng.choice(_CELLS) for _ in range(rng.choice([columns, columns, columns + 1]))) + "|"
        for _ in range(rng.randint(0, 4))
    ]
    return "\n".join(["Before.", "", header, delimiter, *rows, "", "After."]) + "\n"


def test_random_tables_are_parsed_alike(monkeypatch):
    """Tables whose cells hold code spans, escaped pipes and backslashes: the line pass reads the
    rows markdown-it reads alike (a pipe in code parts cells; an escaped one stays in its cell)."""
    rng = random.Random(20261203)
    taken = _read_alike((_random_table(rng) for _ in range(400)), monkeypatch)
    # a pipe after two backslashes, or a row ending in an escaped pipe, is left to the parsers
    assert len(taken) >= 80
    assert sum("\\|" in text for text in taken) >= 10 and sum("`" in text for text in taken) >= 10


def test_lists_nest_and_part_by_commonmarks_rules():
    """CommonMark 0.31.2, 5.2 "List items": an item's text starts where its first line's text
    does after the marker, and a line indented that far is in it (a blank line then such a line:
    a second paragraph in the item); a line of text less indented goes on with the paragraph
    ("laziness"). 5.3 "Lists": "changing the bullet or ordered list delimiter starts a new list"."""
    text = "- a\nlazy\n\n  second\n    - nested\n* other list\n1. one\n1) two\n"
    found = layout(text)
    assert found is not None
    assert [(c.line, c.markup, c.parent, c.previous, c.depth) for c in found.containers] == [
        (0, "-", None, None, 1),
        (4, "-", 0, None, 2),
        (5, "*", None, None, 1),
        (6, "1.", None, None, 1),
        (7, "1)", None, None, 1),
    ]
    assert [(t.first_line, t.end_line, t.container, t.paragraph, t.block) for t in found.texts] == [
        (0, 2, 0, 0, 0),
        (3, 4, 0, 1, 0),
        (4, 5, 1, 0, 0),
        (5, 6, 2, 0, 1),
        (6, 7, 3, 0, 2),
        (7, 8, 4, 0, 3),
    ]
    assert found.texts[0].rows == [(0, 2, "a"), (1, 0, "lazy")]


def test_a_fence_in_an_item_loses_the_items_indentation_and_an_atx_heading_its_closing_marks():
    """CommonMark 0.31.2, 4.5 "Fenced code blocks": "if the leading code fence is indented N
    spaces, then up to N spaces of indentation are removed from each line of the content"; 4.2
    "ATX headings": the optional closing sequence of `#`s must be preceded by spaces or tabs."""
    text = "- item\n\n  ```py\n  x = 1\n    y\n  ```\n# Title ##\n## Not closing#\n"
    found = layout(text)
    assert found is not None
    assert [(f.info, f.body, f.line, f.markup) for f in found.fences] == [("py", "x = 1\n  y\n", 2, "```")]
    assert [(h.level, h.line, h.content) for h in found.headings] == [(1, 6, "Title"), (2, 7, "Not closing#")]


def test_a_math_block_is_masked_as_code_is():
    """HELP `Editing and formatting/Advanced formatting syntax.md`, Math: a MathJax expression is
    surrounded with double dollar signs (`$$`), on its own lines or on one; nothing in it is a tag
    or a link, and the text after it is read again."""
    text = "Resting potential:\n\n$$\\tau = R_m C_m$$\n\n$$\nV = IR #not-a-tag [[Nor a link]]\n$$\nAfter #tag\n"
    found = layout(text)
    assert found is not None
    index = LineIndex(text)
    assert found.masked == [index.line_span(2, 3, len(text)), index.line_span(4, 7, len(text))]
    note = parse.parse_note("n.md", text)
    assert [tag.name for tag in note.tags] == ["tag"] and note.links == ()
    assert [(t.first_line, t.block) for t in found.texts] == [(0, 0), (7, 3)]


def test_math_right_after_a_line_of_text_is_that_paragraphs_text(monkeypatch):
    """mdit-py-plugins' `dollarmath` (0.4 to 0.7, with markdown-it-py 3.0 to 4.3): a math block
    does not interrupt a paragraph, so `$$` lines right after a line of text are its lines, as
    they are in a list item; a blank line first makes them a math block."""
    text = "Nernst:\n$$\nE = RT/zF ln(o/i)\n$$\n\n- item\n  $$x$$\n"
    found = layout(text)
    assert found is not None
    assert found.masked == []
    assert [(t.kind, t.first_line, t.end_line) for t in found.texts] == [("paragraph", 0, 4), ("paragraph", 5, 7)]
    slow, lines, _ = records_both_ways("n.md", text, "line_blocks", monkeypatch)
    assert lines == slow


_HTML_LINES = [
    "<div>", "</div>", "<DIV class=x>", "<details>", "<summary>Q</summary>", "</details>", "<p>a</p>",
    "<img src=a.png>", "<img src='a b.png' width=100/>", "<br>", "<br/>", "</span>", "<span>x</span> y",
    "<a href=\"x\">", "<center>", "<hr>", "<table>", "<td>", "<h1>T</h1>", "<!-- c -->", "<!doctype html>",
    "<?php ?>", "<script>", "</script>", "<pre>", "<style>", "<source src=x>", "<search>", "<dıv>", "<ſcript>",
    "< no tag", "<3 hearts", "<x", "<custom-tag attr>", "<div", "  <div>", "    <div>", "<div>\u00a0",
]  # fmt: skip


def _random_html(rng: random.Random) -> str:
    """Paragraphs, blank lines, HTML lines of every kind (and lines that only look like them),
    headings, items and tables right after them."""
    lines = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.random()
        if kind < 0.45:
            lines.append(rng.choice(_HTML_LINES))
        elif kind < 0.6:
            lines.append("")
        elif kind < 0.7:
            lines.append(rng.choice(["# H", "- item", "1. one", "> q", "| a | b |\n| - | - |", "```\ncode\n```"]))
        else:
            lines.append(rng.choice(_WORDS))
    return "\n".join(lines) + rng.choice(["", "\n"])


def test_random_html_is_parsed_alike(monkeypatch):
    rng = random.Random(20261204)
    taken = _read_alike((_random_html(rng) for _ in range(800)), monkeypatch)
    # the kinds that end at a closing text, and HTML in containers, are left to the parsers
    assert sum("<" in text for text in taken) >= 150


def test_an_html_block_is_masked_as_code_is_up_to_a_blank_line():
    """CommonMark 4.6, HTML blocks: a block-level tag's line (kind 6) starts one, which may end a
    paragraph; a whole tag alone on its line (kind 7) starts one only after a blank line; both end
    at the next blank line, and nothing in them is a tag or a link (HELP `Editing and
    formatting/HTML content.md`: Markdown is not read inside HTML)."""
    text = (
        "Text\n<details>\n<summary>Answer</summary>\n#not-a-tag [[Nor a link]]\n</details>\n\n"
        "Text\n<img src=a.png>\n\n<img src=b.png width=100>\n#still-html\n\n<3 is text #tag\n"
    )
    found = layout(text)
    assert found is not None
    index = LineIndex(text)
    assert found.masked == [index.line_span(1, 5, len(text)), index.line_span(9, 11, len(text))]
    assert [(t.first_line, t.end_line) for t in found.texts] == [(0, 1), (6, 8), (12, 13)]
    note = parse.parse_note("n.md", text)
    assert [tag.name for tag in note.tags] == ["tag"] and note.links == ()


@pytest.mark.parametrize(
    "text",
    [
        "<div>\n*a*\n</div>\n",
        "Text\n</div>\nmore\n",
        "<DIV CLASS=x>\n\n# After\n",
        "<span>a whole tag</span> and text\n",
        "<a href='x'>\nlink text\n",
        "  <hr/>\n- list\n",
        "< not a tag\n",
        "<table>\n| a | b |\n| - | - |\n</table>\n",
    ],
)
def test_html_blocks_are_read_as_markdown_it_reads_them(text, monkeypatch):
    slow, lines, taken = records_both_ways("n.md", text, "line_blocks", monkeypatch)
    assert lines == slow
    assert taken or "|" in text  # a table's lines in HTML: left to the parsers


def test_a_table_gives_its_rows_and_cells():
    """GitHub Flavored Markdown 0.29, 4.10 Tables: a header row, a delimiter row of as many cells,
    then rows up to the first blank line; the pipes at the ends of a row are optional (this pass
    reads the rows written with them) and the cells are trimmed."""
    text = "Ions:\n\n| Ion | Outside (mM) |\n| --- | ---: |\n| K⁺  | 5 |\n|Na⁺|150|\n\nAfter\n"
    found = layout(text)
    assert found is not None
    assert [table.rows for table in found.tables] == [
        [(2, ["Ion", "Outside (mM)"]), (4, ["K⁺", "5"]), (5, ["Na⁺", "150"])]
    ]
    assert [(t.kind, t.first_line, t.block) for t in found.texts] == [
        ("paragraph", 0, 0),
        ("table_row", 2, 1),
        ("table_row", 4, 1),
        ("table_row", 5, 1),
        ("paragraph", 7, 2),
    ]


def test_a_tables_cells_part_at_every_pipe_but_an_escaped_one():
    """GitHub Flavored Markdown 0.29, 4.10 Tables: "Include a pipe in a cell's content by escaping
    it, including inside other inline spans" (`\\|`): it stays in its cell without the backslash;
    the row parts at every other pipe, in a code span too (`a|b` in backticks makes two cells, as
    on GitHub: markdown-it issue 808)."""
    text = "| Link | Code |\n| --- | --- |\n| [[Note\\|alias]] | `x \\| y` |\n| `a` | `b` |\n"
    found = layout(text)
    assert found is not None
    assert [table.rows for table in found.tables] == [
        [(0, ["Link", "Code"]), (2, ["[[Note|alias]]", "`x | y`"]), (3, ["`a`", "`b`"])]
    ]
    parted = "| `a|b` | c |\n| - | - | - |\n"
    assert [table.rows for table in layout(parted).tables] == [[(0, ["`a", "b`", "c"])]]


def test_a_callout_is_a_quote_of_paragraphs():
    """HELP `Editing and formatting/Callouts.md`: a callout is a blockquote whose first line is
    `[!type]` and a title, its content the quote's lines after it; CommonMark 0.31.2, 5.1 "Block
    quotes": a quote line is `>` with up to three spaces before it, and a space after it is part
    of the mark; a line `>` alone is blank, parting two paragraphs of the quote."""
    text = "Before\n> [!note] Membrane\n>  The pump is electrogenic #wonder\n>\n> Second\n\nAfter\n"
    found = layout(text)
    assert found is not None
    assert [(c.kind, c.line, c.parent, c.depth) for c in found.containers] == [("quote", 1, None, 0)]
    assert [(t.first_line, t.end_line, t.container, t.paragraph, t.block) for t in found.texts] == [
        (0, 1, None, 0, 0),
        (1, 3, 0, 0, 1),
        (4, 5, 0, 1, 1),
        (6, 7, None, 0, 2),
    ]
    assert found.texts[1].rows == [(1, 2, "[!note] Membrane"), (2, 3, "The pump is electrogenic #wonder")]
    note = parse.parse_note("n.md", text)
    assert note.containers[0].callout == "note"
    assert [(unit.text, unit.position.line, unit.position.column) for unit in note.units][1:3] == [
        ("Membrane\nThe pump is electrogenic #wonder", 2, 11),
        ("Second", 5, 3),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "> ```\n> a fence in a quote\n> ```\n",
        "> [!example] Code\n> ```py\n> x = 1\n>\n>   y\n> ```\n\nAfter #tag\n",
        "> ```\n> left open: the quote's end closes it\n\nAfter\n",
        "> ```\n> closed by a line without its mark\nplain text #tag\n",
        "> - item\n>   ```\n>   code in an item\n>   ```\n",
    ],
)
def test_a_fence_in_a_quote_ends_with_it(text, monkeypatch):
    """CommonMark 0.31.2, 5.1 "Block quotes": a fence in a quote is code up to its closing fence
    or the quote's end (a line without `>`: a fence takes no lazy line), as markdown-it reads it."""
    assert layout(text) is not None
    slow, lines, _ = records_both_ways("n.md", text, "line_blocks", monkeypatch)
    assert lines == slow


def _random_quote_with_fences(rng: random.Random) -> str:
    """A callout or a quote whose lines open and close fences (some left open), with items,
    headings and blank lines, ended by a line without its mark or by the note's end."""
    pieces = ["```", "```py", "~~~", "````", "code #not-a-tag", "", "- item", "  ```", "# H", "text #tag", "  x"]
    lines = [rng.choice(["> [!example] Code", "> text", "> ```"])]
    lines += [rng.choice(["> ", ">"]) + rng.choice(pieces) for _ in range(rng.randint(1, 6))]
    lines.append(rng.choice(["", "after [[L]]", "> ```", "```"]))
    return "\n".join(lines) + "\n"


def test_random_fences_in_quotes_are_parsed_alike(monkeypatch):
    rng = random.Random(20261205)
    taken = _read_alike((_random_quote_with_fences(rng) for _ in range(500)), monkeypatch)
    assert sum("```" in text or "~~~" in text for text in taken) >= 80


def test_a_callout_holds_a_list():
    """CommonMark 0.31.2, 5.1 "Block quotes": a quote holds any blocks, its lines read after their
    marks, so a list in it nests by the columns after `> `; HELP `Editing and formatting/
    Callouts.md`: a callout's content is the quote's after its `[!type]` line."""
    text = "> [!summary] Pumps\n> - Na/K ATPase #hypothesis\n>   - electrogenic\n> - second\n\nAfter\n"
    found = layout(text)
    assert found is not None
    assert [(c.kind, c.line, c.parent, c.previous, c.depth) for c in found.containers] == [
        ("quote", 0, None, None, 0),
        ("list_item", 1, 0, None, 1),
        ("list_item", 2, 1, None, 2),
        ("list_item", 3, 0, 1, 1),
    ]
    assert [(t.first_line, t.container, t.block) for t in found.texts] == [
        (0, 0, 0),
        (1, 1, 0),
        (2, 2, 0),
        (3, 3, 0),
        (5, None, 1),
    ]
    note = parse.parse_note("n.md", text)
    assert note.containers[0].callout == "summary"
    assert [(unit.kind, unit.position.line, unit.position.column) for unit in note.units][1:4] == [
        ("list_item", 2, 5),
        ("list_item", 3, 7),
        ("list_item", 4, 5),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "> > a quote in a quote\n",
        ">no space after the mark\n",
        "> a\n  > marks at other columns\n",
        "> a quote\nand a lazy line\n",
        ">\ta tab after the mark\n",
        "- an item\n\n  > a quote in it\n",
        "- a\n\n  | x | y |\n  | - | - |\n",  # a table in a list item
        "a | b\n--|--\n",  # a table without a pipe at each end
        "| a | b |\n| - | - |\n| 1 |\n",  # a short row
        "| a \\\\| b | c |\n| - | - |\n",  # a pipe after two backslashes
        "| a | b \\|\n| - | - |\n",  # a row ending in an escaped pipe
        "text\n| a | b |\n| - | - |\n",  # right after a line of text
        "<!-- an HTML comment -->\n",
        "<script>\nx\n</script>\n",
        "<source src=a.mp3>\n",  # a name markdown-it-py 3.0 and 4.x part on
        "- a\n\n  <div>html in a list item</div>\n",
        "- a\n\n  $$\n  x\n  $$\n",  # math in a list item
        "$$\nx\n\ny\n$$\n",  # a blank line in it
        "$$x$$ (eq1)\n",  # a label
        "$$\nleft open\n",
        "    indented code\n",
        "a setext heading\n===\n",
        "a setext heading\n---\n",
        "[a]: /url\n",
        "- [a]: /url\n",  # a definition in a list item
        "[a\nb]: /url\n\n[a b]\n",  # a label over two lines
        "[a\\]]: /url\n",  # an escaped bracket in the label
        "- \n",
        "a\n2. not numbered 1\n",
        "- a\n\t```\n\t\tcode\n\t```\n",
        "```\nleft open\n",
        "- ```\n  a fence an item starts with\n  ```\n",
        "- - an item an item starts with\n",
        "- a\n  ```\n  code\ncut short\n",
        "a\n\x0c\nb\n",
        "a line ending in\u00a0\n",
        "---\nx: 1\n...\n",
        "---\nleft open\n",
        "NUL \x00\n",
        "".join("  " * depth + "- x\n" for depth in range(line_blocks.MAX_DEPTH + 1)),
    ],
)
def test_what_the_line_pass_does_not_read_is_left_to_the_parsers(text, monkeypatch):
    assert layout(text) is None
    slow, lines, _ = records_both_ways("n.md", text, "line_blocks", monkeypatch)
    assert lines == slow


@pytest.mark.parametrize(
    "text",
    [
        "> [!note] A callout\n> its text\n\nSee [[A]]: why.\n",
        "- [ ] a task\n- [x] done, see [[B]]: yes\n",
        "[[A]]: the line's first link is no label\n",
        "[!tip]- a callout's marker, then [[A]]: ok\n",
    ],
)
def test_a_line_starting_with_a_bracket_that_opens_no_definition_is_read(text, monkeypatch):
    """CommonMark 4.7, link reference definitions: a label holds no unescaped bracket and a `:`
    follows its `]` (markdown-it-py's `reference` rule stops at a `[`). Text that holds `]:`
    elsewhere is read by the line pass where no line's `[` opens a label followed by `:`."""
    assert layout(text) is not None
    slow, lines, _ = records_both_ways("n.md", text, "line_blocks", monkeypatch)
    assert lines == slow


def test_a_plain_note_imports_no_markdown_parser():
    """Importing markdown-it-py costs about 60 ms: a note the line pass reads needs neither it nor
    markdown-it-pyrs; an HTML comment, which it does not read, needs one of them."""
    texts = [
        "---\ntags: [a]\n---\n# A\n\n- an item with [[b]] #wonder\n    - why\n\n<div>HTML</div>\n",
        "<!-- HTML -->\n",
    ]
    assert imported_after_parsing(texts, ("markdown_it", "markdown_it_pyrs")) == [False, True]


def test_table_starts_are_the_lines_the_table_pattern_finds():
    """`_table_starts` reads line by line what `blocks.TABLE_START` finds in the whole text (with
    its overlaps: a table's second line starts none), on random lines of pipes, dashes, colons,
    quotes and white space."""
    from vaulttool.parse.blocks import TABLE_START

    pieces = ["|", "-", "--", ":", " ", "\t", ">", "a", "| a |", "|---|", ":-:", "- ", "\\|"]
    rng = random.Random(202612)
    found = 0
    for _ in range(20_000):
        lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(1, 6))]
        text = "\n".join(lines)
        index = LineIndex(text)
        expected = {index.locate(match.start())[0] - 1 for match in TABLE_START.finditer("\n" + text)}
        assert line_blocks._table_starts(lines) == expected, lines
        found += bool(expected)
    assert found > 2_000


def test_block_starts_read_as_commonmarks_rules_written_as_regexes():
    """The string tests of a line's start give what CommonMark's rules say, here written as the
    regexes they replaced: an ATX heading (4.2: 1-6 `#`, then a space, a tab or the end), a fence
    (4.5: three or more backticks or tildes), a bullet (5.2: `-`, `+`, `*`, then a space, a tab
    or the end) and a thematic break (4.1: three or more of one of `*`, `-`, `_`, spaces and tabs
    besides), on random line starts."""
    import re

    heading = re.compile(r"#{1,6}(?=[ \t]|$)")
    fence = re.compile(r"`{3,}|~{3,}")
    bullet = re.compile(r"[-+*](?=[ \t]|$)")
    thematic = re.compile(r"(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}")
    rng = random.Random(4142)
    for _ in range(50_000):
        rest = "".join(rng.choice("#`~-*_+ \t1.)a") for _ in range(rng.randint(1, 9)))
        if rest[0] in " \t":
            continue
        match = heading.match(rest)
        assert line_blocks._heading_level(rest) == (len(match.group()) if match else 0), rest
        match = fence.match(rest)
        assert line_blocks._fence(rest) == (match.group() if match else ""), rest
        assert line_blocks._bullet(rest) == bool(bullet.match(rest)), rest
        assert line_blocks._thematic(rest) == bool(thematic.fullmatch(rest)), rest
