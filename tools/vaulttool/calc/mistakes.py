"""The catalogue of classic mistakes, for a Nernst and for a GHK calculation.

Codes (stable, kebab-case): `wrong-valence`, `swapped`, `anion-not-swapped`, `unit-slip`,
`permeabilities-exchanged`, `permeability-inverted`, `crest-ratio-at-rest` (GHK),
`celsius-as-kelvin`, `log10-with-rt-over-f`, `ln-with-decade-slope`, `slope-from-other-temperature`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import combinations

from vaulttool.calc.constants import ZERO_CELSIUS_K, thermal_voltage_mV
from vaulttool.calc.ghk import IonSpec, ghk_mV
from vaulttool.calc.ions import Ion
from vaulttool.calc.nernst import nernst_mV
from vaulttool.calc.search import Catalogue, Mistake, Scale
from vaulttool.calc.slopes import SLOPE_RANGE_MV, decade_slope_mV, slope_temperature_C, textbook_slopes_mV
from vaulttool.calc.wording import amount, number, signed

UNIT_FACTOR = 1000.0
"""A unit slip: mM for µM, µM for nM, M for mM: a factor of 1000 on one concentration."""

CREST_RATIO = {"K": 1.0, "Na": 20.0, "Cl": 0.45}
"""P_K : P_Na : P_Cl at the crest of the squid action potential (Hodgkin & Katz 1949)."""


@dataclass(frozen=True, slots=True)
class NernstParts:
    """What a Nernst calculation reads: the valence used and both concentrations in mM."""

    valence: int
    inside_mM: float
    outside_mM: float


Ions = tuple[IonSpec, ...]


def nernst_catalogue(
    ion: Ion, inside_mM: float, outside_mM: float, temperature_K: float, expected_mV: float, tolerance_mV: float
) -> Catalogue[NernstParts]:
    """The Nernst mistakes: valence, swap, unit slips; RT/F, logarithm and slope mistakes."""
    x = ion.pretty
    mistakes: list[Mistake[NernstParts]] = [
        Mistake(
            "wrong-valence",
            f"the valence of {x} taken as {signed(z)}",
            f"z = {signed(ion.valence)}",
            partial(_with_valence, z),
        )
        for z in dict.fromkeys((_unit(ion.valence), abs(ion.valence), 1))
        if z != ion.valence
    ]
    mistakes.append(
        Mistake(
            "swapped",
            "inside and outside swapped",
            f"[{x}]in = {amount(inside_mM)} mM and [{x}]out = {amount(outside_mM)} mM",
            _swapped,
        )
    )
    for side, value in (("in", inside_mM), ("out", outside_mM)):
        for factor in (UNIT_FACTOR, 1 / UNIT_FACTOR):
            mistakes.append(
                Mistake(
                    "unit-slip",
                    _slip(f"[{x}]{side}", value, factor),
                    f"[{x}]{side} = {amount(value)} mM",
                    partial(_slipped, side, factor),
                    paired=False,
                )
            )
    return Catalogue(
        NernstParts(ion.valence, inside_mM, outside_mM),
        partial(_nernst, temperature_K),
        mistakes,
        scales(temperature_K),
        partial(slope_scales, temperature_K, expected_mV, tolerance_mV),
    )


def ghk_catalogue(
    ions: Sequence[IonSpec], temperature_K: float, expected_mV: float, tolerance_mV: float
) -> Catalogue[Ions]:
    """The GHK mistakes: swaps, valences, unit slips and permeability mix-ups; RT/F and slopes."""
    permeant = [spec for spec in ions if spec.permeability > 0]
    mistakes: list[Mistake[Ions]] = [
        Mistake("swapped", "inside and outside swapped", "the concentrations as written", _all_swapped),
    ]
    anions = [spec for spec in permeant if spec.ion.valence < 0]
    if anions:
        mistakes.append(
            Mistake(
                "anion-not-swapped",
                f"{_names(anions)} not swapped",
                "inside and outside exchanged for anions",
                _anions_unswapped,
            )
        )
    multivalent = [spec for spec in permeant if abs(spec.ion.valence) != 1]
    if multivalent:
        taken = ", ".join(f"{spec.ion.pretty} taken as {signed(_unit(spec.ion.valence))}" for spec in multivalent)
        mistakes.append(Mistake("wrong-valence", taken, "the valences as written", _all_monovalent))
    mistakes += _ghk_unit_slips(ions)
    mistakes += _permeability_mistakes(ions)
    return Catalogue(
        tuple(ions),
        partial(_ghk, temperature_K),
        mistakes,
        scales(temperature_K),
        partial(slope_scales, temperature_K, expected_mV, tolerance_mV),
    )


def scales(temperature_K: float) -> list[Scale]:
    """Mistakes in RT/F that scale the potential by a constant factor."""
    celsius = temperature_K - ZERO_CELSIUS_K
    found = []
    if celsius > 0:
        found.append(
            Scale(
                "celsius-as-kelvin",
                f"{number(celsius)} °C used as kelvin (T = {number(celsius)} K)",
                f"T = {temperature_K:.2f} K",
                celsius / temperature_K,
            )
        )
    found.append(
        Scale(
            "log10-with-rt-over-f",
            "log10 used alongside RT/F",
            f"ln (or log10 with {decade_slope_mV(temperature_K):.2f} mV per decade)",
            1 / math.log(10),
        )
    )
    return found


def slope_scales(
    temperature_K: float, expected_mV: float, tolerance_mV: float, base_mV: float, implied: bool
) -> list[Scale]:
    """A per-decade slope used with ln, or the slope of another temperature used with log10, that
    turns `base_mV` into the expected value: a textbook slope if one does, else (if `implied`) the
    slope the value implies when it lies in SLOPE_RANGE_MV."""
    thermal, decade = thermal_voltage_mV(temperature_K), decade_slope_mV(temperature_K)
    celsius = number(temperature_K - ZERO_CELSIUS_K)
    found = []
    for code, unit in (("slope-from-other-temperature", decade), ("ln-with-decade-slope", thermal)):
        slope = _reproducing_slope(base_mV, unit, expected_mV, tolerance_mV, decade, implied)
        if slope is None:
            continue
        at = f"the slope at {number(round(slope_temperature_C(slope), 1))} °C"
        if code == "ln-with-decade-slope":
            found.append(
                Scale(
                    code,
                    f"ln used alongside {number(slope)} mV, a per-decade slope ({at}) meant for log10",
                    f"RT/F = {thermal:.2f} mV and ln",
                    slope / unit,
                )
            )
        else:
            found.append(
                Scale(
                    code,
                    f"{number(slope)} mV per decade, {at}",
                    f"{decade:.2f} mV per decade at {celsius} °C",
                    slope / unit,
                )
            )
    return found


def _reproducing_slope(
    base: float, unit: float, expected: float, tolerance: float, correct: float, implied: bool
) -> float | None:
    """The textbook slope s closest to reproducing `expected` as base·s/unit, else the implied one."""
    within = [
        (abs(base * s / unit - expected), s)
        for s in textbook_slopes_mV()
        if abs(s - correct) > 1e-6 and abs(base * s / unit - expected) <= tolerance
    ]
    if within:
        return min(within)[1]
    if base == 0 or not implied:
        return None
    slope = expected * unit / base
    low, high = SLOPE_RANGE_MV
    return slope if low <= slope <= high else None


def _ghk_unit_slips(ions: Sequence[IonSpec]) -> Iterator[Mistake[Ions]]:
    for index, spec in enumerate(ions):
        if spec.permeability == 0:
            continue
        for side, value in (("in", spec.inside_mM), ("out", spec.outside_mM)):
            for factor in (UNIT_FACTOR, 1 / UNIT_FACTOR):
                label = f"[{spec.ion.pretty}]{side}"
                yield Mistake(
                    "unit-slip",
                    _slip(label, value, factor),
                    f"{label} = {amount(value)} mM",
                    partial(_scaled, index, side, factor),
                    paired=False,
                )


def _permeability_mistakes(ions: Sequence[IonSpec]) -> Iterator[Mistake[Ions]]:
    """Two permeabilities exchanged, a ratio (or all of them) inverted, the crest ratio at rest."""
    permeant = [(i, spec) for i, spec in enumerate(ions) if spec.permeability > 0]
    for (i, a), (j, b) in combinations(permeant, 2):
        if a.permeability != b.permeability:
            pa, pb = f"P_{a.ion.name}", f"P_{b.ion.name}"
            yield Mistake(
                "permeabilities-exchanged",
                f"{pa} and {pb} exchanged",
                f"{pa} = {amount(a.permeability)} and {pb} = {amount(b.permeability)}",
                partial(_with_p, {i: b.permeability, j: a.permeability}),
                paired=False,
            )
    reference = max((spec for _, spec in permeant), key=lambda spec: spec.permeability)
    p_ref = reference.permeability
    inverted = {i: p_ref**2 / spec.permeability for i, spec in permeant if spec.permeability != p_ref}
    for i, p in inverted.items():
        old = ions[i].permeability
        yield Mistake(
            "permeability-inverted",
            f"P_{ions[i].ion.name}/P_{reference.ion.name} inverted ({amount(p / p_ref)} instead of "
            f"{amount(old / p_ref)})",
            f"P_{ions[i].ion.name} = {amount(old)}",
            partial(_with_p, {i: p}),
            paired=False,
        )
    if len(inverted) > 1:
        ratio = " : ".join(amount(inverted.get(i, spec.permeability) / p_ref) for i, spec in permeant)
        written = " : ".join(amount(spec.permeability / p_ref) for _, spec in permeant)
        yield Mistake(
            "permeability-inverted",
            f"every permeability ratio inverted ({ratio} instead of {written})",
            "the ratios as written",
            partial(_with_p, inverted),
            paired=False,
        )
    yield from _crest_ratio(ions)


def _crest_ratio(ions: Sequence[IonSpec]) -> Iterator[Mistake[Ions]]:
    """Hodgkin & Katz's crest ratio, scaled to P_K as written, when K⁺ and Na⁺ permeate."""
    index = {spec.ion.name: i for i, spec in enumerate(ions) if spec.permeability > 0 and abs(spec.ion.valence) == 1}
    if "K" not in index or "Na" not in index:
        return
    p_k = ions[index["K"]].permeability
    crest = {index[name]: p_k * ratio for name, ratio in CREST_RATIO.items() if name in index}
    if all(math.isclose(ions[i].permeability, p) for i, p in crest.items()):
        return
    names = " : ".join(f"P_{ions[i].ion.name}" for i in crest)
    ratios = " : ".join(amount(p / p_k) for p in crest.values())
    yield Mistake(
        "crest-ratio-at-rest",
        f"the ratio at the crest of the action potential, {names} = {ratios} (Hodgkin & Katz 1949)",
        "the ratio as written",
        partial(_with_p, crest),
        paired=False,
    )


