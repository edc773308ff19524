"""How the lifecycle moved over time: open and closed items per week, from the vault's git history.

The vault may be a sub-folder of a larger work tree, so the history is that of the vault's path
inside the work tree. One commit per week is read (the week's last), at most `max_weeks` weeks
(the most recent), and each note version (a blob) is parsed once, however many commits share it.
A week once counted is kept in the cache by its commit: a later report reads only new weeks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import msgspec

from vaulttool.analyse.history import utc_date
from vaulttool.analyse.lifecycle import Vocabulary, link_notes
from vaulttool.analyse.readings import keyed_readings
from vaulttool.gitcmd import Repository, git, repository

if TYPE_CHECKING:
    from vaulttool.vault import Vault

MAX_WEEKS = 156


@dataclass(frozen=True, slots=True)
class WeekCount:
    """The lifecycle at the end of a week: `week` is that week's Monday (ISO date, UTC)."""

    week: str
    commit: str
    open: int
    closed: int


def monday(timestamp: int) -> dt.date | None:
    """The Monday (UTC) of the ISO week holding a Unix time (None for a time no date holds)."""
    day = utc_date(timestamp)
    return None if day is None else day - dt.timedelta(days=day.weekday())


def weekly_commits(repo: Repository, prefix: str, max_weeks: int = MAX_WEEKS) -> list[tuple[dt.date, str]]:
    """(Monday, commit) for the last commit of each week that touched `prefix`, oldest first."""
    pathspec = ["--", prefix] if prefix else []
    out = git(repo, "log", "--no-ext-diff", "--no-textconv", "--format=%H %ct", *pathspec)
    if not out:
        return []
    weeks: dict[dt.date, str] = {}
    for row in out.decode("ascii", "replace").splitlines():
        commit, _, stamp = row.partition(" ")
        if stamp.isdigit() and (week := monday(int(stamp))) is not None:
            weeks.setdefault(week, commit)  # git log is newest first
    return sorted(weeks.items())[-max_weeks:]


def _is_note(path: str, skipped: Iterable[str]) -> bool:
    parts = PurePosixPath(path).parts
    return (
        path.lower().endswith(".md")
        and not any(p.startswith(".") or p in skipped for p in parts[:-1])
        and not parts[-1].startswith(".")
    )


def _notes_at(repo: Repository, commit: str, prefix: str, vault: Vault) -> list[tuple[str, str]]:
    """(vault-relative path, blob id) of the notes in the vault folder at `commit`; a blob over
    the note size limit is left out, as it is in the vault."""
    from vaulttool.vault import MAX_NOTE_BYTES, SKIPPED_FOLDERS

    out = git(repo, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, *(["--", prefix] if prefix else []))
    notes = []
    for entry in (out or b"").split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")
        fields = meta.split()
        if (
            len(fields) != 4
            or fields[1] != b"blob"
            or fields[0] == b"120000"
            or not fields[3].isdigit()
            or int(fields[3]) > MAX_NOTE_BYTES
        ):
            continue
        path = raw_path.decode("utf-8", "replace")
        relative = path[len(prefix) + 1 :] if prefix else path
        if _is_note(relative, SKIPPED_FOLDERS) and not vault.is_ignored(relative):
            notes.append((relative, fields[2].decode("ascii")))
    return notes


def _read_blobs(repo: Repository, blobs: list[str]) -> dict[str, bytes]:
    """Blob id → its bytes, read with one `git cat-file --batch`."""
    if not blobs:
        return {}
    out = git(repo, "cat-file", "--batch", stdin="".join(b + "\n" for b in blobs).encode("ascii"))
    texts: dict[str, bytes] = {}
    cursor = 0
    while out and cursor < len(out):
        header_end = out.find(b"\n", cursor)
        if header_end == -1:
            break
        header = out[cursor:header_end].split()
        cursor = header_end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<id> missing"
            continue
        size = int(header[2])
        texts[header[0].decode("ascii", "replace")] = out[cursor : cursor + size]
        cursor += size + 1
    return texts


