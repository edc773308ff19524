"""The command line: parse options, call the library, pick a renderer, set the exit code.

Exit codes: 0 clean, 1 findings, 2 usage or input error (one line on stderr, no traceback).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from vaulttool import __version__

EXIT_FINDINGS = 1
EXIT_USAGE = 2
FORMATS_STATUS = ("text", "json", "markdown")


def fail(message: str) -> NoReturn:
    """Stop with one error line on stderr and exit code 2."""
    raise click.UsageError(message)


def emit(content: str | Callable[[Path], None], output: str | None) -> None:
    """Write `content` to the file `output` atomically, or print it when `output` is None or `-`.

    `content` may be a function that writes the file at the path it is given (e.g. an .apkg)."""
    if output in (None, "-"):
        if not isinstance(content, str):
            fail("this format is binary: name an output file with -o PATH")
        click.echo(content, nl=False)
        return
    from vaulttool.output import OutputError, write_atomic

    try:
        write_atomic(output, content)
    except OutputError as error:
        fail(str(error))


class VaulttoolGroup(click.Group):
    """Prints every usage or input error as one `vaulttool: error: …` line, exit 2, and always
    ends the process with the command's exit code (also under `python -m vaulttool`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401 - click's signature
        debug = "--debug" in sys.argv[1:]
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.exceptions.Abort:
            click.echo("vaulttool: error: aborted", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as error:
            click.echo(f"vaulttool: error: {error.format_message()}", err=True)
            sys.exit(EXIT_USAGE)
        except BrokenPipeError:
            sys.exit(EXIT_FINDINGS)
        except Exception as error:  # a bug: still one line, unless --debug
            if debug:
                raise
            click.echo(f"vaulttool: error: internal error: {type(error).__name__}: {error} (run with --debug for details)", err=True)
            sys.exit(EXIT_USAGE)
        # without standalone mode, click returns `ctx.exit(code)`'s code instead of exiting
        sys.exit(result if isinstance(result, int) else 0)


def load_vault(path: str):  # -> Vault
    from vaulttool.vault import VaultError, load

    try:
        return load(path)
    except VaultError as error:
        fail(str(error))


def report_problems(vault, ctx: click.Context) -> None:
    """Notes that could not be read cleanly (undecodable bytes, malformed front matter), one
    positioned line each on stderr: the run goes on, and stdout stays what the format promises."""
    from vaulttool.render.common import diagnostic_line

    style = styler(ctx, sys.stderr)
    for problem in vault.problems:
        click.echo(diagnostic_line(problem, style), err=True)


def styler(ctx: click.Context, stream=None):
    """`click.style` when the output is a terminal (and NO_COLOR is unset), else plain text."""
    colour = ctx.obj.get("color") if ctx.obj else None
    if colour is None:
        import os

        colour = (stream or sys.stdout).isatty() and "NO_COLOR" not in os.environ
    if colour:
        return click.style
    return lambda text, **_: text


vault_argument = click.argument("vault", default=".", required=False, metavar="[VAULT]")


@click.group(cls=VaulttoolGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="vaulttool")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: on for a terminal).")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.option("--no-cache", is_flag=True, help="Parse every note afresh (the parse cache lives in the user cache folder).")
@click.pass_context
def main(ctx: click.Context, color: bool | None, debug: bool, no_cache: bool) -> None:
    """Status, link checks, number checks and review sheets for an Obsidian vault of study notes.

    vaulttool never writes inside the vault unless you name an output path there.

    \b
    Examples:
      vaulttool status vault             open hypotheses and questions
      vaulttool status vault --all       ... with answered and verified ones
      vaulttool tags vault --format json every tag, with where it occurs
    """
    ctx.obj = {"color": color, "debug": debug}
    if no_cache:
        import os

        os.environ["VAULTTOOL_NO_CACHE"] = "1"


def _empty_vault_message(vault) -> str | None:
    if not vault.notes:
        return f"no notes in {vault.root} (a vault holds Markdown .md files)"
    return None