def _slip(label: str, value: float, factor: float) -> str:
    return f"{label} = {amount(value * factor)} mM instead of {amount(value)} mM (a factor of 1000: a unit slip)"


def _nernst(temperature_K: float, p: NernstParts) -> float:
    return nernst_mV(p.valence, p.inside_mM, p.outside_mM, temperature_K)


def _with_valence(valence: int, p: NernstParts) -> NernstParts:
    return replace(p, valence=valence)


def _swapped(p: NernstParts) -> NernstParts:
    return replace(p, inside_mM=p.outside_mM, outside_mM=p.inside_mM)


def _slipped(side: str, factor: float, p: NernstParts) -> NernstParts:
    if side == "in":
        return replace(p, inside_mM=p.inside_mM * factor)
    return replace(p, outside_mM=p.outside_mM * factor)


def _ghk(temperature_K: float, specs: Ions) -> float:
    return ghk_mV(specs, temperature_K)


def _all_swapped(specs: Ions) -> Ions:
    return tuple(_swap(s) for s in specs)


def _anions_unswapped(specs: Ions) -> Ions:
    return tuple(_swap(s) if s.ion.valence < 0 else s for s in specs)


def _all_monovalent(specs: Ions) -> Ions:
    return tuple(_monovalent(s) if abs(s.ion.valence) != 1 else s for s in specs)


def _scaled(index: int, side: str, factor: float, specs: Ions) -> Ions:
    """The ions with one concentration (of the ion at `index`) multiplied by `factor`."""
    field = "inside_mM" if side == "in" else "outside_mM"
    return tuple(replace(s, **{field: getattr(s, field) * factor}) if i == index else s for i, s in enumerate(specs))


def _with_p(permeabilities: dict[int, float], specs: Ions) -> Ions:
    """The ions with the permeabilities of some (by index) replaced."""
    return tuple(replace(s, permeability=permeabilities[i]) if i in permeabilities else s for i, s in enumerate(specs))


def _swap(spec: IonSpec) -> IonSpec:
    return replace(spec, inside_mM=spec.outside_mM, outside_mM=spec.inside_mM)


def _unit(valence: int) -> int:
    return 1 if valence > 0 else -1


def _monovalent(spec: IonSpec) -> IonSpec:
    return replace(spec, ion=Ion(spec.ion.name, _unit(spec.ion.valence)))


def _names(specs: Sequence[IonSpec]) -> str:
    return " and ".join(spec.ion.pretty for spec in specs)
