"""The vault model: frozen, positioned facts that the parser produces and every analysis reads.

Every fact carries a `Position`: the vault-relative path (forward slashes) and the 1-based line
and column (column counted in Unicode characters, after a BOM is dropped and CRLF folded to LF).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

from msgspec import DecodeError, Struct, field
from msgspec.msgpack import Decoder
from msgspec.structs import replace

from vaulttool.errors import VaulttoolError
from vaulttool.rules import RULES, Code, Severity

T = TypeVar("T")

# Facts are msgspec Structs: frozen, slotted, quick to create and to decode from a cache record
# (as arrays: `array_like`), and out of the cyclic garbage collector's sight (`gc=False`: a fact
# holds only other facts and plain values, never a cycle through itself).


class Position(Struct, frozen=True, order=True, array_like=True, gc=False):
    """Where a fact sits: vault-relative path, 1-based line, 1-based column in characters."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Finding(Struct, frozen=True, array_like=True, gc=False):
    """A positioned finding with a registered code; its severity is the code's (`vaulttool rules`)."""

    position: Position
    code: Code
    message: str
    hint: str | None = None
    end_column: int | None = None

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.position.path, self.position.line, self.position.column, self.code)


class Tag(Struct, frozen=True, array_like=True, gc=False):
    """A tag as written, without `#` (`a/b` for a nested tag); `source` says where it was found."""

    name: str
    position: Position
    source: Literal["body", "frontmatter"] = "body"

    @property
    def key(self) -> str:
        """Obsidian compares tags case-insensitively."""
        return self.name.casefold()


class Alias(Struct, frozen=True, array_like=True, gc=False):
    name: str
    position: Position


class Heading(Struct, frozen=True, array_like=True, gc=False):
    level: int
    text: str
    position: Position


class BlockId(Struct, frozen=True, array_like=True, gc=False):
    """A `^id` block identifier; `line` of the position is the line the id is written on."""

    id: str
    position: Position


LinkKind = Literal["wiki", "markdown", "uri", "external"]


class Link(Struct, frozen=True, array_like=True, gc=False):
    """A link or embed as written.

    - `wiki`: `[[target#subpath|display]]`; `markdown`: `[display](target#subpath)` with the
      destination percent-decoded; `uri`: an `obsidian://` URI (`vault` names the vault);
      `external`: any other URL scheme (`https:`, `mailto:`, `file:` …), target kept raw.
    - `subpath` is what follows the first `#` (a heading path `H1#H2` or a block `^id`), or None.
    - `embed` is true for `![[…]]` and `![…](…)`.
    """

    kind: LinkKind
    target: str
    subpath: str | None
    display: str | None
    embed: bool
    position: Position
    end_column: int
    raw: str
    vault: str | None = None
    in_frontmatter: bool = False


class CodeBlock(Struct, frozen=True, array_like=True, gc=False):
    """A fenced code block: `position` is its opening fence, `body_line` the body's first line."""

    language: str
    info: str
    body: str
    position: Position
    body_line: int


class CodeSpan(Struct, frozen=True, array_like=True, gc=False):
    """An inline code span: `position` is its opening backtick, `text` the content between."""

    text: str
    position: Position


class TableCell(Struct, frozen=True, array_like=True, gc=False):
    """One cell of a table: its text as the table parser gives it (trimmed, `\\|` read as `|`)."""

    text: str
    position: Position


class Table(Struct, frozen=True, array_like=True, gc=False):
    """A GFM table: `rows[0]` is the header row, then the body rows (the delimiter row is left out);
    rows inside a comment are left out. `position` is that of the first row's first cell."""

    position: Position
    rows: tuple[tuple[TableCell, ...], ...]


UnitKind = Literal["paragraph", "list_item", "heading", "table_row"]


class Container(Struct, frozen=True, array_like=True, gc=False):
    """A list item or a block quote (a callout is a quote with a type), as a node of the block tree.

    `position` is its marker (`-`, `1.`, `>`); `parent` and `previous` are indexes in
    `Note.containers`: the container it is written in, and a list item's previous sibling in the
    same list. `depth` counts the list items it is nested in, itself included.
    """

    kind: Literal["list_item", "quote"]
    position: Position
    parent: int | None = None
    previous: int | None = None
    depth: int = 0
    task: str | None = None  # a task item's checkbox character: " " unticked, "x" (or any other) ticked
    callout: str | None = None  # a callout's type, lower-cased: `> [!question]` → "question"

    @property
    def ticked(self) -> bool:
        return self.task is not None and self.task != " "


