"""The compiled build (`VAULTTOOL_COMPILE=1 pip install .`, `hatch_build.py`) gives what the
sources give. A parse worker's own function (`vault._parse_to_record`: the note's key, its cache
record and its lifecycle reading) runs over every note of the real vaults, a generated vault and
random Markdown twice, in two interpreters: once with the installed vaulttool, whose listed modules
mypyc compiled, once with the pure-Python sources of `tools/` first on the path. The two must agree
byte for byte.

Where vaulttool is not compiled (an editable install, the suite's usual run) these tests skip;
with VAULTTOOL_EXPECT_COMPILED=1 (CI's run of the compiled build) they fail instead.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import msgspec
import pytest

from conftest import MARKDOWN_PIECES, ROOT, VAULT, bench_generator, corpus
from vaulttool import __version__

_HOOK = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
LISTED = [path.removesuffix(".py").replace("/", ".") for path in _HOOK["wheel"]["hooks"]["custom"]["compile"]]
EXPECTED = os.environ.get("VAULTTOOL_EXPECT_COMPILED") == "1"

# Run in a fresh interpreter: the sources folder given first on the path (else the installed
# vaulttool), (path, bytes) pairs on stdin; out: whether the line pass was loaded compiled, then
# each note's worker result.
_WORKER = """
import sys
if sys.argv[1]:
    sys.path.insert(0, sys.argv[1])
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
import msgspec
from vaulttool.analyse.readings import derivation
from vaulttool.parse import line_blocks
from vaulttool.settings import Settings
from vaulttool.vault import _parse_to_record

derive = derivation(Settings())
results = [line_blocks.__file__.endswith(tuple(EXTENSION_SUFFIXES))]
for path, data in msgspec.msgpack.decode(sys.stdin.buffer.read()):
    results.append(_parse_to_record(Path("."), (path, data), derive))
sys.stdout.buffer.write(msgspec.msgpack.encode(results))
"""


def _compiled(module: str) -> bool:
    file = importlib.import_module(module).__file__ or ""
    return file.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _require_compiled() -> None:
    if not any(_compiled(module) for module in LISTED):
        if EXPECTED:
            pytest.fail("VAULTTOOL_EXPECT_COMPILED=1, but no listed module is compiled")
        pytest.skip("vaulttool is not compiled here (VAULTTOOL_COMPILE=1 pip install . builds it)")


def _env(sources: str, **extra: str) -> dict[str, str]:
    """This environment without PYTHONPATH (so the installed vaulttool), or with `sources` on it."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"} | extra
    if sources:
        env["PYTHONPATH"] = sources
    return env


def _worker_results(notes: list[tuple[str, bytes]], sources: str) -> tuple[bool, list[bytes]]:
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, sources],
        env=_env(""),  # the worker puts `sources` first on its path itself
        input=msgspec.msgpack.encode(notes),
        capture_output=True,
        check=True,
        timeout=600,
    )
    compiled, *results = msgspec.msgpack.decode(done.stdout)
    return compiled, [msgspec.msgpack.encode(result) for result in results]


def _compare(notes: list[tuple[str, bytes]]) -> None:
    assert notes
    compiled, built = _worker_results(notes, "")
    pure, sources = _worker_results(notes, str(ROOT / "tools"))
    assert compiled and not pure
    for (path, _), one, other in zip(notes, built, sources, strict=True):
        assert one == other, path


def test_the_listed_modules_are_compiled_all_or_none():
    _require_compiled()
    assert [module for module in LISTED if not _compiled(module)] == []


@pytest.mark.parametrize("module", LISTED)
def test_no_listed_module_keeps_a_cached_property(module):
    # mypyc compiles `functools.cached_property` as a plain property, recomputed at each use: the
    # inline masking's closers (found once per text) became quadratic, 82 s on a 50,000-character line
    source = (ROOT / "tools" / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert "@cached_property" not in source


def test_the_classes_a_kept_reading_is_decoded_into_stay_interpreted():
    # mypyc keeps a compiled class's annotations without their parameters: msgspec decoded a kept
    # reading's `items: tuple[Item, ...]` as a tuple of lists, and `status` failed
    assert "vaulttool.analyse.reading_records" not in LISTED
    assert not _compiled("vaulttool.analyse.reading_records")


def test_the_modules_the_differential_tests_replace_names_in_stay_interpreted():
    # records_both_ways replaces `vaulttool.parse.line_layout` and `fast_layout`: a compiled
    # `parse_note` would call the originals and the tests would compare a pass with itself
    assert "vaulttool.parse" not in LISTED
    assert not _compiled("vaulttool.parse")


@pytest.mark.parametrize("root", [VAULT, "obsidian-help-en", "kepano-obsidian", "obsidian-export", "obsidiantools"])
def test_the_notes_of_the_vaults_are_read_alike(root):
    _require_compiled()
    folder = root if root == VAULT else corpus(root)
    _compare([(file.relative_to(folder).as_posix(), file.read_bytes()) for file in sorted(folder.rglob("*.md"))])


def test_a_generated_vault_is_read_alike(tmp_path):
    _require_compiled()
    bench_generator().generate(tmp_path / "v", 300, seed=5)
    folder = tmp_path / "v"
    _compare([(file.relative_to(folder).as_posix(), file.read_bytes()) for file in sorted(folder.rglob("*.md"))])


def test_random_markdown_is_read_alike():
    _require_compiled()
    rng = random.Random(20261201)
    texts = ["".join(rng.choice(MARKDOWN_PIECES) for _ in range(rng.randint(1, 80))) for _ in range(1500)]
    _compare([(f"r/{number}.md", text.encode()) for number, text in enumerate(texts)])


def _command_outputs(vault: Path, cache: Path, sources: str) -> list[tuple[int, str]]:
    """What `check` and `status` print on `vault`: without a cache, into an empty one, from it."""
    env = _env(sources, VAULTTOOL_CACHE_DIR=str(cache))
    runs = [["check", "--format", "json", "--orphans"], ["status", "--all", "--format", "json"]]
    outputs = []
    for options in [["--no-cache"]] + [[]] * 2:
        for run in runs:
            done = subprocess.run(
                [sys.executable, "-m", "vaulttool", *options, run[0], str(vault), *run[1:]],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode in (0, 1), done.stderr
            outputs.append((done.returncode, done.stdout))
    return outputs


@pytest.mark.parametrize("generated", [False, True], ids=["sample vault", "generated vault"])
def test_the_commands_report_alike(generated, tmp_path):
    # what the workers send back is decoded again (a reading's types must survive compiling),
    # and the notes of a large vault are parsed in worker processes
    _require_compiled()
    vault = VAULT
    if generated:
        vault = tmp_path / "v"
        bench_generator().generate(vault, 240, seed=5)
    built = _command_outputs(vault, tmp_path / "built", "")
    assert built == _command_outputs(vault, tmp_path / "sources", str(ROOT / "tools"))


def _version(sources: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "vaulttool", "--version"], env=_env(sources), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_version_says_whether_the_parse_is_compiled():
    compiled = any(_compiled(module) for module in LISTED)
    assert _version("") == f"vaulttool {__version__} (compiled: {'yes' if compiled else 'no'})\n"
    assert _version(str(ROOT / "tools")) == f"vaulttool {__version__} (compiled: no)\n"


def test_the_sources_are_never_shadowed_by_a_compiled_module_beside_them():
    # the build compiles a copy: a stray extension module beside a source would be imported
    # instead of the file being edited
    strays = [
        path for suffix in importlib.machinery.EXTENSION_SUFFIXES for path in (ROOT / "tools").rglob(f"*{suffix}")
    ]
    assert strays == []
