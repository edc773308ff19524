"""How numbers read in messages: signed potentials and short decimals, with the ASCII minus (`-89.06`),
so that a number copied from a terminal, a Markdown page or JSON pastes into a calculator."""

from __future__ import annotations


def signed(z: int) -> str:
    """A valence with its sign: `+1`, `-2`."""
    return f"{z:+d}"


def signed_mV(value: float) -> str:
    """A potential with sign and 2 decimals: `+66.60`, `-89.06`."""
    return f"{value:+.2f}"


def written_mV(value: float) -> str:
    """An expected potential as written, with its sign: `+64`, `-59.5`."""
    return f"{value:+.6g}"


def number(value: float) -> str:
    """A short number, at most 2 decimals: `37`, `0.04`, `-3.5`."""
    return f"{round(value, 2):g}"


def amount(value: float) -> str:
    """A concentration or ratio, up to 6 significant digits: `140`, `0.0001`."""
    return f"{value:.6g}"
