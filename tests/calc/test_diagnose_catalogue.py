"""Thirty-three deliberately wrong claims, one classic mistake (or two) each, through `verify`.

Inputs are textbook values: Purves et al., *Neuroscience* 6th ed., table 2.1 (mammalian neuron
K⁺ 140/5, Na⁺ 12/145, Cl⁻ 10/110 (a value in Purves' 4–30 mM), Ca²⁺ 100 nM / 2 mM at 37 °C);
Kandel et al., *Principles of Neural Science* 5th ed., and Hodgkin & Katz (1949) for the squid
axon at 20 °C (K⁺ 400/20, Na⁺ 50/440, Cl⁻ 52/560, P_K : P_Na : P_Cl = 1 : 0.04 : 0.45 at rest,
1 : 20 : 0.45 at the crest). Each wrong value is computed here, independently of vaulttool, from
E = (RT/zF)·ln([out]/[in]) with the mistake applied; the slopes are Bear's 61.5 (61.54 mV at
37 °C, Bear, Connors & Paradiso, *Neuroscience: Exploring the Brain* 4th ed., ch. 3),
Izhikevich's 62 mV (*Dynamical Systems in Neuroscience*, 2007, § 2.1: "E_ion ≈ 62 log" at
37 °C), 60, 58 and 61 mV.
"""

from __future__ import annotations

import math

import pytest

from vaulttool import load
from vaulttool.analyse import Analysis

R, F = 8.31446261815324, 96485.33212331001  # exact since the 2019 SI


def rt_f(celsius: float) -> float:
    return 1000 * R * (celsius + 273.15) / F


def nernst(z: int, inside: float, outside: float, celsius: float) -> float:
    return rt_f(celsius) / z * math.log(outside / inside)


def squid(p_k: float, p_na: float, p_cl: float, k_in: float = 400) -> float:
    """GHK at 20 °C with Hodgkin & Katz's squid concentrations."""
    return rt_f(20) * math.log((p_k * 20 + p_na * 440 + p_cl * 52) / (p_k * k_in + p_na * 50 + p_cl * 560))


K = "K+ in 140 mM, out 5 mM, 37 °C"
SQUID = "20 °C; K+ in 400 mM, out 20 mM, P {}; Na+ in 50 mM, out 440 mM, P {}; Cl- in 52 mM, out 560 mM, P {}"
LN_28 = math.log(5 / 140)

