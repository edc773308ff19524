"""Charts for the HTML report, as inline SVG: matplotlib when the `plots` extra is installed,
else a small templated SVG. Both are deterministic (no dates, fixed ids), make no request, carry a
`<title>` and a `<desc>` (what a screen reader says), and draw the same axes (`chart_axes`).

- the lifecycle chart: one stacked bar per note (confirmed, partial, corrected, answered, open);
- the timeline: open and closed items at the end of each week with commits, placed by date (a
  count holds until the next commit), from one week of history to three years.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from vaulttool.analyse.report import NoteSummary
from vaulttool.analyse.timeline import WeekCount
from vaulttool.render.chart_axes import count_axis, time_axis
from vaulttool.render.common import plural, shorten
from vaulttool.render.templating import render
from vaulttool.render.visible import visible

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
DOTS_UP_TO = 26  # weeks: beyond half a year of history the steps show without a dot per week


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    engine: Literal["matplotlib", "svg"]


@dataclass(frozen=True, slots=True)
class Description:
    """A chart's text alternative: a short title and a sentence or two of what it shows."""

    title: str
    desc: str


def _matplotlib_svg(figure, about: Description) -> Markup:
    """The figure as an `<svg>` element whose first children are its `<title>` and `<desc>`."""
    from markupsafe import Markup, escape

    buffer = io.StringIO()
    with warnings.catch_warnings():  # a CJK or emoji note name the font lacks: the SVG names the text anyway
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    opened = svg.index(">") + 1
    text = f"\n <title>{escape(about.title)}</title>\n <desc>{escape(about.desc)}</desc>"
    return Markup(svg[:opened].replace("<svg ", '<svg role="img" ', 1) + text + svg[opened:])


def lifecycle_description(notes: Sequence[NoteSummary]) -> Description:
    totals = {name: sum(getattr(n.counts, attribute) for n in notes) for name, attribute, _ in SEGMENTS}
    parts = ", ".join(f"{count} {name}" for name, count in totals.items() if count)
    return Description(
        "Items per note by outcome", f"One stacked bar per note, {plural(len(notes), 'note')}: {parts or 'no items'}."
    )


def timeline_description(weeks: Sequence[WeekCount]) -> Description:
    first, last = weeks[0], weeks[-1]
    span = (
        f"the week of {first.week}"
        if len(weeks) == 1
        else f"{plural(len(weeks), 'week')} with commits from {first.week} to {last.week}"
    )
    change = (
        f"{last.open} open and {last.closed} closed"
        if len(weeks) == 1
        else f"open items went from {first.open} to {last.open}, closed ones from {first.closed} to {last.closed}"
    )
    return Description("Open and closed items over time", f"At the end of {span}: {change}.")


def _matplotlib() -> tuple[Any, Any]:
    """matplotlib and its `Figure` (ImportError without the plots extra). Its font cache goes to
    vaulttool's cache folder, not `~/.cache/matplotlib` (matplotlib reads MPLCONFIGDIR when it is
    first imported; a user's own MPLCONFIGDIR wins)."""
    from vaulttool.cache import cache_folder

    folder = cache_folder()
    if folder is not None:
        os.environ.setdefault("MPLCONFIGDIR", str(folder / "matplotlib"))
    import matplotlib
    from matplotlib.figure import Figure

    return matplotlib, Figure


def _rc() -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "vaulttool",
        "text.parse_math": False,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def lifecycle_chart(notes: Sequence[NoteSummary]) -> Chart:
    labels = [visible(shorten(n.path.rsplit("/", 1)[-1].removesuffix(".md"), LABEL_WIDTH)) for n in notes]
    values = {attribute: [getattr(n.counts, attribute) for n in notes] for _, attribute, _ in SEGMENTS}
    try:
        matplotlib, Figure = _matplotlib()
    except ImportError:
        return Chart(_lifecycle_fallback(labels, values, lifecycle_description(notes)), "svg")
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
        widest = count_axis(max(map(sum, zip(*values.values())), default=0))
        axes.set_xlim(0, widest.top)
        axes.set_xticks(list(widest.ticks))
        axes.legend(ncols=len(SEGMENTS), loc="lower left", bbox_to_anchor=(0, 1), frameon=False)
        return Chart(_matplotlib_svg(figure, lifecycle_description(notes)), "matplotlib")


