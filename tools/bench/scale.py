"""Scale benchmark: generated vaults of 1k, 10k and 50k notes, whole `vaulttool` processes.

    .venv/bin/python tools/bench/scale.py --sizes 1000 --runs 1                 # quick
    .venv/bin/python tools/bench/scale.py --sizes 1000,10000,50000 --runs 3 \\
        --otools-python /work/wt/benchvenv/bin/python --shapes all

Prints Markdown tables:
- command (check, status, report) x size x cold (empty cache) / warm (cache full, nothing
  changed) / 1% changed (cache full, 1% of the notes edited before each run): median wall
  seconds, median CPU seconds (the process and its pool workers), peak memory of the largest process;
- `check` against obsidiantools (`Vault(path).connect().gather()`, run by the Python named with
  `--otools-python`, a venv of the benchmark's own; the row is skipped without it) on 2k notes,
  the two run in turns, each the median of `--otools-runs`;
- `check` against a floor: a Python process that reads every note and runs one regex over it;
- the adversarial shapes (`generate.SHAPES`) against a normal vault of the same bytes;
- with `--history 2000,300`: `status` and `report` on a vault with that many notes and commits
  (`history.py`), cold, warm and after one more commit.
`check*` is `check --ignore missing-note,missing-attachment`: without the two codes whose "did you
mean" hints search each missing name among every name, to see the cost of everything else
(`--check 'check*'` uses it in the floor and shape tables).

Each `check` run's JSON is compared with the generator's count of broken links: a mismatch stops
the benchmark. Vaults and caches live in a temporary folder; nothing is written in the project.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import NOTE_BYTES, SHAPES, Manifest, generate, generate_shape
from history import append_commit, generate_history
from measure import Sample, Summary, Timeout, run, summarise

VAULTTOOL = [sys.executable, "-m", "vaulttool"]
COMMANDS = {
    "check": ["check", "--format", "json"],
    # without the two codes whose "did you mean" hints scan every name (checks.py), to see the rest
    "check*": ["check", "--format", "json", "--ignore", "missing-note,missing-attachment"],
    "status": ["status"],
    "report": ["report", "--no-history"],
}
FLOOR = r"""
import os, re, sys
wiki = re.compile(r"(!?)\[\[([^\[\]\n]*?)\]\]")
found = 0
for folder, subfolders, names in os.walk(sys.argv[1]):
    subfolders[:] = [s for s in subfolders if not s.startswith(".")]
    for name in names:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), encoding="utf-8") as file:
                found += sum(1 for _ in wiki.finditer(file.read()))
