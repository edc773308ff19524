"""Search the explanations of a wrong value: each mistake of a fixed catalogue alone, then every pair.

A *mistake* changes the inputs (inside and outside swapped, a wrong valence, a unit slip, a
permeability mix-up); a *scale* multiplies the potential (°C used as kelvin, log10 with RT/F, a
per-decade slope with ln or from another temperature). Slopes are looked for from each base value:
a textbook slope, or alone the slope the value implies. The search is bounded: every mistake
alone, then every pair of two different classic mistakes (swaps, valences, RT/F, textbook slopes;
unit slips and permeability mix-ups only alone); a pair is kept only when neither of its mistakes
explains the value alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

In = TypeVar("In")


@dataclass(frozen=True, slots=True)
class Mistake(Generic[In]):
    """A mistake in the inputs: `apply` turns the inputs as written into the mistaken ones."""

    code: str
    what: str  # "inside and outside swapped"
    fix: str  # "[K⁺]in = 140 mM and [K⁺]out = 5 mM"
    apply: Callable[[In], In]
    paired: bool = True  # a classic mistake, tried with each other one (unit slips and permeabilities: alone)


@dataclass(frozen=True, slots=True)
class Scale:
    """A mistake in RT/F or in the logarithm: the potential comes out `factor` times too large."""

    code: str
    what: str
    fix: str
    factor: float


Part = Mistake | Scale


@dataclass(frozen=True, slots=True)
class Explanation:
    """One or two mistakes that together turn the correct potential into `value_mV`."""

    parts: tuple[Part, ...]
    value_mV: float
    distance_mV: float  # from the expected value


@dataclass(frozen=True, slots=True)
class Catalogue(Generic[In]):
    """What a search needs: the inputs as written, the calculator, and the mistakes it may make."""

    inputs: In
    compute: Callable[[In], float]
    mistakes: Sequence[Mistake[In]]
    scales: Sequence[Scale]  # RT/F mistakes, tried alone, with each mistake, and with each other
    slopes: Callable[[float, bool], Sequence[Scale]]  # (base value, implied slope allowed) → slope mistakes


def search(catalogue: Catalogue[In], expected_mV: float, tolerance_mV: float) -> list[Explanation]:
    """Every explanation within the tolerance of `expected_mV`: one mistake before two, then the closest."""
    found: list[tuple[int, float, int, Explanation]] = []

    def consider(parts: tuple[Part, ...], value: float | None) -> bool:
        if value is None or not math.isfinite(value) or abs(value - expected_mV) > tolerance_mV:
            return False
        distance = abs(value - expected_mV)
        found.append((len(parts), round(distance, 9), len(found), Explanation(parts, value, distance)))
        return True

    c = catalogue
    correct = c.compute(c.inputs)
    changed = [(m, m.apply(c.inputs)) for m in c.mistakes]
    bases = [_value(c.compute, inputs) for _, inputs in changed]
    alone = {id(m) for (m, _), base in zip(changed, bases) if consider((m,), base)}
    alone |= {id(s) for s in c.scales if consider((s,), correct * s.factor)}
    alone_slopes = {s.code for s in c.slopes(correct, True) if consider((s,), correct * s.factor)}

    paired = [(m, inputs, base) for (m, inputs), base in zip(changed, bases) if m.paired and id(m) not in alone]
    for i, (first, inputs, base) in enumerate(paired):
        for second, _, _ in paired[i + 1 :]:
            if second.code != first.code:
                consider((first, second), _value(c.compute, second.apply(inputs)))
        if base is None:
            continue
        for scale in c.scales:
            if id(scale) not in alone:
                consider((first, scale), base * scale.factor)
        for slope in c.slopes(base, False):
            if slope.code not in alone_slopes:
                consider((first, slope), base * slope.factor)
    scales = [s for s in c.scales if id(s) not in alone]
    for i, one in enumerate(scales):
        for other in scales[i + 1 :]:
            consider((one, other), correct * one.factor * other.factor)
    return [explanation for *_, explanation in sorted(found, key=lambda entry: entry[:3])]


def _value(compute: Callable[[In], float], inputs: In) -> float | None:
    try:
        return compute(inputs)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
