"""The last `status` of a vault, kept note by note and patched by the notes edited since.

Without answers across notes (`analyse.edits`), a note's items and their dates depend on the note
alone: its bytes, its modification time (the last fallback date) and what every date depends on
(`history.dating_context`: git's HEAD, today, the time zone). The day keys the state with the
settings and the vault's files; the state holds the HEAD it was dated at. A full `status` keeps
each note's dated items and the errors met parsing it; the next one, when a few notes were
edited, touched or changed by commits since that HEAD, reads and dates those alone and keeps the
patched state. `analyse.edits` says when a patch is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from vaulttool import reuse
from vaulttool.analyse.edits import edited_notes, state_key
from vaulttool.analyse.history import DatingContext, date_items, moved_since
from vaulttool.analyse.status import DatedItems, reading_errors
from vaulttool.model import Finding, Item

if TYPE_CHECKING:
    from vaulttool.analyse import Analysis
    from vaulttool.progress import ProgressCallback
    from vaulttool.vault import Scan

QUESTION = "status-state"


class NoteItems(msgspec.Struct, frozen=True, array_like=True):
    key: bytes  # the note's content key (`cache.note_key`)
    mtime: int | None  # its modification time (ns), from its file status
    items: tuple[Item, ...]  # dated
    problems: tuple[Finding, ...]  # the errors met parsing it
    pending: bool = False  # it holds an answer that links a block of another note


class StatusState(msgspec.Struct, frozen=True):
    notes: dict[str, NoteItems]
    reached: frozenset[str] = frozenset()  # the notes such answers link into
    head: str = "-"  # the commit the items were dated at ("-" outside git)


def _items(scanned: Scan, state: StatusState) -> DatedItems:
    """The items and errors of a full run, from the state: in note and reading order, the errors
    sorted as `Vault.problems`."""
    kept = [state.notes[path] for path in scanned.files]
    problems = sorted([*scanned.problems, *(p for note in kept for p in note.problems)], key=Finding.sort_key)
    return DatedItems(tuple(item for note in kept for item in note.items), reading_errors(problems))


def patched(scanned: Scan, when: DatingContext, progress: ProgressCallback | None = None) -> DatedItems | None:
    """The dated items of this scan, the kept state patched by the notes edited since (or changed
    by commits since); None when a full run is needed. `when` is the run's `history.dating_context`."""
    if scanned.cache_dir is None or not scanned.keyed:
        return None
    kept_under = state_key(scanned, QUESTION, when.day)
    state = reuse.load(scanned, QUESTION, kept_under, StatusState)
    if state is None or (committed := moved_since(scanned, state.head, when)) is None:
        return None
    kept = state.notes
    changed = [  # a note without its own modification time (a symlink) is dated afresh each time
        index
        for index, path in enumerate(scanned.files)
        if path not in kept
        or scanned.mtimes[index] is None
        or (kept[path].key, kept[path].mtime) != (scanned.keys[index], scanned.mtimes[index])
        or path in committed
    ]
    if not changed and len(kept) == len(scanned.files):  # nothing edited: the kept items
        return _items(scanned, state)
    edited = edited_notes(
        scanned, kept, changed, lambda path: kept[path].pending or path in state.reached, True, progress
    )
    if edited is None:
        return None
    readings = [edited.readings[note.path] for note in edited.vault.notes if note.path in edited.readings]
    dated: dict[str, list[Item]] = {}
    for item in date_items(edited.vault, [item for reading in readings for item in reading.items]):
        dated.setdefault(item.position.path, []).append(item)
    mtimes = scanned.mtimes_by_path
    fresh = dict(kept)
    for note in edited.vault.notes:
        key = edited.vault.content_keys[note.path]
        items = tuple(dated.get(note.path, ()))
        fresh[note.path] = NoteItems(key, mtimes[note.path], items, reading_errors(note.problems))
    patched_state = StatusState(fresh, state.reached, when.head)
    reuse.save(scanned, QUESTION, kept_under, patched_state)
    return _items(scanned, patched_state)


def keep(scanned: Scan, analysis: Analysis, when: DatingContext) -> None:
    """Keep the state of a full run of `status` on this scan (`when`: as for `patched`)."""
    vault = analysis.vault
    if vault.cache_dir is None:
        return
    lifecycle = analysis.lifecycle
    dated: dict[str, list[Item]] = {}
    for item in analysis.items:
        dated.setdefault(item.position.path, []).append(item)
    mtimes = scanned.mtimes_by_path
    notes = {
        note.path: NoteItems(
            vault.content_keys[note.path],
            mtimes.get(note.path),
            tuple(dated.get(note.path, ())),
            reading_errors(note.problems),
            note.path in lifecycle.answering,
        )
        for note in vault.notes
    }
    state = StatusState(notes, lifecycle.answered, when.head)
    reuse.save(scanned, QUESTION, state_key(scanned, QUESTION, when.day), state)
