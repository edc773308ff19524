"""The compiled block pass (markdown-it-pyrs, `vaulttool[fast]`): what it leaves to markdown-it-py,
hostile shapes among them, and the columns it finds itself (tests/test_block_passes.py compares
its records with markdown-it-py's on the real vaults, a generated vault and random Markdown)."""

from __future__ import annotations

import pytest

from conftest import imported_after_parsing, records_both_ways
from vaulttool import parse
from vaulttool.parse import fast_blocks
from vaulttool.parse.source import LineIndex

pytestmark = pytest.mark.skipif(not fast_blocks.available(), reason="markdown-it-pyrs is not installed")


@pytest.mark.parametrize(
    "text",
    [
        "".join("  " * depth + "- x\n" for depth in range(3000)),  # nested 3,000 deep: its stack would overflow
        ">" * 100_000 + " x\n",
        "- " * 50_000 + "x\n",
        "".join("\t" * depth + "- x\n" for depth in range(10)),  # ten items nested a tab apart: past 20 levels
        "$$\nx\n$$\n",  # a math block: markdown-it-py's plugin
        "```\nleft open",
        "---\nx: 1\n...\nbody\n",  # front matter YAML's document end closes for markdown-it-py
        "a #wonder\n\x0c\nb\n",  # a paragraph's line of white space that is no blank line (a form feed)
    ],
)
def test_what_the_faster_pass_cannot_read_alike_is_left_to_markdown_it_py(text, monkeypatch):
    assert fast_blocks.fast_layout(text, LineIndex(text)) is None
    slow, fast, _ = records_both_ways("n.md", text, "fast_blocks", monkeypatch)
    assert fast == slow


def test_tabs_and_quotes_in_a_paragraph_keep_their_columns():
    """markdown-it-pyrs' line breaks end past a tab-indented line's first characters; the
    paragraph's lines are taken from the source instead (the seed note's own shape)."""
    text = "- a\n\t- b #hypothesis\n\t\t![img](x.png) #wonder\n> q\n> r #tag\nlazy #to_verify\n"
    assert fast_blocks.fast_layout(text, LineIndex(text)) is not None
    note = parse.parse_note("n.md", text)
    assert [(tag.name, tag.position.line, tag.position.column) for tag in note.tags] == [
        ("hypothesis", 2, 6),
        ("wonder", 3, 17),
        ("tag", 5, 5),
        ("to_verify", 6, 6),
    ]
    assert [(unit.position.line, unit.position.column) for unit in note.units] == [(1, 3), (2, 4), (4, 3)]
    assert note.units[1].lines == ((2, 4), (3, 3))  # the image line goes on b's paragraph, at its `!`


def test_markdown_it_py_is_imported_only_when_a_note_needs_it():
    """Importing markdown-it-py costs about 60 ms, a sixth of re-checking 100 edited notes of
    10,000 (issue 15): a note the compiled pass reads (an HTML comment, which the line pass
    leaves to a parser) does not import it; one with a `$$` math block too, which markdown-it-py
    reads, does."""
    texts = ["<!-- an HTML comment with [[b]] #wonder -->\n", "<!-- x -->\n\n$$\nE = RT/zF\n$$\n"]
    assert imported_after_parsing(texts, ("markdown_it",)) == [False, True]


@pytest.mark.parametrize(
    "text",
    [
        "> q\n| a | b |\n| - | - |\n",  # a table right after a quote, from the first line on
        "a\n2. b\n",  # an ordered item not numbered 1 after a line of text
        "[x]: http://a\n",  # a reference definition on the first line
        "x\n\n- \n",  # an empty item after a blank line
        "| a | b |\n| - | - |\n\u3000\n",  # ideographic space in a table's block of lines
        "\t\t\t- x\n",  # three tabs: twelve columns of prefix on the first line
    ],
)
def test_what_a_line_starts_with_is_seen_on_the_first_line_and_after_any_other(text):
    assert fast_blocks.fast_layout(text, LineIndex(text)) is None
    assert fast_blocks.fast_layout("x\n\n" + text, LineIndex("x\n\n" + text)) is None


def test_a_first_list_item_with_dashes_is_read_by_the_faster_pass_alike(monkeypatch):
    """markdown-it-py's front matter rule no longer fires in a first list item (`blocks`), so such a
    note need not be left to it."""
    text = "- a--b #wonder why\n- #hypothesis x\n"
    slow, fast, taken = records_both_ways("n.md", text, "fast_blocks", monkeypatch)
    assert taken and fast == slow
