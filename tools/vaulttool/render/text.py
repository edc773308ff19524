"""Text for people, in a terminal: one function per command, fed by the analyse models.

`context.style` is `click.style` when colour is on, else a function that returns the text unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from vaulttool.analyse.status import answered_at
from vaulttool.render import Context
from vaulttool.render.common import (
    SEVERITY_COLOURS,
    diagnostic_line,
    distinct_labels,
    millivolts,
    plural,
    shorten,
)

if TYPE_CHECKING:
    from vaulttool.analyse.checks import CheckResult
    from vaulttool.analyse.claims import ClaimResult
    from vaulttool.analyse.graph import GraphSummary
    from vaulttool.analyse.report import Report
    from vaulttool.analyse.status import StatusView
    from vaulttool.analyse.tags import TagSummary
    from vaulttool.calc.explain import Steps
    from vaulttool.rules import Code, Rule

_RESULT_COLOURS = {"pass": "green", "fail": "red", "error": "red", "value": "blue"}
_VERIFY_COLOURS = {"pass": "green", "fail": "red", "error": "magenta", "value": "cyan"}


def status_summary(view: StatusView) -> str:
    text = f"{plural(view.open_count, 'open item')} in {plural(view.open_note_count, 'note')}"
    return text + (f", {view.closed_count} answered or verified" if view.closed_count else "")


def status(view: StatusView, context: Context) -> str:
    style, today, width, prefix = context.style, context.today, context.width, context.prefix
    if not view.items:
        return "no open hypotheses or questions\n"
    lines: list[str] = []
    for path, items in view.groups:
        lines.append(style(prefix + path, bold=True))
        for item in items:
            age = item.age_days(today)
            since = (
                f"since {item.since} ({plural(age, 'day')})"
                if item.since is not None and age is not None
                else "undated"
            )
            state = item.status + (f", {item.outcome}" if item.outcome else "")
            colour = "yellow" if item.is_open else ("green" if item.outcome != "corrected" else "magenta")
            lines.append(
                f"  {style(item.kind, fg='cyan')}  {style(state, fg=colour)}  {since}  "
                + style(f"{prefix}{item.position}", dim=True)
            )
            lines.append("      " + shorten(item.text or "(no text)", width - 6))
            if item.original:
                lines.append("      " + style("was: ", dim=True) + shorten(item.original, width - 11))
            if item.answer:
                lines.append("      " + style("→ ", dim=True) + shorten(item.answer, width - 8))
            if (where := answered_at(item)) is not None:
                lines.append("      " + style(f"answered at {where}", dim=True))
            for claim in view.numbers.get(item.position, ()):
                verdict = style(claim.result, fg=_RESULT_COLOURS.get(claim.result))
                lines.append(f"      = {verdict} {shorten(claim.message, width - 14)}")
        lines.append("")
    lines.append(status_summary(view))
    return "\n".join(lines) + "\n"


_TAG_WIDTH = 48  # a longer tag name pushes its own count to the right, not every other's


def tags(summaries: Sequence[TagSummary], context: Context) -> str:
    style, where = context.style, context.where
    if not summaries:
        return "no tags\n"
    width = min(max(len(tag.name) + 2 * tag.depth for tag in summaries) + 2, _TAG_WIDTH)
    lines = []
    for tag in summaries:
        label = "  " * tag.depth + "#" + tag.name
        lines.append(f"{style(label.ljust(width + 1), fg='cyan')} {tag.count:>5}")
        if where:
            lines.extend(f"    {context.prefix}{p}" for p in tag.occurrences)
    top = sum(1 for tag in summaries if tag.depth == 0)
    lines.append(f"\n{plural(len(summaries), 'tag')} ({top} top-level)")
    return "\n".join(lines) + "\n"


def check_summary(result: CheckResult) -> str:
    from vaulttool.rules import Severity

    counts = [plural(result.count(Severity.ERROR), "error"), plural(result.count(Severity.WARNING), "warning")]
    if infos := result.count(Severity.INFO):
        counts.append(f"{infos} info")
    return f"{plural(result.notes, 'note')}, {plural(result.links, 'link')} checked: {', '.join(counts)}"


def check(result: CheckResult, context: Context) -> str:
    lines = [diagnostic_line(d, context.style, context.prefix) for d in result.diagnostics]
    if context.quiet:
        return "".join(line + "\n" for line in lines)
    if lines:
        lines.append("")
    lines.append(check_summary(result))
    return "\n".join(lines) + "\n"


def check_statistics(result: CheckResult, context: Context) -> str:
    """One line per code found: count, code, severity (as `ruff check --statistics`)."""
    from vaulttool.rules import RULES

    statistics = result.statistics()
    width = max([len(str(count)) for _, count in statistics], default=1)
    lines = [
        f"{str(count).rjust(width)}  {context.style(code.ljust(22), bold=True)}  "
        f"{context.style(RULES[code].severity.value, fg=SEVERITY_COLOURS[RULES[code].severity])}".rstrip()
        for code, count in statistics
    ]
    if not context.quiet:
        lines += ["", check_summary(result)] if lines else [check_summary(result)]
    return "".join(line + "\n" for line in lines)


def rules(shown: Mapping[Code, Rule], context: Context) -> str:
    style = context.style
    width = max(len(code) for code in shown) + 2
    lines = []
    for rule in shown.values():
        lines.append(
            f"{style(rule.code.ljust(width), bold=True)}"
            f"{style(rule.severity.value, fg=SEVERITY_COLOURS[rule.severity])}"
        )
        lines.append(f"    {rule.summary}")
        lines.append(f"    {style('example:', dim=True)} {rule.example}")
    return "\n".join(lines) + "\n"


def verify_summary(claims: Sequence[ClaimResult]) -> str:
    counts = {result: sum(1 for c in claims if c.result == result) for result in ("pass", "fail", "error", "value")}
    return (
        f"{plural(len(claims), 'claim')}: {counts['pass']} pass, {counts['fail']} fail, "
        f"{plural(counts['error'], 'error')}, {plural(counts['value'], 'value')} without expect"
    )


def verify(claims: Sequence[ClaimResult], context: Context) -> str:
    style = context.style
    if not claims:
        return (
            "no claims (```nernst or ```ghk blocks, `nernst: …` or `ghk: …` code spans, "
            "statements under a table of concentrations)\n"
        )
    lines: list[str] = []
    path = None
    for claim in claims:
        if claim.position.path != path:
            if path is not None:
                lines.append("")
            path = claim.position.path
            lines.append(style(context.prefix + path, bold=True))
        where = f"{claim.position.line}:{claim.position.column}"
        lines.append(
            f"  {style(where.ljust(8), dim=True)}"
            f"{style(claim.result.ljust(6), fg=_VERIFY_COLOURS[claim.result])}"
            f"{claim.calculator.ljust(7)} {claim.message}"
        )
        lines += [f"  {' ' * 14}{style('why:', fg='yellow')} {d.message}" for d in claim.diagnoses]
    lines += ["", verify_summary(claims)]
    return "\n".join(lines) + "\n"


def calc(steps: Steps, context: Context) -> str:
    from vaulttool.calc.explanation import explanation
    from vaulttool.calc.wording import signed_mV

    calculation = steps.calculation
    if not context.explain:
        return f"{calculation.symbol} = {signed_mV(steps.potential_mV)} mV ({calculation.describe()})\n"
    return "\n".join([*explanation(steps), ""])


def graph_summary(summary: GraphSummary, context: Context, shown_orphans: int = 10) -> str:
    style = context.style
    lines = [
        f"{plural(summary.notes, 'note')}, {plural(summary.attachments, 'attachment')}, "
        f"{plural(summary.links, 'link')} ({summary.broken_links} broken, "
        f"{plural(summary.missing, 'missing target')})",
        f"{plural(summary.components, 'connected component')} (largest: {plural(summary.largest_component, 'file')})",
        f"{plural(len(summary.orphans), 'orphan')}" + (":" if summary.orphans else ""),
    ]
    lines += [f"  {context.prefix}{path}" for path in summary.orphans[:shown_orphans]]
    if len(summary.orphans) > shown_orphans:
        lines.append(f"  … and {len(summary.orphans) - shown_orphans} more")
    if summary.most_linked:
        lines.append(style("most linked:", bold=True))
        width = max(len(str(count)) for _, count in summary.most_linked)
        lines += [f"  {str(count).rjust(width)}  {context.prefix}{path}" for path, count in summary.most_linked]
    return "\n".join(lines) + "\n"


def report(model: Report, context: Context) -> str:
    style, width, prefix = context.style, context.width, context.prefix
    lines = [style(f"Report: {model.vault}", bold=True) + style(f"  as of {model.as_of}", dim=True)]
    if model.generated:
        lines.append(style(f"generated {model.generated}", dim=True))
    for title, entries, colour in (
        ("Corrected", model.corrected, "magenta"),
        ("Partly right", model.partial, "yellow"),
    ):
        lines += ["", style(f"{title} ({len(entries)})", bold=True, fg=colour)]
        for entry in entries:
            lines.append(
                f"  {style(entry.item.kind, fg='cyan')}  " + style(prefix + str(entry.item.position), dim=True)
            )
            lines.append("      was: " + style(shorten(entry.was, width - 11), strikethrough=True))
            lines.append("      now: " + shorten(entry.item.answer or "(no answer written)", width - 11))
    lines += ["", style(f"Unresolved ({len(model.unresolved)}), oldest first", bold=True, fg="blue")]
    for unresolved in model.unresolved:
        item = unresolved.item
        age = f"{unresolved.age_days} d" if unresolved.age_days is not None else "undated"
        since = str(item.since) if item.since else ""
        lines.append(
            f"  {since:10}  {age:>6}  {style(item.kind, fg='cyan')} {item.status}  "
            + style(prefix + str(item.position), dim=True)
        )
        lines.append("      " + shorten(item.text or "(no text)", width - 6))
    lines += ["", style(f"Numbers ({len(model.numbers)} failing)", bold=True, fg="red")]
    for claim in model.numbers:
        expected = f", expected {millivolts(claim.expected_mV)}" if claim.expected_mV is not None else ""
        lines.append(
            f"  {claim.result}  {claim.calculator}: {millivolts(claim.computed_mV)}{expected}  "
            + style(prefix + str(claim.position), dim=True)
        )
        lines.append("      " + shorten(claim.diagnosis or claim.message, width - 6))
    from vaulttool.analyse.report import COUNT_FIELDS

    lines += ["", style("Summary", bold=True)]
    header = ("hyp", "q", "claims", "open", "closed", "conf", "part", "corr", "num", "fail")
    paths = [prefix + n.path for n in model.notes]
    name_width = max(min(max([len(path) for path in paths] + [5]), width - 2 - 7 * len(header)), 12)
    lines.append("  " + " " * name_width + "".join(f"{h:>7}" for h in header))
    labels = [*distinct_labels(paths, name_width), "vault"]
    for label, counts in zip(labels, [*(n.counts for n in model.notes), model.total]):
        row = "".join(f"{getattr(counts, name):>7}" for name in COUNT_FIELDS)
        lines.append(f"  {label:<{name_width}}{row}")
    if model.timeline:
        lines += ["", style("Over time (open / closed at the end of each week with commits)", bold=True)]
        lines += [f"  {week.week}  {week.open:>5} open  {week.closed:>5} closed" for week in model.timeline]
    return "\n".join(lines) + "\n"
