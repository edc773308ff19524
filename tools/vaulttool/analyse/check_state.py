"""The last `check` of a vault, kept whole and patched by the notes edited since.

A full check keeps, for each note, its content key, a hash of what links can reach in it (its
aliases, headings and block ids: `kept_checks.note_targets`), its own findings and its
orphan-answer findings. The next check, when only a few notes were edited and each kept what
links can reach in it, knows every other note's findings unchanged (they depend on the note's
own bytes and on those targets only): it parses, reads and checks the edited notes alone, the
notes their links reach read from the parse cache on first use, and keeps the patched state.

A note's orphan answers depend on other notes only through an answer that links a block of
another note (`lifecycle.link_notes`): an edited note that holds such an answer, held one, or
that one links into, makes a full check. So does anything else the findings may depend on: a
note added, deleted, renamed or unread, another file, other settings, codes or code (the state's
key), `orphan-note` (it needs every link), more than a tenth of the notes edited (a full check
costs as much), or a note the parse cache no longer holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

import msgspec

from vaulttool.analyse.checks import CheckResult, Hints, NoteCheck, check_note, opted_out, orphan_findings
from vaulttool.analyse.kept_checks import note_targets
from vaulttool.cache import Cache, canonical, derived_key
from vaulttool.model import Finding, Note
from vaulttool.records import RecordError, decode_note
from vaulttool.rules import Code
from vaulttool.vault import is_included, parse

if TYPE_CHECKING:
    from pathlib import Path

    from vaulttool.analyse import Analysis
    from vaulttool.progress import ProgressCallback
    from vaulttool.settings import Settings
    from vaulttool.vault import Scan, Vault

PATCHED_SHARE = 10  # at most one note in this many edited: else a full check


class NoteState(msgspec.Struct, frozen=True, array_like=True):
    key: bytes  # the note's content key (`cache.note_key`)
    targets: bytes  # `kept_checks.note_targets`
    check: NoteCheck
    orphans: tuple[Finding, ...] = ()  # its orphan-answer findings, opt-outs applied
    pending: bool = False  # it holds an answer that links a block of another note


class CheckState(msgspec.Struct, frozen=True):
    notes: dict[str, NoteState]
    reached: frozenset[str] = frozenset()  # the notes such answers link into


@lru_cache(maxsize=1)
def _decoder() -> msgspec.msgpack.Decoder[CheckState]:
    return msgspec.msgpack.Decoder(CheckState)


def _files(scanned: Scan) -> tuple[str, ...]:
    return tuple(sorted([*scanned.note_paths, *scanned.other_files]))  # as `Vault.files`


def _row(root: Path, codes: frozenset[Code]) -> bytes:
    where = f"{root.resolve()}\0check-state {','.join(sorted(codes))}"
    return hashlib.blake2b(where.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def _key(settings: Settings, name: str, files: Sequence[str], codes: frozenset[Code]) -> bytes:
    """What every note's findings depend on besides its own bytes and the notes' targets."""
    return derived_key(canonical(settings), name, ",".join(sorted(codes)), "\0files", *files)


def _load(scanned: Scan, codes: frozenset[Code]) -> CheckState | None:
    row, key = _row(scanned.root, codes), _key(scanned.settings, scanned.name, _files(scanned), codes)
    with Cache(scanned.cache_dir) as cache:
        blob = cache.get("results", [row]).get(row)
    if blob is None or not blob.startswith(key):
        return None
    try:
        return _decoder().decode(blob[len(key) :])
    except (msgspec.DecodeError, ValueError, TypeError):
        return None


def _save(where: Scan | Vault, files: Sequence[str], codes: frozenset[Code], state: CheckState) -> None:
    key = _key(where.settings, where.name, files, codes)
    with Cache(where.cache_dir) as cache:
        cache.put("results", [(_row(where.root, codes), key + msgspec.msgpack.encode(state))])


def _result(scanned: Scan, state: CheckState, codes: frozenset[Code], notes: Mapping[str, Note]) -> CheckResult:
    """The findings of a full check, from the state: as `checks.check_vault` orders them."""
    found = [d for d in scanned.problems if d.code in codes and not opted_out(d, notes)]
    kept = [state.notes[path] for path, _ in scanned.files]
    found.extend(finding for note in kept for finding in note.check.findings)  # opt-outs applied
    found.extend(finding for note in kept for finding in note.orphans)
    return CheckResult(tuple(sorted(found, key=Finding.sort_key)), len(kept), sum(note.check.links for note in kept))


class _Stale(Exception):
    """The parse cache no longer holds a note the patch needs."""


class _Notes(Mapping[str, Note]):
    """The vault's notes by path: the edited ones as parsed, each other one read from the parse
    cache when it is first asked for (the notes the edited notes' links reach)."""

    def __init__(self, scanned: Scan, edited: Sequence[Note], cache: Cache) -> None:
        self._keys = {path: key for (path, _), key in zip(scanned.files, scanned.keys)}
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
    from vaulttool.analyse.vocabulary import Vocabulary
    from vaulttool.resolve import Resolver

    if scanned.cache_dir is None or Code.ORPHAN_NOTE in codes or (state := _load(scanned, codes)) is None:
        return None
    paths = [path for path, _ in scanned.files]
    if len(paths) != len(state.notes) or not all(path in state.notes for path in paths):
        return None
    changed = [index for index, path in enumerate(paths) if state.notes[path].key != scanned.keys[index]]
    if len(changed) * PATCHED_SHARE > len(paths):
        return None
    lifecycle = Code.ORPHAN_ANSWER in codes
    derive = None
    if lifecycle:
        from vaulttool.analyse.readings import derivation

        derive = derivation(scanned.settings)
    edited = parse(
        replace(scanned, files=tuple(scanned.files[i] for i in changed), keys=tuple(scanned.keys[i] for i in changed)),
        progress,
        derive,
    )
    if len(edited.notes) != len(changed) or any(
        note_targets(note) != state.notes[note.path].targets for note in edited.notes
    ):
        return None
    settings = scanned.settings
    vocabulary = Vocabulary(settings.lifecycle)
    readings = {}
    if lifecycle:  # no edited note takes part in an answer across notes, before or after
        from vaulttool.analyse.readings import note_readings

        if any(state.notes[note.path].pending or note.path in state.reached for note in edited.notes):
            return None
        included = [note for note in edited.notes if is_included(settings, note)]
        readings = {note.path: reading for note, reading in zip(included, note_readings(edited, included, vocabulary))}
        if any(reading.pending for reading in readings.values()):
            return None
    fresh = dict(state.notes)
    with Cache(scanned.cache_dir) as cache:
        notes = _Notes(scanned, edited.notes, cache)
        resolver = Resolver.over(_files(scanned), notes, settings.names)
        hints = Hints(resolver.files)
        notes.prefetch(  # the notes the edited notes' links reach, as far as their paths tell
            found
            for note in edited.notes
            for link in note.links
            if link.target and (found := resolver.find_file(link.target, note.folder).path) is not None
        )
        try:
            for note in edited.notes:
                resolutions = [resolver.resolve(note, link) for link in note.links]
                check = check_note(note, resolutions, codes, hints, notes, vocabulary, is_included(settings, note))
                orphans: tuple[Finding, ...] = ()
                if (reading := readings.get(note.path)) is not None:
                    ordered = sorted(reading.orphans, key=lambda orphan: orphan.tag.position)
                    orphans = tuple(orphan_findings(ordered, notes))
                key = edited.content_keys[note.path]
                fresh[note.path] = NoteState(key, state.notes[note.path].targets, check, orphans)
            result = _result(scanned, CheckState(fresh, state.reached), codes, notes)
        except _Stale:
            return None
    _save(scanned, _files(scanned), codes, CheckState(fresh, state.reached))
    return result


def keep(analysis: Analysis, codes: frozenset[Code], checks: Mapping[str, NoteCheck]) -> None:
    """Keep the state of a full check: `checks` holds every note's own findings."""
    vault = analysis.vault
    by_path = {note.path: note for note in vault.notes}
    if vault.cache_dir is None or Code.ORPHAN_NOTE in codes or checks.keys() != by_path.keys():
        return
    orphans: dict[str, list[Finding]] = {}
    pending: set[str] = set()
    reached: set[str] = set()
    if Code.ORPHAN_ANSWER in codes:
        for finding in orphan_findings(analysis.lifecycle.orphans, by_path):
            orphans.setdefault(finding.position.path, []).append(finding)
        for note, reading in zip(vault.included, analysis.readings):
            for answer in reading.pending:
                pending.add(note.path)
                if (target := analysis.resolver.resolve(note, answer.link).target) is not None:
                    reached.add(target)
    state = CheckState(
        {
            note.path: NoteState(
                vault.content_keys[note.path],
                targets,
                checks[note.path],
                tuple(orphans.get(note.path, ())),
                note.path in pending,
            )
            for note, targets in zip(vault.notes, analysis.note_targets)
        },
        frozenset(reached),
    )
    _save(vault, vault.files, codes, state)
