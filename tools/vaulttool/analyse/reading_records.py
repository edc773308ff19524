"""What a note's lifecycle reading is made of, as the cache's `readings` table keeps it.

They are msgspec Structs encoded as arrays, as the model's are: a parse worker encodes each note's
reading and the main process decodes it, both far faster than for dataclasses (read field by field,
written as maps with the fields' names). msgspec decodes them by these classes' annotations, so
they stay interpreted in the compiled build (mypyc keeps a compiled class's annotations without
their parameters: `tuple[Item, ...]` would be read back as a bare `tuple` of lists).
"""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Raw, Struct, field, msgpack

from vaulttool.model import Item, Link, Outcome, Position, Rule, Status, Tag


class Answer(Struct, frozen=True, array_like=True, gc=False):
    """An answer read where it was written, ready to close an item; `rule` says how it was tied
    to the item (`with_rule` sets it once the item is found)."""

    position: Position  # the answer tag, a ticked task's marker, or an implicit answer's first character
    status: Status
    text: str | None
    original: str | None  # struck text written with the answer, before its correction
    explicit: Outcome | None  # an outcome tag (#corrected, #partial, #confirmed) in the answer
    tags: tuple[str, ...]
    rule: Rule
    implicit: bool = False

    def with_rule(self, rule: Rule) -> Answer:
        return Answer(
            self.position, self.status, self.text, self.original, self.explicit, self.tags, rule, self.implicit
        )


class Found(Struct, frozen=True, array_like=True, gc=False):
    """What the search found: an open item to close, or (`open` false) the closed item it follows."""

    draft: int
    rule: Rule
    open: bool


NOTHING_OPEN = (
    "no #hypothesis, #wonder or #to_verify is open above it: not in its list item, its parent items, "
    "the previous item, the previous paragraph, nor its heading's section"
)


class Orphan(Struct, frozen=True, array_like=True, gc=False):
    """An answer tag that closes no item; `hint` says which rule would have applied."""

    tag: Tag
    hint: str


class Pending(Struct, frozen=True, array_like=True, gc=False):
    """An answer that links a block of another note: it closes that block's item if the block
    holds one, else the item the block tree gives (`fallback`). A `mention` is the item its unit
    opened only to name the linked one ("re my #hypothesis [[N#^h1]] #explanation: …")."""

    answer: Answer
    tag: Tag
    link: Link
    fallback: Found | None = None
    hint: str = NOTHING_OPEN
    mention: int | None = None


class NoteReading(Struct, frozen=True, array_like=True, gc=False):
    """One note's lifecycle before answers across notes are applied.

    `blocks` maps each block id (case-folded) to the indexes in `items` of the items its block holds."""

    path: str
    items: tuple[Item, ...]
    orphans: tuple[Orphan, ...] = ()
    pending: tuple[Pending, ...] = ()
    blocks: Mapping[str, tuple[int, ...]] = field(default_factory=dict)


class NoteAnswers(Struct, frozen=True, array_like=True, gc=False):
    """A `NoteReading` whose items and blocks are left encoded (its row decoded in about a third
    of the time): what `check` needs, the answers that close no item and those across notes.
    Encoded, it is the `NoteReading` it was made from (`answers_of`)."""

    path: str
    items: Raw
    orphans: tuple[Orphan, ...]
    pending: tuple[Pending, ...]
    blocks: Raw


def answers_of(reading: NoteReading) -> NoteAnswers:
    """The reading with its items and blocks encoded, as its row holds them."""
    encode = msgpack.encode
    return NoteAnswers(
        reading.path, Raw(encode(reading.items)), reading.orphans, reading.pending, Raw(encode(reading.blocks))
    )
