"""Discovering a vault's files (DESIGN.md "discover / read"; rule 24 of OBSIDIAN_RULES.md)."""

from __future__ import annotations

import os

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.vault import discover


def test_dot_folders_are_skipped_whatever_their_name(make_vault):
    """Rule 24: the config folder may be renamed (any dot-folder holding app.json): skip every dot-folder."""
    root = make_vault(
        {
            "a.md": "#wonder a\n",
            ".obsidian/app.json": "{}",
            ".config-renamed/app.json": "{}",
            ".config-renamed/plugin.md": "#wonder hidden\n",
            ".trash/old.md": "#wonder deleted\n",
            ".git/x.md": "#wonder git\n",
            "sub/b.md": "#wonder b\n",
            "sub/pic.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    notes, files, _ = discover(root)
    assert notes == ["a.md", "sub/b.md"] and files == ["sub/pic.png"]
    assert sorted(i.position.path for i in Analysis(load(root)).items) == ["a.md", "sub/b.md"]


def test_symlinks_that_leave_the_vault_are_not_followed(make_vault, tmp_path):
    """DESIGN.md: symlinks that leave the vault are skipped; a link inside the vault is a file like others."""
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.md").write_text("#wonder secret\n", encoding="utf-8")
    root = make_vault({"a.md": "text\n", "inner/real.md": "#wonder inside\n"})
    os.symlink(outside / "secret.md", root / "leak.md")
    os.symlink(outside, root / "folder-leak")
    os.symlink(root / "inner" / "real.md", root / "alias.md")
    notes, _, _ = discover(root)
    assert notes == ["a.md", "alias.md", "inner/real.md"]


def test_paths_use_forward_slashes_and_sort(make_vault):
    root = make_vault({"Z.md": "", "a/b/c.md": "", "a/B.md": ""})
    assert discover(root)[0] == sorted(["Z.md", "a/b/c.md", "a/B.md"])