print(found)
"""
OTOOLS = "import sys; from pathlib import Path; import obsidiantools.api as otools; otools.Vault(Path(sys.argv[1])).connect().gather()"


class Bench:
    def __init__(self, scratch: Path, runs: int, timeout: float) -> None:
        self.scratch = scratch
        self.runs = runs
        self.timeout = timeout
        self.caches = 0

    def cache(self) -> Path:
        self.caches += 1
        folder = self.scratch / f"cache{self.caches}"
        folder.mkdir()
        return folder

    def env(self, cache: Path) -> dict[str, str]:
        return dict(os.environ, VAULTTOOL_CACHE_DIR=str(cache))

    def vaulttool(self, command: str, vault: Path, cache: Path, manifest: Manifest | None) -> Sample:
        sample = self.process(COMMANDS[command], vault, cache)
        if command.startswith("check") and manifest is not None:
            verify(self.scratch / "out.json", manifest, COMMANDS[command])
        return sample

    def process(self, arguments: list[str], vault: Path, cache: Path) -> Sample:
        """One `vaulttool` process, its output to `out.json`; exit code 2 stops the benchmark."""
        sample = run([*VAULTTOOL, *arguments, str(vault)], self.env(cache), self.scratch / "out.json", self.timeout)
        if sample.code == 2:
            raise SystemExit(f"vaulttool {' '.join(arguments)} {vault} failed with exit code 2")
        return sample

    def repeat(
        self, make: Callable[[], Sample], before: Callable[[], None] = lambda: None, runs: int | None = None
    ) -> Summary | str:
        """The median of `runs` samples (default: the bench's runs), or the timeout's text."""
        samples = []
        for _ in range(runs or self.runs):
            before()
            try:
                samples.append(make())
            except Timeout:
                return f"> {self.timeout:.0f} s"
        return summarise(samples)

    def scenarios(self, command: str, vault: Path, manifest: Manifest | None) -> list[Summary | str]:
        """cold, warm, 1% changed."""
        cold = self.repeat(lambda: self.vaulttool(command, vault, self.cache(), manifest))
        warm_cache = self.cache()
        try:
            self.vaulttool(command, vault, warm_cache, manifest)  # fill it
        except Timeout:
            return [cold, f"> {self.timeout:.0f} s", f"> {self.timeout:.0f} s"]
        warm = self.repeat(lambda: self.vaulttool(command, vault, warm_cache, manifest))
        editor = Editor(vault)
        changed = self.repeat(lambda: self.vaulttool(command, vault, warm_cache, manifest), editor.edit)
        return [cold, warm, changed]


class Editor:
    """Edits a fresh 1% of a generated vault's notes before each run (appends a plain line)."""

    def __init__(self, vault: Path) -> None:
        self.notes = sorted(vault.rglob("*.md"))
        self.round = 0

    def edit(self) -> None:
        self.round += 1
        count = max(1, len(self.notes) // 100)
        start = (self.round * count) % len(self.notes)
        for note in (self.notes * 2)[start : start + count]:
            with open(note, "a", encoding="utf-8") as file:
                file.write(f"\nEdited in round {self.round}.\n")


def verify(output: Path, manifest: Manifest, arguments: list[str]) -> None:
    """The check found exactly the broken links the generator wrote (of the codes it checked)."""
    ignored = set(arguments[arguments.index("--ignore") + 1].split(",")) if "--ignore" in arguments else set()
    wrote = Counter({code: count for code, count in manifest.broken.items() if code not in ignored})
    found = Counter(
        d["code"] for d in json.loads(output.read_text())["diagnostics"] if d["code"].startswith("missing-")
    )
    if found != wrote:
        raise SystemExit(f"check found {dict(found)}, the generator wrote {dict(wrote)}")


def cells(result: Summary | str) -> list[str]:
    return result.cells() if isinstance(result, Summary) else [result, "", ""]


def ratio(a: Summary | str, b: Summary | str) -> str:
    if isinstance(a, Summary) and isinstance(b, Summary):
        return f"{a.wall / b.wall:.1f}x"
    return "n/a"


def table_commands(bench: Bench, sizes: list[int], commands: list[str], seed: int) -> dict[int, tuple[Path, Manifest]]:
    print(
        "| command | notes | cold wall s | cold CPU s | cold MiB | warm wall s | warm CPU s | warm MiB "
        "| 1% wall s | 1% CPU s | 1% MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    vaults = {}
    for size in sizes:
        vault = bench.scratch / f"vault{size}"
        manifest = generate(vault, size, seed)
        vaults[size] = (vault, manifest)
        for command in commands:
            row = [cell for result in bench.scenarios(command, vault, manifest) for cell in cells(result)]
            print(f"| {command} | {size} | " + " | ".join(row) + " |", flush=True)
    return vaults


def table_floor(bench: Bench, vaults: dict[int, tuple[Path, Manifest]], check: str) -> None:
    print(
        f"\n| notes | read + regex floor s | {check} cold s | ratio | {check} warm s | ratio |\n|---:|---:|---:|---:|---:|---:|"
    )
    for size, (vault, manifest) in vaults.items():
        floor = bench.repeat(lambda vault=vault: run([sys.executable, "-c", FLOOR, str(vault)], timeout=bench.timeout))
        cold, warm, _ = bench.scenarios(check, vault, manifest)
        print(
            f"| {size} | {cells(floor)[0]} | {cells(cold)[0]} | {ratio(cold, floor)} | {cells(warm)[0]} "
            f"| {ratio(warm, floor)} |",
            flush=True,
        )


def table_otools(bench: Bench, python: str, size: int, seed: int, runs: int) -> None:
    """obsidiantools and a cold `check` on the same vault, each the median of `runs`, in turns."""
    vault = bench.scratch / f"otools{size}"
    manifest = generate(vault, size, seed)
    print(f"\n| {size} notes ({runs} runs each) | wall s | CPU s | MiB |\n|---|---:|---:|---:|")
    otools_runs: list[Sample] = []
    check_runs: list[Sample] = []
    otools: Summary | str | None = None  # the timeout's text once obsidiantools ran out of time
    for _ in range(runs):  # in turns: a slower moment of the machine weighs on both
        if otools is None:
            try:
                otools_runs.append(run([python, "-c", OTOOLS, str(vault)], timeout=bench.timeout))
            except Timeout:
                otools = f"> {bench.timeout:.0f} s"
        check_runs.append(bench.vaulttool("check", vault, bench.cache(), manifest))
    otools = otools or summarise(otools_runs)
    cold = summarise(check_runs)
    print("| obsidiantools `Vault(path).connect().gather()` | " + " | ".join(cells(otools)) + " |")
    print("| vaulttool check, cold | " + " | ".join(cells(cold)) + " |")
    if isinstance(otools, str) and isinstance(cold, Summary):
        print(
            f"\nobsidiantools did not finish in {bench.timeout:.0f} s: vaulttool check cold is at least "
            f"{bench.timeout / cold.wall:.1f}x faster",
            flush=True,
        )
    else:
        print(f"\nvaulttool check cold is {ratio(otools, cold)} faster than obsidiantools", flush=True)


def table_shapes(bench: Bench, shapes: list[str], seed: int, check: str) -> None:
    print(
        f"\n| shape | notes | MiB | {check} cold s | normal vault of the same bytes: notes | cold s | ratio "
        f"| {check} warm s | normal warm s | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    normals: dict[int, tuple[Path, Manifest, Summary | str, Summary | str]] = {}
    for shape in shapes:
        vault = bench.scratch / f"shape-{shape}"
        manifest = generate_shape(vault, shape, seed)
        equivalent = max(1, round(manifest.bytes / NOTE_BYTES))
        if equivalent not in normals:
            normal = bench.scratch / f"normal{equivalent}"
            normal_manifest = generate(normal, equivalent, seed)
            normals[equivalent] = (normal, normal_manifest, *bench.scenarios(check, normal, normal_manifest)[:2])
        _, _, normal_cold, normal_warm = normals[equivalent]
        cold, warm, _ = bench.scenarios(check, vault, manifest)
        print(
            f"| {shape} | {manifest.notes} | {manifest.bytes / 2**20:.1f} | {cells(cold)[0]} | {equivalent} "
            f"| {cells(normal_cold)[0]} | {ratio(cold, normal_cold)} | {cells(warm)[0]} | {cells(normal_warm)[0]} "
            f"| {ratio(warm, normal_warm)} |",
            flush=True,
        )


def table_history(bench: Bench, notes: int, commits: int, seed: int) -> None:
    """`status` and `report` with history on a vault with `commits` commits: cold, warm, and after
    one more commit (10 notes edited) before each run."""
    vault = bench.scratch / f"history{notes}"
    history = generate_history(vault, notes, commits, seed)
    report = ["report", "--format", "json", "--as-of", history.last.isoformat()]
    print(
        f"\n{notes} notes, {commits} commits (`history.py`), `report` as of {history.last}\n\n"
        "| command | cold wall s | cold CPU s | cold MiB | warm wall s | warm CPU s | warm MiB "
        "| after a commit wall s | CPU s | MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    files, rng, step = sorted(vault.rglob("*.md")), random.Random(seed + 1), commits
    for name, arguments in (("status", ["status"]), ("report", report)):
        cold = bench.repeat(lambda arguments=arguments: bench.process(arguments, vault, bench.cache()))
        cache = bench.cache()
        bench.process(arguments, vault, cache)  # fill it
        warm = bench.repeat(lambda arguments=arguments, cache=cache: bench.process(arguments, vault, cache))

        def commit() -> None:
            nonlocal step
            append_commit(vault, files, step, rng)
            step += 1

        after = bench.repeat(lambda arguments=arguments, cache=cache: bench.process(arguments, vault, cache), commit)
        print(f"| {name} | " + " | ".join(cells(cold) + cells(warm) + cells(after)) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated note counts (default %(default)s)")
    parser.add_argument("--commands", default="check,status,report", help="default %(default)s")
    parser.add_argument("--runs", type=int, default=3, help="runs per cell, the median is shown (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds before a run is given up (default %(default)s)"
    )
    parser.add_argument("--otools-python", help="a Python with obsidiantools installed (else that row is skipped)")
    parser.add_argument("--otools-size", type=int, default=2000)
    parser.add_argument("--otools-runs", type=int, help="runs of each in the obsidiantools row (default: --runs)")
    parser.add_argument("--shapes", default="", help=f"'all' or some of {', '.join(SHAPES)}")
    parser.add_argument(
        "--history", metavar="NOTES,COMMITS", help="also status and report on a vault with git history, e.g. 2000,300"
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the read-plus-regex floor")
    parser.add_argument(
        "--check",
        default="check",
        choices=[c for c in COMMANDS if c.startswith("check")],
        help="the check variant of the floor and shape tables (default %(default)s)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    commands = [c for c in args.commands.split(",") if c]
    unknown = sorted(set(commands) - COMMANDS.keys())
    shapes = list(SHAPES) if args.shapes == "all" else [s for s in args.shapes.split(",") if s]
    if unknown or set(shapes) - SHAPES.keys():
        parser.error(f"unknown command or shape: {', '.join(unknown + sorted(set(shapes) - SHAPES.keys()))}")
    print(f"runs per cell: {args.runs}, seed {args.seed}, {os.cpu_count()} cores, python {sys.version.split()[0]}\n")
    with tempfile.TemporaryDirectory(prefix="vaulttool-bench-") as scratch:
        bench = Bench(Path(scratch), args.runs, args.timeout)
        vaults = table_commands(bench, sizes, commands, args.seed) if sizes and commands else {}
        if not args.no_floor and vaults:
            table_floor(bench, vaults, args.check)
        if args.otools_python:
            if Path(args.otools_python).exists():
                table_otools(bench, args.otools_python, args.otools_size, args.seed, args.otools_runs or args.runs)
            else:
                print(f"\nobsidiantools row skipped: {args.otools_python} not found")
        if shapes:
            table_shapes(bench, shapes, args.seed, args.check)
        if args.history:
            notes, commits = (int(number) for number in args.history.split(","))
            table_history(bench, notes, commits, args.seed)


if __name__ == "__main__":
    main()
