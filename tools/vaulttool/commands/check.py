"""`vaulttool check`: link integrity, for CI and pre-commit."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vaulttool.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    analyse,
    context,
    repository_prefix,
    vault_argument,
)


@click.command()
@vault_argument
@click.option("--format", "output_format", type=click.Choice(("text", "json", "github", "sarif")), default="text",
              show_default=True,
              help="text for people, json for scripts, github for workflow annotations, sarif for code scanning.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Report only these codes (comma-separated, repeatable); replaces [check] select.")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Leave these codes out (comma-separated, repeatable); added to [check] ignore.")
@click.option("--orphans", is_flag=True, help="Also report notes with no links in or out (orphan-note).")
@click.pass_context
def check(ctx: click.Context, vault: str, output_format: str, strict: bool, select: Sequence[str],
          ignore: Sequence[str], orphans: bool) -> int:
    """Check every link, embed, heading, block reference and attachment, as Obsidian resolves them.

    Errors and warnings are reported by default; info codes (orphan-note, foreign-vault-uri,
    case-mismatch) only with --select or --orphans. `vaulttool rules` lists every code. A line
    opts out with a comment: %% vaulttool: ignore[missing-note] %%.

    Exit status: 0 clean, 1 when there is an error (or a warning with --strict), 2 for bad input.

    \b
    Examples:
      vaulttool check vault
      vaulttool check vault --strict --format github
      vaulttool check vault --select missing-note,missing-heading
      vaulttool check vault --orphans --ignore ambiguous-link
      vaulttool check vault --format sarif > vaulttool.sarif
    """
    from vaulttool import __version__
    from vaulttool.render import render
    from vaulttool.rules import Severity

    analysis = analyse(ctx, vault, report_problems=False)
    result = analysis.check(select or None, ignore, ("orphan-note",) if orphans else ())
    prefix = repository_prefix(analysis.vault.root)
    click.echo(render("check", output_format, result, context(ctx, prefix=prefix, version=__version__)), nl=False)
    if result.count(Severity.ERROR) or (strict and result.count(Severity.WARNING)):
        return EXIT_FINDINGS
    return EXIT_CLEAN
