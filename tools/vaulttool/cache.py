"""The cache: parsed notes and git-blame dates kept in SQLite in the user's cache folder, never
in the vault.

Parsing is a pure function of (path, text), so a note's parse is keyed by its path and the hash
of its bytes, salted with the hash of the parser's own source: editing the parser (or upgrading
vaulttool) invalidates the cache by itself. Blame dates are keyed by the note's key and the
commit HEAD points at. The cache is best-effort: any SQLite problem turns it off for the run,
and everything is computed as if it were empty.

`VAULTTOOL_CACHE_DIR` names another folder; `VAULTTOOL_NO_CACHE=1` (or `--no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

KEEP_SECONDS = 60 * 24 * 3600  # entries unused for 60 days are dropped
TABLES = ("notes", "blame")
_SCHEMA = "".join(
    f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL);"
    f"CREATE INDEX IF NOT EXISTS {table}_used ON {table} (used);"
    for table in TABLES
)


@lru_cache(maxsize=1)
def parser_fingerprint() -> bytes:
    """A hash of the modules whose code decides what a parsed `Note` holds."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for source in sorted([package / "model.py", package / "rules.py", *(package / "parse").glob("*.py")]):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.digest()


def note_key(path: str, data: bytes) -> bytes:
    digest = hashlib.blake2b(parser_fingerprint(), digest_size=20)
    digest.update(path.encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()


def blame_key(note: bytes, head: str) -> bytes:
    return hashlib.blake2b(note + head.encode(), digest_size=20).digest()


def cache_folder() -> Path | None:
    if os.environ.get("VAULTTOOL_NO_CACHE"):
        return None
    configured = os.environ.get("VAULTTOOL_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vaulttool", appauthor=False))


class Cache:
    """Pickled values by key in a few tables; `get` and `put` never raise."""

    def __init__(self, folder: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / "cache.sqlite3", timeout=2)
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, table: str, keys: list[bytes]) -> dict[bytes, Any]:
        if self._db is None or not keys:
            return {}
        found: dict[bytes, Any] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk):
                    found[key] = pickle.loads(blob)
        except (sqlite3.Error, pickle.UnpicklingError, AttributeError, EOFError, TypeError):
            return {}
        return found

    def put(self, table: str, entries: Iterable[tuple[bytes, Any]], touched: Iterable[bytes] = ()) -> None:
        """Store new values, mark the entries used in this run, and drop long-unused ones."""
        if self._db is None:
            return
        now = int(time.time())
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {table} (key, value, used) VALUES (?, ?, ?)",
                    ((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), now) for key, value in entries),
                )
                self._db.executemany(f"UPDATE {table} SET used = ? WHERE key = ? AND used < ?",
                                     ((now, key, now - 24 * 3600) for key in touched))
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
