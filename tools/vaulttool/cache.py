"""The cache: parsed notes, git-blame dates and derived results kept in SQLite in the user's
cache folder, never in the vault.

Parsing is a pure function of (path, text), so a note's parse is keyed by its path and the hash
of its bytes, salted with the hash of the parser's own source (and of the record format):
editing the parser (or upgrading vaulttool) invalidates the cache by itself. Blame dates are
keyed by the note's key and kept with the commit they were made at (`analyse.history`); whole answers by vault and question
(`vaulttool.reuse`); each note's lifecycle reading, evaluated claims, link resolutions and check
findings by its key and what else they depend on (`analyse.per_note`, `analyse.kept_checks`); each week's lifecycle counts by
its commit (`analyse.timeline`); each vault's note file statuses (`known_files`). Values are compact records (see
`vaulttool.records`), never pickles: `blame` rows are returned decoded, the others as stored (the
caller decodes them), and a row that does not decode is left out. The cache is best-effort: a
file that is not this version's cache (corrupt, foreign, older) is rebuilt, and any other SQLite
problem turns the cache off for the run, everything computed as if it were empty.

`VAULTTOOL_CACHE_DIR` names another folder; `VAULTTOOL_NO_CACHE=1` (or `--no-cache`) turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from msgspec import Struct

SCHEMA_VERSION = 3  # PRAGMA user_version of this format (1: pickles, before it was set; 2: `used` last)
# A new cache file's page size: a note's record (about 8 KB) fits in half a 16 KB page, where it
# spreads over three 4 KB ones (10,000 notes and their readings stored with 0.25 s of CPU instead
# of 0.38 s, read back in the same time)
PAGE_SIZE = 16384
KEEP_SECONDS = 60 * 24 * 3600  # entries unused for 60 days are dropped
TABLES = ("notes", "blame", "results", "readings", "claims", "resolutions", "checks", "weeks", "files")
_SCHEMA = "".join(
    # `used` before `value`: marking a row used reads its first page, not the whole value
    f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, used INTEGER NOT NULL, value BLOB NOT NULL);"
    f"CREATE INDEX IF NOT EXISTS {table}_used ON {table} (used);"
    for table in TABLES
)


def _source_hash(sources: Iterable[Path], templates: Iterable[Path] = ()) -> bytes:
    """A hash of these modules of the package and these templates, by their names and bytes."""
    package = Path(__file__).parent
    named = [(source.relative_to(package).as_posix(), source) for source in sources]
    named += [(f"templates/{template.name}", template) for template in templates]
    digest = hashlib.blake2b(digest_size=16)
    for name, source in sorted(named):
        digest.update(name.encode())
        digest.update(source.read_bytes())
    return digest.digest()


@lru_cache(maxsize=1)
def parser_fingerprint() -> bytes:
    """A hash of the modules whose code decides what a parsed `Note` holds."""
    package = Path(__file__).parent
    return _source_hash(
        [package / "model.py", package / "rules.py", package / "records.py", *(package / "parse").glob("*.py")]
    )


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """A hash of every module of the package and of the templates the renderers fill: what is
    derived from notes, or shown, by a new vaulttool is derived or shown afresh."""
    from vaulttool.packaged import templates_dir

    templates = [path for path in templates_dir().glob("*") if path.is_file()]
    return _source_hash(Path(__file__).parent.rglob("*.py"), templates)


def canonical(value: Any) -> str:
    """A text that is the same for equal settings in every run (sets sorted, unlike their repr)."""
    if isinstance(value, Enum):
        return repr(value.value)
    if isinstance(value, Struct):
        fields = ",".join(f"{name}={canonical(getattr(value, name))}" for name in value.__struct_fields__)
        return f"{type(value).__name__}({fields})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(
            f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value) if f.compare
        )
        return f"{type(value).__name__}({fields})"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(item) for item in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{canonical(k)}:{canonical(v)}" for k, v in value.items())) + "}"
    return repr(value)


def derived_key(*parts: str | bytes) -> bytes:
    """The key of something vaulttool's code derives from `parts` (texts, or keys as bytes)."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=20)
    encoded = [part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part for part in parts]
    digest.update(b"\0".join([*encoded, b""]) if encoded else b"")  # each part followed by a NUL
    return digest.digest()


