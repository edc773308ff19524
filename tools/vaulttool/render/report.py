"""`vaulttool report` output: text (for people), json (documented fields), markdown, html."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from vaulttool.render.common import shorten, to_json
from vaulttool.render.status import item_record
from vaulttool.render.templating import millivolts, render
from vaulttool.render.verify import claim_record
from vaulttool.analyse.report import Counts, Report
from vaulttool.analyse.review import obsidian_uri

Style = Callable[..., str]
COUNT_FIELDS = ("hypotheses", "questions", "claims", "open", "closed", "confirmed", "partial", "corrected",
                "numbers_checked", "numbers_failed")


def _counts(counts: Counts) -> dict:
    return {name: getattr(counts, name) for name in COUNT_FIELDS}


def render_json(report: Report) -> str:
    return to_json({
        "vault": report.vault,
        "as_of": report.as_of,
        "generated": report.generated,
        "corrected": [{**item_record(c.item), "was": c.was} for c in report.corrected],
        "partial": [{**item_record(c.item), "was": c.was} for c in report.partial],
        "unresolved": [{**item_record(u.item), "age_days": u.age_days} for u in report.unresolved],
        "numbers": [claim_record(c) for c in report.numbers],
        "summary": {
            "notes": [{"path": n.path, **_counts(n.counts)} for n in report.notes],
            "vault": {"notes": report.note_count, **_counts(report.total)},
            "timeline": [asdict(week) for week in report.timeline],
        },
    })


def render_markdown(report: Report) -> str:
    return render("report.md.j2", report=report)


def render_html(report: Report) -> str:
    """One self-contained page; the charts are inline SVG (matplotlib if installed, else templated)."""
    from vaulttool.render.charts import lifecycle_chart, timeline_chart

    paths = {entry.item.position.path for entry in (*report.corrected, *report.partial, *report.unresolved)}
    paths |= {claim.position.path for claim in report.numbers} | {note.path for note in report.notes}
    return render(
        "report.html.j2", report=report,
        uris={path: obsidian_uri(report.vault, path) for path in paths},
        lifecycle_chart=lifecycle_chart(report.notes) if report.notes else None,
        timeline_chart=timeline_chart(report.timeline) if report.timeline else None,
    )


def render_text(report: Report, style: Style, width: int = 100) -> str:
    lines = [style(f"Report: {report.vault}", bold=True) + style(f"  as of {report.as_of}", dim=True)]
    if report.generated:
        lines.append(style(f"generated {report.generated}", dim=True))
    for title, entries, colour in (("Corrected", report.corrected, "magenta"), ("Partly right", report.partial, "yellow")):
        lines += ["", style(f"{title} ({len(entries)})", bold=True, fg=colour)]
        for entry in entries:
            lines.append(f"  {style(entry.item.kind, fg='cyan')}  " + style(str(entry.item.position), dim=True))
            lines.append("      was: " + style(shorten(entry.was, width - 11), strikethrough=True))
            lines.append("      now: " + shorten(entry.item.answer or "(no answer written)", width - 11))
    lines += ["", style(f"Unresolved ({len(report.unresolved)}), oldest first", bold=True, fg="blue")]
    for entry in report.unresolved:
        age = f"{entry.age_days} d" if entry.age_days is not None else "undated"
        lines.append(f"  {entry.item.since or '':10}  {age:>6}  {style(entry.item.kind, fg='cyan')} {entry.item.status}  "
                     + style(str(entry.item.position), dim=True))
        lines.append("      " + shorten(entry.item.text or "(no text)", width - 6))
    lines += ["", style(f"Numbers ({len(report.numbers)} failing)", bold=True, fg="red")]
    for claim in report.numbers:
        expected = f", expected {millivolts(claim.expected_mV)}" if claim.expected_mV is not None else ""
        lines.append(f"  {claim.result}  {claim.calculator}: {millivolts(claim.computed_mV)}{expected}  "
                     + style(str(claim.position), dim=True))
        lines.append("      " + shorten(claim.diagnosis or claim.message, width - 6))
    lines += ["", style("Summary", bold=True)]
    header = ("hyp", "q", "claims", "open", "closed", "conf", "part", "corr", "num", "fail")
    name_width = min(max([len(n.path) for n in report.notes] + [5]), width - 6 * len(header))
    lines.append("  " + " " * name_width + "".join(f"{h:>7}" for h in header))
    for label, counts in [*((n.path, n.counts) for n in report.notes), ("vault", report.total)]:
        row = "".join(f"{getattr(counts, name):>7}" for name in COUNT_FIELDS)
        lines.append(f"  {shorten(label, name_width):<{name_width}}{row}")
    if report.timeline:
        lines += ["", style("Over time (open / closed at the end of each week with commits)", bold=True)]
        lines += [f"  {week.week}  {week.open:>5} open  {week.closed:>5} closed" for week in report.timeline]
    return "\n".join(lines) + "\n"