def _lifecycle_fallback(labels: list[str], values: dict[str, list[int]], about: Description) -> Markup:
    from markupsafe import Markup

    row, label_px, bar_px, top = 22, 420, 400, 30
    widest = count_axis(max([sum(v[i] for v in values.values()) for i in range(len(labels))], default=0)).top
    rows = []
    for index, label in enumerate(labels):
        x: float = label_px
        segments = []
        for name, attribute, colour in SEGMENTS:
            count = values[attribute][index]
            width = bar_px * count / widest
            if count:
                segments.append(
                    {"x": round(x, 2), "width": round(width, 2), "colour": colour, "name": name, "count": count}
                )
            x += width
        rows.append({"label": label, "y": top + index * row, "segments": segments})
    legend = [{"name": name, "colour": colour, "x": label_px + i * 84} for i, (name, _, colour) in enumerate(SEGMENTS)]
    totals = [sum(v[i] for v in values.values()) for i in range(len(labels))]
    return Markup(
        render(
            "chart_lifecycle.svg.j2",
            rows=rows,
            legend=legend,
            width=label_px + bar_px + 20,
            height=top + len(labels) * row + 8,
            label_px=label_px,
            about=about,
            totals=totals,
            bar_px=bar_px,
            widest=widest,
        )
    )


def timeline_chart(weeks: Sequence[WeekCount]) -> Chart:
    about = timeline_description(weeks)
    try:
        matplotlib, Figure = _matplotlib()
    except ImportError:
        return Chart(_timeline_fallback(weeks, about), "svg")
    import datetime as dt

    days = [dt.date.fromisoformat(week.week) for week in weeks]
    axis, counts = time_axis(days), count_axis(max(max(w.open, w.closed) for w in weeks))

    def at(day: dt.date) -> float:  # matplotlib's date numbers: days since 1970-01-01
        return float((day - dt.date(1970, 1, 1)).days)

    with matplotlib.rc_context(_rc()):
        figure = Figure(figsize=(8, 3))
        axes = figure.add_subplot()
        xs, ends = (
            [at(day) for day in days],
            [at(day) for day in [*days[1:], axis.end]],
        )  # a count holds until the next week
        for name, colour in LINES:
            values = [getattr(week, name) for week in weeks]
            axes.hlines(values, xs, ends, color=colour, linewidth=2)
            axes.vlines(xs[1:], values[:-1], values[1:], color=colour, linewidth=1, alpha=0.6)
            axes.plot(xs, values, "o" if len(weeks) <= DOTS_UP_TO else "", color=colour, label=name, markersize=4)
        axes.set_xlim(at(axis.start), at(axis.end))
        axes.set_xticks([at(day) for day, _ in axis.ticks], [label for _, label in axis.ticks])
        axes.set_ylim(0, counts.top * 1.05)
        axes.set_yticks(list(counts.ticks))
        axes.set_ylabel("items")
        axes.grid(axis="y", alpha=0.3)
        axes.legend(frameon=False, ncols=2, loc="lower left", bbox_to_anchor=(0, 1))
        return Chart(_matplotlib_svg(figure, about), "matplotlib")


def _timeline_fallback(weeks: Sequence[WeekCount], about: Description) -> Markup:
    import datetime as dt

    from markupsafe import Markup

    left, plot_width, height, top, bottom = 44, 640, 230, 30, 40
    days = [dt.date.fromisoformat(week.week) for week in weeks]
    axis, counts = time_axis(days), count_axis(max(max(w.open, w.closed) for w in weeks))
    baseline = height - bottom

    def x(day: dt.date) -> float:
        return round(left + plot_width * axis.fraction(day), 2)

    def y(value: int) -> float:
        return round(baseline - (baseline - top) * value / counts.top, 2)

    series = []
    for name, colour in LINES:
        values = [getattr(week, name) for week in weeks]
        path = [f"M{x(days[0])},{y(values[0])}"]
        for day, value in zip([*days[1:], axis.end], [*values[1:], values[-1]]):
            path.append(f"H{x(day)}V{y(value)}")
        series.append(
            {
                "name": name,
                "colour": colour,
                "path": "".join(path),
                "radius": 3.5 if len(weeks) <= DOTS_UP_TO else 1.5,
                "points": [
                    {"x": x(d), "y": y(v), "title": f"week of {w.week}: {v} {name}"}
                    for d, v, w in zip(days, values, weeks)
                ],
            }
        )
    return Markup(
        render(
            "chart_timeline.svg.j2",
            series=series,
            about=about,
            width=left + plot_width + 36,
            height=height,
            left=left,
            right=left + plot_width,
            top=top,
            baseline=baseline,
            x_ticks=[{"x": x(day), "label": label} for day, label in axis.ticks],
            y_ticks=[{"y": y(value), "label": value} for value in counts.ticks],
        )
    )
