"""`vaulttool report`: what was corrected, what is still open, which numbers are wrong."""

from __future__ import annotations

import datetime as dt

import click

from vaulttool.commands.common import (
    analysis_of,
    context_before,
    emit,
    generated,
    link_base,
    output_option,
    read_vault,
    say_problems,
    timestamp_option,
    vault_argument,
)
from vaulttool.commands.run_options import EXIT_CLEAN


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.UsageError(f"--as-of wants a date as YYYY-MM-DD, not {value!r}") from None


@click.command()
@vault_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "markdown", "html", "json")),
    default="text",
    show_default=True,
)
@output_option
@click.option(
    "--as-of", "as_of", metavar="YYYY-MM-DD", help="Count the ages of open items to this date (default: today)."
)
@click.option("--no-history", is_flag=True, help="Skip the timeline from the vault's git history.")
@timestamp_option
@click.pass_context
def report(
    ctx: click.Context,
    vault: str,
    output_format: str,
    output: str | None,
    as_of: str | None,
    no_history: bool,
    timestamp: bool,
) -> int:
    """What was corrected, what is still open, which numbers are wrong, and how it moved.

    Sections: Corrected (the struck-through first guess beside the correction) and partly
    right; Unresolved (open, waiting, to-verify; oldest first, with age in days); Numbers (the
    calculator claims that fail or cannot be evaluated, with their diagnosis); Summary (counts
    per note and for the vault, and open/closed items per week from git). The HTML form adds
    charts (matplotlib with the `plots` extra, else a plain SVG).

    \b
    Examples:
      vaulttool report vault
      vaulttool report vault --format html -o report.html
      vaulttool report vault --format json --as-of 2025-07-01
    """
    from vaulttool import progress, reuse
    from vaulttool.analyse.history import dating_context, dating_inputs
    from vaulttool.analyse.status import reading_errors
    from vaulttool.extras import installed
    from vaulttool.render import render

    as_of_date = _parse_date(as_of)
    scanned, bar = read_vault(ctx, vault)
    shown = context_before(ctx, scanned.root, output=output, link_base=link_base(scanned.root, output))
    # An unchanged vault and git history, the same day: the output of the last run alike (not
    # when it is stamped with the time it was made).
    charts = installed("plots") if output_format == "html" else None
    view = f"report {output_format} {as_of_date} {no_history} {charts}"
    when = dating_context(scanned.root)
    depends_on = dating_inputs(when, scanned)
    printed = None if timestamp else reuse.stored(scanned, view, reuse.Shown, depends_on + shown.key())
    if printed is None:
        analysis = analysis_of(ctx, scanned, bar, report_problems=False, lifecycle=True)
        model = analysis.report(as_of_date, history=not no_history, generated=generated(timestamp))
        printed = reuse.Shown(
            render("report", output_format, model, shown), EXIT_CLEAN, reading_errors(analysis.vault.problems)
        )
        if not timestamp:
            reuse.store(analysis.vault.scan or scanned, view, printed, depends_on + shown.key())  # keyed on a first run
    progress.stop()  # the analyses are done
    say_problems(ctx, scanned.root, printed.problems)
    emit(printed.text, output, scanned.root)
    return printed.exit
