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
    assert root.find(f"{SVG}title").text == "Items per note by outcome"
    assert root.find(f"{SVG}desc").text == "One stacked bar per note, 2 notes: 1 confirmed, 1 corrected, 3 open."
    titles = sorted(t.text for rect in root.iter(f"{SVG}rect") for t in rect.iter(f"{SVG}title"))
    assert titles == [
        "<img src=x onerror=alert(1)>: 2 open",
        "Pumps: 1 confirmed",
        "Pumps: 1 corrected",
        "Pumps: 1 open",
    ]
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
    titles = [t.text for circle in parse(chart.svg).iter(f"{SVG}circle") for t in circle.iter(f"{SVG}title")]
    assert titles == [
        "week of 2025-01-06: 3 open",
        "week of 2025-01-13: 2 open",
        "week of 2025-01-06: 0 closed",
        "week of 2025-01-13: 1 closed",
    ]


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
    assert 'href="http' not in str(first.svg) and "<dc:date>" not in str(first.svg)
    parse(first.svg)
    timeline = timeline_chart(WEEKS)
    assert timeline.engine == "matplotlib" and str(timeline.svg) == str(timeline_chart(WEEKS).svg)


def weeks(mondays: list[str]) -> tuple[WeekCount, ...]:
    return tuple(WeekCount(day, "c" * 40, 2 + i % 3, i) for i, day in enumerate(mondays))


def mondays(first: str, count: int, every: int = 1) -> list[str]:
    import datetime as dt

    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(weeks=every * i)).isoformat() for i in range(count)]


ONE_WEEK, TWO_WEEKS, THREE_YEARS = mondays("2025-01-06", 1), mondays("2025-01-06", 2), mondays("2023-01-02", 156)


def labels(svg) -> list[str]:
    return [t.text for t in parse(svg).iter(f"{SVG}text") if t.text]


@pytest.mark.parametrize(
    ("history", "expected", "unexpected"),
    [
        (ONE_WEEK, ["30 Dec 2024", "6 Jan 2025", "13 Jan"], ["2026", "2029"]),
        (TWO_WEEKS, ["6 Jan 2025", "13 Jan"], ["Feb", "2026"]),
        (THREE_YEARS, ["Jan 2023", "Jul", "Jan 2024", "Jan 2025", "Jul"], ["2022", "2027"]),
    ],
)
def test_the_time_axis_fits_the_history(without_matplotlib, history, expected, unexpected):
    """The issue's one-week history drew a 2025-2029 axis around one dot: the axis now spans the
    history with a little margin, ticked by week, month or half year."""
    text = labels(timeline_chart(weeks(history)).svg)
    for label in expected:
        assert label in text
    for label in unexpected:
        assert not any(label in shown for shown in text)


def test_weeks_are_placed_by_date_not_by_rank(without_matplotlib):
    """Three weeks with commits, the third after a gap of four weeks: the gap shows."""
    history = weeks(["2025-01-06", "2025-01-13", "2025-02-10"])
    root = parse(timeline_chart(history).svg)
    xs = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")][:3]
    assert (xs[2] - xs[1]) == pytest.approx(4 * (xs[1] - xs[0]), rel=0.01)


def test_count_axis_is_round_and_fits():
    from vaulttool.render.chart_axes import count_axis

    assert count_axis(0).ticks == (0, 1)
    assert count_axis(7).ticks == (0, 2, 4, 6, 8)
    assert count_axis(99).ticks == (0, 20, 40, 60, 80, 100)


@pytest.mark.parametrize("history", [ONE_WEEK, TWO_WEEKS, THREE_YEARS])
def test_every_chart_has_a_title_and_a_description(history):
    """SVG 1.1, 5.4 "The desc and title elements": a text alternative for the whole chart."""
    for chart in (timeline_chart(weeks(history)), lifecycle_chart(NOTES)):
        root = parse(chart.svg)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    desc = parse(timeline_chart(weeks(history)).svg).find(f"{SVG}desc").text
    assert history[0] in desc and history[-1] in desc


def test_matplotlib_timeline_axis_fits_one_week():
    pytest.importorskip("matplotlib")
    chart = timeline_chart(weeks(ONE_WEEK))
    assert chart.engine == "matplotlib"
    text = labels(chart.svg)
    assert "6 Jan 2025" in text and not any("2029" in label or "2026" in label for label in text)


def test_which_chart_engine_draws_is_known_without_drawing(without_matplotlib):
    """A kept HTML report is keyed by the engine that drew its charts (`extras.installed`)."""
    from vaulttool.extras import installed

    assert installed("plots") is None


def test_the_chart_engine_is_matplotlib_at_its_installed_version():
    matplotlib = pytest.importorskip("matplotlib")
    from vaulttool.extras import installed

    assert installed("plots") == matplotlib.__version__
