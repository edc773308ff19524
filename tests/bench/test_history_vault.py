"""The benchmark's git-history vault (`tools/bench/history.py`): the same seed makes the same
commits, hashes included, dated every three days from Saturday 2022-01-01 01:00 UTC, and what
each commit adds is known from its construction.

Expected timeline: the report counts open and closed items at the end of each week (from Monday)
that has commits, so five commits on 2022-01-01, 04, 07, 10 and 13 give the weeks of 2021-12-27,
2022-01-03 and 2022-01-10. Commits 1 and 2 each add an answered hypothesis to 10 notes (20 more
closed items in the second week); commits 3 (an open question) and 4 (an answered hypothesis) add
10 open and 10 closed items in the third.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from types import ModuleType

import pytest
from click.testing import CliRunner

from conftest import bench_module
from vaulttool.cli import main


@pytest.fixture(scope="module")
def history() -> ModuleType:
    return bench_module("history")


def test_the_same_seed_makes_the_same_commits_dated_as_designed(history, tmp_path):
    first = history.generate_history(tmp_path / "a", 30, 5, seed=3)
    second = history.generate_history(tmp_path / "b", 30, 5, seed=3)
    assert first.head == second.head and len(first.head) == 40
    assert (first.commits, first.last) == (5, dt.date(2022, 1, 13))
    dates = subprocess.run(
        ["git", "-C", str(tmp_path / "a"), "log", "--format=%ct"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert [dt.datetime.fromtimestamp(int(d), dt.UTC).isoformat() for d in reversed(dates)] == [
        f"2022-01-{day:02d}T01:00:00+00:00" for day in (1, 4, 7, 10, 13)
    ]
    assert history.generate_history(tmp_path / "c", 30, 5, seed=4).head != first.head


def test_the_report_timeline_counts_what_each_commit_added(history, tmp_path):
    root = tmp_path / "vault"
    history.generate_history(root, 30, 5, seed=3)
    result = CliRunner().invoke(main, ["report", str(root), "--format", "json", "--as-of", "2022-01-31"])
    assert result.exit_code == 0, result.output
    weeks = json.loads(result.stdout)["summary"]["timeline"]
    assert [week["week"] for week in weeks] == ["2021-12-27", "2022-01-03", "2022-01-10"]
    first, second, third = weeks
    assert (second["open"] - first["open"], second["closed"] - first["closed"]) == (0, 20)
    assert (third["open"] - second["open"], third["closed"] - second["closed"]) == (10, 10)
