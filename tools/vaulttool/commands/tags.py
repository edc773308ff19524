"""`vaulttool tags`: every tag with its count, like Obsidian's tag pane."""

from __future__ import annotations

import click

from vaulttool.commands.common import analyse, context, vault_argument
from vaulttool.commands.run_options import EXIT_CLEAN


@click.command()
@vault_argument
@click.option("--where", is_flag=True, help="List every occurrence (path:line:column) under each tag.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def tags(ctx: click.Context, vault: str, where: bool, output_format: str) -> int:
    """Every tag with its count and where it occurs, like Obsidian's tag pane.

    Tags are compared case-insensitively and shown with the first casing met; a nested tag
    `#a/b` also counts towards `#a`. Front-matter tags are included, and so are the tags of
    notes in Obsidian's "Excluded files", as Obsidian's tag pane lists them.

    \b
    Examples:
      vaulttool tags vault
      vaulttool tags vault --where
      vaulttool tags vault --format json
    """
    from vaulttool.render import render

    analysis = analyse(ctx, vault)
    click.echo(render("tags", output_format, analysis.tags, context(ctx, analysis.vault.root, where=where)), nl=False)
    return EXIT_CLEAN
