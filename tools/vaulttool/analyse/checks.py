"""Link integrity: resolutions and parse problems → `Finding`s with registered codes.

The codes and their severities are `vaulttool.rules`'. Errors and warnings are on by default, info
codes only when asked (`--select`, `--orphans`). A line opts out with
`%% vaulttool: ignore[missing-note] %%`.
"""

from __future__ import annotations

import difflib
import importlib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Protocol

import msgspec

from vaulttool.analyse.closest_names import Names, closest
from vaulttool.analyse.reading_records import Orphan
from vaulttool.analyse.vocabulary import Vocabulary
from vaulttool.index import FileIndex, display_name, file_name, is_note, key
from vaulttool.model import Finding, Note, Position
from vaulttool.resolution import Resolution
from vaulttool.resolve import ResolvedLinks, Resolver, heading_key, heading_path, strip_heading
from vaulttool.rules import DEFAULT_CODES, Code, Severity, parse_codes
from vaulttool.settings import CheckSettings

if TYPE_CHECKING:
    from vaulttool.vault import Vault

LIFECYCLE_CUTOFF = 0.85
CHECK_PARALLEL = 2000  # notes to check before forked workers pay (0.3 ms a note resolved and checked)
CHECK_CHUNK = 32  # notes checked together: the names closest to their missing files searched in one batch


@dataclass(frozen=True, slots=True)
class CheckResult:
    diagnostics: tuple[Finding, ...]
    notes: int
    links: int

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def statistics(self) -> tuple[tuple[Code, int], ...]:
        """(code, findings) for each code found, most frequent first, then by code."""
        counts = Counter(d.code for d in self.diagnostics)
        return tuple(sorted(counts.items(), key=lambda entry: (-entry[1], entry[0])))


def selected_codes(
    settings: CheckSettings, select: Iterable[str] | None = None, ignore: Iterable[str] = (), extend: Iterable[str] = ()
) -> frozenset[Code]:
    """The codes to report: `select` (else `[check] select`, else errors and warnings), plus
    `extend`, less `[check] ignore` and `ignore`. Raises `UnknownCodeError`."""
    select = tuple(select or ())
    base = (
        parse_codes(select, "--select") if select else (DEFAULT_CODES if settings.select is None else settings.select)
    )
    return (base | parse_codes(tuple(extend), "--select")) - settings.ignore - parse_codes(tuple(ignore), "--ignore")


def _as_link(resolution: Resolution, path: str, subpath: str | None = None, full: bool = False) -> str:
    """A target written the way the link was: `[[Name#sub]]` for wiki-links (with the whole path
    when `full` or when the link gave one), else the vault path in quotes."""
    sub = f"#{subpath}" if subpath else ""
    if resolution.link.kind != "wiki":
        return f'"{path}{sub}"'
    whole = full or "/" in resolution.link.target
    name = (path.removesuffix(".md") if is_note(path) else path) if whole else display_name(path)
    return f"[[{name}{sub}]]"


