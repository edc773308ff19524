"""How a `vaulttool` process ends: `cli.run`, its own entry point, exits at once when the output
is flushed (`os._exit`), without freeing a large vault's objects one by one. `outlive` keeps a
command's analysis until then, so that returning from the command does not free them either
(a cold `check` of 10,000 notes: 0.1 billion instructions of its main process's 4.4)."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

at_once = False  # set by `cli.run` (not when a test invokes the command line in its own process)
_kept: list[object] = []


def outlive(value: T) -> T:
    """`value`, kept until the process exits when it exits at once; not kept in a process that
    goes on."""
    if at_once:
        _kept.append(value)
    return value


def release() -> None:
    """Let go of what was kept: a run that others follow in the same process (`--watch`)."""
    _kept.clear()
