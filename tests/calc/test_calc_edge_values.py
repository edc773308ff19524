"""Edge values never crash or hang the calculators (issue 16, "Never crash" and "Never hang"):
zero, negative, infinite, NaN, 1e308, 1e-320, 0 K and −300 °C give the claim the result `error`
with a message naming the value and its line; the GHK root search is bounded.

Ranges (calc/units.py `RANGES`): a concentration below 1e-21 mM is less than one ion per litre
(1 / 6.022e23 mol/L = 1.7e-24 M, Avogadro); above 100 M it exceeds pure water (55.5 M); a solution is
neither at 1 K nor at 10,000 K.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from vaulttool.analyse.claims import evaluate_note
from vaulttool.calc import F, Ion, IonSpec, R, ghk_numeric_mV, nernst_mV
from vaulttool.calc import ghk as ghk_module
from vaulttool.parse import parse_note

K_SPAN = "nernst: K+ in {inside}, out {outside}, {temperature} => {expect}"
DEFAULTS = {"inside": "140 mM", "outside": "5 mM", "temperature": "37 °C", "expect": "-89 mV"}

NERNST_EDGES = [
    ({"inside": "0 mM"}, "must be positive"),
    ({"inside": "-1 mM"}, "must be positive"),
    ({"outside": "-0 mM"}, "must be positive"),
    ({"inside": "inf mM"}, "cannot read a number"),
    ({"inside": "nan mM"}, "cannot read a number"),
    ({"inside": "1e308 mM"}, "out of range"),
    ({"inside": "1e308 M"}, "not finite"),
    ({"outside": "1e-320 mM"}, "out of range"),
    ({"outside": "1e-300 M"}, "out of range"),
    ({"temperature": "0 K"}, "must be above 0 K"),
    ({"temperature": "-300 °C"}, "must be above 0 K"),
    ({"temperature": "-273.15 °C"}, "must be above 0 K"),
    ({"temperature": "1e308 K"}, "out of range"),
    ({"temperature": "1e-320 K"}, "out of range"),
    ({"temperature": "1e9 K"}, "out of range"),
    ({"expect": "1e308 mV"}, "out of range"),
    ({"expect": "1e308 V"}, "not finite"),
    ({"expect": "-1e-320 mV"}, "out of range"),
    ({"expect": "nan mV"}, "cannot read a number"),
    ({"expect": "-89 mV ± 1e308 V"}, "not finite"),
]


@pytest.mark.parametrize(("values", "message"), NERNST_EDGES, ids=lambda v: str(v))
def test_an_edge_value_in_a_claim_is_an_error_with_a_message(values, message):
    text = K_SPAN.format(**{**DEFAULTS, **values})
    (claim,) = evaluate_note(parse_note("n.md", f"# n\n\n`{text}`\n"))
    assert claim.result == "error" and claim.computed_mV is None
    assert claim.message.startswith("line 3: ") and message in claim.message


GHK_BLOCK = """```ghk
temperature: {temperature}
ions:
  K+: {{inside: 140 mM, outside: 5 mM, permeability: {p_k}}}
  Ca2+: {{inside: 100 nM, outside: 2 mM, permeability: 1}}
  Mg2+: {{inside: 0.5 mM, outside: 1 mM, permeability: 1}}
expect: -60 mV
```
"""


@pytest.mark.parametrize(
    ("temperature", "p_k", "message"),
    [
        ("1e9 K", "1", "out of range"),
        ("37 °C", "1e308", "out of range"),
        ("37 °C", "1e-320", "out of range"),
        ("37 °C", "-1", "must not be negative"),
        ("0 K", "1", "must be above 0 K"),
    ],
)
def test_ghk_edge_values_are_errors(temperature, p_k, message):
    (claim,) = evaluate_note(parse_note("n.md", GHK_BLOCK.format(temperature=temperature, p_k=p_k)))
    assert claim.result == "error" and message in claim.message


CA, MG = Ion("Ca", 2), Ion("Mg", 2)


def test_the_ghk_root_search_at_a_billion_kelvin_ends_with_the_closed_form(time_limit):
    """With cations of one valence z only, the GHK zero-current condition reduces to
    V = RT/(zF)·ln(ΣP·c_out / ΣP·c_in) (Hille, *Ion Channels of Excitable Membranes*, ch. 14); the
    numeric method must reach it, and end, at 1e9 K as at body temperature."""
    ions = [IonSpec(CA, 1e-4, 2.0, 1.0), IonSpec(MG, 0.5, 1.0, 1.0)]
    for temperature in (310.15, 1e9):
        expected = 1000 * R * temperature / (2 * F) * math.log((2.0 + 1.0) / (1e-4 + 0.5))
        with time_limit(1.0):
            assert ghk_numeric_mV(ions, temperature) == pytest.approx(expected, rel=1e-9)


def test_the_ghk_root_search_is_bounded_and_says_so(monkeypatch):
    ions = [IonSpec(CA, 1e-4, 2.0, 1.0), IonSpec(MG, 0.5, 1.0, 1.0)]
    monkeypatch.setattr(ghk_module, "MAX_ITERATIONS", 5)
    with pytest.raises(ValueError, match="did not converge in 5 steps"):
        ghk_numeric_mV(ions, 310.15)


def test_ghk_currents_that_overflow_are_a_clear_error(time_limit):
    ions = [IonSpec(Ion("Fe", 3), 1e-300, 1e300, 1e300), IonSpec(CA, 1e300, 1e-300, 1e300)]
    with time_limit(1.0), pytest.raises(ValueError, match="cannot be computed"):
        ghk_numeric_mV(ions, 310.15)


def test_nernst_takes_extreme_concentrations_without_overflow():
    """ln(out/in) = ln(out) − ln(in): a ratio of 1e628 overflows a float, its logarithm does not."""
    thermal = 1000 * R * 310.15 / F
    assert nernst_mV(1, 1e-320, 1e308, 310.15) == pytest.approx(thermal * math.log(10) * 628, rel=1e-3)


def test_verify_on_a_vault_of_edge_values_reports_each_claim(make_vault, tmp_path):
    lines = [f"- `{K_SPAN.format(**{**DEFAULTS, **values})}`" for values, _ in NERNST_EDGES]
    root = make_vault({"edges.md": "# Edges\n\n" + "\n".join(lines) + "\n"})
    done = subprocess.run(
        [sys.executable, "-m", "vaulttool", "verify", "--format", "json", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1 and done.stderr == ""
    claims = json.loads(done.stdout)["claims"]
    assert [claim["result"] for claim in claims] == ["error"] * len(NERNST_EDGES)
    assert [claim["line"] for claim in claims] == list(range(3, 3 + len(NERNST_EDGES)))
