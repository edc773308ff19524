"""Shared test fixtures: the sample vault, the seed note, the corpora, and vault hashing."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
VAULT = ROOT / "vault"
SHARED = ROOT.parent / "shared"
SEED_NAME = "Ionic Basis of the Resting Membrane Potential, part 1.md"
SEED = SHARED / "seeds" / SEED_NAME
SEED_IN_VAULT = f"Medical Neuroscience/{SEED_NAME}"
CORPORA = SHARED / "corpora"
BENCH = ROOT / "tools" / "bench"
EXPORT_CASES = (
    "filter-by-tags",
    "infinite-recursion",
    "main-samples",
    "non-ascii",
    "postprocessors",
    "same-filename-different-directories",
    "single-file",
    "start-at",
)
"""obsidian-export's eight input vaults (corpora README), named here, not listed from the folder: a
missing corpus must be a skip with its reason, never a parametrisation that silently shrinks."""
# Markdown's special tokens, as they meet in notes and where two block passes could part: random
# Markdown for the differential tests of the faster passes (`fast_blocks`, `line_blocks`)
MARKDOWN_PIECES = [
    "[", "]", "[[", "]]", "![[", "!", "(", ")", "`", "``", "\\", "\n", "\n\n", "\n", " ", "  ", "    ",
    "a", "b#c", "#tag", "^id", "|", "| a |", "|---|", "\n|---|---|\n", "> ", ">", "- ", "* ", "+ ",
    "1. ", "2) ", "10. ", "```", "~~~", "```py", "#", "# ", "## ", "=", "===", "---", "***", "*", "_",
    "\t", "\t- ", "\t\t", "---\n", "<div>", "</div>", "<!--", "-->", "é", "µ", "Ω ", "\u00a0", "[ ] ",
    "[x] ", "[!note] ", "$", "x", "word ", "[^1]: ", "[a]: /url",
]  # fmt: skip


@cache
def bench_module(name: str) -> ModuleType:
    """The benchmark's module `tools/bench/<name>.py`, loaded once (with the folder on the path,
    since the benchmark's scripts import each other)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module  # dataclasses look their module up
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


def bench_generator() -> ModuleType:
    """The benchmark's vault generator (`tools/bench/generate.py`)."""
    return bench_module("generate")


def records_both_ways(path: str, text: str, faster: str, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, bool]:
    """A note's record read with markdown-it-py's block pass alone and with the faster block pass
    `faster` (`line_blocks` or `fast_blocks`) before it, and whether that pass read the note: the
    differential tests of the faster passes, which compare the two byte for byte."""
    from vaulttool import parse
    from vaulttool.parse import fast_blocks, line_blocks
    from vaulttool.parse.source import LineIndex, normalize
    from vaulttool.records import encode_note

    passes = {
        "line_blocks": ("line_layout", line_blocks.line_layout),
        "fast_blocks": ("fast_layout", fast_blocks.fast_layout),
    }
    name, read = passes[faster]
    with monkeypatch.context() as patch:
        for other, _ in passes.values():
            if other != name:
                patch.setattr(parse, other, lambda text, index: None)
        quick = encode_note(parse.parse_note(path, text))
        patch.setattr(parse, name, lambda text, index: None)
        slow = encode_note(parse.parse_note(path, text))
    normal = normalize(text)
    return slow, quick, read(normal, LineIndex(normal)) is not None


def imported_after_parsing(texts: list[str], modules: tuple[str, ...]) -> list[bool]:
    """Whether any of `modules` is imported, in a fresh interpreter, after parsing each of `texts`
    in turn (what a parse imports on first use)."""
    code = "import sys\nfrom vaulttool.parse import parse_note\n" + "".join(
        f"parse_note('n.md', {text!r})\nprint(any(name in sys.modules for name in {modules!r}))\n" for text in texts
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return [line == "True" for line in shown]


def git_env(date: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a test's own git commands: a fixed identity, and the author and commit
    date when `date` is given, then `extra`."""
    env = dict(
        os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x"
    )
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    env.update(extra)
    return env


def git_in(root: Path, *args: str, stamp: str = "") -> None:
    """Run a test's own git command in `root` (no global config), dated `stamp` when given."""
    env = git_env(stamp, GIT_CONFIG_GLOBAL=os.devnull)
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def patches_taken(monkeypatch: pytest.MonkeyPatch, module: Any) -> list[bool]:
    """Whether each run with the cache through `module.patched` (`check_state`, `status_state`)
    patched the kept state (True) or needed a full run (False)."""
    taken: list[bool] = []
    patch = module.patched

    def spy(scanned: Any, *args: Any, **kwargs: Any) -> Any:
        result = patch(scanned, *args, **kwargs)
        if scanned.cache_dir is not None:
            taken.append(result is not None)
        return result

    monkeypatch.setattr(module, "patched", spy)
    return taken


def tree_fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root (including dot-folders) → (sha256, mtime_ns)."""
    result = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            stat = path.stat()
            result[str(path.relative_to(root))] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns)
    return result


@pytest.fixture(autouse=True, scope="session")
def private_parse_cache(tmp_path_factory):
    """Tests (and the commands they start) keep their parse cache in a temporary folder."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("VAULTTOOL_CACHE_DIR")
    os.environ["VAULTTOOL_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("VAULTTOOL_CACHE_DIR", None)
    else:
        os.environ["VAULTTOOL_CACHE_DIR"] = previous


@pytest.fixture
def untouched_vault():
    """The sample vault, asserted unchanged (bytes and mtimes) after the test."""
    before = tree_fingerprint(VAULT)
    yield VAULT
    assert tree_fingerprint(VAULT) == before, "a command wrote inside the vault"


def corpus(name: str) -> Path:
    """The corpus folder `name` under ../shared/corpora, or a skip saying it is absent."""
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name} not present in {CORPORA} (../shared/corpora beside the clone)")
    return path


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder for the test's runs (`VAULTTOOL_CACHE_DIR`)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def make_vault(tmp_path):
    """Write {relative path: text} into a fresh vault folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        for relative, content in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def time_limit():
    """A context manager failing the test when its body runs longer than `seconds` (a guard
    against hangs and super-linear work, not a benchmark: the inputs are sized so that a quadratic
    algorithm would take minutes and a linear one a small fraction of the limit)."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def limit(seconds: float):
        def expire(signum, frame):
            raise TimeoutError(f"took longer than {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return limit
