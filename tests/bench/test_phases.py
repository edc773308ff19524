"""The benchmark's phases (`tools/bench/phases.py`): a run's stretches of the main process alone
and of its worker pools, from the moments the pools start and stop.

A vault of 100 notes is parsed by a pool (more than `vault.PARALLEL_THRESHOLD`, 40, notes to
parse) and checked in the main process alone (fewer than `checks.CHECK_PARALLEL`, 2,000): one pool
between two stretches alone. 2,100 notes start the check's pool as well."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from conftest import bench_generator, bench_module
from vaulttool.analyse.checks import CHECK_PARALLEL
from vaulttool.parallel import can_fork
from vaulttool.vault import PARALLEL_THRESHOLD

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker pools are forked")


@pytest.fixture(scope="module")
def phases() -> ModuleType:
    return bench_module("phases")


def test_stretches_lie_between_the_pools_marks(phases) -> None:
    marks = [("start", 10.5), ("stop", 12.0), ("start", 12.25), ("stop", 13.0)]
    assert phases.stretches(10.0, marks, 13.5) == [
        ("alone", 0.5),
        ("pool 1", 1.5),
        ("alone", 0.25),
        ("pool 2", 0.75),
        ("alone", 0.5),
    ]
    assert phases.stretches(1.0, [], 3.0) == [("alone", 2.0)]


@pytest.mark.parametrize(("notes", "pools"), [(100, 1), (CHECK_PARALLEL + 100, 2)])
def test_a_cold_check_is_timed_in_its_pools_and_alone(phases, tmp_path, notes, pools) -> None:
    assert notes > PARALLEL_THRESHOLD
    bench_generator().generate(tmp_path / "vault", notes)
    found = phases.one_run(sys.executable, ["check", "--format", "json"], tmp_path / "vault")
    names = ["alone"] + [name for number in range(1, pools + 1) for name in (f"pool {number}", "alone")]
    assert [name for name, _ in found] == names
    assert all(seconds > 0 for _, seconds in found)
    table = phases.table([found, found])
    assert f"| pool {pools} |" in table and "over 2 runs" in table
