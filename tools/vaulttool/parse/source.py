"""Source text helpers: normalisation, offset ↔ (line, column), and blanking of masked spans."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def normalize(text: str) -> str:
    """Drop a UTF-8 BOM and fold CRLF / CR line ends to LF, so every file positions alike."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class LineIndex:
    """Maps offsets in a text to 1-based (line, column) and back."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
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
