"""Read quantities such as "140 mM", "37 °C", "-89 mV" or "0.04" from a small table of units."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from vaulttool.calc.constants import ZERO_CELSIUS_K

Kind = Literal["concentration", "temperature", "voltage", "permeability"]

_NUMBER = re.compile(
    r"\s*(?P<number>[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-−]?\d+)?)"
    r"\s*(?P<unit>(?:[^\W\d_]|°)\S*)?\s*"  # a unit starts with a letter (µ, μ too) or °
)

# unit -> (kind, scale, offset): value in canonical units = number·scale + offset
_UNITS: dict[str, tuple[Kind, float, float]] = {
    "M": ("concentration", 1e3, 0.0),
    "mM": ("concentration", 1.0, 0.0),
    "µM": ("concentration", 1e-3, 0.0),
    "μM": ("concentration", 1e-3, 0.0),
    "uM": ("concentration", 1e-3, 0.0),
    "nM": ("concentration", 1e-6, 0.0),
    "pM": ("concentration", 1e-9, 0.0),
    "mmol/L": ("concentration", 1.0, 0.0),
    "mol/L": ("concentration", 1e3, 0.0),
    "°C": ("temperature", 1.0, ZERO_CELSIUS_K),
    "degC": ("temperature", 1.0, ZERO_CELSIUS_K),
    "C": ("temperature", 1.0, ZERO_CELSIUS_K),
    "K": ("temperature", 1.0, 0.0),
    "mV": ("voltage", 1.0, 0.0),
    "V": ("voltage", 1e3, 0.0),
}
_CANONICAL: dict[Kind, str] = {"concentration": "mM", "temperature": "K", "voltage": "mV", "permeability": ""}


class UnitError(ValueError):
    """A quantity that cannot be read: bad number, unknown unit, wrong kind or out of range."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value in canonical units (mM, K, mV, or a bare ratio for a permeability)."""

    value: float
    kind: Kind

    @property
    def unit(self) -> str:
        """The canonical unit of `value`."""
        return _CANONICAL[self.kind]


def accepted(kind: Kind | None = None) -> str:
    """The accepted units of a kind (or of all kinds), for messages."""
    kinds = [kind] if kind else list(_CANONICAL)
    return "; ".join(f"{k} {_units_of(k)}" for k in kinds)


def parse_quantity(text: str, expected: Kind | None = None) -> Quantity:
    """Read a number and a unit; a bare number is a permeability ratio. Values are range-checked.

    `expected` narrows the accepted units an error message lists, and a bare number is then an
    error (it has no unit) unless a permeability is expected."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise UnitError(f"cannot read a number and a unit from {text!r}; accepted: {accepted(expected)}")
    number = float(match["number"].replace("−", "-"))
    unit = match["unit"]
    kind: Kind
    if not unit:
        if expected not in (None, "permeability"):
            raise UnitError(f"{text.strip()!r} has no unit; a {expected} needs one: {_units_of(expected)}")
        kind, value = "permeability", number
    elif unit in _UNITS:
        kind, scale, offset = _UNITS[unit]
        value = number * scale + offset
    else:
        raise UnitError(f"unknown unit {unit!r} in {text!r}; accepted: {accepted(expected)}")
    _check_range(text, kind, value)
    return Quantity(value, kind)


def parse_concentration(text: str) -> float:
    """A concentration in mM, e.g. "140 mM", "2 µM", "0.145 mol/L"."""
    return _parse_kind(text, "concentration")


def parse_temperature(text: str) -> float:
    """A temperature in kelvin, e.g. "37 °C", "37C", "310.15 K"."""
    return _parse_kind(text, "temperature")


def parse_voltage(text: str) -> float:
    """A voltage in mV, e.g. "-89 mV", "0.066 V"."""
    return _parse_kind(text, "voltage")


def parse_permeability(text: str) -> float:
    """A permeability as a plain, non-negative ratio, e.g. "0.04"."""
    return _parse_kind(text, "permeability")


def _parse_kind(text: str, kind: Kind) -> float:
    quantity = parse_quantity(text, kind)
    if quantity.kind != kind:
        raise UnitError(f"{text!r} is a {quantity.kind}, not a {kind}; accepted: {accepted(kind)}")
    return quantity.value


RANGES: dict[Kind, tuple[float, float, str]] = {
    "concentration": (1e-21, 1e5, "from 1e-21 mM (about one ion per litre) to 100 M"),
    "temperature": (1.0, 1e4, "from 1 K to 10000 K"),
    "voltage": (1e-9, 1e6, "0, or from 1e-9 mV to 1000 V either way"),
    "permeability": (1e-12, 1e12, "0, or from 1e-12 to 1e12"),
}
"""The magnitudes a calculation can mean, in canonical units: outside them the number is a typo or
a test of the calculator, and the floating-point arithmetic would overflow or lose every digit."""


def _check_range(text: str, kind: Kind, value: float) -> None:
    if not math.isfinite(value):
        raise UnitError(f"{kind} {text!r} is not finite")
    if kind == "concentration" and value <= 0:
        raise UnitError(f"concentration {text!r} must be positive")
    if kind == "temperature" and value <= 0:
        raise UnitError(f"temperature {text!r} must be above 0 K")
    if kind == "permeability" and value < 0:
        raise UnitError(f"permeability {text!r} must not be negative")
    low, high, described = RANGES[kind]
    if not (low <= abs(value) <= high) and not (kind in ("permeability", "voltage") and value == 0):
        raise UnitError(f"{kind} {text.strip()!r} is out of range: {described}")


def _units_of(kind: Kind) -> str:
    if kind == "permeability":
        return "as a bare number"
    return ", ".join(unit for unit, (k, _, _) in _UNITS.items() if k == kind)
