"""The HTML report's charts: matplotlib's SVG when the `plots` extra is installed, else the templated
SVG; both inline, deterministic, and with the notes' names escaped."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from vaulttool.analyse.report import Counts, NoteSummary
from vaulttool.analyse.timeline import WeekCount
from vaulttool.cli import main
from vaulttool.render.charts import SEGMENTS, lifecycle_chart, timeline_chart

NOTES = (
    NoteSummary("a/Pumps.md", Counts(hypotheses=3, open=1, closed=2, corrected=1, confirmed=1)),
    NoteSummary("<img src=x onerror=alert(1)>.md", Counts(questions=2, open=2)),
)
WEEKS = (WeekCount("2025-01-06", "a" * 40, 3, 0), WeekCount("2025-01-13", "b" * 40, 2, 1))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def without_matplotlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # well-formed XML, or this raises


def test_fallback_lifecycle_bars(without_matplotlib):
    chart = lifecycle_chart(NOTES)
    assert chart.engine == "svg"
    root = parse(chart.svg)
    titles = sorted(t.text for t in root.iter(f"{SVG}title"))
    assert titles == ["<img src=x onerror=alert(1)>: 2 open", "Pumps: 1 confirmed", "Pumps: 1 corrected", "Pumps: 1 open"]
    legend = [t.text for t in root.iter(f"{SVG}text")][: len(SEGMENTS)]
    assert legend == [name for name, _, _ in SEGMENTS]
    assert "<img" not in str(chart.svg)


def test_fallback_bar_widths_are_proportional(without_matplotlib):
    root = parse(lifecycle_chart(NOTES).svg)
    widths = {t.text: float(rect.get("width")) for rect in root.iter(f"{SVG}rect") for t in rect.iter(f"{SVG}title")}
    assert widths["Pumps: 1 open"] == pytest.approx(widths["<img src=x onerror=alert(1)>: 2 open"] / 2, abs=0.01)


def test_fallback_timeline_points(without_matplotlib):
    chart = timeline_chart(WEEKS)
    assert chart.engine == "svg"
    titles = [t.text for t in parse(chart.svg).iter(f"{SVG}title")]
    assert titles == ["2025-01-06: 3 open", "2025-01-13: 2 open", "2025-01-06: 0 closed", "2025-01-13: 1 closed"]


def test_report_page_without_matplotlib(without_matplotlib, make_vault):
    root = make_vault({"n.md": "- #hypothesis : x #explanation : no, y\n- I #wonder z\n"})
    result = CliRunner().invoke(main, ["report", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert re.search(r'<figure class="chart" id="chart-lifecycle" data-engine="svg"', result.output)
    assert "chart-timeline" not in result.output  # not in git: no history


def test_matplotlib_charts_are_inline_and_deterministic():
    pytest.importorskip("matplotlib")
    first, second = lifecycle_chart(NOTES), lifecycle_chart(NOTES)
    assert first.engine == "matplotlib"
    assert str(first.svg) == str(second.svg)
    assert str(first.svg).startswith("<svg") and "<?xml" not in str(first.svg)
    assert "<img" not in str(first.svg)
    assert "&lt;img src=x onerror=alert(1)&gt;" in str(first.svg)
    assert "href=\"http" not in str(first.svg) and "<dc:date>" not in str(first.svg)
    parse(first.svg)
    timeline = timeline_chart(WEEKS)
    assert timeline.engine == "matplotlib" and str(timeline.svg) == str(timeline_chart(WEEKS).svg)
