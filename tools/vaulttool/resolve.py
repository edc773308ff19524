"""Link resolution: each link → the vault file (and heading or block) Obsidian opens, or why none.

Rules 8-24 of OBSIDIAN_RULES.md, nothing invented:
- a path starts at the vault root; `./` and `../` start at the linking note's folder (rule 9);
- an exact vault path wins, else among files with that name (whose path ends with the link's
  path) the one in the note's own folder, else the shortest path, a tie going to the path that
  sorts first (rule 12); names compare case-insensitively after NFC (rule 13);
- `.md` may be left out, any other type needs its extension (rule 10); aliases never resolve (14);
- `[[#H]]` and `[[#^id]]` point into the same note (17); `H1#H2` is a heading H2 under H1 (19);
  headings compare by their words only, punctuation and markup ignored, case-insensitively (20);
  block ids case-insensitively;
- subpaths of other files (`#page=3` on a pdf, a view of a `.base`) are not headings (22);
- `obsidian://` URIs are resolved from the vault root when they name this vault (23).
A path that would leave the vault (`..` past the root, an absolute path, `file://`) is never read.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from msgspec.structs import astuple

from vaulttool.index import (
    FILE_TYPES,
    FileIndex,
    extension,
    file_name,
    folder_of,
    is_note,
    key,
)
from vaulttool.model import BlockId, Heading, Link, Note
from vaulttool.resolution import Resolution, TieBreak
from vaulttool.rules import Code

if TYPE_CHECKING:
    from vaulttool.vault import Vault

_HEADING_SPECIALS = re.compile(r"[#|^:%\[\]\\]")
# A heading's words: runs of letters, digits, `_` and `-`, and emoji; anything else separates.
_HEADING_WORD = re.compile(r"[\w\-]+|[\u2600-\u27bf\U0001f000-\U0001faff]")
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def strip_heading(text: str) -> str:
    """Obsidian's `stripHeading`: the specials `# | ^ : % [ ] \\` become spaces and white space
    collapses. What Obsidian writes into a link to a heading, so what a hint suggests."""
    return " ".join(_HEADING_SPECIALS.sub(" ", text).split())


def heading_key(text: str) -> str:
    """How a link's heading and a note's heading are compared (rule 20): their words only, so
    punctuation and inline markup do not count (`Can I ask a question` opens `Can I ask a
    question?`, `hasTag` opens ``hasTag()``, `Bold Other heading` opens `**Bold** [[Other]]
    heading`), as dataview's `normalizeHeaderForLink` mimics Obsidian; case-insensitively. Most
    headings are ASCII letters, digits and spaces, whose words are read with `split`."""
    if text.isascii() and text.replace(" ", "").isalnum():
        if "  " in text or text.startswith(" ") or text.endswith(" "):
            return " ".join(text.split()).lower()
        return text.lower()  # its words are separated by one space already
    return key(" ".join(_HEADING_WORD.findall(unicodedata.normalize("NFC", text))))


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class _Found:
    """The file a link path reaches (None: no file), and how it was chosen."""

    path: str | None
    candidates: tuple[str, ...]
    case_exact: bool
    outside: bool
    tie_break: TieBreak | None

    def __init__(
        self,
        path: str | None,
        candidates: tuple[str, ...] = (),
        case_exact: bool = True,
        outside: bool = False,
        tie_break: TieBreak | None = None,
    ) -> None:
        self.path = path
        self.candidates = candidates
        self.case_exact = case_exact
        self.outside = outside
        self.tie_break = tie_break


def _leaves_vault(target: str) -> bool:
    """An absolute path (`/x`, `\\x`, `~/x`, `C:\\x`) or a `..` that climbs past the root."""
    return target.startswith(("/", "\\", "~/")) or bool(_DRIVE.match(target))


def _spelled_as(written: str, path: str) -> bool:
    """Whether `path` ends with the link's path exactly as written (with or without `.md`)."""
    if not (written.isascii() and path.isascii()):  # NFC leaves ASCII as it is
        written, path = unicodedata.normalize("NFC", written), unicodedata.normalize("NFC", path)
    return any(path == form or path.endswith("/" + form) for form in (written, written + ".md"))