def note_key(path: str, data: bytes) -> bytes:
    """A note's content key: the parser's fingerprint, the note's path and its bytes, hashed. SHA-256
    (its first 20 bytes), not BLAKE2b as the small keys: OpenSSL's runs on the processor's SHA
    instructions where it has them, two to three times as fast over a note's kilobytes."""
    digest = hashlib.sha256(parser_fingerprint())
    digest.update(path.encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()[:20]


def row_key(salt: bytes, key: bytes) -> bytes:
    """The key of a value derived from the note of content `key` and whatever `salt` hashes."""
    return hashlib.blake2b(salt + key, digest_size=20).digest()


def blame_key(note: bytes) -> bytes:
    """The key of the blame of the note of content key `note` (kept with the commit it was made at)."""
    return hashlib.blake2b(b"blame\0" + note, digest_size=20).digest()


@lru_cache(maxsize=1)
def _codecs() -> dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any]]]:
    """(encode, decode) of each table's values."""
    from vaulttool.records import decode_blame, encode_blame

    def same(blob: bytes) -> bytes:
        return blob

    return {
        "notes": (same, same),
        "blame": (encode_blame, decode_blame),
        "results": (same, same),
        "readings": (same, same),
        "claims": (same, same),
        "resolutions": (same, same),
        "checks": (same, same),
        "weeks": (same, same),
        "files": (same, same),
    }


def _open(file: Path) -> sqlite3.Connection | None:
    """The cache database at `file`, created if absent; None when the file is something else
    (not SQLite, another program's database, an older format)."""
    db = sqlite3.connect(file, timeout=2)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == SCHEMA_VERSION:  # made by us: no write to open it
            return db
        if tables:
            db.close()
            return None
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # the file is empty: it takes effect
        with db:
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.OperationalError:  # locked, read-only, full: leave the file alone
        db.close()
        raise
    except sqlite3.DatabaseError:  # not a database, or a corrupt one
        db.close()
        return None
    return db


def cache_folder() -> Path | None:
    if os.environ.get("VAULTTOOL_NO_CACHE"):
        return None
    configured = os.environ.get("VAULTTOOL_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vaulttool", appauthor=False))


class Cache:
    """Bytes by key in a few tables; `get` and `put` never raise."""

    def __init__(self, folder: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            file = folder / "cache.sqlite3"
            self._db = _open(file)
            if self._db is None:  # not a database of ours: start afresh
                for stale in (file, file.with_name(file.name + "-journal")):
                    stale.unlink(missing_ok=True)
                self._db = _open(file)
        except (OSError, sqlite3.Error):
            self._db = None

    @property
    def enabled(self) -> bool:
        return self._db is not None

    @staticmethod
    def holds_notes(folder: Path | None) -> bool:
        """Whether the cache in `folder` holds any parsed note (without making one)."""
        if folder is None or not (folder / "cache.sqlite3").is_file():
            return False
        with Cache(folder) as cache:
            if cache._db is None:
                return False
            try:
                return cache._db.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is not None
            except sqlite3.Error:
                return True  # cannot tell: the notes are keyed and looked for

    def get(self, table: str, keys: list[bytes]) -> dict[bytes, Any]:
        """The stored values of those keys that have one."""
        return dict(self.rows(table, keys))

    def rows(self, table: str, keys: list[bytes]) -> Iterator[tuple[bytes, Any]]:
        """(key, value) of those keys that have a value, one row at a time (so that a caller who
        decodes each at once never holds every stored row)."""
        if self._db is None or not keys:
            return
        decode = _codecs()[table][1]
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk):
                    if isinstance(key, bytes) and isinstance(blob, bytes):
                        try:
                            value = decode(blob)
                        except ValueError:  # RecordError: not a record of this version
                            continue
                        yield key, value
        except sqlite3.Error:
            return

    def put(self, table: str, entries: Iterable[tuple[bytes, Any]], touched: Iterable[bytes] = ()) -> None:
        """Store new values, mark the entries used in this run, and drop long-unused ones."""
        if self._db is None:
            return
        encode = _codecs()[table][0]
        now = int(time.time())
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, value, used) VALUES (?, ?, ?)",
                    ((key, encode(value), now) for key, value in entries),
                )
                keys = list(touched)
                for start in range(0, len(keys), 500):  # a statement per 500 keys, not per key
                    chunk = keys[start : start + 500]
                    self._db.execute(
                        f"UPDATE {table} SET used = ? WHERE used < ? AND key IN ({','.join('?' * len(chunk))})",
                        (now, now - 24 * 3600, *chunk),
                    )
                self._db.execute(f"DELETE FROM {table} WHERE used < ?", (now - KEEP_SECONDS,))
        except sqlite3.Error:
            pass

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
