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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

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
from vaulttool.rules import Code

if TYPE_CHECKING:
    from vaulttool.vault import Vault

Scope = Literal["vault", "external", "foreign", "other"]
TieBreak = Literal["folder", "shortest", "order"]
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
    heading`), as dataview's `normalizeHeaderForLink` mimics Obsidian; case-insensitively."""
    return key(" ".join(_HEADING_WORD.findall(unicodedata.normalize("NFC", text))))


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where one link of `source` leads.

    `scope`: `vault` (a link into this vault, checked), `external` (a URL, not checked), `foreign`
    (an `obsidian://` URI naming another vault), `other` (an `obsidian://` action that opens no file).
    `problem` is the diagnostic code of a broken link (`missing-note`, `missing-heading`, …).
    `candidates` lists every file the name matched when Obsidian had to choose among several;
    `tie_break` says how it chose: `folder` (the one in the linking note's folder), `shortest`
    (the shortest path) or `order` (shortest paths tied: the one that sorts first).
    """

    source: str
    link: Link
    scope: Scope = "vault"
    target: str | None = None
    heading: Heading | None = None
    block: BlockId | None = None
    problem: Code | None = None
    candidates: tuple[str, ...] = ()
    case_exact: bool = True
    tie_break: TieBreak | None = None


@dataclass(frozen=True, slots=True)
class _Found:
    path: str | None
    candidates: tuple[str, ...] = ()
    case_exact: bool = True
    outside: bool = False
    tie_break: TieBreak | None = None


def _leaves_vault(target: str) -> bool:
    """An absolute path (`/x`, `\\x`, `~/x`, `C:\\x`) or a `..` that climbs past the root."""
    return target.startswith(("/", "\\", "~/")) or bool(_DRIVE.match(target))


def _spelled_as(written: str, path: str) -> bool:
    """Whether `path` ends with the link's path exactly as written (with or without `.md`)."""
    written = unicodedata.normalize("NFC", written)
    path = unicodedata.normalize("NFC", path)
    return any(path == form or path.endswith("/" + form) for form in (written, written + ".md"))


def find_heading(headings: Sequence[Heading], path: Sequence[str]) -> Heading | None:
    """The heading a subpath `H1#H2…` names (parts already `heading_key`ed): each part is a
    heading inside the section of the one before (rule 19)."""
    stripped = [heading_key(heading.text) for heading in headings]

    def search(start: int, parent_level: int, wanted: Sequence[str]) -> Heading | None:
        for i in range(start, len(headings)):
            if headings[i].level <= parent_level:
                return None
            if stripped[i] == wanted[0]:
                if len(wanted) == 1:
                    return headings[i]
                found = search(i + 1, headings[i].level, wanted[1:])
                if found is not None:
                    return found
        return None

    return search(0, 0, path) if path else None


def heading_path(subpath: str) -> list[str]:
    """A heading subpath's parts as `heading_key` leaves them, empty parts dropped."""
    return [part for part in (heading_key(p) for p in subpath.split("#")) if part]


class Resolver:
    """Resolves the links of one vault; build once, call `resolve` per link."""

    def __init__(self, vault: Vault) -> None:
        self._index(vault.files, vault.notes, vault.settings.names)

    @classmethod
    def of(cls, notes: Sequence[Note], names: Sequence[str] = ()) -> Resolver:
        """A resolver over notes alone (no attachments), for callers without a loaded `Vault`."""
        resolver = cls.__new__(cls)
        resolver._index([note.path for note in notes], notes, names)
        return resolver

    def _index(self, files: Sequence[str], notes: Sequence[Note], names: Sequence[str]) -> None:
        self.files = FileIndex.build(files)
        self.notes = {note.path: note for note in notes}
        self.vault_names = {key(name) for name in names}

    def resolve(self, note: Note, link: Link) -> Resolution:
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
            return self._anchor(Resolution(note.path, link, target=note.path))
        return self._resolve_path(note, link, folder=note.folder)

    def _resolve_path(self, note: Note, link: Link, folder: str) -> Resolution:
        found = self.find_file(link.target, folder)
        if found.outside:
            return Resolution(note.path, link, problem=Code.OUTSIDE_VAULT)
        if found.path is None:
            missing = Code.MISSING_ATTACHMENT if extension(link.target) in FILE_TYPES else Code.MISSING_NOTE
            return Resolution(note.path, link, problem=missing)
        resolution = Resolution(note.path, link, target=found.path, candidates=found.candidates,
                                case_exact=found.case_exact, tie_break=found.tie_break)
        return self._anchor(resolution) if is_note(found.path) else resolution

    def find_file(self, target: str, folder: str) -> _Found:
        """The file a link path reaches from a note in `folder` (rules 9, 10, 12, 13)."""
        if _leaves_vault(target):
            return _Found(None, outside=True)
        if target.startswith(("./", "../")) or target in (".", ".."):
            target = posixpath.join(folder, target)
            relative = True
        else:
            relative = False
        if "/." in "/" + target:
            target = posixpath.normpath(target)
            if target == ".." or target.startswith("../"):
                return _Found(None, outside=True)
        exact = self.files.at(target) or (() if is_note(target) else self.files.at(target + ".md"))
        if exact:
            return _Found(exact[0], case_exact=_spelled_as(target, exact[0]))
        if relative:
            return _Found(None)
        return self._by_name(target, folder)

    def _by_name(self, target: str, folder: str) -> _Found:
        name = file_name(target)
        named = self.files.named(name) + (() if is_note(name) else self.files.named(name + ".md"))
        if "/" in target:
            tails = ("/" + key(target), "/" + key(target) + ".md")
            named = tuple(path for path in named if ("/" + key(path)).endswith(tails))
        if not named:
            return _Found(None)
        if len(named) == 1:
            return _Found(named[0], case_exact=_spelled_as(target, named[0]))
        in_folder = sorted(path for path in named if folder_of(path) == folder)
        tie_break: TieBreak
        if in_folder:
            chosen, tie_break = in_folder[0], "folder"
        else:
            chosen = min(named, key=lambda path: (len(path), path))
            tied = sum(1 for path in named if len(path) == len(chosen))
            tie_break = "order" if tied > 1 else "shortest"
        return _Found(chosen, tuple(sorted(named)), _spelled_as(target, chosen), tie_break=tie_break)

    def _anchor(self, resolution: Resolution) -> Resolution:
        """Check the heading or block a link into a note names (rules 17, 19-21)."""
        subpath = (resolution.link.subpath or "").strip()
        note = self.notes.get(resolution.target or "")
        if not subpath or note is None:
            return resolution
        if subpath.startswith("^"):
            wanted = key(subpath[1:].strip())
            block = next((b for b in note.blocks if key(b.id) == wanted), None)
            if block is None:
                return replace(resolution, problem=Code.MISSING_BLOCK)
            return replace(resolution, block=block)
        parts = heading_path(subpath)
        if not parts:
            return resolution
        heading = find_heading(note.headings, parts)
        if heading is None:
            return replace(resolution, problem=Code.MISSING_HEADING)
        return replace(resolution, heading=heading)


@dataclass(frozen=True, slots=True)
class ResolvedLinks:
    """A vault's links, each resolved, in path and position order, with the resolver's lookups."""

    resolver: Resolver
    resolutions: tuple[Resolution, ...]


def resolve_links(vault: Vault) -> ResolvedLinks:
    """Every link of every note, resolved."""
    resolver = Resolver(vault)
    return ResolvedLinks(resolver, tuple(resolver.resolve(note, link) for note in vault.notes for link in note.links))

