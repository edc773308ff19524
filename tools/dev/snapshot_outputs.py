"""Run every command and format on the sample vault and the corpora and save what each prints.

    python tools/dev/snapshot_outputs.py OUT_FOLDER        # then: diff -r BEFORE AFTER

Used to show that a restructuring changes no output: take a snapshot before and after, compare.
Each file holds the command line, the exit code, stdout and stderr. Output files named with -o
are written to a temp folder and their bytes saved too. Nothing is written in any vault.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
VAULTS = {"sample": ROOT / "vault", **{p.name: p for p in sorted(CORPORA.glob("*")) if p.is_dir()}}
COMMANDS = [
    ["status"],
    ["status", "--all"],
    ["status", "--format", "json"],
    ["status", "--all", "--format", "markdown"],
    ["tags"],
    ["tags", "--where"],
    ["tags", "--format", "json"],
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "github"],
    ["check", "--format", "sarif"],
    ["check", "--orphans", "--select", "missing-note,orphan-note"],
    ["graph"],
    ["graph", "--format", "json"],
    ["graph", "--format", "dot"],
    ["graph", "--format", "graphml"],
    ["verify"],
    ["verify", "--format", "json"],
    ["verify", "--format", "github"],
    ["report", "--as-of", "2026-01-01", "--no-history"],
    ["report", "--as-of", "2026-01-01", "--no-history", "--format", "json"],
    ["report", "--as-of", "2026-01-01", "--no-history", "--format", "markdown"],
    ["report", "--as-of", "2026-01-01", "--no-history", "--format", "html"],
    ["review"],
    ["review", "--format", "html"],
    ["review", "--include", "corrected,partial,verified,open"],
]
GLOBAL = [
    ["rules"],
    ["rules", "--format", "json"],
    ["calc", "nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM", "--explain"],
    [
        "calc",
        "ghk",
        "--temperature",
        "20C",
        "--ion",
        "K+:400mM:20mM:1",
        "--ion",
        "Na+:50mM:440mM:0.04",
        "--ion",
        "Cl-:52mM:560mM:0.45",
        "--format",
        "json",
        "--explain",
    ],
    ["--help"],
    ["status", "--help"],
]


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return f"$ vaulttool {' '.join(args)}\nexit {result.returncode}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, VAULTTOOL_CACHE_DIR=cache, NO_COLOR="1")
        for number, args in enumerate(GLOBAL):
            (out / f"global-{number:02}.txt").write_text(run(args, env))
        for name, vault in VAULTS.items():
            for number, args in enumerate(COMMANDS):
                (out / f"{name}-{number:02}.txt").write_text(
                    run([args[0], os.path.relpath(vault, ROOT), *args[1:]], env)
                )


if __name__ == "__main__":
    main()
