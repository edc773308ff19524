"""`vaulttool check`: link integrity, for CI and pre-commit."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vaulttool.commands.common import analysis_of, context_before, emit, output_option, read_vault, vault_argument
from vaulttool.commands.run_options import EXIT_CLEAN, EXIT_FINDINGS


@click.command()
@vault_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "github", "sarif")),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for workflow annotations, sarif for code scanning.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these codes (comma-separated, repeatable); replaces [check] select.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Leave these codes out (comma-separated, repeatable); added to [check] ignore.",
)
@click.option("--orphans", is_flag=True, help="Also report notes with no links in or out (orphan-note).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else (no summary, no progress).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means bad input).")
@click.option("--statistics", is_flag=True, help="Print how many findings each code has instead of the findings.")
@output_option
@click.option("--watch", is_flag=True, help="Check again on every change in the vault, until Ctrl-C (the watch extra).")
@click.pass_context
def check(
    ctx: click.Context,
    vault: str,
    output_format: str,
    strict: bool,
    select: Sequence[str],
    ignore: Sequence[str],
    orphans: bool,
    quiet: bool,
    exit_zero: bool,
    statistics: bool,
    output: str | None,
    watch: bool,
) -> int:
    """Check every link, embed, heading, block reference and attachment, as Obsidian resolves them.

    Errors and warnings are reported by default; info codes (orphan-note, foreign-vault-uri,
    case-mismatch) only with --select or --orphans. `vaulttool rules` lists every code. A line
    opts out with a comment: %% vaulttool: ignore[missing-note] %%. Files are named relative to
    the current folder (`vault/Index.md:41:10`), in every format.

    Exit status: 0 clean, 1 when there is an error (or a warning with --strict; never with
    --exit-zero), 2 for bad input, a folder with no notes included.

    \b
    Examples:
      vaulttool check vault
      vaulttool check vault --strict --format github
      vaulttool check vault --select missing-note,missing-heading
      vaulttool check vault --orphans --ignore ambiguous-link
      vaulttool check vault --statistics
      vaulttool check vault --format sarif -o vaulttool.sarif
      vaulttool check vault --watch
    """
    from vaulttool import __version__, progress, reuse
    from vaulttool.analyse.check_state import patched
    from vaulttool.analyse.checks import CheckResult, selected_codes
    from vaulttool.render import render
    from vaulttool.rules import Code, Severity

    if statistics and output_format not in ("text", "json"):
        raise click.UsageError("--statistics prints text or json, not --format " + output_format)

    subject = "check-statistics" if statistics else "check"

    def run() -> int:
        scanned, bar = read_vault(ctx, vault, require_notes=True, quiet=quiet)
        codes = selected_codes(scanned.settings.check, select or None, ignore, ("orphan-note",) if orphans else ())
        question = "check " + ",".join(sorted(codes))
        shown = context_before(ctx, scanned.root, output=output, version=__version__, quiet=quiet)
        view = f"{question} {subject} {output_format} {strict} {exit_zero}"
        printed = reuse.stored(scanned, view, reuse.Shown, shown.key())  # the vault unchanged, shown alike
        if printed is None:
            result = reuse.stored(scanned, question, CheckResult)  # the vault unchanged since the last check
            if result is None:  # a few notes edited since: the last check patched
                result = patched(scanned, codes, bar)
            if result is None:
                lifecycle = Code.ORPHAN_ANSWER in codes
                analysis = analysis_of(ctx, scanned, bar, report_problems=False, lifecycle=lifecycle)
                result = analysis.check(codes=codes)
                scanned = analysis.vault.scan or scanned  # keyed by the parse on a first run
                reuse.store(scanned, question, result)
            failed = result.count(Severity.ERROR) or (strict and result.count(Severity.WARNING))
            printed = reuse.Shown(
                render(subject, output_format, result, shown), EXIT_FINDINGS if failed and not exit_zero else EXIT_CLEAN
            )
            reuse.store(scanned, view, printed, shown.key())
        progress.stop()  # the analyses are done
        emit(printed.text, output)
        return printed.exit

    if watch:
        from vaulttool.commands.watching import watch_vault

        return watch_vault(vault, run, redraw=output_format == "text" and output is None)
    return run()
