"""`vaulttool verify`: recompute every number claim in a vault."""

from __future__ import annotations

import click

from vaulttool.commands.common import analyse, context, vault_argument
from vaulttool.commands.run_options import EXIT_CLEAN, EXIT_FINDINGS


@click.command()
@vault_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "github")),
    default="text",
    show_default=True,
    help="github: workflow `::error` annotations for claims that fail or cannot be evaluated.",
)
@click.pass_context
def verify(ctx: click.Context, vault: str, output_format: str) -> int:
    """Recompute every number claim in the vault and say which are right, which are wrong, and why.

    A claim is a ```nernst or ```ghk block, a code span such as
    `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`, or a statement such as `E_K ≈ -80 mV`
    under a table of concentrations. Each gets a result: pass, fail (with every diagnosis that
    reproduces the expected value), error (it cannot be read), or value (no expected value
    given).

    Exit status: 0 when every claim passes, 1 when one fails or cannot be evaluated, 2 for bad
    input (a folder with no notes included). Files are named relative to the current folder.

    \b
    Examples:
      vaulttool verify vault
      vaulttool verify vault --format json
      vaulttool verify vault --format github      # in a GitHub workflow
    """
    from vaulttool.render import render

    analysis = analyse(ctx, vault, require_notes=True)
    claims = analysis.claims
    click.echo(render("verify", output_format, claims, context(ctx, analysis.vault.root)), nl=False)
    return EXIT_FINDINGS if any(claim.failed for claim in claims) else EXIT_CLEAN
