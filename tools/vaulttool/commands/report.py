"""`vaulttool report`: what was corrected, what is still open, which numbers are wrong."""

from __future__ import annotations

import datetime as dt

import click

from vaulttool.commands.common import (
    analyse,
    context,
    emit,
    generated,
    link_base,
    output_option,
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
    from vaulttool.render import render

    as_of_date = _parse_date(as_of)
    analysis = analyse(ctx, vault, lifecycle=True)
    model = analysis.report(as_of_date, history=not no_history, generated=generated(timestamp))
    shown = context(ctx, analysis.vault.root, output=output, link_base=link_base(analysis.vault.root, output))
    emit(render("report", output_format, model, shown), output, analysis.vault.root)
    return EXIT_CLEAN
