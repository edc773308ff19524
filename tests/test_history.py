"""Dating lifecycle items: git blame in a real repository, else `created`, else mtime."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from conftest import git_env
from vaulttool import load
from vaulttool.analyse import Analysis

OPEN_NOTE = "# Pumps\n\n- #hypothesis: the pump is electrogenic #waiting\n"


def git(root, *args, date=None):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=git_env(date))


def test_since_comes_from_git_blame_per_line(make_vault):
    root = make_vault({"n.md": OPEN_NOTE})
    git(root, "init", "-q")
    git(root, "add", "n.md")
    git(root, "commit", "-qm", "first", date="2025-03-01T12:00:00+00:00")
    (root / "n.md").write_text(OPEN_NOTE + "- I #wonder why\n", encoding="utf-8")
    git(root, "commit", "-qam", "second", date="2025-06-17T09:00:00+00:00")
    since = {item.position.line: str(item.since) for item in Analysis(load(root)).items}
    assert since == {3: "2025-03-01", 4: "2025-06-17"}


def test_vault_in_a_subfolder_of_a_repository_with_spaces(tmp_path):
    """Vault folders are often named like "Obsidian Vault": spaces in the path must not matter."""
    repository = tmp_path / "my notes"
    root = repository / "Obsidian Vault"
    (root / "Neuro").mkdir(parents=True)
    (root / "Neuro" / "n.md").write_text(OPEN_NOTE, encoding="utf-8")
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-qm", "first", date="2024-11-05T08:00:00+00:00")
    (item,) = Analysis(load(root)).items
    assert str(item.since) == "2024-11-05"


def test_outside_git_created_property_then_mtime(make_vault):
    root = make_vault({"a.md": "---\ncreated: 2025-06-20\n---\n#wonder x\n", "b.md": "#wonder y\n"})
    stamp = time.mktime((2024, 1, 15, 12, 0, 0, 0, 0, -1))
    os.utime(root / "b.md", (stamp, stamp))
    since = {item.position.path: str(item.since) for item in Analysis(load(root)).items}
    assert since == {"a.md": "2025-06-20", "b.md": "2024-01-15"}


def test_git_is_run_only_for_a_vault_with_a_repository_above_it(make_vault, cache_dir, tmp_path):
    """No `.git` in the vault's folder or any folder above it: git would find no repository, and
    `status` runs none of its processes; once the vault is a repository, it does."""
    root = make_vault({"n.md": OPEN_NOTE})
    if any((folder / ".git").exists() for folder in root.parents):
        pytest.skip("the test's folder is inside a git repository")
    log, wrapper = tmp_path / "git.log", tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = shutil.which("git") or "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\nexec {shlex.quote(real)} "$@"\n')
    wrapper.chmod(0o755)
    env = dict(os.environ, PATH=f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("GIT_DIR", None)

    def status() -> None:
        subprocess.run(
            [sys.executable, "-m", "vaulttool", "status", str(root)], env=env, check=True, capture_output=True
        )

    status()
    assert not log.exists()
    git(root, "init", "-q")
    status()
    assert "rev-parse --show-toplevel" in log.read_text()


def test_cached_blame_follows_head(make_vault):
    """The same bytes under a new commit (an amended date) must be dated anew, not from the cache."""
    root = make_vault({"n.md": OPEN_NOTE})
    git(root, "init", "-q")
    git(root, "add", "n.md")
    git(root, "commit", "-qm", "first", date="2025-03-01T12:00:00+00:00")
    assert [str(i.since) for i in Analysis(load(root)).items] == ["2025-03-01"]
    git(root, "commit", "-q", "--amend", "-m", "first", date="2025-04-02T12:00:00+00:00")
    assert [str(i.since) for i in Analysis(load(root)).items] == ["2025-04-02"]


def blamed(monkeypatch) -> list[str]:
    """The notes `git blame` runs on, in the order asked."""
    from vaulttool.analyse import history

    calls: list[str] = []
    blame = history.blame_dates

    def spy(file, repo):
        calls.append(file.name)
        return blame(file, repo)

    monkeypatch.setattr(history, "blame_dates", spy)
    return calls


def since_by_line(root, cache: bool = True) -> dict[tuple[str, int], str]:
    items = Analysis(load(root, cache=cache)).items
    return {(item.position.path, item.position.line): str(item.since) for item in items}


def test_after_a_commit_only_the_notes_it_touched_are_blamed_again(make_vault, cache_dir, monkeypatch):
    """A line is dated by the commit that last changed it (git blame): a commit that touches one
    note dates its new line and leaves the other notes' dates as they were."""
    root = make_vault({"a.md": OPEN_NOTE, "b.md": OPEN_NOTE, "c.md": OPEN_NOTE})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2025-03-01T12:00:00+00:00")
    assert set(since_by_line(root).values()) == {"2025-03-01"}
    calls = blamed(monkeypatch)
    (root / "b.md").write_text(OPEN_NOTE + "- I #wonder why\n", encoding="utf-8")
    git(root, "commit", "-qam", "second", date="2025-06-17T09:00:00+00:00")
    dated = since_by_line(root)
    assert calls == ["b.md"]
    assert dated == {
        ("a.md", 3): "2025-03-01",
        ("b.md", 3): "2025-03-01",
        ("b.md", 4): "2025-06-17",
        ("c.md", 3): "2025-03-01",
    }
    assert since_by_line(root) == dated and calls == ["b.md"]  # kept at the new HEAD: no blame at all
    assert since_by_line(root, cache=False) == dated


