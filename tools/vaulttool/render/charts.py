"""Charts for the HTML report, as inline SVG: matplotlib when the `plots` extra is installed,
else a small templated SVG. Both are deterministic (no dates, fixed ids) and make no request.

- the lifecycle chart: one stacked bar per note (confirmed, partial, corrected, answered, open);
- the timeline: open and closed items at the end of each week with commits.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vaulttool.analyse.report import NoteSummary
from vaulttool.analyse.timeline import WeekCount
from vaulttool.render.common import shorten
from vaulttool.render.templating import render

if TYPE_CHECKING:
    from markupsafe import Markup

# (label, Counts attribute, colour): the light palette of templates/_page.css.j2
SEGMENTS = (
    ("confirmed", "confirmed", "#1a7f37"),
    ("partial", "partial", "#bf8700"),
    ("corrected", "corrected", "#cf222e"),
    ("answered", "unrated", "#8250df"),
    ("open", "open", "#0969da"),
)
LINES = (("open", "#0969da"), ("closed", "#1a7f37"))
LABEL_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    engine: Literal["matplotlib", "svg"]


def _matplotlib_svg(figure) -> Markup:
    from markupsafe import Markup

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    return Markup(svg[svg.index("<svg"):])


def _rc() -> dict:
    return {"svg.fonttype": "none", "svg.hashsalt": "vaulttool", "text.parse_math": False,
            "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}


def lifecycle_chart(notes: Sequence[NoteSummary]) -> Chart:
    labels = [shorten(n.path.rsplit("/", 1)[-1].removesuffix(".md"), LABEL_WIDTH) for n in notes]
    values = {attribute: [getattr(n.counts, attribute) for n in notes] for _, attribute, _ in SEGMENTS}
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return Chart(_lifecycle_fallback(labels, values), "svg")
    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(8, 0.9 + 0.32 * max(len(notes), 1)))
        axes = figure.add_subplot()
        rows = list(range(len(notes)))[::-1]
        left = [0] * len(notes)
        for label, attribute, colour in SEGMENTS:
            axes.barh(rows, values[attribute], left=left, color=colour, label=label, height=0.6)
            left = [a + b for a, b in zip(left, values[attribute])]
        axes.set_yticks(rows, labels)
        axes.set_xlabel("items")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.legend(ncols=len(SEGMENTS), loc="lower left", bbox_to_anchor=(0, 1), frameon=False)
        return Chart(_matplotlib_svg(figure), "matplotlib")


def _lifecycle_fallback(labels: list[str], values: dict[str, list[int]]) -> Markup:
    from markupsafe import Markup

    row, label_px, bar_px, top = 22, 420, 400, 30
    widest = max([sum(v[i] for v in values.values()) for i in range(len(labels))], default=0) or 1
    rows = []
    for index, label in enumerate(labels):
        x: float = label_px
        segments = []
        for name, attribute, colour in SEGMENTS:
            count = values[attribute][index]
            width = bar_px * count / widest
            if count:
                segments.append({"x": round(x, 2), "width": round(width, 2), "colour": colour, "name": name, "count": count})
            x += width
        rows.append({"label": label, "y": top + index * row, "segments": segments})
    legend = [{"name": name, "colour": colour, "x": label_px + i * 84} for i, (name, _, colour) in enumerate(SEGMENTS)]
    return Markup(render("chart_lifecycle.svg.j2", rows=rows, legend=legend, width=label_px + bar_px + 20,
                         height=top + len(labels) * row + 8, label_px=label_px))


def timeline_chart(weeks: Sequence[WeekCount]) -> Chart:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return Chart(_timeline_fallback(weeks), "svg")
    import datetime as dt

    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(8, 3))
        axes = figure.add_subplot()
        days = [dt.date.fromisoformat(week.week) for week in weeks]
        for name, colour in LINES:
            axes.plot(days, [getattr(week, name) for week in weeks], marker="o", color=colour, label=name,
                      drawstyle="steps-post")
        axes.set_ylabel("items")
        axes.set_ylim(bottom=0)
        axes.yaxis.get_major_locator().set_params(integer=True)
        figure.autofmt_xdate()
        axes.legend(frameon=False)
        return Chart(_matplotlib_svg(figure), "matplotlib")


def _timeline_fallback(weeks: Sequence[WeekCount]) -> Markup:
    from markupsafe import Markup

    left, width, height, top, bottom = 40, 640, 220, 28, 40
    highest = max([max(w.open, w.closed) for w in weeks], default=0) or 1
    step = width / max(len(weeks) - 1, 1)

    def point(index: int, value: int) -> tuple[float, float]:
        return round(left + index * step, 2), round(top + (height - top - bottom) * (1 - value / highest), 2)

    series = [{"name": name, "colour": colour,
               "points": [point(i, getattr(w, name)) for i, w in enumerate(weeks)],
               "counts": [getattr(w, name) for w in weeks]} for name, colour in LINES]
    ticks = [{"x": point(i, 0)[0], "label": w.week} for i, w in enumerate(weeks)]
    if len(ticks) > 8:
        every = -(-len(ticks) // 8)
        ticks = ticks[::every]
    return Markup(render("chart_timeline.svg.j2", series=series, ticks=ticks, weeks=weeks, width=left + width + 20,
                         height=height, left=left, top=top, baseline=height - bottom, highest=highest))