# (claim span, codes that must all be among its diagnoses, words of one diagnosis with such a code)
WRONG = [
    (f"nernst: {K} => {-nernst(1, 140, 5, 37):.1f} mV", ["swapped"], "inside and outside swapped"),
    # the example: +64 is both the valence taken as +1 and inside/outside swapped
    (
        f"nernst: Cl- in 10 mM, out 110 mM, 37 °C => {nernst(1, 10, 110, 37):.1f} mV",
        ["wrong-valence", "swapped"],
        "the valence of Cl⁻ taken as +1",
    ),
    (f"nernst: Ca2+ in 100 nM, out 2 mM, 37 °C => {nernst(1, 1e-4, 2, 37):.1f} mV", ["wrong-valence"], "taken as +1"),
    (f"nernst: Ca+2 in 100 nM, out 2 mM, 37 °C => {nernst(1, 1e-4, 2, 37):.1f} mV", ["wrong-valence"], "Ca²⁺"),
    (f"nernst: {K} => {nernst(1, 140, 5, 37) * 37 / 310.15:.1f} mV", ["celsius-as-kelvin"], "T = 37 K"),
    (f"nernst: {K} => {nernst(1, 140, 5, 37) / math.log(10):.1f} mV", ["log10-with-rt-over-f"], "log10"),
    (f"nernst: {K} => {58 * LN_28:.1f} mV", ["ln-with-decade-slope"], "ln used alongside 58 mV"),
    (f"nernst: {K} => {61 * LN_28:.1f} mV", ["ln-with-decade-slope"], "ln used alongside 61 mV"),
    (f"nernst: {K} => {61.5 * LN_28:.1f} mV", ["ln-with-decade-slope"], "ln used alongside 61.5 mV"),
    (f"nernst: {K} => {62 * LN_28:.1f} mV", ["ln-with-decade-slope"], "ln used alongside 62 mV"),
    (f"nernst: {K} => {60 * LN_28:.1f} mV", ["ln-with-decade-slope"], "ln used alongside 60 mV"),
    (
        f"nernst: {K} => {58.17 * math.log10(5 / 140):.1f} mV",
        ["slope-from-other-temperature"],
        "58.17 mV per decade, the slope at 20 °C",
    ),
    (f"nernst: {K} => {59.16 * math.log10(5 / 140):.1f} mV", ["slope-from-other-temperature"], "the slope at 25 °C"),
    # the squid at 20 °C with a 37 °C slope: Izhikevich's 62, Bear's 61.5
    (
        f"nernst: K+ in 400 mM, out 20 mM, 20 °C => {62 * math.log10(20 / 400):.1f} mV",
        ["slope-from-other-temperature"],
        "62 mV per decade, the slope at 39.3 °C",
    ),  # 62·F/(R·ln 10) = 312.47 K
    (
        f"nernst: K+ in 400 mM, out 20 mM, 20 °C => {61.5 * math.log10(20 / 400):.1f} mV",
        ["slope-from-other-temperature"],
        "61.5 mV per decade",
    ),
    (
        f"nernst: Na+ in 50 mM, out 440 mM, 20 °C => {60 * math.log10(440 / 50):.1f} mV",
        ["slope-from-other-temperature"],
        "60 mV per decade",
    ),
    # unit slips: 100 nM read as 0.1 mM; K⁺ and Na⁺ typed in µM instead of mM (for Na⁺, [Na⁺]in ÷ 1000
    # gives the same ratio as [Na⁺]out × 1000: both are named)
    (
        f"nernst: Ca2+ in 100 nM, out 2 mM, 37 °C => {nernst(2, 0.1, 2, 37):.1f} mV",
        ["unit-slip"],
        "[Ca²⁺]in = 0.1 mM instead of 0.0001 mM",
    ),
    (
        f"nernst: K+ in 140 µM, out 5 mM, 37 °C => {nernst(1, 140, 5, 37):.1f} mV",
        ["unit-slip"],
        "[K⁺]in = 140 mM instead of 0.14 mM",
    ),
    (
        f"nernst: Na+ in 12 mM, out 145 µM, 37 °C => {nernst(1, 12, 145, 37):.1f} mV",
        ["unit-slip"],
        "[Na⁺]out = 145 mM instead of 0.145 mM",
    ),
    # two mistakes at once
    (
        f"nernst: {K} => {-nernst(1, 140, 5, 37) * 37 / 310.15:.1f} mV",
        ["swapped-and-celsius-as-kelvin"],
        "inside and outside swapped and 37 °C used as kelvin",
    ),
    (
        f"nernst: Ca2+ in 100 nM, out 2 mM, 37 °C => {-nernst(1, 1e-4, 2, 37):.1f} mV",
        ["wrong-valence-and-swapped"],
        "the valence of Ca²⁺ taken as +1 and inside and outside swapped",
    ),
    (
        f"nernst: Cl- in 10 mM, out 110 mM, 37 °C => {nernst(1, 10, 110, 37) / math.log(10):.1f} mV",
        ["wrong-valence-and-log10-with-rt-over-f", "swapped-and-log10-with-rt-over-f"],
        "log10 used alongside RT/F",
    ),
    (
        f"nernst: Cl- in 52 mM, out 560 mM, 20 °C => {62 * math.log10(560 / 52):.1f} mV",
        ["wrong-valence-and-slope-from-other-temperature", "swapped-and-slope-from-other-temperature"],
        "62 mV per decade",
    ),
    # GHK, Hodgkin & Katz's squid axon at rest (−59.93 mV)
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {rt_f(20) * math.log((20 + 17.6 + 252) / (400 + 2 + 23.4)):.1f} mV",
        ["anion-not-swapped"],
        "Cl⁻ not swapped",
    ),
    (f"ghk: {SQUID.format(1, 0.04, 0.45)} => {-squid(1, 0.04, 0.45):.1f} mV", ["swapped"], "inside and outside"),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 0.04, 0.45) * 20 / 293.15:.1f} mV",
        ["celsius-as-kelvin"],
        "20 °C used as kelvin",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 0.04, 0.45) / math.log(10):.1f} mV",
        ["log10-with-rt-over-f"],
        "log10",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 25, 0.45):.1f} mV",
        ["permeability-inverted"],
        "P_Na/P_K inverted (25 instead of 0.04)",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 0.45, 0.04):.1f} mV",
        ["permeabilities-exchanged"],
        "P_Na and P_Cl exchanged",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 25, 1 / 0.45):.1f} mV",
        ["permeability-inverted"],
        "every permeability ratio inverted",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {squid(1, 20, 0.45):.1f} mV",
        ["crest-ratio-at-rest"],
        "1 : 20 : 0.45 (Hodgkin & Katz 1949)",
    ),
    (
        f"ghk: 20 °C; K+ in 400 µM, out 20 mM, P 1; Na+ in 50 mM, out 440 mM, P 0.04; Cl- in 52 mM, out 560 mM, "
        f"P 0.45 => {squid(1, 0.04, 0.45):.1f} mV",
        ["unit-slip"],
        "[K⁺]in = 400 mM instead of 0.4 mM",
    ),
    (
        f"ghk: {SQUID.format(1, 0.04, 0.45)} => {-squid(1, 0.04, 0.45) * 20 / 293.15:.1f} mV",
        ["swapped-and-celsius-as-kelvin"],
        "inside and outside swapped and 20 °C used as kelvin",
    ),
    # Na⁺ 1/1 and Ca²⁺ 1/4 mM with equal P at 37 °C: with Ca²⁺ as +1, (RT/F)·ln(5/2)
    (
        f"ghk: 37 °C; Na+ in 1 mM, out 1 mM, P 1; Ca2+ in 1 mM, out 4 mM, P 1 => {rt_f(37) * math.log(5 / 2):.1f} mV",
        ["wrong-valence"],
        "Ca²⁺ taken as +1",
    ),
]


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    """Every wrong claim as a list item of one note, evaluated as `verify` does."""
    root = tmp_path_factory.mktemp("vault")
    (root / "wrong.md").write_text("".join(f"- `{text} ± 0.5`\n" for text, _, _ in WRONG), encoding="utf-8")
    found = Analysis(load(root)).claims
    assert [claim.position.line for claim in found] == list(range(1, len(WRONG) + 1))
    return found