def vault_timeline(vault: Vault, vocabulary: Vocabulary, max_weeks: int = MAX_WEEKS) -> tuple[WeekCount, ...]:
    """Open and closed lifecycle items at the end of each week with commits; () outside git.
    A week's counts are kept in the cache by its commit (with the vault's folder in the work
    tree, the settings and the code), so only weeks not counted before are read: their note
    versions go through the parse cache, like the vault's own notes, each read once, and answers
    across notes (block references) are applied per commit."""
    repo = repository(vault.root)
    if repo is None or not repo.head:  # outside git, or no commit yet
        return ()
    try:
        prefix = vault.root.resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except (OSError, ValueError, RuntimeError):
        return ()
    prefix = "" if prefix == "." else prefix
    sampled = weekly_commits(repo, prefix, max_weeks)
    kept = _KeptWeeks(vault, prefix)
    counts = kept.get([commit for _, commit in sampled])
    missing = [commit for _, commit in sampled if commit not in counts]
    if missing:
        counts.update(_count_commits(repo, prefix, missing, vault, vocabulary))
        kept.put({commit: counts[commit] for commit in missing})
    return tuple(WeekCount(week.isoformat(), commit, *counts[commit]) for week, commit in sampled)


def _count_commits(
    repo: Repository, prefix: str, commits: list[str], vault: Vault, vocabulary: Vocabulary
) -> dict[str, tuple[int, int]]:
    """(open, closed) items in the vault's folder at each commit."""
    from vaulttool.vault import parse_cached

    trees = {commit: _notes_at(repo, commit, prefix, vault) for commit in commits}
    blob_paths = {blob: path for notes in trees.values() for path, blob in notes}
    blobs = sorted(blob_paths)
    texts = _read_blobs(repo, blobs)
    parsed = parse_cached([(blob_paths[blob], texts.get(blob, b"")) for blob in blobs], vault.cache_dir)
    by_blob = dict(zip(blobs, parsed.notes, strict=True))
    kept = keyed_readings(vault.cache_dir, list(zip(parsed.keys, parsed.notes, strict=True)), vocabulary)
    readings = dict(zip(blobs, kept, strict=True))  # an unchanged version's reading is the cache's
    counts = {}
    for commit in commits:
        here = [blob for _, blob in trees[commit]]
        items = link_notes([by_blob[blob] for blob in here], [readings[blob] for blob in here], vocabulary).items
        still_open = sum(1 for item in items if item.is_open)
        counts[commit] = (still_open, len(items) - still_open)
    return counts


class _KeptWeeks:
    """Each commit's (open, closed) counts in the cache's `weeks` table."""

    def __init__(self, vault: Vault, prefix: str) -> None:
        from vaulttool.cache import canonical, derived_key

        self.cache_dir = vault.cache_dir
        self.salt = derived_key(prefix, canonical(vault.settings))  # the settings hold the vocabulary

    def _key(self, commit: str) -> bytes:
        return hashlib.blake2b(self.salt + commit.encode("ascii", "replace"), digest_size=20).digest()

    def get(self, commits: list[str]) -> dict[str, tuple[int, int]]:
        from vaulttool.cache import Cache

        keys = {self._key(commit): commit for commit in commits}
        with Cache(self.cache_dir) as cache:
            stored = cache.get("weeks", list(keys))
        counts = {}
        for key, blob in stored.items():
            try:
                counts[keys[key]] = msgspec.msgpack.decode(blob, type=tuple[int, int])
            except (msgspec.DecodeError, ValueError):
                continue
        return counts

    def put(self, counts: dict[str, tuple[int, int]]) -> None:
        from vaulttool.cache import Cache

        with Cache(self.cache_dir) as cache:
            cache.put("weeks", [(self._key(commit), msgspec.msgpack.encode(count)) for commit, count in counts.items()])