@main.command()
@vault_argument
@click.option("--all", "show_all", is_flag=True, help="Also show answered and verified items, with their outcome.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["hypothesis", "question", "claim"]),
              help="Only items of this kind (repeatable).")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["open", "waiting", "to-verify", "answered", "verified"]),
              help="Only items with this status (repeatable; implies --all for closed statuses).")
@click.option("--path", "path_glob", metavar="GLOB", help="Only notes whose vault path matches GLOB, e.g. 'Neuro/*'.")
@click.option("--format", "output_format", type=click.Choice(FORMATS_STATUS), default="text", show_default=True)
@click.pass_context
def status(ctx: click.Context, vault: str, show_all: bool, kinds: Sequence[str], statuses: Sequence[str],
           path_glob: str | None, output_format: str) -> None:
    """Which hypotheses, questions and claims are still open, where, and since when.

    Open means status open, waiting or to-verify. Items are grouped by note, oldest first;
    each is dated from git blame when the vault is in git, else from the note's `created`
    property, else from the file's modification time. With --all, a ```nernst / ```ghk
    claim in an item's paragraph or right under it is shown with its computed value.

    \b
    Examples:
      vaulttool status vault
      vaulttool status vault --all --kind hypothesis
      vaulttool status vault --status waiting --format json
    """
    from vaulttool.render import status as render

    loaded = load_vault(vault)
    report_problems(loaded, ctx)
    items = loaded.hypotheses()
    if not (show_all or statuses):
        items = tuple(i for i in items if i.is_open)
    if kinds:
        items = tuple(i for i in items if i.kind in kinds)
    if statuses:
        items = tuple(i for i in items if i.status in statuses)
    if path_glob:
        items = tuple(i for i in items if fnmatch.fnmatch(i.position.path, path_glob))
    if output_format == "json":
        click.echo(render.render_json(loaded.name, items), nl=False)
        return
    if (message := _empty_vault_message(loaded)) is not None:
        click.echo(message)
        return
    today = dt.date.today()
    numbers = {}
    if show_all:
        from vaulttool.analyse.claims import claims_by_item

        numbers = claims_by_item(loaded, items)
    if output_format == "markdown":
        click.echo(render.render_markdown(items, today, numbers), nl=False)
    else:
        click.echo(render.render_text(items, today, styler(ctx), _width(), numbers), nl=False)


def _width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


@main.command()
@vault_argument
@click.option("--where", is_flag=True, help="List every occurrence (path:line:column) under each tag.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def tags(ctx: click.Context, vault: str, where: bool, output_format: str) -> None:
    """Every tag with its count and where it occurs, like Obsidian's tag pane.

    Tags are compared case-insensitively and shown with the first casing met; a nested tag
    `#a/b` also counts towards `#a`. Front-matter tags are included.

    \b
    Examples:
      vaulttool tags vault
      vaulttool tags vault --where
      vaulttool tags vault --format json
    """
    from vaulttool.render import tags as render
    from vaulttool.analyse.tags import tag_summaries

    loaded = load_vault(vault)
    report_problems(loaded, ctx)
    summaries = tag_summaries(note for note in loaded.notes if not loaded.is_ignored(note.path))
    if output_format == "json":
        click.echo(render.render_json(summaries), nl=False)
        return
    if (message := _empty_vault_message(loaded)) is not None:
        click.echo(message)
        return
    click.echo(render.render_text(summaries, styler(ctx), where), nl=False)


# Commands defined in their own modules (vaulttool/commands/*), registered here, one line each.
from vaulttool.commands.report import report, review  # noqa: E402
main.add_command(report)
main.add_command(review)
from vaulttool.commands.check import check, graph, rules  # noqa: E402
main.add_command(check)
main.add_command(rules)
main.add_command(graph)
from vaulttool.commands.calc import calc, verify  # noqa: E402
main.add_command(verify)
main.add_command(calc)