class HeadingIndex:
    """A note's headings, searchable by `heading_key` in time that does not grow with their
    number: where each key occurs, and where each heading's section ends."""

    __slots__ = ("headings", "where", "section_end")

    def __init__(self, headings: Sequence[Heading]) -> None:
        self.headings = headings
        self.where: dict[str, list[int]] = {}
        for i, heading in enumerate(headings):
            self.where.setdefault(heading_key(heading.text), []).append(i)
        self.section_end = [len(headings)] * len(headings)
        open_sections: list[int] = []  # indices whose section is still open, levels increasing
        for i, heading in enumerate(headings):
            while open_sections and headings[open_sections[-1]].level >= heading.level:
                self.section_end[open_sections.pop()] = i
            open_sections.append(i)

    def find(self, path: Sequence[str]) -> Heading | None:
        """The heading a subpath `H1#H2…` names (parts already `heading_key`ed): each part is a
        heading inside the section of the one before (rule 19)."""
        return self._search(0, len(self.headings), path) if path else None

    def _search(self, start: int, end: int, wanted: Sequence[str]) -> Heading | None:
        found = self.where.get(wanted[0], ())
        for i in found[bisect_left(found, start) :]:
            if i >= end:
                return None
            if len(wanted) == 1:
                return self.headings[i]
            inner = self._search(i + 1, self.section_end[i], wanted[1:])
            if inner is not None:
                return inner
        return None


def find_heading(headings: Sequence[Heading], path: Sequence[str]) -> Heading | None:
    """The heading a subpath `H1#H2…` names (parts already `heading_key`ed), see `HeadingIndex`."""
    return HeadingIndex(headings).find(path)


def heading_path(subpath: str) -> list[str]:
    """A heading subpath's parts as `heading_key` leaves them, empty parts dropped."""
    return [part for part in (heading_key(p) for p in subpath.split("#")) if part]


@dataclass(slots=True, init=False)  # __init__ written out: mypyc compiles it, not dataclasses' own
class _Named:
    """The files a link path without a folder prefix (or with a partial one) may mean."""

    candidates: tuple[str, ...]  # sorted
    in_folder: dict[str, str]  # folder → the first candidate there
    shortest: str  # the shortest path, the one that sorts first among equals
    tie_break: TieBreak  # how `shortest` was chosen: `shortest`, or `order` when lengths tie

    def __init__(
        self, candidates: tuple[str, ...], in_folder: dict[str, str], shortest: str, tie_break: TieBreak
    ) -> None:
        self.candidates = candidates
        self.in_folder = in_folder
        self.shortest = shortest
        self.tie_break = tie_break


