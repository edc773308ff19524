"""The last `check` of a vault, kept whole and patched by the notes edited since.

A full check keeps, for each note, its content key, a hash of what links can reach in it (its
aliases, headings and block ids: `kept_checks.note_targets`), its own findings and its
orphan-answer findings. The next check, when only a few notes were edited and each kept what
links can reach in it, knows every other note's findings unchanged (they depend on the note's
own bytes and on those targets only): it parses, reads and checks the edited notes alone, the
notes their links reach read from the parse cache on first use, and keeps the patched state.

The edited notes are found, parsed and read as `analyse.edits` says, which also says when a
patch is refused (a note added or gone, too many edited, an answer across notes). A full check
is also needed for an edited note whose targets changed, another file, other settings, codes or
code (the state's key), `orphan-note` (it needs every link), or a note the parse cache no
longer holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

import msgspec

from vaulttool import reuse
from vaulttool.analyse.checks import CheckResult, Hints, NoteCheck, check_note, opted_out, orphan_findings
from vaulttool.analyse.edits import edited_notes, state_key
from vaulttool.analyse.kept_checks import note_targets
from vaulttool.cache import Cache
from vaulttool.model import Finding, Note
from vaulttool.records import RecordError, decode_note
from vaulttool.rules import Code
from vaulttool.vault import is_included

if TYPE_CHECKING:
    from vaulttool.analyse import Analysis
    from vaulttool.progress import ProgressCallback
    from vaulttool.vault import Scan


class NoteState(msgspec.Struct, frozen=True, array_like=True):
    key: bytes  # the note's content key (`cache.note_key`)
    targets: bytes  # `kept_checks.note_targets`
    check: NoteCheck
    orphans: tuple[Finding, ...] = ()  # its orphan-answer findings, opt-outs applied
    pending: bool = False  # it holds an answer that links a block of another note


class CheckState(msgspec.Struct, frozen=True):
    notes: dict[str, NoteState]
    reached: frozenset[str] = frozenset()  # the notes such answers link into


def _question(codes: frozenset[Code]) -> str:
    return "check-state " + ",".join(sorted(codes))


def _result(scanned: Scan, state: CheckState, codes: frozenset[Code], notes: Mapping[str, Note]) -> CheckResult:
    """The findings of a full check, from the state: as `checks.check_vault` orders them."""
    found = [d for d in scanned.problems if d.code in codes and not opted_out(d, notes)]
    kept = [state.notes[path] for path in scanned.files]
    found.extend(finding for note in kept for finding in note.check.findings)  # opt-outs applied
    found.extend(finding for note in kept for finding in note.orphans)
    return CheckResult(tuple(sorted(found, key=Finding.sort_key)), len(kept), sum(note.check.links for note in kept))


class _Stale(Exception):
    """The parse cache no longer holds a note the patch needs."""


class _Notes(Mapping[str, Note]):
    """The vault's notes by path: the edited ones as parsed, each other one read from the parse
    cache when it is first asked for (the notes the edited notes' links reach)."""

    def __init__(self, scanned: Scan, edited: Sequence[Note], cache: Cache) -> None:
        self._keys = dict(zip(scanned.files, scanned.keys))
        self._read = {note.path: note for note in edited}
        self._cache = cache

    def __getitem__(self, path: str) -> Note:
        if path in self._read:
            return self._read[path]
        key = self._keys[path]
        record = self._cache.get("notes", [key]).get(key)
        if record is None:
            raise _Stale(path)
        try:
            note = self._read[path] = decode_note(record, path)
        except RecordError:
            raise _Stale(path) from None
        return note

    def prefetch(self, paths: Iterable[str]) -> None:
        """Read these notes from the parse cache at once, rather than one by one when asked for."""
        wanted = {self._keys[path]: path for path in paths if path in self._keys and path not in self._read}
        for key, record in self._cache.rows("notes", list(wanted)):
            with suppress(RecordError):
                self._read[wanted[key]] = decode_note(record, wanted[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def patched(scanned: Scan, codes: frozenset[Code], progress: ProgressCallback | None = None) -> CheckResult | None:
    """The check of this scan, the kept state patched by the notes edited since; None when a full
    check is needed (see the module)."""
    from vaulttool.analyse.lifecycle import ordered_orphans
    from vaulttool.analyse.vocabulary import Vocabulary
    from vaulttool.resolve import Resolver

    if scanned.cache_dir is None or not scanned.keyed or Code.ORPHAN_NOTE in codes:
        return None
    question = _question(codes)
    kept_under = state_key(scanned, question)
    state = reuse.load(scanned, question, kept_under, CheckState)
    if state is None:
        return None
    kept = state.notes
    changed = [i for i, path in enumerate(scanned.files) if path not in kept or kept[path].key != scanned.keys[i]]
    edited = edited_notes(
        scanned,
        kept,
        changed,
        lambda path: kept[path].pending or path in state.reached,
        Code.ORPHAN_ANSWER in codes,
        progress,
    )
    if edited is None or any(note_targets(note) != kept[note.path].targets for note in edited.vault.notes):
        return None
    settings = scanned.settings
    vocabulary = Vocabulary(settings.lifecycle)
    fresh = dict(kept)
    with Cache(scanned.cache_dir) as cache:
        notes = _Notes(scanned, edited.vault.notes, cache)
        resolver = Resolver(scanned.all_paths, notes, settings.names)
        hints = Hints(resolver.files)
        notes.prefetch(  # the notes whose headings or blocks the edited notes' links name, as far as paths tell
            found
            for note in edited.vault.notes
            for link in note.links
            if link.target
            and (link.subpath or "").strip()
            and (found := resolver.find_file(link.target, note.folder).path) is not None
        )
        try:
            for note in edited.vault.notes:
                resolutions = [resolver.resolve(note, link) for link in note.links]
                check = check_note(note, resolutions, codes, hints, notes, vocabulary, is_included(settings, note))
                orphans: tuple[Finding, ...] = ()
                if (reading := edited.readings.get(note.path)) is not None:
                    orphans = tuple(orphan_findings(ordered_orphans(reading.orphans), notes))
                key = edited.vault.content_keys[note.path]
                fresh[note.path] = NoteState(key, kept[note.path].targets, check, orphans)
            result = _result(scanned, CheckState(fresh, state.reached), codes, notes)
        except _Stale:
            return None
    reuse.save(scanned, question, kept_under, CheckState(fresh, state.reached))
    return result


def keep(analysis: Analysis, codes: frozenset[Code], checks: Mapping[str, NoteCheck]) -> None:
    """Keep the state of a full check: `checks` holds every note's own findings."""
    vault = analysis.vault
    by_path = {note.path: note for note in vault.notes}
    if vault.cache_dir is None or Code.ORPHAN_NOTE in codes or checks.keys() != by_path.keys():
        return
    orphans: dict[str, list[Finding]] = {}
    answering: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()
    if Code.ORPHAN_ANSWER in codes:
        answers = analysis.answers
        for finding in orphan_findings(answers.orphans, by_path):
            orphans.setdefault(finding.position.path, []).append(finding)
        answering, answered = answers.answering, answers.answered
    state = CheckState(
        {
            note.path: NoteState(
                vault.content_keys[note.path],
                targets,
                checks[note.path],
                tuple(orphans.get(note.path, ())),
                note.path in answering,
            )
            for note, targets in zip(vault.notes, analysis.note_targets)
        },
        answered,
    )
    reuse.save(vault, _question(codes), state_key(vault, _question(codes)), state)