class Unit(Struct, frozen=True, array_like=True, gc=False):
    """A text unit the lifecycle reads, with its place in the block tree.

    - `kind`: a `paragraph`, a `list_item`'s own text (its first paragraph), a `heading`, or a
      `table_row`. A list item that starts with a heading has a `heading` unit as its own text.
    - `text` is the unit's source with container prefixes (list markers, task boxes, indentation,
      `>`, a callout's `[!type]`) cut; `lines` maps each of its lines to where it starts in the
      note: (line, column) pairs. `tags` are the body tags inside the unit, left to right.
    - `container`: the innermost list item or quote it is written in (index in `Note.containers`),
      and `paragraph` its place among the units written directly in it (0: a list item's own text).
    - `block`: the ordinal of the note-level block it belongs to (a paragraph, a whole list, a
      table, a quote, a heading); `section`: the index in `Note.units` of the heading whose
      section it is in (a heading is in its own); `level`: a heading's level, 0 for other units.
    """

    kind: UnitKind
    text: str
    position: Position
    lines: tuple[tuple[int, int], ...]
    tags: tuple[Tag, ...] = ()
    container: int | None = None
    paragraph: int = 0
    block: int = 0
    section: int | None = None
    level: int = 0


class NoteBody(Struct, frozen=True, array_like=True, gc=False):
    """What a note holds besides its names and tags: links, code, the block tree and tables."""

    links: tuple[Link, ...] = ()
    code_blocks: tuple[CodeBlock, ...] = ()
    code_spans: tuple[CodeSpan, ...] = ()
    units: tuple[Unit, ...] = ()
    containers: tuple[Container, ...] = ()
    tables: tuple[Table, ...] = ()

    def positions(self) -> list[Position]:
        """Every `Position` object it holds (a unit's tags count again: they are encoded again)."""
        facts: list[Any] = [
            *self.links,
            *self.code_blocks,
            *self.code_spans,
            *self.units,
            *(tag for unit in self.units for tag in unit.tags),
            *self.tables,
            *(cell for table in self.tables for row in table.rows for cell in row),
            *self.containers,
        ]
        return [fact.position for fact in facts]


class _Body(Generic[T]):
    """A field of `Note.content`, read as the note's own (`note.links`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, note: Note, owner: type | None = None) -> T:
        return cast(T, getattr(note.content, self.name))


class StoredBody(Protocol):
    """A note's body record kept out of memory (`vaulttool.spill`), read back when it is used."""

    def read(self) -> bytes: ...


class DamagedRecordError(VaulttoolError):
    """A cached note whose body does not decode (the cache file was damaged after it was read)."""


