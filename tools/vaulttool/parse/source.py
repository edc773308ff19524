"""Source text helpers: normalisation, offset ↔ (line, column), and blanking of masked spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from vaulttool.model import Finding, Position
from vaulttool.rules import Code

# White space (`str.isspace`) other than spaces, tabs and line ends, spelled out. Python's
# `str.strip` trims it and markdown-it's trims it otherwise (by version), so the faster block
# passes leave what it changes to markdown-it-py.
ODD_SPACE = re.compile("[\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
ASCII_ODD_SPACES = "\x0b\x0c\r\x1c\x1d\x1e\x1f"
ODD_SPACES = (
    ASCII_ODD_SPACES + "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
)


def holds_odd_space(text: str) -> bool:
    """Whether `text` holds `ODD_SPACE`: each character looked for with `in`, which skips to it
    far faster than a regex search for the class (and at once for one wider than the text's)."""
    return any(space in text for space in (ASCII_ODD_SPACES if text.isascii() else ODD_SPACES))


def find_matches(pattern: re.Pattern[str], opener: str, text: str, *, bang: bool = False) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with `opener` (after a `!`,
    optional, when `bang`), tried only where `opener` is: `str.find` skips to it far faster than
    the engine's own search (about ten times, on a note). A `!` right before the opener is the
    pattern's, unless a match took it."""
    cursor = 0
    while (at := text.find(opener, cursor)) != -1:
        match = pattern.match(text, at - 1 if bang and at > cursor and text[at - 1] == "!" else at)
        if match is None:
            cursor = at + 1
        else:
            yield match
            cursor = match.end()


def decode_text(path: str, data: bytes) -> tuple[str, Finding | None]:
    """A note's bytes as UTF-8 text; undecodable bytes are read as replacement characters and
    give a positioned `undecodable` finding (at the first bad byte)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        if before.startswith("\ufeff"):
            before = before[1:]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        problem = Finding(
            Position(path, line, column),
            Code.UNDECODABLE,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "read with replacement characters",
        )
        return data.decode("utf-8", errors="replace"), problem


def normalize(text: str) -> str:
    """Drop a UTF-8 BOM and fold CRLF / CR line ends to LF, so every file positions alike."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class LineIndex:
    """Maps offsets in a text to 1-based (line, column) and back; holds the text's `lines`."""

    __slots__ = ("starts", "lines")

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")  # split once for every pass over the lines
        starts = [0]
        start = 0
        for line in self.lines[:-1]:  # a call of `str.find` a line costs more
            start += len(line) + 1
            starts.append(start)
        self.starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def line_span(self, first: int, last: int, text_length: int) -> tuple[int, int]:
        """Offsets [start, end) of 0-based lines first..last-1 (end stops before the last newline)."""
        start = self.starts[first]
        end = self.starts[last] - 1 if last < len(self.starts) else text_length
        return start, end


def _spaces(segment: str) -> str:
    """As many spaces as `segment` has characters, its newlines kept."""
    if "\n" not in segment:
        return " " * len(segment)
    return "\n".join(" " * len(line) for line in segment.split("\n"))


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace every character of the given [start, end) spans with a space, keeping newlines."""
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if end <= cursor:
            continue
        start = max(start, cursor)
        pieces.append(text[cursor:start])
        pieces.append(_spaces(text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