def test_there_are_at_least_25() -> None:
    assert len(WRONG) >= 25


@pytest.mark.parametrize(
    ("index", "text", "codes", "words"),
    [(i, *case) for i, case in enumerate(WRONG)],
    ids=[f"{i + 1}" for i in range(len(WRONG))],
)
def test_each_mistake_is_named(claims, index: int, text: str, codes: list[str], words: str) -> None:
    claim = claims[index]
    assert claim.result == "fail", claim.message
    found = [d.code for d in claim.diagnoses]
    assert set(codes) <= set(found), (text, found)
    assert any(words in d.message for d in claim.diagnoses if d.code in codes), claim.diagnosis
    assert claim.diagnosis is not None and claim.diagnosis.startswith(claim.diagnoses[0].message)


def test_the_chloride_example_gives_both_explanations_first(claims) -> None:
    """Cl⁻ 10/110 mM ⇒ +64 mV: z taken as +1 and inside/outside swapped give exactly the same value,
    both single mistakes, before any pair."""
    claim = claims[1]
    assert [d.code for d in claim.diagnoses[:2]] == ["wrong-valence", "swapped"]
    assert all(d.mistakes == 2 for d in claim.diagnoses[2:])
    assert claim.diagnosis == (
        "expected +64.1 mV matches E_Cl with the valence of Cl⁻ taken as +1; with z = -1, E_Cl = -64.09 mV. "
        "It also matches E_Cl with inside and outside swapped; with [Cl⁻]in = 10 mM and [Cl⁻]out = 110 mM, "
        "E_Cl = -64.09 mV"
    )


def test_simplest_first(claims) -> None:
    """One mistake before two, in every list."""
    for claim in claims:
        counts = [d.mistakes for d in claim.diagnoses]
        assert counts == sorted(counts), claim.source
