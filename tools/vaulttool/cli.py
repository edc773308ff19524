"""The command line: the `vaulttool` group, its options, the error handler and the commands.

Each command lives in `vaulttool.commands.<name>` and returns its exit status: 0 clean,
1 findings, 2 usage or input error (one line on stderr, no traceback unless --debug), 130 when
interrupted (Ctrl-C: one line, no traceback).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from vaulttool import __version__
from vaulttool.commands.calc import calc
from vaulttool.commands.check import check
from vaulttool.commands.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    RunOptions,
    run_options,
)
from vaulttool.commands.graph import graph
from vaulttool.commands.report import report
from vaulttool.commands.review import review
from vaulttool.commands.rules import rules
from vaulttool.commands.status import status
from vaulttool.commands.tags import tags
from vaulttool.commands.verify import verify
from vaulttool.errors import VaulttoolError


def _error(message: str) -> int:
    from vaulttool.render.visible import visible

    click.echo(f"vaulttool: error: {visible(message)}", err=True)
    return EXIT_USAGE


_EXIT_AT_ONCE = False  # set by `run`, the process's own entry point (not when a test invokes `main`)


def _interrupted() -> None:
    """Say so; in the process's own run, exit 130 now: the cache is closed and the workers are gone
    by then, and tearing down a large vault's objects would take seconds."""
    click.echo("vaulttool: interrupted", err=True)
    if _EXIT_AT_ONCE:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


class VaulttoolGroup(click.Group):
    """Runs click outside its standalone mode so that every error is one `vaulttool: error: …`
    line with exit 2, and the process ends with the command's own exit status."""

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
@click.version_option(__version__, "--version", "-V", prog_name="vaulttool")
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


for command in (status, tags, check, rules, graph, verify, calc, report, review):
    main.add_command(command)


def run() -> None:
    """The `vaulttool` console script and `python -m vaulttool`: `main`, exiting at once after
    Ctrl-C (see `_interrupted`)."""
    global _EXIT_AT_ONCE
    _EXIT_AT_ONCE = True
    main()
