"""Instructions a parse worker spends on a note, counted by valgrind: a figure that does not move
with the machine's load, for comparing two versions of vaulttool where wall and CPU times, which
spread by a fifth from one run to the next on a shared machine, cannot tell a few per cent apart.

    .venv/bin/python tools/bench/instructions.py --notes 200 tools /tmp/older/tools

Each source folder (one that holds the `vaulttool` package) is run in its own process under
`valgrind --tool=callgrind`: once reading one note, once reading `--notes` notes of a generated
vault as a parse worker does (read, parse, lifecycle reading, cache record). The difference,
divided by the notes read besides the first, is printed per folder (what the first note costs
once, such as the imports made on first use, is left out). Its modules are compiled to bytecode
first, so neither run counts the compiling. Needs valgrind (Debian's package).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

# What a run does: the worker's own function over `count` notes spread through the vault.
_WORK = """
import sys
from pathlib import Path
from vaulttool.analyse.readings import derivation
from vaulttool.settings import Settings
from vaulttool.vault import _parse_to_record

root, count = Path(sys.argv[1]), int(sys.argv[2])
paths = sorted(path.relative_to(root).as_posix() for path in root.rglob("*.md"))
derive = derivation(Settings())
for path in paths[:: max(1, len(paths) // count)][:count]:
    _parse_to_record(root, (path, None), derive)
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def _instructions(source: Path, vault: Path, notes: int) -> int:
    """The instructions a run reading `notes` notes takes."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _WORK,
            vault,
            str(notes),
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    found = _COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {source}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", type=Path, help="folders holding the vaulttool package")
    parser.add_argument("--notes", type=int, default=200, help="notes read, at least 2 (default 200)")
    parser.add_argument("--vault-notes", type=int, default=10_000, help="notes of the generated vault")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    if options.notes < 2:
        parser.error("--notes must be at least 2")
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder) / "vault"
        generate(vault, options.vault_notes, options.seed)
        print(f"| source | instructions a note ({options.notes} of {options.vault_notes} notes) |")
        print("|---|---:|")
        for source in options.sources:
            compileall.compile_dir(source / "vaulttool", quiet=1, force=True)
            many, one = _instructions(source, vault, options.notes), _instructions(source, vault, 1)
            per_note = (many - one) / (options.notes - 1)
            print(f"| {source} | {per_note / 1e6:.2f} M |")


if __name__ == "__main__":
    main()
