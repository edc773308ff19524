"""The benchmark's vault generator: deterministic, and its count of broken links is what
`vaulttool check` finds.

The generator decides every link before writing it: links to headings and `^block-ids` it wrote
itself resolve (Obsidian: "Link to a heading / block in a note", HELP Linking notes and files/
Internal links.md), and the broken ones name a misspelt note, a heading or block the target does
not have, or an attachment that is not there; so the expected count comes from the generator's
construction, not from vaulttool's output.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "tools" / "bench"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


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
