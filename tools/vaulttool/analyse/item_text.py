"""What an item and its answer say: the item's text, the answer, the struck first guess, the outcome.

Texts are read from a unit's text between offsets; lifecycle tags are cut from them (a tag that is
part of its sentence, "I #wonder if", keeps its word). An answer is an `Answer` until it closes an
item (`close`), wherever it was written.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from vaulttool.analyse.reading_records import Answer
from vaulttool.analyse.vocabulary import Vocabulary
from vaulttool.model import Item, Position, Tag, Unit

STRUCK = re.compile(r"~~(.+?)~~", re.DOTALL)
_BLOCK_ID = re.compile(r"(?:^|(?<=\s))\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
_SEPARATORS = ": \t\n,-–—|"
_LEADS_INTO_CLAUSE = frozenset(
    {"if", "whether", "why", "how", "what", "when", "where", "who", "which", "about", "that"}
)
_WORD = re.compile(r"\w+")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)")
_CELL_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True, slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class Span:
    """A lifecycle tag in a unit's text: [start, end) offsets, its role, and the word it keeps
    when it is part of its sentence (openers only)."""

    start: int
    end: int
    role: str
    word: str

    def __init__(self, start: int, end: int, role: str, word: str) -> None:
        object.__setattr__(self, "start", start)  # frozen: set as dataclasses' own __init__ does
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "word", word)


def clean(text: str) -> str:
    """White space collapsed, separators and `^block-id`s at line ends cut."""
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    return " ".join(text.split()).strip(_SEPARATORS).strip()


def struck(text: str, start: int, end: int) -> str | None:
    """The struck-through texts in text[start:end], joined by " / ", or None."""
    if text.find("~~", start, end) == -1:
        return None
    found = [m.group(1).strip() for m in STRUCK.finditer(text, start, end)]
    return " / ".join(found) if found else None


def close(item: Item, answer: Answer, vocabulary: Vocabulary) -> Item:
    """The item closed by the answer. Its outcome: an explicit tag; else what the answer's words
    say (only at its start when a first guess was struck); else corrected when one was struck."""
    original = " / ".join(o for o in (item.original, answer.original) if o) or None
    outcome = answer.explicit
    if outcome is None and answer.text:
        outcome = vocabulary.outcome_of_answer(answer.text, at_start_only=original is not None)
    if outcome is None and original:
        outcome = "corrected"
    return Item(
        item.position,
        item.kind,
        answer.status,
        outcome,
        item.text,
        answer.text,
        original,
        tuple(dict.fromkeys((*item.tags, *answer.tags))),
        item.since,
        answer.position,
        answer.rule,
        answer.implicit,
    )


def sentence_start(text: str, floor: int, at: int) -> int:
    """Where the sentence holding offset `at` starts, not before `floor`: the segment of an item
    opened in mid-unit ("… #explanation: no. so E_K #hypothesis is …" starts at "so")."""
    last = _last(_SENTENCE_BREAK, text, floor, at)
    if last is None:
        return at
    return last.end() + len(text[last.end() : at]) - len(text[last.end() : at].lstrip())


class UnitText:
    """A unit's text with its lifecycle tags (`spans`) and all its tags' offsets, for cutting item
    texts out of it and turning offsets back into note positions."""

    def __init__(self, unit: Unit, roles: Sequence[tuple[Tag, str]]) -> None:
        self.unit = unit
        self.text = text = unit.text
        self.lines = [line for line, _ in unit.lines]
        self.columns = [column for _, column in unit.lines]
        self.line_starts = (
            [0, *accumulate(len(chunk) + 1 for chunk in text.split("\n")[:-1])] if len(self.lines) > 1 else [0]
        )
        self.row = {line: row for row, line in enumerate(self.lines)} if len(self.lines) > 1 else None
        self.spans = [
            Span(start, start + 1 + len(tag.name), role, tag.name if role in ("hypothesis", "question") else "")
            for tag, role in roles
            for start in (self.offset(tag.position),)
        ]
        self.starts = [span.start for span in self.spans]
        self.tags = [(self.offset(tag.position), tag.name) for tag in unit.tags]
        self.pipes = [m.start() for m in _CELL_PIPE.finditer(text)] if unit.kind == "table_row" else []

    def cell(self, start: int, at: int, end: int) -> tuple[int, int]:
        """[start, end) narrowed to the table cell holding offset `at` (a row's cells are read
        apart: the hypothesis in one, its answer in another); unchanged outside tables."""
        if not self.pipes:
            return start, end
        i = bisect_right(self.pipes, at)
        left = self.pipes[i - 1] + 1 if i else 0
        right = self.pipes[i] if i < len(self.pipes) else len(self.text)
        return max(start, left), min(end, right)

    def offset(self, position: Position) -> int:
        """The offset in the text of a note position inside the unit."""
        row = self.row[position.line] if self.row is not None else 0
        return self.line_starts[row] + position.column - self.columns[row]

    def position(self, offset: int) -> Position:
        """The note position of an offset in the text."""
        row = bisect_right(self.line_starts, offset) - 1
        return Position(self.unit.position.path, self.lines[row], self.columns[row] + offset - self.line_starts[row])

    def tags_between(self, start: int, end: int) -> tuple[str, ...]:
        """The names of the unit's tags in [start, end), each once."""
        names = []
        for i in range(bisect_left(self.tags, (start, "")), len(self.tags)):
            if self.tags[i][0] >= end:
                break
            names.append(self.tags[i][1])
        return tuple(dict.fromkeys(names))

    def next_tag(self, start: int, end: int) -> int:
        """The offset of the first lifecycle tag in [start, end), else `end`."""
        i = bisect_left(self.starts, start)
        return self.starts[i] if i < len(self.starts) and self.starts[i] < end else end

    def without_tags(self, start: int, end: int) -> str:
        """text[start:end] with lifecycle tags removed; one that is part of its sentence keeps its word."""
        text, spans = self.text, self.spans
        pieces, cursor = [], start
        for i in range(bisect_left(self.starts, start), len(spans)):
            span = spans[i]
            if span.start >= end:
                break
            pieces.append(text[cursor : span.start])
            keep = span.word and _reads_as_word(
                text[max(start, span.start - 40) : span.start], text[span.end : span.end + 40]
            )
            pieces.append(span.word if keep else "")
            cursor = min(span.end, end)
        pieces.append(text[cursor:end])
        return "".join(pieces)

    def hypothesis(self, start: int, opener: Span, end: int) -> str:
        """A hypothesis: what follows its tag (up to the next lifecycle tag), what precedes it when
        the tag ends its sentence, both when the tag sits inside it ("so E_K #hypothesis is …")."""
        start, end = self.cell(start, opener.start, end)
        after = self.without_tags(opener.end, self.next_tag(opener.end, end))
        before = self.without_tags(start, opener.start)
        if after.lstrip().startswith(":") or not clean(before):
            return clean(after)
        if not clean(after):
            return clean(before)
        after = after.strip()
        return clean(before.rstrip() + ("" if after[:1] in ",.;!?)" else " ") + after)

    def question(self, start: int, opener: Span, end: int) -> str:
        start, end = self.cell(start, opener.start, end)
        return clean(self.without_tags(start, self.next_tag(opener.end, end)))

    def claim(self, start: int, opener: Span, end: int) -> str:
        start, end = self.cell(start, opener.start, end)
        before = self.without_tags(start, opener.start)
        return clean(before) if clean(before) else clean(self.without_tags(opener.end, end))

    def answer(self, tag: Span, end: int) -> str | None:
        """The text after an answer tag, up to `end` (and the end of its table cell)."""
        return clean(self.without_tags(tag.end, self.cell(tag.end, tag.start, end)[1])) or None

    def unstruck(self, start: int, end: int) -> str | None:
        """text[start:end] without its tags and struck text, or None if nothing is left."""
        start, end = self.cell(start, end, end)
        return clean(STRUCK.sub(" ", self.without_tags(start, end))) or None

    def correction_before(self, start: int, end: int) -> int | None:
        """Where a correction written after struck text and before an answer tag starts
        ("~~only for cones~~ it is for all photopigments #verifed"), or None."""
        last = _last(STRUCK, self.text, start, end)
        if last is not None and clean(self.without_tags(last.end(), end)):
            return last.end()
        return None


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of `pattern` in text[start:end]."""
    last = None
    for match in pattern.finditer(text, start, end):
        last = match
    return last


def _reads_as_word(before: str, after: str) -> bool:
    """Is a tag part of the sentence ("I #wonder if", "a #question about") or only a marker?"""
    stripped = before.rstrip()  # a word ends within its last 20 characters, right before the tag
    if not (stripped[-1:].isalnum() and len(before) - len(stripped) < 20):
        return False
    following = _WORD.match(after.lstrip())
    return following is not None and following.group().casefold() in _LEADS_INTO_CLAUSE