class Resolver:
    """Resolves the links of one vault; build once, call `resolve` per link.

    What depends only on the written target (exact path, candidates by name, a note's headings
    and blocks) is looked up once per target, so a vault's cost grows with its links, not with
    links times same-named files or links times headings."""

    def __init__(self, files: Sequence[str], notes: Mapping[str, Note], names: Sequence[str] = ()) -> None:
        """A resolver over these files, whose notes (for their headings and block ids) `notes`
        gives by path: a mapping that may read each on first use; `names` are the vault's own
        names (for `obsidian://` URIs)."""
        self.files = FileIndex.build(files)
        self.notes = notes
        self.vault_names = {key(name) for name in names}
        self._found: dict[str, _Found | _Named | None] = {}  # by written target; see `_find`
        self._spelled: dict[tuple[str, str], bool] = {}
        self._subpaths: dict[str, list[str]] = {}
        self._headings: dict[str, HeadingIndex] = {}
        self._blocks: dict[str, dict[str, BlockId]] = {}
        # (kind, target, subpath, vault) → a resolution's fields after `source` and `link`, for
        # the links that lead to the same place from every note (see `resolve`)
        self._shared: dict[tuple[str, str, str | None, str | None], tuple[Any, ...]] = {}

    @classmethod
    def of_vault(cls, vault: Vault) -> Resolver:
        """A resolver over a loaded vault's files and notes."""
        return cls(vault.files, {note.path: note for note in vault.notes}, vault.settings.names)

    @classmethod
    def of(cls, notes: Sequence[Note], names: Sequence[str] = ()) -> Resolver:
        """A resolver over notes alone (no attachments), for callers without a loaded `Vault`."""
        return cls([note.path for note in notes], {note.path: note for note in notes}, names)

    def resolve(self, note: Note, link: Link) -> Resolution:
        """Where `link`, written in `note`, leads. Most links lead to the same place whichever
        note writes them (their path names one file, or none): such a link is resolved once per
        written target, subpath and vault, and its resolution copied for every note that writes it
        (a vault links each note from many)."""
        written = (link.kind, link.target, link.subpath, link.vault)
        shared = self._shared.get(written)
        if shared is not None:  # its fields given one by one: a starred call builds a list, then a tuple
            scope, target, heading, block, problem, candidates, case_exact, tie_break = shared
            return Resolution(
                note.path, link, scope, target, heading, block, problem, candidates, case_exact, tie_break
            )
        resolution = self._resolve(note, link)
        if self._anywhere(link):
            self._shared[written] = astuple(resolution)[2:]
        return resolution

    def _anywhere(self, link: Link) -> bool:
        """Whether `link` leads to the same place from every note: not one into its own note
        (`[[#H]]`), a relative path, or a name several files have (the note's folder chooses)."""
        if link.kind in ("external", "uri"):
            return True  # a URI's path starts at the vault root
        return bool(link.target) and isinstance(self._found.get(link.target), _Found)

    def _resolve(self, note: Note, link: Link) -> Resolution:
        if link.kind == "external":
            if link.target.lower().startswith("file:"):
                return Resolution(note.path, link, problem=Code.OUTSIDE_VAULT)
            return Resolution(note.path, link, scope="external")
        if link.kind == "uri":
            if link.vault and key(link.vault) not in self.vault_names:
                return Resolution(note.path, link, scope="foreign")
            if not link.vault or not link.target:
                return Resolution(note.path, link, scope="other")
            return self._resolve_path(note, link, folder="")
        if not link.target:
            if not (link.subpath or "").strip():
                return Resolution(note.path, link, problem=Code.EMPTY_LINK)
            return self._anchor(note, link, _Found(note.path))
        return self._resolve_path(note, link, folder=folder_of(note.path))  # compiled, not the model's property

    def _resolve_path(self, note: Note, link: Link, folder: str) -> Resolution:
        found = self.find_file(link.target, folder)
        if found.outside:
            return Resolution(note.path, link, problem=Code.OUTSIDE_VAULT)
        if found.path is None:
            missing = Code.MISSING_ATTACHMENT if extension(link.target) in FILE_TYPES else Code.MISSING_NOTE
            return Resolution(note.path, link, problem=missing)
        if is_note(found.path):
            return self._anchor(note, link, found)
        return Resolution(
            note.path,
            link,
            target=found.path,
            candidates=found.candidates,
            case_exact=found.case_exact,
            tie_break=found.tie_break,
        )

    def find_file(self, target: str, folder: str) -> _Found:
        """The file a link path reaches from a note in `folder` (rules 9, 10, 12, 13)."""
        found = self._found.get(target)
        if found is None:
            found = self._found[target] = self._find(target)
        return found if isinstance(found, _Found) else self._in_folder(target, folder, found)

    def _find(self, target: str) -> _Found | _Named | None:
        """What a link path reaches wherever the note is (a `_Named` when that depends on the
        note's folder, None for a relative path)."""
        if _leaves_vault(target):
            return _Found(None, outside=True)
        if target.startswith(("./", "../")) or target in (".", ".."):
            return None
        if "/." in "/" + target:
            target = posixpath.normpath(target)
            if target == ".." or target.startswith("../"):
                return _Found(None, outside=True)
        exact = self._exact_files(target)
        if exact:
            return _Found(exact[0], case_exact=_spelled_as(target, exact[0]))
        named = self._candidates(target)
        if named is None:
            return _Found(None)
        if len(named.candidates) == 1:
            return _Found(named.candidates[0], case_exact=_spelled_as(target, named.candidates[0]))
        return named

    def _exact_files(self, target: str) -> tuple[str, ...]:
        return self.files.at(target) or (() if is_note(target) else self.files.at(target + ".md"))

    def _in_folder(self, target: str, folder: str, named: _Named | None) -> _Found:
        if named is not None:  # several files of that name: the one in the note's folder, else the shortest
            in_folder = named.in_folder.get(folder)
            chosen, tie_break = (in_folder, "folder") if in_folder else (named.shortest, named.tie_break)
            spelled = self._spelled.get((target, chosen))
            if spelled is None:
                spelled = self._spelled[(target, chosen)] = _spelled_as(target, chosen)
            return _Found(chosen, named.candidates, spelled, tie_break=tie_break)  # type: ignore[arg-type]
        joined = posixpath.join(folder, target)  # a relative path: `./` and `../` start at the note's folder
        if "/." in "/" + joined:
            joined = posixpath.normpath(joined)
            if joined == ".." or joined.startswith("../"):
                return _Found(None, outside=True)
        exact = self._exact_files(joined)
        return _Found(exact[0], case_exact=_spelled_as(joined, exact[0])) if exact else _Found(None)

    def _candidates(self, target: str) -> _Named | None:
        name = file_name(target)
        named = self.files.named(name) + (() if is_note(name) else self.files.named(name + ".md"))
        if "/" in target:
            tails = ("/" + key(target), "/" + key(target) + ".md")
            named = tuple(path for path in named if ("/" + key(path)).endswith(tails))
        if not named:
            return None
        candidates = tuple(sorted(named))
        in_folder: dict[str, str] = {}
        for path in candidates:
            in_folder.setdefault(folder_of(path), path)
        shortest = min(named, key=lambda path: (len(path), path))
        tied = sum(1 for path in named if len(path) == len(shortest))
        return _Named(candidates, in_folder, shortest, "order" if tied > 1 else "shortest")

    def _anchor(self, note: Note, link: Link, found: _Found) -> Resolution:
        """The resolution of a link into the note `found`, with the heading or block it names
        checked (rules 17, 19-21)."""
        subpath = (link.subpath or "").strip()
        target_note = self.notes.get(found.path or "") if subpath else None  # read only for its headings or blocks
        heading: Heading | None = None
        block: BlockId | None = None
        problem: Code | None = None
        if subpath and target_note is not None:
            if subpath.startswith("^"):
                block = self._block_index(target_note).get(key(subpath[1:].strip()))
                problem = None if block is not None else Code.MISSING_BLOCK
            else:
                parts = self._subpaths.get(subpath)
                if parts is None:
                    parts = self._subpaths[subpath] = heading_path(subpath)
                if parts:
                    heading = self._heading_index(target_note).find(parts)
                    problem = None if heading is not None else Code.MISSING_HEADING
        return Resolution(
            note.path,
            link,
            target=found.path,
            heading=heading,
            block=block,
            problem=problem,
            candidates=found.candidates,
            case_exact=found.case_exact,
            tie_break=found.tie_break,
        )

    def _heading_index(self, note: Note) -> HeadingIndex:
        index = self._headings.get(note.path)
        if index is None:
            index = self._headings[note.path] = HeadingIndex(note.headings)
        return index

    def _block_index(self, note: Note) -> dict[str, BlockId]:
        """Block ids by `key`, the first of each kept (as a linear search would find it)."""
        index = self._blocks.get(note.path)
        if index is None:
            index = self._blocks[note.path] = {}
            for block in note.blocks:
                index.setdefault(key(block.id), block)
        return index


@dataclass(frozen=True, slots=True)
class ResolvedLinks:
    """A vault's links, each resolved, in path and position order, with the resolver's lookups."""

    resolver: Resolver
    resolutions: tuple[Resolution, ...]
