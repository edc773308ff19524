"""The command line: the `vaulttool` group, its options, the error handler and the commands.

Each command lives in `vaulttool.commands.<name>` and returns its exit status: 0 clean,
1 findings, 2 usage or input error (one line on stderr, no traceback unless --debug), 130 when
interrupted (Ctrl-C: one line, no traceback).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from vaulttool import __version__, process_end
from vaulttool.commands.run_options import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    RunOptions,
    run_options,
)
from vaulttool.errors import VaulttoolError

# Each command: its module (`vaulttool.commands.<name>`, imported when the command runs or shows
# its own help) and the first sentence of its help, shown by `vaulttool --help` without importing
# any command (click's "lazily loading subcommands"); a test keeps them equal to the docstrings.
COMMANDS = {
    "calc": "Compute a Nernst equilibrium potential or a Goldman–Hodgkin–Katz resting potential.",
    "check": "Check every link, embed, heading, block reference and attachment, as Obsidian resolves them.",
    "graph": "The vault as a graph: notes and attachments linked by their links and embeds.",
    "report": "What was corrected, what is still open, which numbers are wrong, and how it moved.",
    "review": "A study review sheet: one card per corrected, partly right or verified item.",
    "rules": "The catalogue of finding codes: severity, what each means, an example.",
    "status": "Which hypotheses, questions and claims are still open, where, and since when.",
    "tags": "Every tag with its count and where it occurs, like Obsidian's tag pane.",
    "verify": "Recompute every number claim in the vault and say which are right, which are wrong, and why.",
}


def _error(message: str) -> int:
    from vaulttool.render.visible import visible

    click.echo(f"vaulttool: error: {visible(message)}", err=True)
    return EXIT_USAGE


def _interrupted() -> None:
    """Say so; in the process's own run, exit 130 now: the cache is closed and the workers are gone
    by then, and tearing down a large vault's objects would take seconds."""
    click.echo("vaulttool: interrupted", err=True)
    if process_end.at_once:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


def _version(ctx: click.Context) -> None:
    """`vaulttool 0.1.0 (compiled: yes)`: whether this install's parse modules are mypyc's
    extension modules (`VAULTTOOL_COMPILE=1 pip install .`), as mypy says of itself."""
    from importlib.machinery import EXTENSION_SUFFIXES

    from vaulttool.parse import line_blocks

    compiled = (line_blocks.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
    click.echo(f"vaulttool {__version__} (compiled: {'yes' if compiled else 'no'})")
    ctx.exit()


class VaulttoolGroup(click.Group):
    """Runs click outside its standalone mode so that every error is one `vaulttool: error: …`
    line with exit 2, and the process ends with the command's own exit status. Its commands are
    `COMMANDS`, each imported when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command: click.Command = getattr(import_module(f"vaulttool.commands.{cmd_name}"), cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their first sentences, as click shows them, none of them imported."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [(name, click.Command(name, help=COMMANDS[name]).get_short_help_str(limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """The commands' errors, with the run's options known (`--debug` shows a traceback)."""
        from vaulttool import progress

        try:
            try:
                return super().invoke(ctx)
            finally:
                progress.stop()  # erase the bar before any message
        except KeyboardInterrupt:
            _interrupted()
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except VaulttoolError as error:
            if run_options(ctx).debug:
                raise
            return _error(str(error))
        except BrokenPipeError:
            raise
        except Exception as error:  # a bug: still one line, unless --debug
            if run_options(ctx).debug:
                raise
            return _error(f"internal error: {type(error).__name__}: {error} (run with --debug for details)")

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.exceptions.Abort as abort:
            if isinstance(abort.__cause__, KeyboardInterrupt):  # Ctrl-C while click parsed the arguments
                _interrupted()
                sys.exit(EXIT_INTERRUPTED)
            sys.exit(_error("aborted"))
        except click.ClickException as error:
            sys.exit(_error(error.format_message()))
        except BrokenPipeError:
            sys.exit(EXIT_FINDINGS)
        sys.exit(result if isinstance(result, int) else EXIT_CLEAN)


@click.group(
    cls=VaulttoolGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    "-V",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _, value: _version(ctx) if value and not ctx.resilient_parsing else None,
    help="Show the version (and whether its parse is compiled) and exit.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Force colour on (even when piped) or off; default: on for a terminal unless NO_COLOR is set.",
)
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.option(
    "--no-cache", is_flag=True, help="Parse every note afresh (the parse cache lives in the user cache folder)."
)
@click.pass_context
def main(ctx: click.Context, color: bool | None, debug: bool, no_cache: bool) -> int:
    """Status, link checks, number checks and review sheets for an Obsidian vault of study notes.

    vaulttool never writes inside the vault unless you name an output path there. Text output
    names files relative to the current folder. Exit status: 0 clean, 1 findings, 2 bad input,
    130 interrupted. A progress bar shows on stderr when a run takes more than a second and
    stderr is a terminal.

    \b
    Examples:
      vaulttool status vault             open hypotheses and questions
      vaulttool status vault --all       ... with answered and verified ones
      vaulttool check vault              broken links, for CI and pre-commit
      vaulttool tags vault --format json every tag, with where it occurs

    \b
    Shell completion (click's), e.g. for bash in ~/.bashrc:
      eval "$(_VAULTTOOL_COMPLETE=bash_source vaulttool)"
    (zsh: zsh_source, fish: fish_source); the vault argument completes folders.
    """
    ctx.obj = RunOptions(color=color, debug=debug, cache=not no_cache)
    if color is not None:
        ctx.color = color  # click.echo keeps the styles even when stdout is not a terminal
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
    return EXIT_CLEAN


def run() -> None:
    """The `vaulttool` console script and `python -m vaulttool`: `main`, then exit at once with its
    status, as after Ctrl-C (see `_interrupted`): the output is flushed, the cache closed and the
    workers gone by then, and freeing a large vault's objects one by one only delays the prompt."""
    process_end.at_once = True
    try:
        main()
    except SystemExit as done:
        if not isinstance(done.code, int):
            raise
        status = done.code
    else:
        status = EXIT_CLEAN
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (`| head`): as `main` says when a write fails
        status = status or EXIT_FINDINGS
    sys.stderr.flush()
    os._exit(status)
