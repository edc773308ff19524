"""Dating lifecycle items: when was each line last changed?

In a git work tree: `git blame --porcelain`, once per note that holds items (through
`vaulttool.gitcmd`, which runs nothing the repository configures). Otherwise, the note's
front-matter `created` date, else the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from vaulttool.gitcmd import Repository, git, repository
from vaulttool.model import Item

if TYPE_CHECKING:
    from vaulttool.vault import Scan, Vault

_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # a SHA-1 or SHA-256 object name


def utc_date(timestamp: float) -> dt.date | None:
    """The UTC date of a Unix time, or None for a time no date holds (a forged commit, an odd mtime)."""
    try:
        return dt.datetime.fromtimestamp(timestamp, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _in_repository(file: Path, repo: Repository) -> str | None:
    """The file's path in the repository, as git names it, or None when it lies outside."""
    try:
        return file.resolve().relative_to(repo.toplevel.resolve()).as_posix()
    except (OSError, ValueError, RuntimeError):
        return None


def blame_dates(file: Path, repo: Repository) -> dict[int, dt.date]:
    """1-based line → date that line was last changed, from `git blame --porcelain`.

    Lines not yet committed carry the current time (git's own answer). An untracked file gives {}."""
    relative = _in_repository(file, repo)
    if relative is None:
        return {}
    out = git(repo, "blame", "--porcelain", "--no-textconv", "--", relative)
    if out is None:
        return {}
    commit_times: dict[str, int] = {}
    dates: dict[int, dt.date] = {}
    commit, final_line = "", 0
    for row in out.decode("utf-8", "replace").split("\n"):
        if not row:
            continue
        if row.startswith("\t"):
            if (date := utc_date(commit_times.get(commit, 0))) is not None:
                dates[final_line] = date
            continue
        parts = row.split(" ")
        if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit():
            commit, final_line = parts[0], int(parts[2])
        elif parts[0] == "committer-time" and len(parts) > 1 and parts[1].isdigit():
            commit_times[commit] = int(parts[1])
    return dates


class CommitsSince:
    """Which notes the commits since an earlier HEAD touched (`touched_since`, asked once per
    earlier commit), each note named as git names its file: its folder resolved once (a folder may
    be a symlink), a note that is itself a symlink on its own."""

    def __init__(self, root: Path, repo: Repository) -> None:
        self.root, self.repo = root, repo
        self._folders: dict[str, str | None] = {}
        self._files: dict[str, frozenset[str] | None] = {}

    def known(self, commit: str) -> bool:
        """Whether git can tell what changed since `commit`."""
        return commit == self.repo.head or self._since(commit) is not None

    def touched(self, path: str, commit: str) -> bool:
        """Whether a commit since `commit` touched the note at `path` (True when git cannot tell)."""
        if commit == self.repo.head:
            return False
        files = self._since(commit)
        return files is None or self._name(path) in files

    def _since(self, commit: str) -> frozenset[str] | None:
        if commit not in self._files:
            self._files[commit] = touched_since(self.repo, commit)
        return self._files[commit]

    def _name(self, path: str) -> str | None:
        folder, _, name = path.rpartition("/")
        if folder not in self._folders:
            found = _in_repository(self.root / folder, self.repo)
            self._folders[folder] = None if found is None else "" if found == "." else found + "/"
        prefix = self._folders[folder]
        if prefix is None or os.path.islink(self.root / path):
            return _in_repository(self.root / path, self.repo)
        return prefix + name


def touched_since(repo: Repository, commit: str) -> frozenset[str] | None:
    """Every file a commit between `commit` and HEAD touched, on either side (so commits amended,
    rebased or left on another branch count too), both names of a rename and each side of a merge;
    None when git cannot tell (a commit it no longer has)."""
    if not _COMMIT.fullmatch(commit):  # an object name only (it comes from the cache): never an option
        return None
    out = git(repo, "log", "--format=", "--name-only", "--no-renames", "-m", "-z", f"{commit}...{repo.head}", "--")
    if out is None:
        return None
    return frozenset(os.fsdecode(name) for name in out.split(b"\0") if name)


