"""Property tests (hypothesis): any text parses, positions point at what they name, parsing is pure."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaulttool.analyse.lifecycle import extract
from vaulttool.parse import parse_note
from vaulttool.parse.source import LineIndex, normalize

# Markdown-ish alphabet: the characters every scanner reacts to, plus ordinary text.
PIECES = st.sampled_from(
    [
        "#",
        "##",
        " ",
        "\t",
        "\n",
        "\r\n",
        "[[",
        "]]",
        "[",
        "]",
        "(",
        ")",
        "!",
        "|",
        "\\",
        "`",
        "```",
        "~~",
        "$",
        "$$",
        "%%",
        "<!--",
        "-->",
        "^",
        "- ",
        "* ",
        "1. ",
        "> ",
        "---\n",
        "tag",
        "a/b",
        "é",
        "🧠",
        "1984",
        "hypothesis",
        "#to_verify",
        "#verifed",
        "#explanation :",
        "note.md",
        "obsidian://open?vault=V&file=a%20b",
        "https://x.org/#f",
        ":",
        ",",
        "    ",
        "\ufeff",
        " ^blk-1\n",
        " ^a\n",
        "| a | b |\n",
        "|---|---|\n",
        "| K+ | 140 mM |\n",
        "|",
        " \\| ",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=80).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_parses_and_positions_point_at_their_text(text):
    note = parse_note("d/n.md", text)
    clean = normalize(text)
    index = LineIndex(clean)
    for tag in note.tags:
        if tag.source == "body":
            offset = index.offset(tag.position.line, tag.position.column)
            assert clean[offset] == "#" and clean[offset + 1 :].startswith(tag.name)
    for link in note.links:
        assert clean.startswith(link.raw, index.offset(link.position.line, link.position.column))
    for block in note.blocks:
        offset = index.offset(block.position.line, block.position.column)
        assert clean[offset] == "^" and clean[offset + 1 :].startswith(block.id)
    for unit in note.units:
        for number, (line, column) in enumerate(unit.lines):
            chunk = unit.text.split("\n")[number]
            assert clean.startswith(chunk, index.offset(line, column))
    for span in note.code_spans:
        assert clean[index.offset(span.position.line, span.position.column)] == "`"
    for table in note.tables:
        assert table.position == table.rows[0][0].position
        for cell in (cell for row in table.rows for cell in row if cell.text):
            offset = index.offset(cell.position.line, cell.position.column)
            assert clean.startswith(cell.text.replace("|", "\\|"), offset), cell
    for item in extract(note):  # a body tag's `#`, or a front-matter tag's name (issue 10: note-level items)
        offset = index.offset(item.position.line, item.position.column)
        assert clean[offset] == "#" or any(clean.startswith(name, offset) for name in item.tags)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_parsing_is_deterministic_and_line_ends_do_not_matter(text):
    first = parse_note("n.md", text)
    assert parse_note("n.md", text) == first
    crlf = parse_note("n.md", re.sub(r"\r\n|\r|\n", "\r\n", text))
    assert crlf.tags == first.tags and crlf.links == first.links and crlf.units == first.units
