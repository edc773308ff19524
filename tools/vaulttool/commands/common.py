"""What the commands share: the vault argument, loading, output and styling.

This module imports no command; `cli.py` registers them (`COMMANDS`).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from vaulttool.commands.run_options import run_options
from vaulttool.process_end import outlive

if TYPE_CHECKING:
    from vaulttool.analyse import Analysis
    from vaulttool.model import Finding
    from vaulttool.progress import ProgressCallback
    from vaulttool.render import Context
    from vaulttool.vault import Scan


def colour_wanted(option: bool | None, stream: IO[str]) -> bool:
    """--color/--no-color win; else a non-empty NO_COLOR turns colour off (no-color.org); else
    colour when `stream` is a terminal."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


class VaultPath(click.ParamType):
    """The vault folder, as given (`load` says why a path is no vault); the shell completes folders."""

    name = "folder"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="dir")]


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta[f"vaulttool.{param.name}"] = value
    return value


def vault_argument(command: Callable[..., Any]) -> Callable[..., Any]:
    """The VAULT argument (default: the current folder) and the options that go with reading it."""
    command = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Say which settings file is used (on stderr).",
    )(command)
    command = click.option(
        "--config",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_remember,
        metavar="PATH",
        help="Settings file to use (default: .vaulttool.toml in the vault, else at the root of its git repository).",
    )(command)
    return click.argument("vault", default=".", required=False, metavar="[VAULT]", type=VaultPath())(command)


output_option = click.option(
    "-o",
    "--output",
    "output",
    metavar="PATH",
    type=click.Path(dir_okay=False),
    help="Write to PATH (atomically) instead of standard output.",
)

timestamp_option = click.option(
    "--timestamp", is_flag=True, help="Print when the output was made (off by default, so outputs diff cleanly)."
)


def generated(timestamp: bool) -> str | None:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if timestamp else None


def read_vault(
    ctx: click.Context, path: str, *, require_notes: bool = False, quiet: bool = False
) -> tuple[Scan, ProgressCallback | None]:
    """Read the vault at `path` (settings, files, every note's bytes), with a progress bar on
    stderr when it is a terminal (not when `quiet`), and say the settings' warnings. Raises
    `VaultError` when the vault cannot be read at all, and `VaulttoolError` when it holds no note
    and `require_notes` (a check of nothing passes nothing); otherwise an empty folder is said on
    stderr. Returns the scan and the progress bar."""
    from vaulttool import progress
    from vaulttool.errors import VaulttoolError
    from vaulttool.render.visible import visible
    from vaulttool.vault import scan

    bar = progress.start(sys.stderr, enabled=not quiet)
    scanned = scan(path, cache=run_options(ctx).cache, config=ctx.meta.get("vaulttool.config"), progress=bar)
    progress.clear_line()
    for warning in scanned.settings.warnings:
        click.echo(f"vaulttool: warning: {visible(warning)}", err=True)
    if ctx.meta.get("vaulttool.verbose"):
        source = scanned.settings.source
        click.echo(
            f"vaulttool: settings from {visible(str(source))}"
            if source is not None
            else "vaulttool: no .vaulttool.toml in the vault or its repository root: default settings",
            err=True,
        )
    if not scanned.files:
        if require_notes:
            raise VaulttoolError(f"no notes under {path}")
        click.echo(f"vaulttool: no notes under {visible(path)}", err=True)
    return scanned, bar


def analysis_of(
    ctx: click.Context,
    scanned: Scan,
    bar: ProgressCallback | None,
    *,
    report_problems: bool = True,
    lifecycle: bool = False,
) -> Analysis:
    """Parse a scanned vault and start its analysis; with `report_problems`, `say_problems`.
    With `lifecycle` (the command reads the lifecycle), notes parsed in worker processes are read
    there too (`readings.derivation`)."""
    from vaulttool import progress
    from vaulttool.analyse import Analysis
    from vaulttool.vault import parse

    derive = None
    if lifecycle:
        from vaulttool.analyse.readings import derivation

        derive = derivation(scanned.settings)
    vault = parse(scanned, bar, derive)
    progress.clear_line()
    if report_problems:
        from vaulttool.analyse.status import reading_errors

        say_problems(ctx, vault.root, reading_errors(vault.problems))
    return outlive(Analysis(vault, bar))  # freed by no one: the process exits at once (`process_end`)


