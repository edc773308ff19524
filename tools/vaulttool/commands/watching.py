"""`--watch` for `status` and `check`: run again on every change in the vault, until Ctrl-C.

Each run loads the vault anew; the parse cache serves every note whose bytes did not change, so
only the notes that changed are parsed again. In a terminal the screen is cleared and redrawn;
with `--format json` each run prints one JSON document. watchfiles (the `watch` extra) is
imported only here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from vaulttool.errors import VaulttoolError
from vaulttool.process_end import release
from vaulttool.render.visible import visible

DEBOUNCE_MS = 300  # changes within this time (an editor's save, a git checkout) make one run
TICK_MS = 200  # the watcher yields (nothing) this often when nothing changes


def watch_vault(path: str, run: Callable[[], int], *, redraw: bool) -> int:
    """Call `run` now and after every change under `path`; a user error in one run is printed as
    one line and the watch goes on. Returns only through Ctrl-C (KeyboardInterrupt)."""
    from vaulttool.extras import require

    watchfiles = require("watch", "--watch")
    root = Path(path)
    if not root.is_dir():
        raise VaulttoolError(f"vault not found: {path}" if not root.exists() else f"not a folder: {path}")
    redraw = redraw and sys.stdout.isatty()
    first = True
    # The first run waits for the watcher's first (empty) yield, so that a change made while it
    # runs, or right after it, is already being watched.
    for changes in watchfiles.watch(
        root, watch_filter=watchfiles.DefaultFilter(), debounce=DEBOUNCE_MS, rust_timeout=TICK_MS, yield_on_timeout=True
    ):
        if changes or first:
            first = False
            _run_once(run, redraw, path)
    return 0


def _run_once(run: Callable[[], int], redraw: bool, path: str) -> None:
    if redraw:
        click.clear()
    try:
        run()
    except VaulttoolError as error:
        click.echo(f"vaulttool: error: {visible(str(error))}", err=True)
    finally:
        release()  # this run's analysis, freed before the next one is made
    if redraw:
        click.echo(click.style(f"watching {visible(path)} for changes (Ctrl-C to stop)", dim=True), err=True)
    sys.stdout.flush()
