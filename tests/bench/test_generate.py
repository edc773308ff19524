"""The benchmark's vault generator: deterministic, and its count of broken links is what
`vaulttool check` finds.

The generator decides every link before writing it: links to headings and `^block-ids` it wrote
itself resolve (Obsidian: "Link to a heading / block in a note", HELP Linking notes and files/
Internal links.md), and the broken ones name a misspelt note, a heading or block the target does
not have, or an attachment that is not there; so the expected count comes from the generator's
construction, not from vaulttool's output.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import bench_generator


@pytest.fixture(scope="module")
def generator():
    return bench_generator()


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(generator, tmp_path):
    first = generator.generate(tmp_path / "a", 40, seed=7)
    second = generator.generate(tmp_path / "b", 40, seed=7)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert first == second
    generator.generate(tmp_path / "c", 40, seed=8)
    assert tree(tmp_path / "c") != tree(tmp_path / "a")


def test_notes_are_realistic(generator, tmp_path):
    manifest = generator.generate(tmp_path / "v", 200, seed=1)
    notes = sorted((tmp_path / "v").rglob("*.md"))
    assert manifest.notes == len(notes) == 200
    assert 3500 < manifest.bytes / manifest.notes < 5500  # the issue's ~4.5 KB notes
    assert any(len(p.relative_to(tmp_path / "v").parts) >= 4 for p in notes)  # nested folders
    names = Counter(p.name for p in notes)
    assert max(names.values()) >= 2  # same-named notes in different folders
    text = "".join(p.read_text(encoding="utf-8") for p in notes)
    for feature in (
        "---\ncreated:",
        "\n## ",
        "#^b",
        "[[",
        "](",
        "#hypothesis",
        "#to_verify",
        "#verifed",
        "```nernst",
        "`nernst:",
    ):
        assert feature in text, feature


def test_broken_links_are_what_check_reports(generator, tmp_path):
    manifest = generator.generate(tmp_path / "v", 60, seed=3)
    assert manifest.broken_total > 10 and set(manifest.broken) == {
        "missing-note",
        "missing-heading",
        "missing-block",
        "missing-attachment",
    }
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", "check", str(tmp_path / "v"), "--format", "json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert result.returncode == 1, result.stderr
    found = Counter(d["code"] for d in json.loads(result.stdout)["diagnostics"] if d["code"].startswith("missing-"))
    assert found == manifest.broken


def test_identical_results_cold_warm_serial_and_parallel(generator, tmp_path, monkeypatch):
    """Issue 15: every way a run can be computed gives the same bytes: parsed in one process or in
    worker processes, without a cache, into an empty cache, from the parse cache and kept lifecycle
    readings, and from the kept answer of an unchanged vault."""
    from click.testing import CliRunner

    from vaulttool import vault as vault_module
    from vaulttool.cli import main

    manifest = generator.generate(tmp_path / "v", 240, seed=5)
    assert manifest.notes > vault_module.PARALLEL_THRESHOLD  # the default run parses in workers
    runs = [("check", "--format", "json", "--orphans"), ("status", "--all", "--format", "json")]

    def outputs(*options: str) -> list[str]:
        return [CliRunner().invoke(main, [*options, args[0], str(tmp_path / "v"), *args[1:]]).stdout for args in runs]

    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    parallel = outputs("--no-cache")
    assert json.loads(parallel[0])["diagnostics"] and json.loads(parallel[1])["items"]
    with monkeypatch.context() as serial:
        serial.setattr(vault_module, "PARALLEL_THRESHOLD", 10**9)
        assert outputs("--no-cache") == parallel
    assert outputs() == parallel  # cold: an empty cache is filled
    assert outputs() == parallel  # warm: the kept answers
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as db:
        db.execute("DELETE FROM results")
    assert outputs() == parallel  # warm: parse cache and kept readings, answers computed again