def all_blames(vault: Vault, paths: list[str], repo: Repository) -> dict[str, dict[int, dt.date]]:
    """Blame dates of the notes. A note's blame is kept with the commit it was made at, and reused
    while the note's bytes are the same and no commit since that one touched its file: git blame
    reads only the commits that touch the file (following it across a rename, which touches it), so
    after a commit only the notes it changed are blamed again."""
    from concurrent.futures import ThreadPoolExecutor

    from vaulttool.cache import Cache, blame_key

    keys = {path: blame_key(vault.content_keys.get(path, path.encode())) for path in paths}
    kept: dict[str, dict[int, dt.date]] = {}
    moved: list[str] = []  # kept, but made at an older commit: kept again at HEAD
    with Cache(vault.cache_dir if repo.head else None) as cache:
        cached = cache.get("blame", list(keys.values()))
        commits = CommitsSince(vault.root, repo)
        for path in paths:
            if keys[path] not in cached:
                continue
            made_at, dates = cached[keys[path]]
            if commits.touched(path, made_at):
                continue
            if made_at != repo.head:
                moved.append(path)
            kept[path] = dates
        missing = [path for path in paths if path not in kept]
        with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) * 2)) as pool:
            fresh = dict(zip(missing, pool.map(lambda p: blame_dates(vault.root / p, repo), missing)))
        made = [(path, dates) for path, dates in fresh.items() if dates] + [(path, kept[path]) for path in moved]
        cache.put("blame", ((keys[path], (repo.head, dates)) for path, dates in made), [keys[path] for path in kept])
    return {**kept, **fresh}


def _created(frontmatter: dict) -> dt.date | None:
    value = frontmatter.get("created") or frontmatter.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class DatingContext:
    """What the dates of every note's items depend on besides the notes: the repository (git's
    HEAD: blame) and the day (today's date in UTC and here, and the time zone: a line not yet
    committed is dated now)."""

    repo: Repository | None
    day: str

    @property
    def head(self) -> str:
        return self.repo.head if self.repo is not None else "-"

    def key(self) -> str:
        return f"{self.head} {self.day}"


def dating_context(root: Path) -> DatingContext:
    """The dating context of a run on the vault at `root`."""
    import time

    today = dt.datetime.now(dt.UTC)
    day = f"{today.date()} {today.astimezone().date()} {time.timezone} {time.altzone} {time.daylight}"
    return DatingContext(repository(root), day)


def moved_since(scanned: Scan, head: str, when: DatingContext) -> frozenset[str] | None:
    """The notes of the scan whose items a commit since `head` may date differently (those the
    commits between `head` and the context's HEAD touched); None when git cannot tell."""
    if head == when.head:
        return frozenset()
    if when.repo is None or head == "-":
        return None
    commits = CommitsSince(scanned.root, when.repo)
    if not commits.known(head):
        return None
    return frozenset(path for path in scanned.files if commits.touched(path, head))


def dating_inputs(when: DatingContext, scanned: Scan) -> bytes:
    """What the dates of a scanned vault's items depend on besides the notes' bytes: `when` (the
    run's `dating_context`) and each note's modification time (the last fallback; taken from its
    file status, or looked up when the scan has none); a hash."""
    import hashlib

    digest = hashlib.blake2b(when.key().encode(), digest_size=20)
    folder = os.fspath(scanned.root)
    for path, mtime in zip(scanned.files, scanned.mtimes):
        try:
            if mtime is None:
                mtime = os.stat(os.path.join(folder, path)).st_mtime_ns
            digest.update(mtime.to_bytes(12, "little", signed=True))
        except (OSError, OverflowError):
            digest.update(b"-")
    return digest.digest()


def date_items(vault: Vault, items: Iterable[Item]) -> list[Item]:
    """The items with `since` set, one blame per note that has items."""
    by_note: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_note[item.position.path].append(item)
    repo = repository(vault.root) if by_note else None
    blames = all_blames(vault, list(by_note), repo) if repo else {}
    dated: list[Item] = []
    for path, note_items in by_note.items():
        file = vault.root / path
        blame = blames.get(path, {})
        note = vault.note(path)
        fallback = _created(note.frontmatter) if note else None
        if fallback is None:
            try:
                fallback = dt.date.fromtimestamp(file.stat().st_mtime)
            except (OSError, OverflowError, ValueError):
                fallback = None
        for item in note_items:
            date = blame.get(item.position.line, fallback)
            dated.append(replace(item, since=date))
    return dated
