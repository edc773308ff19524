"""The inline scanners are linear: adversarial lines finish well inside a second (issue 16,
"Never hang": a line of many `$`, backticks, `[[`, `~~`, and a Markdown link opener followed by
whitespace made the masking and the link regex backtrack for minutes).

The linear masking must find exactly what the plain search finds: `reference_mask` below is the
straightforward reading of the rules (each opener searches the rest of its paragraph or line for
its closer: Pandoc's rule for `$`, CommonMark's for backtick runs), kept here as the specification.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaulttool.parse import parse_note
from vaulttool.parse.inline import mask_inline
from vaulttool.parse.links import MARKDOWN, WIKI

N = 50_000  # the backtracking scans took minutes on lines of this length (a linear one: a tenth of a second)

ADVERSARIAL = {
    "dollars": "$" * N,
    "dollar-words": "$a " * (N // 3),
    "dollar-pairs": "$$a" * (N // 3),
    "backticks": "`" * N,
    "backtick-words": "`a" * (N // 2),
    "backtick-runs-of-every-length": "".join("`" * k + "a" for k in range(1, 316)),
    "double-backticks": "``a" * (N // 3),
    "wiki-openers": "[[" * (N // 2),
    "wiki-open-words": "[[a" * (N // 3),
    "wiki-half-closed": "[[a]" * (N // 4),
    "strikes": "~~" * (N // 2),
    "strike-words": "~~a" * (N // 3),
    "comment-openers": "<!--" * (N // 4),
    "comment-marks": "%%a" * (N // 3),
    "markdown-link-then-spaces": "[a](" + " " * N,
    "markdown-link-then-blank-mix": "[a](\t" + "\t \n" * (N // 3),
    "markdown-link-openers": "[a](" * (N // 4),
    "brackets": "[" * N,
    "escapes": "\\" * N,
    "uri-schemes": "obsidian://" * (N // 11),
    "everything": "$`[[~~%%<!--#](" * (N // 15),
    "html-tag-openers": "<a " * (N // 3),
    "html-tag-then-spaces": "<a b" + " " * N,
    "html-attributes-unclosed": "<a" + " b=1" * (N // 4),
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_an_adversarial_line_parses_within_a_second(name, time_limit):
    with time_limit(1.0):
        parse_note("n.md", ADVERSARIAL[name])


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_an_adversarial_paragraph_of_many_lines_parses_within_a_second(name, time_limit):
    """The same pieces spread over one paragraph of 1,000 lines (masking crosses lines)."""
    line = ADVERSARIAL[name][: N // 1000]
    with time_limit(1.0):
        parse_note("n.md", "\n".join([line] * 1000))


_OPENER = re.compile(r"\\[\\`$%<]|`+|%%|<!--|<(?=/?[A-Za-z])|\$\$?")
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*"
    r"\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>"
)  # CommonMark 6.6, raw HTML tags


def reference_mask(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Each opener searches onward for its closer (quadratic, obviously right)."""

    def paragraph_end(start: int) -> int:
        match = _BLANK_LINE.search(text, start)
        return match.start() if match else len(text)

    def closing_dollar(start: int, double: bool) -> int:
        if double:
            close = text.find("$$", start + 2, paragraph_end(start))
            return close + 2 if close != -1 else -1
        if start + 1 >= len(text) or text[start + 1].isspace():
            return -1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        for close in range(start + 2, line_end):
            if text[close] != "$" or text[close - 1] == "\\" or text[close - 1].isspace():
                continue
            if close + 1 < len(text) and text[close + 1].isdigit():
                continue
            return close + 1
        return -1

    masked, spans, cursor = [], [], 0
    while (match := _OPENER.search(text, cursor)) is not None:
        start, token, end = match.start(), match.group(), -1
        if token[0] == "\\":
            cursor = match.end()
            continue
        if token[0] == "`":
            closer = re.compile(rf"(?<!`)`{{{len(token)}}}(?!`)").search(text, match.end(), paragraph_end(start))
            if closer:
                end = closer.end()
                spans.append((start, end, text[match.end() : closer.start()].replace("\n", " ")))
        elif token == "%%":
            close = text.find("%%", start + 2)
            end = close + 2 if close != -1 else len(text)
        elif token == "<!--":
            close = text.find("-->", start + 4)
            end = close + 3 if close != -1 else -1
        elif token == "<":
            tag = None if re.search(r"\]\([ \t]*$", text[max(0, start - 8) : start]) else _HTML_TAG.match(text, start)
            end = tag.end() if tag and not _BLANK_LINE.search(tag.group()) else -1
        else:
            end = closing_dollar(start, token == "$$")
        if end == -1:
            cursor = match.end()
            continue
        masked.append((start, end))
        cursor = end
    return masked, spans


PIECES = st.sampled_from(
    [
        "`",
        "``",
        "```",
        "$",
        "$$",
        "\\",
        "%%",
        "<!--",
        "-->",
        " ",
        "\t",
        "\n",
        "\n\n",
        "\n>\n",
        "a",
        "1",
        "[[",
        "]]",
        "[",
        "]",
        "(",
        ")",
        '"',
        "'",
        "<",
        ">",
        "~~",
        "#",
        "<b>",
        "</b>",
        "<a ",
        "x=",
        "/>",
    ]
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_linear_masking_finds_what_the_plain_search_finds(text):
    assert mask_inline(text) == reference_mask(text)


_BACKTRACKING_MARKDOWN = re.compile(  # the link pattern without its possessive and atomic parts
    r"(?=[!\[])(!?)\[((?:[^\[\]\n\\]|\n(?![ \t>]*\n)|\\.|\[[^\[\]\n]*\])*)\]\(\s*("
    r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*"
    r")(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_linear_link_pattern_matches_what_the_backtracking_one_matches(text):
    """CommonMark link syntax (destination, optional title, whitespace between): making the
    whitespace runs possessive changes no match, only how long a failing match takes."""
    expected = [(m.span(), m.groups()) for m in _BACKTRACKING_MARKDOWN.finditer(text)]
    assert [(m.span(), m.groups()) for m in MARKDOWN.finditer(text)] == expected


@pytest.mark.parametrize("text", ["[[" * N, "[[a]" * (N // 4), "[[a|" * (N // 4), "![[" + "]" * N])
def test_the_wiki_link_pattern_is_linear(text, time_limit):
    with time_limit(1.0):
        list(WIKI.finditer(text))