def say_problems(ctx: click.Context, root: Path, problems: Iterable[Finding]) -> None:
    """Problems on stderr, one positioned line each, so stdout stays what the format promises
    (warnings met while parsing, such as an unquoted property link, are `check`'s)."""
    from vaulttool.render.common import diagnostic_line
    from vaulttool.render.visible import visible, visible_model

    style = styler(ctx, sys.stderr)
    prefix = visible(repository_prefix(root))
    for problem in problems:
        click.echo(diagnostic_line(visible_model(problem), style, prefix), err=True)


def analyse(
    ctx: click.Context,
    path: str,
    *,
    report_problems: bool = True,
    require_notes: bool = False,
    quiet: bool = False,
    lifecycle: bool = False,
) -> Analysis:
    """`read_vault`, then `analysis_of`."""
    scanned, bar = read_vault(ctx, path, require_notes=require_notes, quiet=quiet)
    return analysis_of(ctx, scanned, bar, report_problems=report_problems, lifecycle=lifecycle)


def styler(ctx: click.Context, stream: IO[str] | None = None) -> Callable[..., str]:
    """`click.style` when colour is on (see `colour_wanted`), else text unchanged."""
    from vaulttool.render import plain

    return click.style if colour_wanted(run_options(ctx).color, stream or sys.stdout) else plain


def terminal_width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


def repository_prefix(root: Path) -> str:
    """The vault folder relative to the current folder (where CI runs: the repository root), with
    a trailing `/`, or "" for the current folder; absolute when it lies outside the current folder
    (as ruff names files) or on another drive."""
    try:
        relative = os.path.relpath(root)
    except ValueError:
        relative = str(root.resolve())
    if relative == ".." or relative.startswith(".." + os.sep):
        relative = str(root.resolve())
    return "" if relative == "." else relative.replace(os.sep, "/").rstrip("/") + "/"


def link_base(root: Path, output: str | None) -> str:
    """The path from the folder a sheet is written to up to the vault root, for the links the sheet
    rewrites: "" at the root or on stdout, "../" one folder down in the vault, "vault/" beside it."""
    if output in (None, "-"):
        return ""
    try:
        relative = os.path.relpath(root.resolve(), Path(output).resolve().parent)
    except ValueError:  # another drive: the absolute path
        return root.resolve().as_posix().rstrip("/") + "/"
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def context(ctx: click.Context, root: Path | None = None, *, output: str | None = None, **values: Any) -> Context:
    """`context_before`, once the analyses are done: the progress bar is erased, the output follows."""
    from vaulttool import progress

    progress.stop()
    return context_before(ctx, root, output=output, **values)


def context_before(
    ctx: click.Context, root: Path | None = None, *, output: str | None = None, **values: Any
) -> Context:
    """The renderers' context for this run: styling for stdout (none for an `output` file), terminal
    width, the vault folder relative to the current folder (text names files as the shell reaches
    them), and `values`. Made before the analyses, its `key` finds an output kept from a run alike."""
    from vaulttool.render import Context

    if root is not None:
        values.setdefault("prefix", repository_prefix(root))
    if output not in (None, "-"):
        return Context(**values)  # a file: no colour, the default width
    return Context(style=styler(ctx), width=terminal_width(), **values)


def emit(content: str | Callable[[Path], None], output: str | None, vault: Path | None = None) -> None:
    """Write `content` to the file `output` atomically, or print it when `output` is None or `-`.

    `content` may be a function that writes the file at the path it is given (e.g. an .apkg).
    A symlink `output` into `vault` is refused (see `vaulttool.output`)."""
    if output in (None, "-"):
        if not isinstance(content, str):
            raise click.UsageError("this format is binary: name an output file with -o PATH")
        click.echo(content, nl=False)
        return
    from vaulttool.output import write_atomic

    write_atomic(output, content, vault)
