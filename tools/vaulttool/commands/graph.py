"""`vaulttool graph`: the vault as a networkx graph, summarised or exported."""

from __future__ import annotations

from pathlib import Path

import click

from vaulttool.commands.common import analyse, context, emit, vault_argument
from vaulttool.commands.run_options import EXIT_CLEAN

EXPORTS = ("graphml", "gexf", "json", "dot")
_EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".dot": "dot", ".gv": "dot"}


@click.command()
@vault_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(EXPORTS),
    default=None,
    help="Export format (default: from the -o file's extension). Without -o the export goes to stdout.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Write the graph to FILE (- for stdout).",
)
@click.pass_context
def graph(ctx: click.Context, vault: str, output_format: str | None, output: str | None) -> int:
    """The vault as a graph: notes and attachments linked by their links and embeds.

    Without -o or --format, prints a summary: notes, attachments, links, broken links, orphans,
    the most linked notes and the connected components. With them, exports a networkx
    MultiDiGraph as GraphML, GEXF, node-link JSON or Graphviz DOT.

    \b
    Examples:
      vaulttool graph vault
      vaulttool graph vault -o vault.graphml
      vaulttool graph vault --format json -o graph.json
      vaulttool graph vault --format dot | dot -Tsvg > vault.svg
    """
    from vaulttool.analyse.graph import summarize
    from vaulttool.render import render

    if output is not None and output_format is None:
        output_format = _EXTENSIONS.get(Path(output).suffix.lower())
        if output_format is None:
            raise click.UsageError(f"cannot tell the graph format from {output!r}: add --format {'|'.join(EXPORTS)}")
    analysis = analyse(ctx, vault, report_problems=False)
    if output_format is None:
        click.echo(render("graph", "summary", summarize(analysis.graph), context(ctx, analysis.vault.root)), nl=False)
        return EXIT_CLEAN
    emit(render("graph", output_format, analysis.graph, context(ctx)), output, analysis.vault.root)
    return EXIT_CLEAN