class Hints:
    """ "Did you mean" suggestions from the closest existing names (tables built on first use).
    The names closest to many missing files are searched at once (`search_files`) before their
    findings are made."""

    def __init__(self, files: FileIndex) -> None:
        self.files = files

    @cached_property
    def notes(self) -> dict[str, str]:
        return self.files.display_names(notes=True)

    @cached_property
    def attachments(self) -> dict[str, str]:
        return self.files.display_names(notes=False)

    @cached_property
    def _note_names(self) -> Names:
        return Names(self.notes)

    @cached_property
    def _attachment_names(self) -> Names:
        return Names(self.attachments)

    @cached_property
    def _attachment_stems(self) -> dict[str, str]:
        """An attachment's name without its extension → its path (the first, in name order)."""
        stems: dict[str, str] = {}
        for name, path in self.attachments.items():
            stems.setdefault(key(name.rsplit(".", 1)[0]), path)
        return stems

    def prepare(self) -> None:
        """Build the name tables and import the matcher now: workers forked after share them,
        instead of each building and importing its own (numpy, which batches need, is imported
        only where they pay: see `closest_names`)."""
        _ = self._note_names, self._attachment_names, self._attachment_stems
        importlib.import_module("rapidfuzz.process")

    def _word(self, resolution: Resolution, attachment: bool) -> tuple[str, str | None]:
        """The name a missing file's link writes, and the attachment its stem names (for a note)."""
        name = file_name(resolution.link.target)
        same_stem = None if attachment else self._attachment_stems.get(key(name))
        return name.removesuffix(".md"), same_stem

    def file(self, resolution: Resolution, attachment: bool) -> str | None:
        word, same_stem = self._word(resolution, attachment)
        if same_stem:
            return f"did you mean {_as_link(resolution, same_stem)}? (files other than notes need their extension)"
        table = self.attachments if attachment else self.notes
        found = (self._attachment_names if attachment else self._note_names).closest(word)
        return f"did you mean {_as_link(resolution, table[found])}?" if found else None

    def search_files(self, missing: Iterable[Resolution]) -> None:
        """Search at once the closest names of these missing files' links (`file` then reads them)."""
        wanted: dict[bool, list[str]] = {False: [], True: []}
        for resolution in missing:
            attachment = resolution.problem is Code.MISSING_ATTACHMENT
            word, same_stem = self._word(resolution, attachment)
            if not same_stem:
                wanted[attachment].append(word)
        if wanted[False]:
            self._note_names.search(wanted[False])
        if wanted[True]:
            self._attachment_names.search(wanted[True])

    def heading(self, resolution: Resolution, note: Note) -> str | None:
        wanted = heading_path(resolution.link.subpath or "")
        texts = {heading_key(h.text): strip_heading(h.text) for h in note.headings}
        found = closest(wanted[-1], list(texts)) if wanted else None
        target = "" if resolution.target == resolution.source else resolution.target or ""
        if not found:
            return None
        if not target:
            return f"did you mean [[#{texts[found]}]]?"
        return f"did you mean {_as_link(resolution, target, texts[found])}?"

    def block(self, resolution: Resolution, note: Note) -> str | None:
        found = closest((resolution.link.subpath or "").lstrip("^"), [b.id for b in note.blocks])
        return f"did you mean ^{found}?" if found else None


def _link_diagnostics(
    resolution: Resolution, codes: frozenset[Code], hints: Hints, notes: Mapping[str, Note]
) -> Iterator[Finding]:
    link = resolution.link

    def make(code: Code, message: str, hint: str | None = None) -> Finding:
        return Finding(link.position, code, message, hint, link.end_column)

    problem = resolution.problem
    if problem in codes:
        target_note = notes.get(resolution.target or "")
        what = "embed" if link.embed else "link"
        if problem is Code.MISSING_NOTE:
            yield make(problem, f'{what} to "{link.target}": no such note in the vault', hints.file(resolution, False))
        elif problem is Code.MISSING_ATTACHMENT:
            yield make(problem, f'{what} to "{link.target}": no such file in the vault', hints.file(resolution, True))
        elif problem is Code.MISSING_HEADING and target_note is not None:
            yield make(
                problem,
                f'no heading "{link.subpath}" in "{display_name(target_note.path)}"',
                hints.heading(resolution, target_note),
            )
        elif problem is Code.MISSING_BLOCK and target_note is not None:
            yield make(
                problem,
                f'no block "{link.subpath}" in "{display_name(target_note.path)}"',
                hints.block(resolution, target_note),
            )
        elif problem is Code.OUTSIDE_VAULT:
            yield make(
                problem, f'"{link.target}" points outside the vault; it is not read', "link to a file inside the vault"
            )
        elif problem is Code.EMPTY_LINK:
            yield make(problem, f"empty {what} {link.raw}")
    ambiguity = Code.AMBIGUOUS_LINK_IN_FOLDER if resolution.tie_break == "folder" else Code.AMBIGUOUS_LINK
    if resolution.candidates and ambiguity in codes:
        why = {
            "folder": "the one in this note's folder",
            "shortest": "the shortest path",
            "order": "the first in sort order of the shortest paths",
        }[resolution.tie_break or "shortest"]
        yield make(
            ambiguity,
            f'"{link.target}" matches {len(resolution.candidates)} files; Obsidian opens "{resolution.target}" ({why})',
            "write the path to be explicit: " + _as_link(resolution, resolution.target or "", link.subpath, full=True),
        )
    if not resolution.case_exact and resolution.target and Code.CASE_MISMATCH in codes:
        yield make(
            Code.CASE_MISMATCH,
            f'"{link.target}" matches "{resolution.target}" only when case is ignored',
            f"write {_as_link(resolution, resolution.target)} with the file's own case",
        )
    if resolution.scope == "foreign" and Code.FOREIGN_VAULT_URI in codes:
        yield make(
            Code.FOREIGN_VAULT_URI,
            f'obsidian:// URI for vault "{link.vault}", not this vault; not checked',
            f'if it is this vault, add "{link.vault}" to [vault] names in .vaulttool.toml',
        )


