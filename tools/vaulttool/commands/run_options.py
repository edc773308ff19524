"""What the `vaulttool` group gives every command: the run's options and the exit statuses.

Kept apart from `common` so that `vaulttool --help` imports no command and nothing they share."""

from __future__ import annotations

from dataclasses import dataclass

import click

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The group's options, passed to every command through click's context object."""

    color: bool | None = None
    debug: bool = False
    cache: bool = True


def run_options(ctx: click.Context) -> RunOptions:
    options = ctx.find_object(RunOptions)
    return options if options is not None else RunOptions()