class Note(Struct, frozen=True, array_like=True, gc=False):
    """One parsed Markdown note. A pure function of (path, text): see `vaulttool.parse`.

    `body` is a `NoteBody`, or, for a note taken from the cache, its record (MessagePack, the
    positions' paths left empty), decoded on use of `links`, `units` and the others: an analysis
    that needs only a note's names, headings and tags (an unchanged note in a `check`) never
    decodes the rest. The last `DECODED_BODIES` bodies decoded are kept decoded, not all of them:
    a pass over a large vault's notes holds a few decoded bodies at a time, not every one. A
    large vault's records are kept out of memory (`vaulttool.spill`): `body` is then a
    `StoredBody` that reads the record back."""

    path: str
    frontmatter: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()
    tags: tuple[Tag, ...] = ()
    headings: tuple[Heading, ...] = ()
    blocks: tuple[BlockId, ...] = ()
    problems: tuple[Finding, ...] = ()
    line_count: int = 0
    opt_outs: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (line, codes) of `%% vaulttool: ignore[…] %%`
    body: NoteBody | bytes = field(default_factory=NoteBody)

    @property
    def content(self) -> NoteBody:
        """The body, decoded if the note came from the cache."""
        body = self.body
        if isinstance(body, NoteBody):
            return body
        kept = _decoded.get(id(self))
        if kept is not None and kept[0] is self:
            return kept[1]
        links, rest = self._parts()
        decoded = replace(self._decode(_body_decoder(), rest), links=self._links(links))
        for position in decoded.positions():
            if not position.path:
                _SET_POSITION_PATH(position, self.path)
        _keep(_decoded, self, decoded)
        return decoded

    @property
    def links(self) -> tuple[Link, ...]:
        """The body's links; of a note from the cache, only they are decoded (they are a record
        apart in its body's): resolving a vault's links does not decode every body."""
        body = self.body
        if isinstance(body, NoteBody):
            return body.links
        for kept in (_decoded.get(id(self)), _decoded_links.get(id(self))):
            if kept is not None and kept[0] is self:
                return kept[1] if isinstance(kept[1], tuple) else kept[1].links
        links = self._links(self._parts()[0])
        _keep(_decoded_links, self, links)
        return links

    def _links(self, record: bytes) -> tuple[Link, ...]:
        links = self._decode(_links_decoder(), record)
        for link in links:
            if not link.position.path:
                _SET_POSITION_PATH(link.position, self.path)
        return links

    def _parts(self) -> tuple[bytes, bytes]:
        """The two records of a cached body: its links, and the rest (`NoteBody` with no links)."""
        body = cast("bytes | StoredBody", self.body)
        return self._decode(_parts_decoder(), body if isinstance(body, bytes) else body.read())

    def _decode(self, decoder: Decoder[_S], record: bytes) -> _S:
        try:
            return decoder.decode(record)
        except (DecodeError, ValueError, TypeError) as error:
            raise DamagedRecordError(
                f"the cached parse of {self.path} is damaged ({error}): run again with --no-cache"
            ) from None

    code_blocks = _Body[tuple[CodeBlock, ...]]()
    code_spans = _Body[tuple[CodeSpan, ...]]()
    units = _Body[tuple[Unit, ...]]()
    containers = _Body[tuple[Container, ...]]()
    tables = _Body[tuple[Table, ...]]()

    @property
    def name(self) -> str:
        """The note's basename without `.md`, as Obsidian shows it."""
        base = self.path.rsplit("/", 1)[-1]
        return base[:-3] if base.lower().endswith(".md") else base

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def head(self) -> tuple[Any, ...]:
        """Every field but the body."""
        return tuple(getattr(self, name) for name in self.__struct_fields__[:-1])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return self.head() == other.head() and self.content == other.content

    def __hash__(self) -> int:
        return hash(self.path)


_S = TypeVar("_S", NoteBody, tuple[Link, ...], tuple[bytes, bytes])
_SET_POSITION_PATH = Position.__dict__["path"].__set__  # the slots' own setters (Structs are frozen)
DECODED_BODIES = 512
# id(note) → the note and its decoded body (or links), oldest first; the note is kept with it, so
# its id is not reused meanwhile
_decoded: dict[int, tuple[Note, NoteBody]] = {}
_decoded_links: dict[int, tuple[Note, tuple[Link, ...]]] = {}


def _keep(kept: dict[int, tuple[Note, Any]], note: Note, value: Any) -> None:
    kept[id(note)] = (note, value)
    while len(kept) > DECODED_BODIES:
        del kept[next(iter(kept))]  # the one decoded longest ago


@lru_cache(maxsize=1)
def _body_decoder() -> Decoder[NoteBody]:
    return Decoder(NoteBody)


@lru_cache(maxsize=1)
def _links_decoder() -> Decoder[tuple[Link, ...]]:
    return Decoder(tuple[Link, ...])


@lru_cache(maxsize=1)
def _parts_decoder() -> Decoder[tuple[bytes, bytes]]:
    return Decoder(tuple[bytes, bytes])


Kind = Literal["hypothesis", "question", "claim"]
Status = Literal["open", "waiting", "to-verify", "answered", "verified"]
Outcome = Literal["corrected", "partial", "confirmed"]
Rule = Literal[
    "same-unit",
    "child",
    "continuation",
    "sibling",
    "next-paragraph",
    "section",
    "block-ref",
    "task",
    "front-matter",
    "implicit",
]


class Item(Struct, frozen=True, array_like=True, gc=False):
    """An item of the hypothesis lifecycle; `position` is its opener tag.

    A closed item says where its answer is (`answer_position`: the answer tag, the ticked task's
    marker, or an implicit answer's first character) and which `rule` of the lifecycle tied it to
    the item; `implicit` marks an untagged answer ("yes, …", "→ …" in a child bullet).
    """

    position: Position
    kind: Kind
    status: Status
    outcome: Outcome | None
    text: str
    answer: str | None
    original: str | None
    tags: tuple[str, ...]
    since: date | None = None
    answer_position: Position | None = None
    rule: Rule | None = None
    implicit: bool = False

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "waiting", "to-verify")

    def age_days(self, as_of: date) -> int | None:
        """Days from `since` to `as_of`, or None for an undated item."""
        return (as_of - self.since).days if self.since else None
