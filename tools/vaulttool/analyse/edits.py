"""The notes edited since a kept whole-vault answer, for a patch of it (`check_state`, `status_state`).

A kept answer holds, for each note, what the note alone gave, and which notes take part in an
answer that links a block of another note (`lifecycle.link_notes`: the only way one note's
lifecycle depends on another's). A patch parses and reads the edited notes alone; it is refused
(a full run is needed) when the notes are not the same set, more than a tenth of them were edited
(a full run costs as much), an edited note cannot be read, or takes part in such an answer,
before the edit or after.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from vaulttool.cache import canonical, derived_key
from vaulttool.vault import Scan, is_included, parse

if TYPE_CHECKING:
    from vaulttool.analyse.reading_records import NoteReading
    from vaulttool.progress import ProgressCallback
    from vaulttool.vault import Vault

PATCHED_SHARE = 10  # at most one note in this many edited: else a full run


def state_key(where: Scan | Vault, question: str, *depends_on: str) -> bytes:
    """The key a kept state is saved under: what every note's part depends on besides the note
    (vaulttool's code, the settings, the vault's name and every file's path, and `depends_on`)."""
    files = where.all_paths if isinstance(where, Scan) else where.files
    return derived_key(canonical(where.settings), where.name, question, *depends_on, "\0files", *files)


class Edited(NamedTuple):
    """The edited notes, parsed (a `Vault` of them alone), and the included ones' readings."""

    vault: Vault
    readings: dict[str, NoteReading]


def edited_notes(
    scanned: Scan,
    known: Collection[str],
    changed: Sequence[int],
    across: Callable[[str], bool],
    lifecycle: bool,
    progress: ProgressCallback | None = None,
) -> Edited | None:
    """Parse the notes at these indexes of `scanned.files` (read them too with `lifecycle`), or
    None when a patch is refused: `known` holds the kept answer's notes, `across(path)` says
    whether a note took part in an answer across notes."""
    paths = scanned.files
    if len(paths) != len(known) or not all(path in known for path in paths):
        return None
    if len(changed) * PATCHED_SHARE > len(paths) or any(across(paths[index]) for index in changed):
        return None
    derive = None
    if lifecycle:
        from vaulttool.analyse.readings import derivation

        derive = derivation(scanned.settings)
    files, keys = tuple(scanned.files[i] for i in changed), tuple(scanned.keys[i] for i in changed)
    vault = parse(replace(scanned, files=files, keys=keys), progress, derive)
    if len(vault.notes) != len(changed):
        return None
    readings: dict[str, NoteReading] = {}
    if lifecycle:
        from vaulttool.analyse.readings import note_readings
        from vaulttool.analyse.vocabulary import Vocabulary

        included = [note for note in vault.notes if is_included(scanned.settings, note)]
        read = note_readings(vault, included, Vocabulary(scanned.settings.lifecycle))
        readings = {note.path: reading for note, reading in zip(included, read)}
        if any(reading.pending for reading in readings.values()):
            return None
    return Edited(vault, readings)
