"""A generated vault with a git history, for the benchmark's `status` and `report` with history.

`generate_history(root, notes, commits, seed)` writes a normal generated vault (`generate.py`), then
makes `commits` commits, one every three days from 2022-01-01 (Saturday) at 01:00 UTC. Each commit
appends one lifecycle line to each of 10 notes drawn by `random.Random(seed)`: an answered
hypothesis (`- #hypothesis : step N #explanation : yes`) in two commits of three, an open question
(`- #wonder about step N`) in the third. The first commit holds the vault as well. The author,
committer, dates and messages are fixed and no user or system git setting is read, so the same
seed gives the same commits, hashes included.

    python tools/bench/history.py /tmp/h --notes 2000 --commits 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generate import generate

START = dt.datetime(2022, 1, 1, 1, 0, tzinfo=dt.UTC)
EVERY = dt.timedelta(days=3)
NOTES_PER_COMMIT = 10


@dataclass(frozen=True, slots=True)
class History:
    notes: int
    commits: int
    head: str  # the last commit's hash
    last: dt.date  # the day of the last commit


def _git(root: Path, *args: str, when: dt.datetime | None = None) -> str:
    env = dict(
        os.environ,
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env)
    return done.stdout.strip()


def line(step: int) -> str:
    """What commit `step` appends to each of its notes."""
    return (
        f"\n- #wonder about step {step}\n" if step % 3 == 0 else f"\n- #hypothesis : step {step} #explanation : yes\n"
    )


def commit_time(step: int) -> dt.datetime:
    return START + step * EVERY


def append_commit(root: Path, notes: list[Path], step: int, rng: random.Random) -> None:
    """Commit `step`: its line appended to 10 of the `notes`, committed at `commit_time(step)`."""
    for note in rng.sample(notes, min(NOTES_PER_COMMIT, len(notes))):
        with note.open("a", encoding="utf-8") as file:
            file.write(line(step))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", f"step {step}", when=commit_time(step))


def generate_history(root: Path, notes: int, commits: int, seed: int = 1) -> History:
    generate(root, notes, seed)
    _git(root, "init", "-q", "-b", "main")
    files = sorted(root.rglob("*.md"))
    rng = random.Random(seed)
    for step in range(commits):
        append_commit(root, files, step, rng)
    return History(notes, commits, _git(root, "rev-parse", "HEAD"), commit_time(commits - 1).date())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where to write the vault (must not exist)")
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.folder.exists():
        parser.error(f"{args.folder} exists; name a new folder")
    history = generate_history(args.folder, args.notes, args.commits, args.seed)
    print(f"{history.notes} notes, {history.commits} commits up to {history.last}, HEAD {history.head}")


if __name__ == "__main__":
    main()
