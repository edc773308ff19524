"""`vaulttool rules`: the registry of finding codes."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vaulttool.commands.common import context
from vaulttool.commands.run_options import EXIT_CLEAN


@click.command()
@click.argument("codes", nargs=-1, metavar="[CODE]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def rules(ctx: click.Context, codes: Sequence[str], output_format: str) -> int:
    """The catalogue of finding codes: severity, what each means, an example.

    \b
    Examples:
      vaulttool rules
      vaulttool rules missing-heading
      vaulttool rules --format json
    """
    from vaulttool.render import render
    from vaulttool.rules import RULES

    unknown = [code for code in codes if code not in RULES]
    if unknown:
        raise click.UsageError(f"unknown rule code {', '.join(unknown)} (`vaulttool rules` lists them)")
    shown = {code: rule for code, rule in RULES.items() if not codes or code in codes}
    click.echo(render("rules", output_format, shown, context(ctx)), nl=False)
    return EXIT_CLEAN
