"""The lifecycle on hostile notes: time to read a parsed note, at two sizes, to show it is linear.

    .venv/bin/python tools/bench/lifecycle.py            # 10,000 openers in one unit, 200,000-line notes
    .venv/bin/python tools/bench/lifecycle.py --small    # a tenth of that

Each shape is parsed once (the parser's share, printed apart) and read by the
lifecycle (`extract_vault`), best of three runs. The ratio compares the full size with a quarter of
it: about 4 for a linear reading. Target (issue 10): well under a second each at full size.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from vaulttool.analyse.lifecycle import extract_vault
from vaulttool.parse import parse_note

SHAPES: dict[str, Callable[[int], str]] = {
    "openers in one unit": lambda n: "- " + " ".join(f"#hypothesis h{i}" for i in range(n)) + "\n",
    "openers and answers in one unit": lambda n: (
        "- " + " ".join(f"#hypothesis h{i} #explanation a" for i in range(n)) + "\n"
    ),
    "answers that close nothing, one unit": lambda n: "- " + " ".join("#explanation a" for _ in range(n)) + "\n",
    "bullets, answered by the next": lambda n: "".join(
        "- #hypothesis h\n" if i % 2 == 0 else "- #explanation a\n" for i in range(n)
    ),
    "one paragraph of lines": lambda n: "".join(f"line {i} #hypothesis h #explanation e\n" for i in range(n)),
    "nested 8 deep": lambda n: "".join(
        "    " * (i % 8) + ("- #explanation e\n" if i % 3 == 0 else "- #hypothesis h\n") for i in range(n)
    ),
    "children answering one item": lambda n: (
        "- #hypothesis h\n" + "".join("    - #clarification a\n" for _ in range(n - 1))
    ),
    "siblings then orphan answers": lambda n: "- x\n" * (n // 2) + "- #explanation a\n" * (n // 2),
    "items, a heading, orphans": lambda n: "- #hypothesis h\n" * (n // 2) + "## X\n" + "#explanation a\n\n" * (n // 4),
    "headings holding items": lambda n: "".join(
        f"{'#' * (1 + i % 6)} #hypothesis h\n#explanation x\n" for i in range(n // 2)
    ),
    "table rows": lambda n: "| a | b |\n|---|---|\n" + "| #hypothesis h | |\n| | #explanation e |\n" * (n // 2),
    "implicit answers": lambda n: "- #hypothesis h\n    - yes, it is\n" * (n // 2),
    "block references": lambda n: (
        "".join(f"- #hypothesis h ^b{i}\n" for i in range(n // 2))
        + "".join(f"- [[#^b{i}]] #explanation x\n" for i in range(n // 2))
    ),
}
ONE_UNIT = {"openers in one unit", "openers and answers in one unit", "answers that close nothing, one unit"}


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    print(f"{'shape':40s} {'size':>8s} {'parse s':>8s} {'lifecycle s':>12s} {'ratio':>6s}")
    for name, make in SHAPES.items():
        size = (10_000 if name in ONE_UNIT else 200_000) // scale
        timings = []
        for n in (size // 4, size):
            text = make(n)
            start = time.perf_counter()
            note = parse_note("n.md", text)
            parse_time = time.perf_counter() - start
            timings.append(best_of(3, lambda note=note: extract_vault([note])))
        unit = "openers" if name in ONE_UNIT else "lines"
        print(f"{name:40s} {size:>8d} {parse_time:8.2f} {timings[1]:12.3f} {timings[1] / timings[0]:6.1f}  ({unit})")


if __name__ == "__main__":
    main()
