"""Inline masking: code spans, `$math$`, `%%comments%%`, `<!-- comments -->` and inline HTML tags
hide their content.

Rule 6 of OBSIDIAN_RULES.md (a decision): nothing inside them is a tag or a link. An inline HTML
tag's attributes are not text either (HELP `Editing and formatting/HTML content.md`), so the
Highlightr colour in `<mark style="background: #FFF3A3A6;">` is no tag; the text between tags
stays text. One left-to-right pass finds whichever opener comes first, as a Markdown reader would,
so a `%%` inside a code span opens no comment and a backtick inside a comment opens no code span.

The pass is linear in the text: where each closer can be is found once, up front (blank lines, line
ends, backtick runs by length, the `$` that can close math), and each opener looks its closer up
by bisection instead of searching the rest of the paragraph again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict

_OPENER_CHARACTERS = "\\`$%<"  # what an opener starts with
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
# CommonMark's raw HTML open and closing tags (spec 6.6): a name, then attributes.
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_DESTINATION_OPENS = re.compile(r"\]\([ \t]*$")  # `[t](<Note x.md>)`: a link destination, not a tag
_HTML_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>")
_NEWLINE = re.compile(r"\n")
_DOLLAR = re.compile(r"\$")


class _Closers:
    """Where closers can be in one text, each kind found once, when an opener first needs it (kept
    in attributes filled on first use: compiled by mypyc, a `cached_property` would not cache)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.no_comment_end_from = len(text) + 1  # no `-->` at or after this offset
        self._blank_lines: list[int] | None = None
        self._newlines: list[int] | None = None
        self._backtick_runs: dict[int, list[int]] | None = None
        self._dollars: list[int] | None = None

    def blank_lines(self) -> list[int]:
        if self._blank_lines is None:
            self._blank_lines = [match.start() for match in _BLANK_LINE.finditer(self.text)]
        return self._blank_lines

    def newlines(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [match.start() for match in _NEWLINE.finditer(self.text)]
        return self._newlines

    def backtick_runs(self) -> dict[int, list[int]]:
        """Where each run of backticks starts, by its length (found with `str.find`: a regex
        search for a run reads the text a character at a time)."""
        if self._backtick_runs is None:
            text = self.text
            runs: dict[int, list[int]] = defaultdict(list)
            start = text.find("`")
            while start != -1:
                end = _backticks_end(text, start)
                runs[end - start].append(start)
                start = text.find("`", end)
            self._backtick_runs = runs
        return self._backtick_runs

    def dollars(self) -> list[int]:
        if self._dollars is None:
            self._dollars = [match.start() for match in _DOLLAR.finditer(self.text) if self._closes_math(match.start())]
        return self._dollars

    def _closes_math(self, at: int) -> bool:
        """Pandoc's rule for a closing `$`: not escaped, no space before it, no digit after it."""
        text = self.text
        before = text[at - 1] if at else " "
        follows_digit = at + 1 < len(text) and text[at + 1].isdigit()
        return before != "\\" and not before.isspace() and not follows_digit

    def paragraph_end(self, start: int) -> int:
        """Code spans and math do not cross a blank line."""
        return self._next(self.blank_lines(), start)

    def line_end(self, start: int) -> int:
        return self._next(self.newlines(), start)

    def _next(self, offsets: list[int], start: int) -> int:
        """The first of the sorted `offsets` at or after `start`, else the text's end."""
        found = bisect_left(offsets, start)
        return offsets[found] if found < len(offsets) else len(self.text)

    def backticks(self, start: int, after: int, count: int) -> int:
        """Offset of the run of exactly `count` backticks closing a code span opened at `start`
        (searched from `after`, within the paragraph), or -1."""
        runs = self.backtick_runs().get(count, [])
        found = bisect_left(runs, after)
        if found < len(runs) and runs[found] + count <= self.paragraph_end(start):
            return runs[found]
        return -1

    def dollar(self, start: int, double: bool) -> int:
        """End offset of inline math opened at `start`, or -1 (Pandoc's rule for single `$`)."""
        text = self.text
        if double:
            close = text.find("$$", start + 2, self.paragraph_end(start))
            return close + 2 if close != -1 else -1
        if start + 1 >= len(text) or text[start + 1].isspace():
            return -1
        dollars = self.dollars()
        found = bisect_left(dollars, start + 2)
        if found < len(dollars) and dollars[found] < self.line_end(start):
            return dollars[found] + 1
        return -1

    def comment(self, start: int) -> int:
        """End offset of an HTML comment opened at `start`, or -1 when no `-->` follows."""
        if start + 4 >= self.no_comment_end_from:
            return -1
        close = self.text.find("-->", start + 4)
        if close == -1:
            self.no_comment_end_from = start + 4
            return -1
        return close + 3


def _backticks_end(text: str, start: int) -> int:
    """Where the run of backticks that starts at `start` ends."""
    end = start + 1
    while end < len(text) and text[end] == "`":
        end += 1
    return end


def _next_opener(text: str, cursor: int, ahead: list[int]) -> int:
    """The offset of the first character at or after `cursor` that may open a span, or -1;
    `ahead` holds each opener character's next offset found so far (-1: none left), moved on
    with `str.find`, which skips to a character far faster than the regex engine's search."""
    first = -1
    for number in range(len(ahead)):
        at = ahead[number]
        if at != -1 and at < cursor:
            at = ahead[number] = text.find(_OPENER_CHARACTERS[number], cursor)
        if at != -1 and (first == -1 or at < first):
            first = at
    return first


def opener_at(text: str, at: int) -> str:
    """The span opener at `at`, where an opener character is ("" if it opens nothing there): an
    escape of an opener character, a run of backticks, `%%`, `<!--`, a `<` before a tag's name (or
    `/` and a name), `$$` or `$`. Read with string tests, each far cheaper than a regex call."""
    character, following = text[at], text[at + 1 : at + 2]
    if character == "\\":
        return text[at : at + 2] if following and following in _OPENER_CHARACTERS else ""
    if character == "`":
        return text[at : _backticks_end(text, at)]
    if character == "%":
        return "%%" if following == "%" else ""
    if character == "$":
        return "$$" if following == "$" else "$"
    if text.startswith("<!--", at):
        return "<!--"
    name = text[at + 2 : at + 3] if following == "/" else following
    return "<" if name.isascii() and name.isalpha() else ""


def mask_inline(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Find the inline spans to mask in (block-masked) text.

    Returns the masked [start, end) spans and the code spans as (start, end, content).
    """
    closers = _Closers(text)
    masked: list[tuple[int, int]] = []
    code_spans: list[tuple[int, int, str]] = []
    cursor = 0
    ahead = [text.find(character) for character in _OPENER_CHARACTERS]  # each one's next offset
    while (candidate := _next_opener(text, cursor, ahead)) != -1:
        token = opener_at(text, candidate)
        if not token:
            cursor = candidate + 1
            continue
        start, after = candidate, candidate + len(token)
        end = -1
        if token[0] == "\\":
            cursor = after
            continue
        if token[0] == "`":
            close = closers.backticks(start, after, len(token))
            if close != -1:
                end = close + len(token)
                code_spans.append((start, end, text[after:close].replace("\n", " ")))
        elif token == "%%":
            close = text.find("%%", start + 2)
            end = close + 2 if close != -1 else len(text)
        elif token == "<!--":
            end = closers.comment(start)
        elif token == "<":
            tag = None if _DESTINATION_OPENS.search(text, max(0, start - 8), start) else _HTML_TAG.match(text, start)
            end = tag.end() if tag and not _BLANK_LINE.search(tag.group()) else -1
        else:
            end = closers.dollar(start, token == "$$")
        if end == -1:
            cursor = after
            continue
        masked.append((start, end))
        cursor = end
    return masked, code_spans
