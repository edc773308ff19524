"""Explain a wrong expected potential by the classic mistakes that reproduce it.

Every explanation within the tolerance is given, one mistake before two, then the closest first.
The catalogue and its codes are in `vaulttool.calc.mistakes`; a pair's code joins its two codes
with `-and-` (`swapped-and-celsius-as-kelvin`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from vaulttool.calc.ghk import IonSpec
from vaulttool.calc.ions import Ion
from vaulttool.calc.mistakes import ghk_catalogue, nernst_catalogue
from vaulttool.calc.search import Catalogue, Explanation, search
from vaulttool.calc.wording import signed_mV, written_mV


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Mistakes that reproduce the expected value: a stable code, what was done and what is right."""

    code: str  # kebab-case: `swapped`, `unit-slip`, or a pair such as `swapped-and-celsius-as-kelvin`
    expected_mV: float
    what: str  # "E_K with inside and outside swapped"
    fix: str  # "with [K⁺]in = 140 mM and [K⁺]out = 5 mM, E_K = −89.06 mV"
    mistakes: int = 1

    @property
    def message(self) -> str:
        """`expected +89 mV matches E_K with inside and outside swapped; with …, E_K = −89.06 mV`."""
        return f"expected {written_mV(self.expected_mV)} mV matches {self.what}; {self.fix}"


def diagnose_nernst(
    ion: Ion,
    inside_mM: float,
    outside_mM: float,
    temperature_K: float,
    expected_mV: float,
    tolerance_mV: float,
) -> tuple[Diagnosis, ...]:
    """The mistakes that turn the Nernst potential into `expected_mV`; () if the claim holds or none does."""
    _require_finite(expected_mV, tolerance_mV)
    catalogue = nernst_catalogue(ion, inside_mM, outside_mM, temperature_K, expected_mV, tolerance_mV)
    return _diagnoses(catalogue, f"E_{ion.name}", f"E_{ion.name}", expected_mV, tolerance_mV)


def diagnose_ghk(
    ions: Sequence[IonSpec], temperature_K: float, expected_mV: float, tolerance_mV: float
) -> tuple[Diagnosis, ...]:
    """The mistakes that turn the GHK potential into `expected_mV`; () if the claim holds or none does."""
    _require_finite(expected_mV, tolerance_mV)
    catalogue = ghk_catalogue(ions, temperature_K, expected_mV, tolerance_mV)
    return _diagnoses(catalogue, "the GHK potential", "V_m", expected_mV, tolerance_mV)


def summary(diagnoses: Sequence[Diagnosis]) -> str | None:
    """All diagnoses in one line, the simplest first; None if there is none."""
    if not diagnoses:
        return None
    first, *rest = diagnoses
    return first.message + "".join(f". It also matches {d.what}; {d.fix}" for d in rest)


def _diagnoses(
    catalogue: Catalogue, subject: str, symbol: str, expected: float, tolerance: float
) -> tuple[Diagnosis, ...]:
    correct = catalogue.compute(catalogue.inputs)
    if abs(correct - expected) <= tolerance:
        return ()
    result = f"{symbol} = {signed_mV(correct)} mV"
    found = [_diagnosis(e, subject, result, expected) for e in search(catalogue, expected, tolerance)]
    return tuple(dict.fromkeys(found))


def _diagnosis(explanation: Explanation, subject: str, result: str, expected: float) -> Diagnosis:
    parts = explanation.parts
    return Diagnosis(
        "-and-".join(part.code for part in parts),
        expected,
        f"{subject} with " + " and ".join(part.what for part in parts),
        "with " + ", ".join(part.fix for part in parts) + f", {result}",
        len(parts),
    )


def _require_finite(expected: float, tolerance: float) -> None:
    if not (math.isfinite(expected) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError("expected value and tolerance must be finite, and the tolerance >= 0")
