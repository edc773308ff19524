"""Whole-process benchmarks for vaulttool commands: wall time (median), import share, peak memory.

    .venv/bin/python tools/bench/bench.py               # sample vault + corpora, 10 runs each
    .venv/bin/python tools/bench/bench.py --runs 5 --scale 2000

Targets: `vaulttool --help` and `vaulttool status vault` within 150 ms of wall time (issue 15;
DESIGN.md asks 200 ms).
"Cold" runs use a fresh, empty parse cache each time; "warm" runs reuse one. `--scale N` also
builds a vault of N notes in a temporary folder (copies of the Obsidian help vault's notes, in
numbered folders) to compare with obsidiantools' 61 s for 2,000 notes. Nothing is written in
the project or in any vault.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import run

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
VAULTTOOL = [sys.executable, "-m", "vaulttool"]
BUDGET_MS = 150


def run_once(command: list[str], env: dict[str, str], errors: Path) -> tuple[float, float]:
    """Wall seconds and the command's own peak RSS (MiB) of one run; fails loudly on exit code 2."""
    sample = run(command, env, stderr=errors)
    if sample.code == 2:
        raise SystemExit(f"{' '.join(command)} failed: {errors.read_text().strip()}")
    return sample.wall, sample.peak_mib


def measure(command: list[str], runs: int, cold: bool) -> tuple[float, float, float]:
    """(median ms, min ms, peak RSS MiB) over `runs` runs."""
    times, peak = [], 0.0
    with tempfile.TemporaryDirectory() as warm_folder:
        errors = Path(warm_folder) / "stderr.txt"
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cold_folder:
                env = dict(os.environ, VAULTTOOL_CACHE_DIR=cold_folder if cold else warm_folder)
                if not cold and not times:
                    run_once(command, env, errors)  # fill the warm cache first
                elapsed, rss = run_once(command, env, errors)
                times.append(elapsed * 1000)
                peak = max(peak, rss)
    return statistics.median(times), min(times), peak


def import_ms(module: str) -> float:
    """Cumulative import time of `module` (ms), from `python -X importtime`."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True
    )
    last = [line for line in result.stderr.splitlines() if re.search(rf"\|\s*{re.escape(module)}$", line)]
    return int(last[-1].split("|")[1]) / 1000 if last else float("nan")


def scaled_vault(size: int, folder: Path) -> Path:
    """A vault of `size` notes made of copies of the help vault's notes in numbered folders."""
    source = CORPORA / "obsidian-help-en"
    notes = sorted(p for p in source.rglob("*.md"))
    copies = 0
    while copies < size:
        for note in notes:
            if copies >= size:
                break
            target = folder / f"copy{copies // len(notes):03d}" / note.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(note, target)
            copies += 1
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--scale", type=int, default=0, help="also benchmark a vault of this many notes")
    args = parser.parse_args()

    cases: list[tuple[str, list[str], bool]] = [
        ("vaulttool --help", [*VAULTTOOL, "--help"], True),
        ("status vault (cold cache)", [*VAULTTOOL, "status", str(ROOT / "vault")], True),
        ("status vault (warm cache)", [*VAULTTOOL, "status", str(ROOT / "vault")], False),
        ("tags vault (warm cache)", [*VAULTTOOL, "tags", str(ROOT / "vault")], False),
    ]
    help_vault = CORPORA / "obsidian-help-en"
    if help_vault.is_dir():
        cases += [
            ("status obsidian-help-en (cold)", [*VAULTTOOL, "status", str(help_vault)], True),
            ("status obsidian-help-en (warm)", [*VAULTTOOL, "status", str(help_vault)], False),
            ("check obsidian-help-en (cold)", [*VAULTTOOL, "check", str(help_vault)], True),
            ("check obsidian-help-en (warm)", [*VAULTTOOL, "check", str(help_vault)], False),
        ]
    with tempfile.TemporaryDirectory() as scratch:
        if args.scale and help_vault.is_dir():
            big = scaled_vault(args.scale, Path(scratch) / "vault")
            cases += [
                (f"status {args.scale} notes (cold)", [*VAULTTOOL, "status", str(big)], True),
                (f"status {args.scale} notes (warm)", [*VAULTTOOL, "status", str(big)], False),
                (f"check {args.scale} notes (warm)", [*VAULTTOOL, "check", str(big)], False),
            ]
        print("| command | median ms | min ms | peak RSS MiB |\n|---|---:|---:|---:|")
        for label, command, cold in cases:
            runs = args.runs if "notes" not in label else max(3, args.runs // 3)
            median, best, rss = measure(command, runs, cold)
            flag = (
                " (over budget)"
                if label.startswith(("vaulttool --help", "status vault")) and median > BUDGET_MS
                else ""
            )
            print(f"| {label}{flag} | {median:.0f} | {best:.0f} | {rss:.0f} |")
    print(
        f"\nimport vaulttool.cli: {import_ms('vaulttool.cli'):.0f} ms; "
        f"import vaulttool.vault (parser, YAML, markdown-it): {import_ms('vaulttool.vault'):.0f} ms; "
        f"python -c pass: {measure([sys.executable, '-c', 'pass'], 5, True)[0]:.0f} ms"
    )


if __name__ == "__main__":
    main()
