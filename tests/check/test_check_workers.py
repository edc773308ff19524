"""What the check workers rely on: checking notes makes no reference cycle, so their cyclic
collector is off (`fork_map(cycles=False)`); it walked what they kept about 300 times for a cold
`check` of 10,000 notes, a tenth of their time, and found nothing (issue 15)."""

from __future__ import annotations

import gc

from conftest import bench_generator
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.checks import check_vault
from vaulttool.model import Note
from vaulttool.rules import RULES, Code


class _NoneKept:
    """Kept findings for no note: every note is checked as a worker checks it (its links resolved
    one by one), not from the links resolved all at once."""

    def __init__(self) -> None:
        self.put_count = 0

    def get(self, note: Note) -> None:
        return None

    def put(self, note: Note, check: object) -> None:
        self.put_count += 1


def test_checking_a_generated_vault_makes_no_reference_cycle(tmp_path):
    """A generated vault (missing notes, headings and blocks, near misses, ambiguous names,
    lifecycle tags) checked for every code but `orphan-note` (which resolves every link at once, in
    this process): what the checks made, let go, is all freed without the cyclic collector."""
    bench_generator().generate(tmp_path / "v", 300, seed=11)
    analysis = Analysis(load(tmp_path / "v", cache=False))
    resolver, answers = analysis.resolver, analysis.answers  # built first: the lifecycle's reader makes cycles
    codes = frozenset(Code(code) for code in RULES) - {Code.ORPHAN_NOTE}

    def check(kept: _NoneKept):
        orphans = lambda: answers.orphans  # noqa: E731
        return check_vault(
            analysis.vault, lambda: resolver, lambda: analysis.links, analysis.vocabulary, codes, orphans, kept
        )

    check(_NoneKept())  # once before: what is made once a process (msgspec's decoder of the checks) is made
    kept = _NoneKept()
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        result = check(kept)
        left = gc.collect()
    finally:
        if was:
            gc.enable()
    assert kept.put_count == 300 and result.links > 1000
    assert {d.code for d in result.diagnostics} >= {Code.MISSING_NOTE, Code.MISSING_HEADING, Code.MISSING_BLOCK}
    assert left == 0
