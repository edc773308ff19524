"""A calculation explained as a tutor writes it: the equation, the numbers substituted, the constants.

`vaulttool calc --explain` prints these lines, and its JSON carries them as `explanation`.
"""

from __future__ import annotations

from vaulttool.calc.constants import F, R
from vaulttool.calc.explain import GhkSteps, NernstSteps, Steps, Term
from vaulttool.calc.inputs import celsius
from vaulttool.calc.wording import amount, signed, signed_mV


def explanation(steps: Steps) -> list[str]:
    """The equation with the numbers substituted, line by line, then the constants used."""
    lines = _nernst(steps) if isinstance(steps, NernstSteps) else _ghk(steps)
    temperature_K = steps.calculation.temperature_K
    return [
        *lines,
        "",
        f"R = {R!r} J/(mol·K) and F = {F!r} C/mol (exact in the 2019 SI: R = N_A·k, F = N_A·e)",
        f"T = {celsius(temperature_K)} + 273.15 = {temperature_K:.2f} K, so RT/F = {steps.thermal_mV:.4f} mV",
        f"per decade: ln 10 · RT/F = {steps.decade_slope_mV:.2f} mV at {celsius(temperature_K)}",
    ]


def _nernst(steps: NernstSteps) -> list[str]:
    c = steps.calculation
    x = c.ion.pretty
    symbol = c.symbol
    pad = " " * len(symbol)
    return [
        f"{symbol} = (RT / zF) · ln([{x}]out / [{x}]in)",
        f"{pad} = ({steps.thermal_mV:.4f} mV / {signed(c.ion.valence)}) · ln({amount(c.outside_mM)} mM / "
        f"{amount(c.inside_mM)} mM)",
        f"{pad} = {steps.thermal_mV / c.ion.valence:.4f} mV × ln({steps.ratio:.6g})",
        f"{pad} = {steps.thermal_mV / c.ion.valence:.4f} mV × ({steps.log_ratio:.6g})",
        f"{pad} = {signed_mV(steps.potential_mV)} mV",
        f"or with log10: ({steps.decade_slope_mV:.2f} mV / {signed(c.ion.valence)}) · "
        f"log10({steps.ratio:.6g}) = {steps.decade_slope_mV / c.ion.valence:.2f} mV × "
        f"({steps.log10_ratio:.6g}) = {signed_mV(steps.potential_mV)} mV",
    ]


def _ghk(steps: GhkSteps) -> list[str]:
    if steps.method == "monovalent":
        return _ghk_monovalent(steps) + _shares(steps, "the numerator", "the denominator")
    if steps.method == "one-divalent":
        assert steps.divalent is not None
        x, p = steps.divalent.ion.pretty, f"P_{steps.divalent.ion.name}"
        return _ghk_divalent(steps) + _shares(steps, f"b + 4·{p}·[{x}]out", f"a + 4·{p}·[{x}]in")
    low, high = steps.bracket_mV or (0.0, 0.0)
    return [
        "V_m is the potential at which the GHK currents of all ions sum to zero:",
        "Σ P·z²·(FV/RT)·([X]in − [X]out·e^(−zFV/RT)) / (1 − e^(−zFV/RT)) = 0",
        f"solved by bisection between the extreme Nernst potentials {signed_mV(low)} mV and {signed_mV(high)} mV:",
        f"V_m = {signed_mV(steps.potential_mV)} mV",
    ]


def _ghk_monovalent(steps: GhkSteps) -> list[str]:
    numerator, denominator = steps.numerator_sum, steps.denominator_sum
    anions = [term.ion.pretty for term in steps.numerator if term.ion.valence < 0]
    lines = [
        f"V_m = (RT/F) · ln(({_symbols(steps.numerator)}) / ({_symbols(steps.denominator)}))",
        f"    = {steps.thermal_mV:.4f} mV × ln(({_numbers(steps.numerator)}) / ({_numbers(steps.denominator)}))",
        f"    = {steps.thermal_mV:.4f} mV × ln({amount(numerator)} / {amount(denominator)})",
        f"    = {signed_mV(steps.potential_mV)} mV",
    ]
    if anions:
        lines.append(f"anions ({', '.join(anions)}) enter with inside and outside exchanged")
    return lines


def _ghk_divalent(steps: GhkSteps) -> list[str]:
    spec = steps.divalent
    quadratic, root = steps.quadratic, steps.root
    assert spec is not None and quadratic is not None and root is not None
    x = spec.ion.pretty
    p = f"P_{spec.ion.name}"
    first, middle, last = quadratic
    return [
        f"with y = e^(FV/RT), a = {_symbols(steps.denominator)} and b = {_symbols(steps.numerator)},",
        f"the currents sum to zero where (a + 4·{p}·[{x}]in)·y² + (a − b)·y − (b + 4·{p}·[{x}]out) = 0:",
        f"a = {_numbers(steps.denominator)} = {amount(steps.denominator_sum)}, "
        f"b = {_numbers(steps.numerator)} = {amount(steps.numerator_sum)}",
        f"{first:.6g}·y² + ({middle:.6g})·y - {last:.6g} = 0, whose positive root is y = {root:.6g}",
        f"V_m = (RT/F) · ln y = {steps.thermal_mV:.4f} mV × ln({root:.6g}) = {signed_mV(steps.potential_mV)} mV",
    ]


def _shares(steps: GhkSteps, above: str, below: str) -> list[str]:
    """Each ion's share of the two weighted sums, in percent."""
    return [
        f"share of {name}: " + ", ".join(f"{s.ion.pretty} ({s.side}) {_percent(s.fraction)}" for s in shares)
        for name, shares in ((above, steps.numerator_shares), (below, steps.denominator_shares))
    ]


def _percent(fraction: float) -> str:
    return "< 0.01 %" if 0 < fraction < 1e-4 else f"{100 * fraction:.3g} %"


def _symbols(terms: tuple[Term, ...]) -> str:
    return " + ".join(f"P_{t.ion.name}·[{t.ion.pretty}]{t.side}" for t in terms) or "0"


def _numbers(terms: tuple[Term, ...]) -> str:
    return " + ".join(f"{amount(t.permeability)} × {amount(t.concentration_mM)}" for t in terms) or "0"
