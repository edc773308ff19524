"""A whole result reused when nothing it depends on changed: `check` and `status` on an
unchanged vault.

A result is keyed by everything it is computed from: vaulttool's own code (every module of the
package), the settings as loaded, every note's path and content key (`cache.note_key`: its bytes),
every other file's path, the problems met reading the vault, and the question (the command and
what it was asked, e.g. the codes). The same key means the same answer, so a hit is returned
without parsing a note; any edit, new file, rename, setting or upgrade makes a new key. The
cache's `results` table keeps one row per vault folder and question (the latest answer, so edits
do not pile rows up): the key of the answer, then the answer as MessagePack decoded into its
frozen types (never a pickle); a row whose key differs, or that does not decode, is a miss.

What a command printed is kept the same way (`Shown`), keyed also by the renderers' context (format,
colour, width, today, ...): `check` and `status` on an unchanged vault print it again without
decoding or rendering their thousands of findings and items.

`load` and `save` keep an answer under a key of the caller's: the states that `check` and `status`
patch when a few notes were edited (`analyse.check_state`, `analyse.status_state`) are kept by
what they depend on besides the notes' bytes, and hold each note's key themselves.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from vaulttool.cache import Cache, derived_key
from vaulttool.model import Finding
from vaulttool.vault import Scan, Vault

T = TypeVar("T")


class Shown(msgspec.Struct, frozen=True):
    """A command's output: its text (stdout or the output file), the problems it said on stderr
    and its exit status."""

    text: str
    exit: int
    problems: tuple[Finding, ...] = ()


def result_key(scanned: Scan, question: str, depends_on: bytes = b"") -> bytes:
    """The key of the answer to `question` on this scan of a vault; `depends_on` holds what else
    the answer depends on (for dated items: git's HEAD, today, the notes' modification times)."""
    return derived_key(depends_on, question, scanned.digest)  # a note key hashes its path with its bytes


def _row(root: Path, question: str) -> bytes:
    """The row of this vault folder and question."""
    where = f"{root.resolve()}\0{question}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(where, digest_size=20).digest()


def load(where: Scan | Vault, question: str, key: bytes, kind: type[T]) -> T | None:
    """The answer to `question` on this vault folder, if it was kept under `key`."""
    if where.cache_dir is None:
        return None
    row = _row(where.root, question)
    with Cache(where.cache_dir) as cache:
        blob = cache.get("results", [row]).get(row)
    if blob is None or blob[: len(key)] != key:
        return None
    try:
        return msgspec.msgpack.decode(blob[len(key) :], type=kind)
    except (msgspec.DecodeError, ValueError, TypeError):
        return None


def save(where: Scan | Vault, question: str, key: bytes, answer: Any) -> None:
    """Keep `answer` to `question` on this vault folder under `key`: the folder's one row for it."""
    if where.cache_dir is None:
        return
    with Cache(where.cache_dir) as cache:
        cache.put("results", [(_row(where.root, question), key + msgspec.msgpack.encode(answer))])


def stored(scanned: Scan, question: str, kind: type[T], depends_on: bytes = b"") -> T | None:
    """The stored answer to `question` on this scan, or None (always, for a first run's scan,
    which read no note: `Scan.keyed`)."""
    if not scanned.keyed:
        return None
    return load(scanned, question, result_key(scanned, question, depends_on), kind)


def store(scanned: Scan, question: str, answer: Any, depends_on: bytes = b"") -> None:
    """Keep `answer` for the next run that asks `question` of this vault unchanged."""
    save(scanned, question, result_key(scanned, question, depends_on), answer)
