"""Dating lifecycle items: git blame in a real repository, else `created`, else mtime."""

from __future__ import annotations

import os
import subprocess
import time

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


def test_cached_blame_follows_head(make_vault):
    """The same bytes under a new commit (an amended date) must be dated anew, not from the cache."""
    root = make_vault({"n.md": OPEN_NOTE})
    git(root, "init", "-q")
    git(root, "add", "n.md")
    git(root, "commit", "-qm", "first", date="2025-03-01T12:00:00+00:00")
    assert [str(i.since) for i in Analysis(load(root)).items] == ["2025-03-01"]
    git(root, "commit", "-q", "--amend", "-m", "first", date="2025-04-02T12:00:00+00:00")
    assert [str(i.since) for i in Analysis(load(root)).items] == ["2025-04-02"]
