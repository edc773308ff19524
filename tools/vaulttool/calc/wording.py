"""How numbers read in messages: a true minus sign (−), signed potentials, short decimals."""

from __future__ import annotations


def minus(text: str) -> str:
    """Replace ASCII hyphen-minus with the minus sign U+2212."""
    return text.replace("-", "−")


def signed(z: int) -> str:
    """A valence with its sign: `+1`, `−2`."""
    return minus(f"{z:+d}")


def signed_mV(value: float) -> str:
    """A potential with sign and 2 decimals: `+66.60`, `−89.06`."""
    return minus(f"{value:+.2f}")


def written_mV(value: float) -> str:
    """An expected potential as written, with its sign: `+64`, `−59.5`."""
    return minus(f"{value:+.6g}")


def number(value: float) -> str:
    """A short number, at most 2 decimals: `37`, `0.04`, `−3.5`."""
    return minus(f"{round(value, 2):g}")


def amount(value: float) -> str:
    """A concentration or ratio, up to 6 significant digits: `140`, `0.0001`."""
    return minus(f"{value:.6g}")
