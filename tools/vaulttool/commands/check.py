"""`vaulttool check` (link integrity for CI and pre-commit), `vaulttool rules` and `vaulttool graph`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from vaulttool.cli import EXIT_FINDINGS, emit, fail, load_vault, styler, vault_argument

CHECK_FORMATS = ("text", "json", "github", "sarif")
GRAPH_FORMATS = ("graphml", "gexf", "json", "dot")
_EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".dot": "dot", ".gv": "dot"}


def _repo_prefix(root: Path) -> str:
    """The vault folder relative to the current folder, with a trailing `/` ("" for `.`)."""
    try:
        relative = os.path.relpath(root)
    except ValueError:  # another drive
        relative = str(root.resolve())
    return "" if relative == "." else relative.replace(os.sep, "/").rstrip("/") + "/"


@click.command()
@vault_argument
@click.option("--format", "output_format", type=click.Choice(CHECK_FORMATS), default="text", show_default=True,
              help="text for people, json for scripts, github for workflow annotations, sarif for code scanning.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Report only these codes (comma-separated, repeatable); replaces [check] select.")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Leave these codes out (comma-separated, repeatable); added to [check] ignore.")
@click.option("--orphans", is_flag=True, help="Also report notes with no links in or out (orphan-note).")
@click.pass_context
def check(ctx: click.Context, vault: str, output_format: str, strict: bool, select: Sequence[str],
          ignore: Sequence[str], orphans: bool) -> None:
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
    from vaulttool.analyse.checks import RULES, CheckConfigError, check_vault
    from vaulttool.model import Severity
    from vaulttool.render import check as render

    loaded = load_vault(vault)
    try:
        result = check_vault(loaded, select or None, ignore, ("orphan-note",) if orphans else ())
    except CheckConfigError as error:
        fail(str(error))
    if output_format == "json":
        click.echo(render.render_json(result), nl=False)
    elif output_format == "github":
        click.echo(render.render_github(result, _repo_prefix(loaded.root)), nl=False)
    elif output_format == "sarif":
        click.echo(render.render_sarif(result, RULES, _repo_prefix(loaded.root), __version__), nl=False)
    else:
        click.echo(render.render_text(result, styler(ctx)), nl=False)
    if result.count(Severity.ERROR) or (strict and result.count(Severity.WARNING)):
        sys.exit(EXIT_FINDINGS)  # not ctx.exit: the group runs click outside standalone mode


@click.command()
@click.argument("codes", nargs=-1, metavar="[CODE]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def rules(ctx: click.Context, codes: Sequence[str], output_format: str) -> None:
    """The catalogue of `vaulttool check` codes: severity, what each means, an example.

    \b
    Examples:
      vaulttool rules
      vaulttool rules missing-heading
      vaulttool rules --format json
    """
    from vaulttool.analyse.checks import RULES
    from vaulttool.render import check as render

    unknown = [code for code in codes if code not in RULES]
    if unknown:
        fail(f"unknown rule code {', '.join(unknown)} (`vaulttool rules` lists them)")
    shown = {code: rule for code, rule in RULES.items() if not codes or code in codes}
    if output_format == "json":
        click.echo(render.render_rules_json(shown), nl=False)
    else:
        click.echo(render.render_rules_text(shown, styler(ctx)), nl=False)


@click.command()
@vault_argument
@click.option("--format", "output_format", type=click.Choice(GRAPH_FORMATS), default=None,
              help="Export format (default: from the -o file's extension). Without -o the export goes to stdout.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="Write the graph to FILE (- for stdout).")
@click.pass_context
def graph(ctx: click.Context, vault: str, output_format: str | None, output: str | None) -> None:
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
    from vaulttool.analyse.graph import export, summarize

    loaded = load_vault(vault)
    if output is None and output_format is None:
        from vaulttool.render.graph import render_summary

        click.echo(render_summary(summarize(loaded.graph()), styler(ctx)), nl=False)
        return
    if output_format is None:
        output_format = _EXTENSIONS.get(Path(output or "").suffix.lower())
        if output_format is None:
            fail(f"cannot tell the graph format from {output!r}: add --format {'|'.join(GRAPH_FORMATS)}")
    emit(export(loaded.graph(), output_format), output)
