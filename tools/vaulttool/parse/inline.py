"""Inline masking: code spans, `$math$`, `%%comments%%`, `<!-- comments -->` and inline HTML tags
hide their content.

Rule 6 of OBSIDIAN_RULES.md (a decision): nothing inside them is a tag or a link. An inline HTML
tag's attributes are not text either (HELP `Editing and formatting/HTML content.md`), so the
Highlightr colour in `<mark style="background: #FFF3A3A6;">` is no tag; the text between tags
stays text. One left-to-right pass finds whichever opener comes first, as a Markdown reader would,
so a `%%` inside a code span opens no comment and a backtick inside a comment opens no code span.
"""

from __future__ import annotations

import re

_OPENER = re.compile(r"\\[\\`$%<]|`+|%%|<!--|<(?=/?[A-Za-z])|\$\$?")
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
# CommonMark's raw HTML open and closing tags (spec 6.6): a name, then attributes.
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_DESTINATION_OPENS = re.compile(r"\]\([ \t]*$")  # `[t](<Note x.md>)`: a link destination, not a tag
_HTML_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>")


def _paragraph_end(text: str, start: int) -> int:
    """Code spans and math do not cross a blank line."""
    match = _BLANK_LINE.search(text, start)
    return match.start() if match else len(text)


def _closing_backticks(text: str, start: int, limit: int, count: int) -> re.Match[str] | None:
    return re.compile(rf"(?<!`)`{{{count}}}(?!`)").search(text, start, limit)


def _closing_dollar(text: str, start: int, double: bool) -> int:
    """End offset of inline math opened at `start`, or -1 (Pandoc's rule for single `$`)."""
    if double:
        close = text.find("$$", start + 2, _paragraph_end(text, start))
        return close + 2 if close != -1 else -1
    if start + 1 >= len(text) or text[start + 1].isspace():
        return -1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    cursor = start + 1
    while True:
        close = text.find("$", cursor, line_end)
        if close == -1:
            return -1
        if text[close - 1] == "\\":
            cursor = close + 1
            continue
        follows_digit = close + 1 < len(text) and text[close + 1].isdigit()
        if not text[close - 1].isspace() and not follows_digit and close > start + 1:
            return close + 1
        cursor = close + 1


def mask_inline(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Find the inline spans to mask in (block-masked) text.

    Returns the masked [start, end) spans and the code spans as (start, end, content).
    """
    masked: list[tuple[int, int]] = []
    code_spans: list[tuple[int, int, str]] = []
    cursor = 0
    while (match := _OPENER.search(text, cursor)) is not None:
        start, token = match.start(), match.group()
        end = -1
        if token[0] == "\\":
            cursor = match.end()
            continue
        if token[0] == "`":
            close = _closing_backticks(text, match.end(), _paragraph_end(text, start), len(token))
            if close is not None:
                end = close.end()
                content = text[match.end() : close.start()].replace("\n", " ")
                code_spans.append((start, end, content))
        elif token == "%%":
            found = text.find("%%", start + 2)
            end = found + 2 if found != -1 else len(text)
        elif token == "<!--":
            found = text.find("-->", start + 4)
            end = found + 3 if found != -1 else -1
        elif token == "<":
            tag = None if _DESTINATION_OPENS.search(text, max(0, start - 8), start) else _HTML_TAG.match(text, start)
            end = tag.end() if tag and not _BLANK_LINE.search(tag.group()) else -1
        else:
            end = _closing_dollar(text, start, token == "$$")
        if end == -1:
            cursor = match.end()
            continue
        masked.append((start, end))
        cursor = end
    return masked, code_spans
