"""`vaulttool status`: which hypotheses, questions and claims are still open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from vaulttool.commands.common import (
    analysis_of,
    context,
    context_before,
    read_vault,
    say_problems,
    vault_argument,
)
from vaulttool.commands.run_options import EXIT_CLEAN

if TYPE_CHECKING:
    from vaulttool.analyse import Analysis


@click.command()
@vault_argument
@click.option("--all", "show_all", is_flag=True, help="Also show answered and verified items, with their outcome.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["hypothesis", "question", "claim"]),
    help="Only items of this kind (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["open", "waiting", "to-verify", "answered", "verified"]),
    help="Only items with this status (repeatable; implies --all for closed statuses).",
)
@click.option("--path", "path_glob", metavar="GLOB", help="Only notes whose vault path matches GLOB, e.g. 'Neuro/*'.")
@click.option(
    "--format", "output_format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True
)
@click.option(
    "--watch", is_flag=True, help="Show it again on every change in the vault, until Ctrl-C (the watch extra)."
)
@click.pass_context
def status(
    ctx: click.Context,
    vault: str,
    show_all: bool,
    kinds: Sequence[str],
    statuses: Sequence[str],
    path_glob: str | None,
    output_format: str,
    watch: bool,
) -> int:
    """Which hypotheses, questions and claims are still open, where, and since when.

    Open means status open, waiting or to-verify. Items are grouped by note, oldest first;
    each is dated from git blame when the vault is in git, else from the note's `created`
    property, else from the file's modification time. Notes in Obsidian's "Excluded files"
    (Settings > Files and links) are left out. With --all, a ```nernst / ```ghk claim in an
    item's paragraph or right under it is shown with its computed value.

    \b
    Examples:
      vaulttool status vault
      vaulttool status vault --all --kind hypothesis
      vaulttool status vault --status waiting --format json
      vaulttool status vault --watch
    """
    from vaulttool import progress, reuse
    from vaulttool.analyse import status_state
    from vaulttool.analyse.history import dating_context, dating_inputs
    from vaulttool.analyse.status import DatedItems, StatusFilter, build_status, reading_errors
    from vaulttool.render import render

    chosen = StatusFilter(show_all, tuple(kinds), tuple(statuses), path_glob)
    needs_notes = output_format == "markdown" or (show_all and output_format != "json")  # claims, links

    def run() -> int:
        scanned, bar = read_vault(ctx, vault)
        if needs_notes:
            return show_with_notes(analysis_of(ctx, scanned, bar, lifecycle=True))
        # An unchanged vault, the same day: the output of the last run alike.
        when = dating_context(scanned.root)
        dating = dating_inputs(when, scanned)
        shown = context_before(ctx, scanned.root)
        view = f"status {output_format} {chosen!r}"
        printed = reuse.stored(scanned, view, reuse.Shown, dating + shown.key())
        if printed is None:
            kept = status_state.patched(scanned, when, bar)  # the last run's items, patched by the notes edited since
            if kept is None:
                analysis = analysis_of(ctx, scanned, bar, report_problems=False, lifecycle=True)
                kept = DatedItems(tuple(analysis.items), reading_errors(analysis.vault.problems))
                scanned = analysis.vault.scan or scanned  # keyed by the parse on a first run
                status_state.keep(scanned, analysis, when)
            text = render("status", output_format, build_status(scanned.name, kept.items, chosen), shown)
            printed = reuse.Shown(text, EXIT_CLEAN, kept.problems)
            reuse.store(scanned, view, printed, dating + shown.key())
        progress.stop()  # the analyses are done
        say_problems(ctx, scanned.root, printed.problems)
        click.echo(printed.text, nl=False)
        return printed.exit

    def show_with_notes(analysis: Analysis) -> int:
        """--all in text (claims beside their items) or Markdown (links to the notes)."""
        view = build_status(analysis.vault.name, analysis.items, chosen)
        if show_all and output_format != "json":
            view = build_status(analysis.vault.name, analysis.items, chosen, analysis.claims_by_item(view.items))
        if output_format == "markdown":
            from dataclasses import replace

            from vaulttool.analyse.targets import link_targets

            view = replace(view, targets=link_targets(analysis.links, {item.position.path for item in view.items}))
        click.echo(render("status", output_format, view, context(ctx, analysis.vault.root)), nl=False)
        return EXIT_CLEAN

    if watch:
        from vaulttool.commands.watching import watch_vault

        return watch_vault(vault, run, redraw=output_format != "json")
    return run()
