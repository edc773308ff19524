"""Typed settings (issue 9) read safely (issue 16): `.vaulttool.toml` and `.obsidian/app.json`.

What a setting does is documented in the README's "Configuration" section; Obsidian's
`userIgnoreFilters` are path prefixes or `/regex/` patterns (Obsidian help, "Excluded files").
"""

from __future__ import annotations

import os
import time

import pytest

from vaulttool import VaultError, load
from vaulttool.analyse import Analysis
from vaulttool.settings import CheckSettings, LifecycleSettings, ObsidianSettings, load_settings


def test_a_valid_file_becomes_typed_settings(make_vault):
    root = make_vault(
        {
            "a.md": "",
            ".vaulttool.toml": '[vault]\nnames = ["Course"]\n[lifecycle]\n'
            'hypothesis = ["hypothese"]\n[check]\nignore = ["ambiguous-link"]\n',
        }
    )
    settings = load_settings(root)
    assert settings.names == ("Course", root.name)
    assert settings.lifecycle.hypothesis == ("hypothese",)
    assert settings.lifecycle.question == LifecycleSettings().question
    assert settings.check == CheckSettings(select=None, ignore=frozenset({"ambiguous-link"}))
    assert settings.source == root / ".vaulttool.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[vault]\nnames = 3\n", "[vault] names must be a list of strings"),
        ("[lifecycle]\nhypothesis = [1]\n", "[lifecycle] hypothesis must be a list of strings"),
        ("[lifecycle]\nhypotheses = ['x']\n", "unknown key hypotheses in [lifecycle]"),
        ("vault = 1\n", "[vault] must be a table"),
        ("[vault\n", "Expected ']'"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", ".vaulttool.toml"),  # deep nesting: an error, not a crash
    ],
)
def test_every_malformed_file_is_one_line_naming_the_file(make_vault, text, message):
    root = make_vault({"a.md": "", ".vaulttool.toml": text})
    with pytest.raises(VaultError) as error:
        load(root)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert ".vaulttool.toml" in str(error.value)


def test_a_settings_file_that_leads_out_of_the_vault_is_ignored_with_a_warning(make_vault, tmp_path):
    """Issue 16: settings files that are symlinks out of the vault are never read."""
    outside = tmp_path / "elsewhere.toml"
    outside.write_text('[vault]\nnames = ["Leaked"]\n', encoding="utf-8")
    root = make_vault({"a.md": ""})
    (root / ".vaulttool.toml").symlink_to(outside)
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").symlink_to(outside)
    settings = load_settings(root)
    assert settings.names == (root.name,)
    assert [w.split(" ")[0] for w in settings.warnings] == [".obsidian/app.json", ".vaulttool.toml"]


def test_a_fifo_or_a_device_is_never_opened(make_vault):
    """Issue 16: a settings file that is a FIFO would block a reader for ever; it is skipped."""
    root = make_vault({"a.md": ""})
    os.mkfifo(root / ".vaulttool.toml")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").symlink_to("/dev/zero")  # leads out of the vault too
    started = time.monotonic()
    settings = load_settings(root)
    assert time.monotonic() - started < 5
    assert any("not a regular file" in w for w in settings.warnings)


def test_wrong_types_in_app_json_are_an_error(make_vault):
    root = make_vault({"a.md": "", ".obsidian/app.json": '{"userIgnoreFilters": "Archive/"}'})
    with pytest.raises(VaultError, match="userIgnoreFilters"):
        load(root)


def test_excluded_files_by_prefix_and_by_regex(make_vault):
    root = make_vault(
        {
            "Archive/old.md": "#hypothesis : x\n",
            "Draft 1.md": "#hypothesis : y\n",
            "keep.md": "#hypothesis : z\n",
            ".obsidian/app.json": '{"userIgnoreFilters": ["Archive/", "/^Draft \\\\d/"]}',
        }
    )
    assert [item.position.path for item in Analysis(load(root)).items] == ["keep.md"]


def test_a_catastrophic_regex_filter_matches_nothing_instead_of_hanging():
    """Issue 16: `(a+)+$` backtracks exponentially on "aaaa…b" in a backtracking engine; the
    filter is matched with a time limit and then matches nothing."""
    settings = ObsidianSettings(ignore_filters=("/(a+)+$/",))
    started = time.monotonic()
    assert settings.is_ignored("a" * 40 + "b") is False
    assert time.monotonic() - started < 5
    assert ObsidianSettings(ignore_filters=("/^Arch/",)).is_ignored("Archive/x.md")