@pytest.mark.parametrize("inside", ["", "Obsidian Vault"])
def test_a_rewritten_history_dates_a_note_with_the_same_bytes_again(tmp_path, cache_dir, inside):
    """Neuro/x.md's line 3 is changed and changed back (dated by the change back), then the history
    is reset to before both and a commit touches only y.md: the line's date is its first commit's
    again, though x.md's bytes are those it had when it was last dated (the vault at the top of
    the repository, or in a folder of it: git names the files from the top)."""
    repository = tmp_path / "my notes"
    root = repository / inside
    (root / "Neuro").mkdir(parents=True)
    note = root / "Neuro" / "x.md"
    note.write_text(OPEN_NOTE, encoding="utf-8")
    (root / "y.md").write_text("other\n", encoding="utf-8")
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-qm", "first", date="2025-01-10T12:00:00+00:00")
    note.write_text(OPEN_NOTE.replace("electrogenic", "neutral"), encoding="utf-8")
    git(repository, "commit", "-qam", "change", date="2025-02-10T12:00:00+00:00")
    note.write_text(OPEN_NOTE, encoding="utf-8")
    git(repository, "commit", "-qam", "change back", date="2025-03-10T12:00:00+00:00")
    assert since_by_line(root) == {("Neuro/x.md", 3): "2025-03-10"}
    git(repository, "reset", "-q", "--hard", "HEAD~2")
    (root / "y.md").write_text("other, again\n", encoding="utf-8")
    git(repository, "commit", "-qam", "elsewhere", date="2025-04-10T12:00:00+00:00")
    assert since_by_line(root) == {("Neuro/x.md", 3): "2025-01-10"} == since_by_line(root, cache=False)


def test_git_cannot_say_what_changed_since_a_commit_it_does_not_have(make_vault):
    from vaulttool.analyse.history import touched_since
    from vaulttool.gitcmd import repository

    root = make_vault({"x.md": OPEN_NOTE})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2025-01-10T12:00:00+00:00")
    repo = repository(root)
    assert repo is not None and touched_since(repo, "0" * 40) is None
    written = root.parent / "written"
    assert touched_since(repo, f"--output={written}") is None and not written.exists()  # a damaged cache row
    assert touched_since(repo, repo.head) == frozenset()