def _duplicate_blocks(note: Note) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for block in note.blocks:
        line = first.setdefault(key(block.id), block.position.line)
        if line != block.position.line:
            yield Finding(
                block.position,
                Code.DUPLICATE_BLOCK_ID,
                f'block id "^{block.id}" is also defined on line {line}',
                "rename one: links reach only one of them",
                block.position.column + 1 + len(block.id),
            )


def orphan_findings(orphans: Iterable[Orphan], notes: Mapping[str, Note]) -> list[Finding]:
    """The `orphan-answer` findings of these lifecycle orphans, but those their lines opt out of."""
    found = (
        Finding(
            orphan.tag.position,
            Code.ORPHAN_ANSWER,
            f"#{orphan.tag.name} closes no item",
            orphan.hint,
            orphan.tag.position.column + 1 + len(orphan.tag.name),
        )
        for orphan in orphans
    )
    return [finding for finding in found if not opted_out(finding, notes)]


_MISSES_KEPT = 8192  # tag names whose near miss is kept (a vault has far fewer distinct tags than tags)


@lru_cache(maxsize=4)
def _misses(words: tuple[str, ...]) -> dict[str, str]:
    """Tag names as written → the word of the vocabulary `words` each nearly is, or "" (a role's
    own name, or none near): filled as `_lifecycle_tags` meets them, at most `_MISSES_KEPT`."""
    return {}


def _lifecycle_tags(notes: Iterable[Note], vocabulary: Vocabulary) -> Iterator[Finding]:
    """Near misses of the vocabulary; a nested tag is read by its first segment, as the lifecycle
    reads `#hypothesis/strong` by its parent."""
    words = tuple(sorted(vocabulary.roles))
    misses = _misses(words)
    for note in notes:
        for tag in note.tags:
            near = misses.get(tag.name)
            if near is None:
                near = ""
                if vocabulary.role_of(tag.name) is None:
                    close = difflib.get_close_matches(tag.key.split("/", 1)[0], words, n=1, cutoff=LIFECYCLE_CUTOFF)
                    near = close[0] if close else ""
                if len(misses) < _MISSES_KEPT:
                    misses[tag.name] = near
            if near:
                root = tag.name.split("/", 1)[0]
                end = tag.position.column + len(tag.name) + (1 if tag.source == "body" else 0)
                yield Finding(
                    tag.position,
                    Code.UNKNOWN_LIFECYCLE_TAG,
                    f"#{tag.name} is not a lifecycle tag",
                    f"did you mean #{near}{tag.name[len(root) :]}?",
                    end,
                )


def _orphans(notes: Sequence[Note], resolutions: Sequence[Resolution]) -> Iterator[Finding]:
    linked = _linked_notes(resolutions)
    for note in notes:
        if note.path not in linked:
            yield Finding(
                Position(note.path, 1, 1),
                Code.ORPHAN_NOTE,
                "no links to or from this note",
                "link it from a related note or an index",
            )


def _linked_notes(resolutions: Iterable[Resolution]) -> set[str]:
    """Notes with a link in or out: a link to another vault file or to a missing one (self-links
    and URLs do not count)."""
    linked: set[str] = set()
    for resolution in resolutions:
        if resolution.scope != "vault" or resolution.problem in (Code.OUTSIDE_VAULT, Code.EMPTY_LINK):
            continue
        if resolution.target is None:
            linked.add(resolution.source)
        elif resolution.target != resolution.source:
            linked.update((resolution.source, resolution.target))
    return linked


def opted_out(diagnostic: Finding, notes: Mapping[str, Note]) -> bool:
    note = notes.get(diagnostic.position.path)
    if note is None or not note.opt_outs:
        return False
    return any(line == diagnostic.position.line and diagnostic.code in codes for line, codes in note.opt_outs)


@dataclass(frozen=True, slots=True)
class NoteCheck:
    """One note's own findings (its parse problems, its links', its block ids' and its lifecycle
    tags', opt-outs applied) and how many of its links point into the vault."""

    findings: tuple[Finding, ...]
    links: int


class KeptChecks(Protocol):
    """Where `check_vault` finds and leaves each note's `NoteCheck` (`analyse.kept_checks`)."""

    def get(self, note: Note) -> NoteCheck | None: ...

    def put(self, note: Note, check: NoteCheck) -> None: ...


