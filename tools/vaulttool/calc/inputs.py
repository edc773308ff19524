"""What a calculation needs (ions, concentrations, temperature) and what a claim expects.

Both the claim readers (`claim_block`, `claim_span`) and `vaulttool calc` build these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from vaulttool.calc.constants import ZERO_CELSIUS_K
from vaulttool.calc.diagnose import Diagnosis, diagnose_ghk, diagnose_nernst
from vaulttool.calc.ghk import IonSpec, ghk_mV
from vaulttool.calc.ions import Ion, IonError
from vaulttool.calc.nernst import nernst_mV
from vaulttool.calc.units import UnitError, parse_voltage
from vaulttool.calc.wording import amount, number, signed, written_mV

T = TypeVar("T")

DEFAULT_TOLERANCE_MV = 1.0
"""Textbooks round, and many use 58 or 61 mV per decade: ±1 mV unless the claim says otherwise."""

_PLUS_MINUS = re.compile(r"±|\+/-|\+-")
_VOLTAGE_UNIT_AT_END = re.compile(r"\s*(mV|V)\s*$")
_BARE_NUMBER = re.compile(r"\s*[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-−]?\d+)?\s*")


class ClaimError(ValueError):
    """A claim that cannot be evaluated; `line` is the note line the problem is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class Expectation:
    """The value a claim states, with its tolerance, in mV."""

    value_mV: float
    tolerance_mV: float

    def holds(self, computed_mV: float) -> bool:
        return abs(computed_mV - self.value_mV) <= self.tolerance_mV

    def __str__(self) -> str:
        return f"{written_mV(self.value_mV)} ± {number(self.tolerance_mV)} mV"


@dataclass(frozen=True, slots=True)
class NernstInput:
    """One ion's equilibrium potential: concentrations in mM, temperature in kelvin."""

    ion: Ion
    inside_mM: float
    outside_mM: float
    temperature_K: float
    remark: str = ""  # where the inputs come from, when not from the claim itself

    @property
    def symbol(self) -> str:
        return f"E_{self.ion.name}"

    def potential_mV(self) -> float:
        return nernst_mV(self.ion.valence, self.inside_mM, self.outside_mM, self.temperature_K)

    def diagnose(self, expect: Expectation) -> tuple[Diagnosis, ...]:
        return diagnose_nernst(
            self.ion, self.inside_mM, self.outside_mM, self.temperature_K, expect.value_mV, expect.tolerance_mV
        )

    def describe(self) -> str:
        """`K⁺ 140 mM in, 5 mM out, 37 °C`, and the remark if any."""
        valence = f", z = {signed(self.ion.valence)}" if self.ion.written is not None else ""
        return _remarked(
            f"{self.ion.pretty} {amount(self.inside_mM)} mM in, {amount(self.outside_mM)} mM out, "
            f"{celsius(self.temperature_K)}{valence}",
            self.remark,
        )


@dataclass(frozen=True, slots=True)
class GhkInput:
    """The Goldman–Hodgkin–Katz resting potential of a mix of ions, temperature in kelvin."""

    ions: tuple[IonSpec, ...]
    temperature_K: float
    remark: str = ""  # where the inputs come from, when not from the claim itself

    symbol = "V_m"

    def potential_mV(self) -> float:
        return ghk_mV(self.ions, self.temperature_K)

    def diagnose(self, expect: Expectation) -> tuple[Diagnosis, ...]:
        return diagnose_ghk(self.ions, self.temperature_K, expect.value_mV, expect.tolerance_mV)

    def describe(self) -> str:
        """`GHK with P(K⁺ : Na⁺ : Cl⁻) = 1 : 0.04 : 0.45, 20 °C`, and the remark if any."""
        names = " : ".join(spec.ion.pretty for spec in self.ions)
        ratios = " : ".join(amount(spec.permeability) for spec in self.ions)
        return _remarked(f"GHK with P({names}) = {ratios}, {celsius(self.temperature_K)}", self.remark)


Calculation = NernstInput | GhkInput


def _remarked(description: str, remark: str) -> str:
    return f"{description}; {remark}" if remark else description


def celsius(temperature_K: float) -> str:
    """A temperature for messages, in °C: `37 °C`."""
    return f"{number(temperature_K - ZERO_CELSIUS_K)} °C"


def read_expectation(text: str) -> Expectation:
    """`-89 mV`, `-60 mV ± 2`, `-60 ± 2 mV`, `+55 mV +/- 0.5 mV`; the tolerance defaults to 1 mV."""
    parts = _PLUS_MINUS.split(text, maxsplit=1)
    value_text = parts[0].strip()
    if len(parts) == 1:
        return Expectation(parse_voltage(value_text), DEFAULT_TOLERANCE_MV)
    tolerance_text = parts[1].strip()
    unit = _VOLTAGE_UNIT_AT_END.search(tolerance_text)
    tolerance = parse_voltage(tolerance_text if unit else f"{tolerance_text} mV")
    if tolerance < 0:
        raise UnitError(f"tolerance {tolerance_text!r} must not be negative")
    if unit and _BARE_NUMBER.fullmatch(value_text):
        value_text = f"{value_text} {unit.group(1)}"
    return Expectation(parse_voltage(value_text), tolerance)


def read_valence(text: str) -> int:
    """A valence such as `-1`, `+2`, `−1`."""
    try:
        valence = int(text.strip().replace("−", "-"))
    except ValueError:
        raise ValueError(f"z must be a whole number such as -1 or +2, got {text.strip()!r}") from None
    if valence == 0:
        raise ValueError("z must not be 0")
    return valence


def on_line(line: int, what: str, parse: Callable[[str], T], text: str) -> T:
    """`parse(text)`, with a unit, ion or number error turned into a ClaimError naming `line`."""
    try:
        return parse(text)
    except (UnitError, IonError, ValueError) as error:
        raise ClaimError(line, f"{what}: {error}") from None
