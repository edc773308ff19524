"""Discover and read a vault: walk it once, read each note once, parse it, keep the results.

`load(path)` is the library's entry point: a `Vault` is data, and `vaulttool.analyse.Analysis`
computes everything derived from it.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vaulttool.errors import VaulttoolError
from vaulttool.known_files import Status, status_from
from vaulttool.model import Finding, Note, Position
from vaulttool.rules import Code
from vaulttool.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from vaulttool.cache import Cache
    from vaulttool.progress import ProgressCallback

SKIPPED_FOLDERS = frozenset({"node_modules"})
PARALLEL_THRESHOLD = 40  # notes to parse before worker processes pay for their start-up (about 30 on two cores)
KEY_PARALLEL_THRESHOLD = 1000  # notes read for their keys before workers pay (fewer from a disk)
_SAVE_EVERY = 1000  # parsed notes whose records are saved together
MAX_NOTE_BYTES = 10 * 1024 * 1024
"""A note larger than this is reported (`too-large`) and neither read whole nor parsed."""
MAX_ARGUMENT_BYTES = 4096
"""The longest vault path accepted (Linux's PATH_MAX); each of its names must fit the file system."""


class VaultError(VaulttoolError):
    """The vault cannot be read at all (missing, not a folder, bad settings): exit code 2."""


def check_root(root: Path) -> None:
    """Raise `VaultError` (one line) unless `root` names a folder that can be listed."""
    text = os.fspath(root)
    try:
        encoded = os.fsencode(text)
    except UnicodeEncodeError:
        raise VaultError("the vault path cannot be encoded for this file system") from None
    if b"\0" in encoded:
        raise VaultError("the vault path holds a NUL character")
    if len(encoded) > MAX_ARGUMENT_BYTES or any(len(part) > 255 for part in encoded.split(b"/")):
        raise VaultError(f"vault path too long ({len(encoded)} bytes; a name in a path holds at most 255)")
    try:
        info = os.stat(root)
    except FileNotFoundError:
        raise VaultError(f"vault not found: {text}") from None
    except OSError as error:
        raise VaultError(f"cannot read the vault {text}: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise VaultError(f"not a folder: {text} (a vault is a folder of notes)")


def _unreadable(path: str, message: str, code: Code = Code.UNREADABLE) -> Finding:
    return Finding(Position(path, 1, 1), code, message)


def _inside(real_root: str, path: str) -> bool:
    """True if `path`, with every symlink resolved, stays inside the vault."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return False
    return os.path.commonpath([real_root, target]) == real_root


def _printable_name(name: str) -> str | None:
    """The name itself, or None when its bytes are not UTF-8 (the OS hands them over escaped)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return name


def discover(
    root: Path, statuses: dict[str, Status | None] | None = None
) -> tuple[list[str], list[str], list[Finding]]:
    """(notes, other files, problems), the paths sorted, vault-relative, with forward slashes;
    each note's file status (`known_files.status_from`) goes into `statuses` when it is given.

    Dot-folders (`.obsidian`, `.trash`, `.git`, a renamed config folder) are skipped (rule 24),
    and so are symlinks that lead out of the vault, symlinked folders, and other files that are
    not regular files (FIFOs, sockets, devices). Nothing is opened here: a note that is a special
    file, a dangling symlink or a loop is listed, and reading it reports why it cannot be read.
    A folder that cannot be listed, or a file name that is not UTF-8, is a problem."""
    real_root = os.path.realpath(root)
    notes: list[str] = []
    files: list[str] = []
    problems: list[Finding] = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            with os.scandir(os.path.join(root, prefix)) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            if not prefix:
                raise VaultError(f"cannot read the vault {os.fspath(root)}: {error.strerror}") from None
            problems.append(
                _unreadable(prefix.rstrip("/"), f"folder cannot be read ({error.strerror}); its notes are left out")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = _printable_name(entry.name)
            if name is None:
                shown = os.fsencode(entry.name).decode("utf-8", "replace")
                problems.append(_unreadable(prefix + shown, "file name is not valid UTF-8; not read"))
                continue
            relative = prefix + name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name not in SKIPPED_FOLDERS:
                        pending.append(relative + "/")
                    continue
                if entry.is_symlink() and not _inside(real_root, entry.path):
                    continue
                if name.lower().endswith(".md"):
                    if not entry.is_dir():
                        notes.append(relative)
                        if statuses is not None:
                            statuses[relative] = status_from(entry)
                elif entry.is_file():
                    files.append(relative)
            except OSError:  # a symlink loop or a vanished entry: a note reports it when read
                if name.lower().endswith(".md"):
                    notes.append(relative)
    return sorted(notes), sorted(files), problems


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def _read_up_to(descriptor: int, limit: int, size: int) -> bytes:
    """At most `limit` bytes, asking first for the `size` fstat gave (plus one, to see growth): a
    read of `limit` would allocate that much for every small note."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(descriptor, min(left, size + 1 if not chunks else 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_note_bytes(root: Path, path: str, max_bytes: int = MAX_NOTE_BYTES) -> bytes | Finding:
    """A note's bytes, or the positioned reason it is not read: it is not a regular file (checked
    with lstat/stat before any open, and again on the open descriptor), a dangling symlink, a
    symlink loop, a symlink out of the vault, unreadable, vanished, or larger than `max_bytes`."""
    full = os.path.join(root, path)
    try:
        info = os.lstat(full)
        if stat.S_ISLNK(info.st_mode):
            try:
                info = os.stat(full)
            except FileNotFoundError:
                return _unreadable(path, "dangling symlink; not read")
            except OSError as error:
                if error.errno == errno.ELOOP:
                    return _unreadable(path, "symlink loop; not read")
                raise
            if not _inside(os.path.realpath(root), full):
                return _unreadable(path, "symlink leads out of the vault; not read")
        if not stat.S_ISREG(info.st_mode):
            return _unreadable(path, f"{_kind(info.st_mode)}, not a regular file; not read")
        if info.st_size > max_bytes:
            return _unreadable(
                path,
                f"{_megabytes(info.st_size)}, over the {_megabytes(max_bytes)} limit for a note; not read",
                Code.TOO_LARGE,
            )
        descriptor = os.open(full, _OPEN_FLAGS)
        try:
            opened = os.fstat(descriptor)
            if not stat.S_ISREG(opened.st_mode):  # swapped for another kind since lstat
                return _unreadable(path, "not a regular file; not read")
            data = _read_up_to(descriptor, max_bytes + 1, opened.st_size)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        return _unreadable(path, "vanished while the vault was read")
    except OSError as error:
        return _unreadable(path, f"cannot be read ({error.strerror or error}); not read")
    if len(data) > max_bytes:
        return _unreadable(path, f"over the {_megabytes(max_bytes)} limit for a note; not read", Code.TOO_LARGE)
    return data


def _read_source(root: Path, source: tuple[str, bytes | None]) -> tuple[str, bytes] | Finding:
    """A note's path and bytes, read from `root` when not given; a `Finding` if it cannot be read."""
    path, data = source
    if data is None:
        read = read_note_bytes(root, path)
        if isinstance(read, Finding):  # gone or changed since its status was taken
            return read
        data = read
    return path, data


def _parse_source(root: Path, source: tuple[str, bytes | None]) -> tuple[bytes, Note] | Finding:
    """A note's content key and parse (its bytes read from `root` when not given)."""
    from vaulttool.cache import note_key
    from vaulttool.parse import parse_note_bytes  # not imported at all when every note is cached

    read = _read_source(root, source)
    if isinstance(read, Finding):
        return read
    return note_key(*read), parse_note_bytes(*read)


@dataclass(frozen=True, slots=True)
class Derivation:
    """A value derived from each note alone (a lifecycle reading), computed where the note is
    parsed: in the worker that parsed it, while the note is in its hands. `compute(note)` gives a
    value MessagePack encodes, saved in the cache's `table` with the notes' records and found by
    `analyse.per_note` under `row_key(salt, key)`."""

    table: str
    salt: bytes
    compute: Callable[[Note], Any]


_Result = tuple[bytes, bytes | Note, bytes | None] | Finding


def _parse_to_record(root: Path, source: tuple[str, bytes | None], derive: Derivation | None) -> _Result:
    """A worker's answer: the note's content key, the note as a cache record (cheaper to send back
    than a pickled `Note`; the `Note` itself when it cannot be a record) and what `derive`
    computes of it, encoded; a `Finding` when it cannot be read."""
    import msgspec

    from vaulttool.records import encode_note

    parsed = _parse_source(root, source)
    if isinstance(parsed, Finding):
        return parsed
    key, note = parsed
    derived = msgspec.msgpack.encode(derive.compute(note)) if derive is not None else None
    try:
        return key, encode_note(note, last_use=True), derived
    except TypeError:
        return key, note, derived


def parse_sources(
    sources: list[tuple[str, bytes | None]],
    root: Path,
    progress: ProgressCallback | None = None,
    derive: Derivation | None = None,
) -> Generator[_Result, None, None]:
    """Read (when their bytes are not given) and parse notes, in order as they are done: here, or
    in worker processes when there are many (`parallel`), each note sent back as a cache record
    (or a `Note` if it cannot be one) with what `derive` computes of it; `progress` is told how
    many are done. The bytes of a note read there are never in this process."""
    from vaulttool.parallel import fork_map

    def here(index: int) -> _Result:
        parsed = _parse_source(root, sources[index])
        return parsed if isinstance(parsed, Finding) else (*parsed, None)

    return fork_map(
        here,
        len(sources),
        PARALLEL_THRESHOLD,
        remote=lambda index: _parse_to_record(root, sources[index], derive),
        progress=progress,
        label="parsing notes",
    )


class Parsed(NamedTuple):
    """What `parse_cached` gives: the notes, the problems met reading them, each note's content
    key, and the values a `Derivation` computed in the workers, encoded, by their row key."""

    notes: list[Note]
    problems: list[Finding]
    keys: list[bytes]
    derived: dict[bytes, bytes]


@contextmanager
def _bulk() -> Iterator[None]:
    """Many long-lived objects are about to be made: the cyclic garbage collector, which would
    walk them again and again, waits; afterwards they are moved out of its sight (`gc.freeze`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def parse_cached(
    files: Sequence[tuple[str, bytes | None]],
    cache_dir: Path | None,
    progress: ProgressCallback | None = None,
    keys: Sequence[bytes | None] | None = None,
    root: Path | None = None,
    derive: Derivation | None = None,
) -> Parsed:
    """Parse (path, bytes) pairs, taking unchanged ones from the parse cache in `cache_dir`
    (None: no cache).

    A note given without its bytes (None: with its key in `keys`, or None there when no key was
    read: then it is not looked for in the cache) is read from `root` only when the cache does not
    hold it, by the process that parses it, which keys it; one that cannot be read then is a
    problem. A cached record that does not decode is dropped and its note parsed again. Cached
    records are decoded one by one as they are read, and when there are many their body records
    are kept out of memory (`spill`). Notes parsed in worker processes come with what `derive`
    computes of them."""
    from vaulttool import spill
    from vaulttool.cache import Cache, note_key, row_key
    from vaulttool.records import RecordError, decode_note, encode_note

    keys = list(keys) if keys is not None else [note_key(path, data or b"") for path, data in files]
    paths = {key: path for key, (path, _) in zip(keys, files) if key is not None}
    notes: dict[bytes, Note] = {}
    problems: list[Finding] = []
    derived: dict[bytes, bytes] = {}
    store = spill.Spill() if len(files) >= spill.SPILL_NOTES else None  # many records: out of memory
    with Cache(cache_dir) as cache, _bulk():
        stored = []
        if progress is not None:
            progress("reading the parse cache", 0, 0)
        for key, record in cache.rows("notes", list(paths)):
            stored.append(key)
            try:
                notes[key] = decode_note(record, paths[key])
            except RecordError:
                continue
            if store is not None:
                store.keep(notes[key])
        todo = [index for index, key in enumerate(keys) if key is None or key not in notes]
        records: list[tuple[bytes, bytes]] = []
        values: list[tuple[bytes, bytes]] = []  # what `derive` computed, by row key
        # closed at once if this loop is interrupted: the workers are stopped, not left running
        with closing(parse_sources([files[i] for i in todo], root or Path(), progress, derive)) as parsed:
            for index, result in zip(todo, parsed, strict=True):
                if isinstance(result, Finding):
                    problems.append(result)
                    continue
                key, note, value = result
                keys[index] = key  # a note read here may have changed since its status was taken
                if isinstance(note, Note):
                    notes[key] = note
                    if cache.enabled:
                        try:
                            records.append((key, encode_note(note)))
                        except TypeError:
                            pass
                else:
                    notes[key] = decode_note(note, files[index][0])
                    records.append((key, note))
                    if store is not None:
                        store.keep(notes[key])
                if value is not None and derive is not None:
                    row = row_key(derive.salt, key)
                    derived[row] = value
                    values.append((row, value))
                if len(records) >= _SAVE_EVERY:  # saved as they come: a large vault's records are never all held
                    _save(cache, records, values, derive)
                    records, values = [], []
        if progress is not None:
            progress("saving the parse cache", 0, 0)
        _save(cache, records, values, derive, stored)
    kept = [key for key in keys if key is not None and key in notes]
    return Parsed([notes[key] for key in kept], problems, kept, derived)


def _save(
    cache: Cache,
    records: list[tuple[bytes, bytes]],
    values: list[tuple[bytes, bytes]],
    derive: Derivation | None,
    stored: list[bytes] | None = None,
) -> None:
    """Store parsed notes' records and what `derive` computed of them (marking `stored` used)."""
    cache.put("notes", records, stored or ())
    if derive is not None and values:
        cache.put(derive.table, values)


def read_files(
    root: Path, paths: list[str], progress: ProgressCallback | None = None, max_bytes: int = MAX_NOTE_BYTES
) -> tuple[list[tuple[str, bytes]], list[Finding]]:
    """Each note's bytes, read once; a note that cannot be read is a problem and the others are
    read on."""
    files = []
    unread: list[Finding] = []
    for path in paths:
        data = read_note_bytes(root, path, max_bytes)
        if isinstance(data, Finding):
            unread.append(data)
        else:
            files.append((path, data))
        if progress is not None:
            progress("reading notes", len(files) + len(unread), len(paths))
    return files, unread


def read_notes(
    root: Path,
    paths: list[str],
    cache_dir: Path | None,
    progress: ProgressCallback | None = None,
    max_bytes: int = MAX_NOTE_BYTES,
) -> tuple[list[Note], list[Finding], dict[str, bytes]]:
    """Read each note once and parse it (through the cache); a note that cannot be read is a
    problem and the others are read on.

    Also returns each note's content key (for caches of facts derived from its bytes)."""
    files, unread = read_files(root, paths, progress, max_bytes)
    notes, problems, keys, _ = parse_cached(files, cache_dir, progress)
    return notes, [*unread, *problems], {note.path: key for note, key in zip(notes, keys)}


def vault_name(root: Path, settings: Settings) -> str:
    """The name obsidian:// URIs use: the first declared in `.vaulttool.toml`, else the folder's."""
    return settings.names[0] if settings.names else root.resolve().name


@dataclass(frozen=True)
class Scan:
    """A vault read but not parsed: its settings, every file's path and every note's content key
    (from its bytes, or from its file status when that showed it unchanged: `known_files`).
    `parse` makes it a `Vault`; `vaulttool.reuse` keys whole results on it.

    A first run (nothing known of the folder, nothing in the parse cache: no key could find
    anything) reads no note: the scan is not `keyed`, its `files` are every note found, and the
    parse reads and keys each note where it parses it; the `Vault` holds the scan keyed so
    (`Vault.scan`), what the next run's scan gives."""

    root: Path
    settings: Settings
    files: tuple[str, ...]  # each note that could be read (unkeyed: every note found)
    keys: tuple[bytes, ...]  # each note's content key (`cache.note_key`), in the order of `files`
    note_paths: tuple[str, ...]  # every note found, read or not
    other_files: tuple[str, ...]
    problems: tuple[Finding, ...]  # folders and notes that could not be read
    mtimes: tuple[
        int | None, ...
    ] = ()  # each note's modification time (ns) from its file status; None: not a regular file
    cache_dir: Path | None = field(default=None, repr=False, compare=False)
    keyed: bool = True  # False: no note read yet (`keys` empty), see above
    statuses: tuple[Status | None, ...] = field(default=(), repr=False, compare=False)  # unkeyed: each note's
    taken_ns: int = field(default=0, repr=False, compare=False)  # unkeyed: when the statuses were taken

    @property
    def name(self) -> str:
        return vault_name(self.root, self.settings)

    @cached_property
    def mtimes_by_path(self) -> dict[str, int | None]:
        """Each note's modification time (`mtimes`) by its path."""
        return dict(zip(self.files, self.mtimes))

    @cached_property
    def all_paths(self) -> tuple[str, ...]:
        """Every file's path, notes and others, sorted: `Vault.files`."""
        return tuple(sorted([*self.note_paths, *self.other_files]))

    @cached_property
    def digest(self) -> bytes:
        """A hash of everything read (vaulttool's code too): the settings as loaded, the problems,
        every note's path and content key, every other file's path."""
        from vaulttool.cache import canonical, derived_key

        assert self.keyed, "an unkeyed scan has no digest: its vault's scan (`Vault.scan`) has"
        return derived_key(canonical(self.settings), canonical(self.problems), *self.keys, "\0files", *self.other_files)


def _read_key(root: Path, path: str) -> bytes | Finding:
    """A note's content key, from its bytes; a `Finding` if it cannot be read."""
    from vaulttool.cache import note_key

    read = read_note_bytes(root, path)
    return read if isinstance(read, Finding) else note_key(path, read)


def _read_keys(
    root: Path, paths: list[str], progress: ProgressCallback | None
) -> Generator[bytes | Finding, None, None]:
    """The content keys of these notes, in order (a `Finding` for one that cannot be read): read
    here, or in worker processes when there are many (`parallel`)."""
    from vaulttool.parallel import fork_map

    return fork_map(
        lambda index: _read_key(root, paths[index]),
        len(paths),
        KEY_PARALLEL_THRESHOLD,
        progress=progress,
        label="reading notes",
    )


def scan(
    root: str | os.PathLike[str],
    *,
    cache: bool = True,
    config: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> Scan:
    """Read the vault at `root`: settings, file list, every note's content key (from its bytes,
    or from its file status when that is as a previous run recorded it; many notes are read in
    worker processes, which also keep more reads going at once from a disk). The bytes are not
    kept: a note the parse cache does not hold is read again where it is parsed. Raises
    `VaultError` if it cannot be read at all; `cache`, `config` and `progress` as for `load`."""
    from vaulttool.cache import Cache, cache_folder
    from vaulttool.known_files import KnownFiles

    if not os.fspath(root):  # Path("") would be the current folder
        raise VaultError("the vault path is empty (write . for the current folder)")
    path = Path(root)
    check_root(path)
    try:
        settings = load_settings(path, None if config is None else Path(config))
    except SettingsError as error:
        raise VaultError(str(error)) from None
    cache_dir = cache_folder() if cache else None
    statuses: dict[str, Status | None] = {}  # taken before reading: a write during the read shows next time
    taken_ns = time.time_ns()
    note_paths, other_files, found_problems = discover(path, statuses)
    known = KnownFiles(path, cache_dir)
    if not known.entries and not Cache.holds_notes(cache_dir):  # a first run: the parse keys the notes
        taken = tuple(statuses.get(name) for name in note_paths)
        return Scan(
            path,
            settings,
            tuple(note_paths),
            (),
            tuple(note_paths),
            tuple(other_files),
            tuple(found_problems),
            tuple(None if status is None else status[1] for status in taken),
            cache_dir,
            keyed=False,
            statuses=taken,
            taken_ns=taken_ns,
        )
    keyed: list[bytes | Finding | None] = [known.key(name, statuses.get(name)) for name in note_paths]
    unknown = [number for number, key in enumerate(keyed) if key is None]
    with closing(_read_keys(path, [note_paths[number] for number in unknown], progress)) as read:
        for number, key in zip(unknown, read, strict=True):
            keyed[number] = key
            if not isinstance(key, Finding):
                known.record(note_paths[number], statuses.get(note_paths[number]), key)
    known.save()
    files: list[str] = []
    keys: list[bytes] = []
    mtimes: list[int | None] = []
    unread: list[Finding] = []
    for name, found in zip(note_paths, keyed):
        if isinstance(found, Finding):
            unread.append(found)
            continue
        assert found is not None  # each unknown key was read above
        status = statuses.get(name)
        files.append(name)
        keys.append(found)
        mtimes.append(None if status is None else status[1])
    return Scan(
        path,
        settings,
        tuple(files),
        tuple(keys),
        tuple(note_paths),
        tuple(other_files),
        tuple([*found_problems, *unread]),
        tuple(mtimes),
        cache_dir,
    )


@dataclass(frozen=True)
class Vault:
    """A read vault, as data: its root, settings, parsed notes, other files and read problems.

    Everything derived from it (links resolved, findings, lifecycle items, claims, graph, report,
    review) is computed by `vaulttool.analyse.Analysis`."""

    root: Path
    settings: Settings
    notes: tuple[Note, ...]
    files: tuple[str, ...]
    read_problems: tuple[Finding, ...] = ()
    content_keys: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    derived: dict[bytes, bytes] = field(default_factory=dict, repr=False, compare=False)  # see `Derivation`
    cache_dir: Path | None = field(default=None, repr=False, compare=False)
    scan: Scan | None = field(default=None, repr=False, compare=False)  # what it was parsed from, keyed
    _by_path: dict[str, Note] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return vault_name(self.root, self.settings)

    def note(self, path: str) -> Note | None:
        return self._by_path.get(path)

    def is_ignored(self, path: str) -> bool:
        """In Obsidian's "Excluded files": left out of status, claims and lifecycle checks; still a
        link target, and its tags still in the tag pane (Obsidian hides excluded files only from
        search, graph and unlinked mentions: HELP `User interface/Settings.md`, Excluded files)."""
        return self.settings.obsidian.is_ignored(path)

    @cached_property
    def included(self) -> tuple[Note, ...]:
        """The notes not in Obsidian's "Excluded files" and not written by vaulttool (a review or
        report sheet, whose front matter says `vaulttool: generated`): the student's own notes."""
        return tuple(note for note in self.notes if is_included(self.settings, note))

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Problems met while reading and parsing (undecodable bytes, malformed front matter)."""
        parsed = [problem for note in self.notes for problem in note.problems]
        return tuple(sorted([*self.read_problems, *parsed], key=Finding.sort_key))


def is_included(settings: Settings, note: Note) -> bool:
    """Whether a note is one of `Vault.included`."""
    return not settings.obsidian.is_ignored(note.path) and note.frontmatter.get("vaulttool") != "generated"


def parse(scanned: Scan, progress: ProgressCallback | None = None, derive: Derivation | None = None) -> Vault:
    """The `Vault` a scan holds: its notes parsed, through the parse cache (a note the scan knew
    by its file status is read only if the cache does not hold its parse); notes parsed in
    worker processes come with what `derive` computes of them (`Vault.derived`)."""
    files = [(path, None) for path in scanned.files]
    given = scanned.keys if scanned.keyed else [None] * len(files)
    notes, unread, keys, derived = parse_cached(files, scanned.cache_dir, progress, given, scanned.root, derive)
    return Vault(
        root=scanned.root,
        settings=scanned.settings,
        notes=tuple(notes),
        files=scanned.all_paths,
        read_problems=tuple([*scanned.problems, *unread]),
        content_keys={note.path: key for note, key in zip(notes, keys)},
        derived=derived,
        cache_dir=scanned.cache_dir,
        scan=scanned if scanned.keyed else _keyed(scanned, notes, keys, unread),
        _by_path={note.path: note for note in notes},
    )


def _keyed(scanned: Scan, notes: Sequence[Note], keys: Sequence[bytes], unread: Sequence[Finding]) -> Scan:
    """An unkeyed scan with the keys its notes were parsed with, as the next run's scan gives it
    (the notes that could not be read among its problems); the keys are recorded with the
    statuses the scan took (`known_files`), so that the next run does not read the notes again."""
    from vaulttool.known_files import KnownFiles

    statuses = dict(zip(scanned.files, scanned.statuses))
    known = KnownFiles(scanned.root, scanned.cache_dir)
    for note, key in zip(notes, keys):
        known.record(note.path, statuses[note.path], key)
    known.save(scanned.taken_ns)
    mtimes = dict(zip(scanned.files, scanned.mtimes))
    return replace(
        scanned,
        files=tuple(note.path for note in notes),
        keys=tuple(keys),
        problems=(*scanned.problems, *unread),
        mtimes=tuple(mtimes[note.path] for note in notes),
        keyed=True,
        statuses=(),
        taken_ns=0,
    )


def load(
    root: str | os.PathLike[str],
    *,
    cache: bool = True,
    config: str | os.PathLike[str] | None = None,
    progress: ProgressCallback | None = None,
) -> Vault:
    """Read and parse the vault at `root`. Raises `VaultError` if it cannot be read at all.

    `cache=False` parses every note afresh (as does `VAULTTOOL_NO_CACHE=1`); `config` names the
    settings file (default: `.vaulttool.toml` in the vault, else at its repository's root);
    `progress` is told how far reading and parsing are."""
    return parse(scan(root, cache=cache, config=config, progress=progress), progress)