def check_note(
    note: Note,
    resolutions: Iterable[Resolution],
    codes: frozenset[Code],
    hints: Hints,
    notes: Mapping[str, Note],
    vocabulary: Vocabulary,
    included: bool,
) -> NoteCheck:
    """The findings of one note, from its links' `resolutions`."""
    found: list[Finding] = [d for d in note.problems if d.code in codes]
    checked = 0
    for resolution in resolutions:
        if resolution.scope == "vault":
            checked += 1
            if resolution.problem is None and resolution.case_exact and not resolution.candidates:
                continue  # the common case: a link that leads where it says, nothing to find
        found.extend(_link_diagnostics(resolution, codes, hints, notes))
    if Code.DUPLICATE_BLOCK_ID in codes:
        found.extend(_duplicate_blocks(note))
    if Code.UNKNOWN_LIFECYCLE_TAG in codes and included:
        found.extend(_lifecycle_tags([note], vocabulary))
    return NoteCheck(tuple(d for d in found if not opted_out(d, notes)), checked)


_FILE_CODES = (Code.MISSING_NOTE, Code.MISSING_ATTACHMENT)


def check_vault(
    vault: Vault,
    resolver: Callable[[], Resolver],
    links: Callable[[], ResolvedLinks],
    vocabulary: Vocabulary,
    codes: frozenset[Code],
    orphan_answers: Callable[[], Iterable[Orphan]] = tuple,
    kept: KeptChecks | None = None,
) -> CheckResult:
    """Every finding of the `codes`, sorted by path, line and column. A note whose findings are
    `kept` is not resolved again; the others' links are resolved by `resolver`, or all at once by
    `links` for `orphan-note` (which needs every link) or without `kept`. `orphan_answers` gives
    the lifecycle's answers that close no item (called only when asked)."""
    notes = {note.path: note for note in vault.notes}
    included = {note.path for note in vault.included}
    every: ResolvedLinks | None = links() if Code.ORPHAN_NOTE in codes or kept is None else None
    by_note: dict[str, list[Resolution]] = {}
    if every is not None:
        for resolution in every.resolutions:
            by_note.setdefault(resolution.source, []).append(resolution)
    found: list[Finding] = [d for d in vault.read_problems if d.code in codes]
    checks: dict[str, NoteCheck] = {}
    todo: list[Note] = []
    for note in vault.notes:
        check = kept.get(note) if kept is not None else None
        if check is None:
            todo.append(note)
        else:
            checks[note.path] = check
    if todo:
        resolve = every.resolver if every is not None else resolver()
        hints = Hints(resolve.files)
        chunks = range(0, len(todo), CHECK_CHUNK)
        threshold = math.ceil(CHECK_PARALLEL / CHECK_CHUNK) if every is None else len(chunks) + 1
        if len(chunks) >= threshold:
            hints.prepare()

        def check_chunk(number: int) -> list[NoteCheck]:
            """The checks of a chunk of notes, the names closest to their missing files searched at once."""
            chunk = todo[chunks[number] : chunks[number] + CHECK_CHUNK]
            resolved = [
                by_note.get(note.path, ())
                if every is not None
                else [resolve.resolve(note, link) for link in note.links]
                for note in chunk
            ]
            hints.search_files(r for rs in resolved for r in rs if r.problem in _FILE_CODES and r.problem in codes)
            return [
                check_note(note, resolutions, codes, hints, notes, vocabulary, note.path in included)
                for note, resolutions in zip(chunk, resolved)
            ]

        from vaulttool.parallel import fork_map

        def sent(number: int) -> bytes:
            """A chunk's checks as a worker sends them: MessagePack, quicker than a pickle both ways."""
            return msgspec.msgpack.encode(check_chunk(number))

        received = msgspec.msgpack.Decoder(list[NoteCheck])
        # many notes are checked in forked workers (every link resolved there), not with `every`
        # (already resolved here); checking makes no reference cycle, so their collector is off
        with closing(fork_map(check_chunk, len(chunks), threshold, remote=sent, span=1, cycles=False)) as done:
            for start, results in zip(chunks, done, strict=True):
                if isinstance(results, bytes):
                    results = received.decode(results)
                for note, check in zip(todo[start : start + CHECK_CHUNK], results, strict=True):
                    checks[note.path] = check
                    if kept is not None:
                        kept.put(note, check)
    checked = 0
    for note in vault.notes:
        found.extend(checks[note.path].findings)
        checked += checks[note.path].links
    if Code.ORPHAN_ANSWER in codes:
        found.extend(orphan_findings(orphan_answers(), notes))
    if Code.ORPHAN_NOTE in codes and every is not None:
        found.extend(_orphans(vault.included, every.resolutions))
    kept_findings = sorted((d for d in found if not opted_out(d, notes)), key=Finding.sort_key)
    return CheckResult(tuple(kept_findings), len(vault.notes), checked)
