"""Claims in prose, under a table of concentrations: `E_K ≈ −80 mV`, `V_rest ≈ −65 mV`.

Each expected value is a textbook's: Bear, Connors & Paradiso, *Neuroscience: Exploring the Brain*,
4th ed. 2016, ch. 3 (mammalian neuron at 37 °C: K⁺ 5 out / 100 in, E_K −80 mV; Na⁺ 150 / 15,
+62 mV; Ca²⁺ 2 / 0.0002, +123 mV; Cl⁻ 150 / 13, −65 mV; P_K 40 times P_Na gives −65 mV at rest);
Hille, *Ion Channels of Excitable Membranes*, 3rd ed. 2001, ch. 1 (mammalian skeletal muscle
at 37 °C: Na⁺ 145 / 12, +67 mV; K⁺ 4 / 155, −98 mV; Ca²⁺ 1.5 mM / 100 nM, +129 mV; Cl⁻ 123 /
4.2, −90 mV); Kandel et al., *Principles of Neural Science*, 5th ed. 2013 (squid axon: K⁺ 400 /
20, −75 mV; Na⁺ 50 / 440, +55 mV; Cl⁻ 52 / 560, −60 mV) with Hodgkin & Katz's (1949) resting
ratio 1 : 0.04 : 0.45 (−60 mV); Purves et al., *Neuroscience*, 6th ed. 2018, table 2.1 (K⁺ 140 /
5 at 37 °C, −89 mV). The computed values are checked against E = (RT/zF)·ln([out]/[in]) here.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from click.testing import CliRunner

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.cli import main
from vaulttool.vault import VaultError

R, F = 8.31446261815324, 96485.33212331001


def by_hand(z: int, inside: float, outside: float, celsius: float) -> float:
    return 1000 * R * (celsius + 273.15) / (z * F) * math.log(outside / inside)


BEAR = """\
# Resting potential

Bear's figure, at body temperature (37 °C):

| Ion  | Outside (mM) | Inside (mM) | Permeability |
|------|-------------:|------------:|-------------:|
| K⁺   | 5            | 100         | 1            |
| Na⁺  | 150          | 15          | 0.025        |
| Ca²⁺ | 2            | 0.0002      |              |
| Cl⁻  | 150          | 13          |              |

- E_K ≈ −80 mV and E_Na ≈ +62 mV
- E_Ca = +123 mV, and E_{Cl} is about -65 mV
- so V_rest ≈ −65 mV
"""


def claims_of(make_vault, text: str, name: str = "n.md"):
    return Analysis(load(make_vault({name: text}))).claims


def test_bear_table_every_statement(make_vault) -> None:
    found = claims_of(make_vault, BEAR)
    got = [(c.position.line, c.position.column, c.calculator, c.result, c.expected_mV, c.tolerance_mV) for c in found]
    assert got == [
        (12, 3, "nernst", "pass", -80.0, 2.0),
        (12, 20, "nernst", "pass", 62.0, 2.0),
        (13, 3, "nernst", "pass", 123.0, 1.0),
        (13, 23, "nernst", "pass", -65.0, 2.0),
        (14, 6, "ghk", "pass", -65.0, 2.0),
    ]
    computed = [c.computed_mV for c in found]
    assert computed == pytest.approx(
        [
            by_hand(1, 100, 5, 37),
            by_hand(1, 15, 150, 37),
            by_hand(2, 0.0002, 2, 37),
            by_hand(-1, 13, 150, 37),
            1000 * R * 310.15 / F * math.log((5 + 0.025 * 150) / (100 + 0.025 * 15)),
        ]
    )
    assert [c.source for c in found] == [
        "E_K ≈ −80 mV",
        "E_Na ≈ +62 mV",
        "E_Ca = +123 mV",
        "E_{Cl} is about -65 mV",
        "V_rest ≈ −65 mV",
    ]
    assert {c.origin for c in found} == {"prose"}
    assert found[0].message == (
        "E_K = -80.07 mV, expected -80 ± 2 mV (K⁺ 100 mM in, 5 mM out, 37 °C; "
        "from the table on line 5, at the temperature stated on line 3)"
    )
    assert found[4].message.startswith("V_m = -65.21 mV, expected -65 ± 2 mV (GHK with P(K⁺ : Na⁺) = 1 : 0.025")


def test_a_wrong_statement_gets_the_diagnosis_of_a_block(make_vault) -> None:
    """+65 for Cl⁻ 13/150: the valence taken as +1, or inside and outside swapped (both exact)."""
    (claim,) = claims_of(make_vault, BEAR.split("- E_K")[0] + "- first i wrote E_Cl ≈ +65 mV\n")
    assert (claim.result, claim.computed_mV) == ("fail", pytest.approx(by_hand(-1, 13, 150, 37)))
    assert [d.code for d in claim.diagnoses][:2] == ["wrong-valence", "swapped"]


def test_hille_units_in_cells_and_temperature_in_front_matter(make_vault) -> None:
    text = """---
temperature: 37 °C
---
| Ion | Extracellular | Intracellular |
|---|---|---|
| Na+ | 145 mM | 12 mM |
| K+ | 4 mM | 155 mM |
| Ca+2 | 1.5 mM | 100 nM |
| Chloride | 123 mM | 4.2 mM |

E_Na = +67 mV, E_K = −98 mV, E_Ca = +129 mV and E_Cl = −90 mV.
"""
    found = claims_of(make_vault, text)
    assert [(c.result, c.expected_mV) for c in found] == [
        ("pass", 67.0),
        ("pass", -98.0),
        ("pass", 129.0),
        ("pass", -90.0),
    ]
    assert [c.computed_mV for c in found] == pytest.approx(
        [by_hand(1, 12, 145, 37), by_hand(1, 155, 4, 37), by_hand(2, 1e-4, 1.5, 37), by_hand(-1, 4.2, 123, 37)]
    )
    assert found[0].message.endswith("from the table on line 4, at the front matter's temperature)")


def test_squid_temperature_from_the_heading_and_ghk_with_three_ions(make_vault) -> None:
    text = """# Notes

## Squid giant axon, 20 °C

| Ion | [X]in (mM) | [X]out (mM) | P |
|---|---|---|---|
| K+ | 400 | 20 | 1 |
| Na+ | 50 | 440 | 0.04 |
| Cl- | 52 | 560 | 0.45 |

- E_K = −75 mV, E_Na = +55 mV, E_Cl = −60 mV
- V_m ≈ −60 mV
"""
    found = claims_of(make_vault, text)
    assert [c.result for c in found] == ["pass"] * 4
    assert [c.computed_mV for c in found] == pytest.approx(
        [
            by_hand(1, 400, 20, 20),
            by_hand(1, 50, 440, 20),
            by_hand(-1, 52, 560, 20),
            1000 * R * 293.15 / F * math.log((20 + 0.04 * 440 + 0.45 * 52) / (400 + 0.04 * 50 + 0.45 * 560)),
        ]
    )
    assert "at the temperature stated on line 3" in found[0].message


def test_no_temperature_stated_means_37_said_in_the_message(make_vault) -> None:
    """Purves: K⁺ 140 in / 5 out, E_K = −89 mV at 37 °C."""
    text = "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nE_K = −89 mV\n"
    (claim,) = claims_of(make_vault, text)
    assert claim.result == "pass"
    assert claim.message.endswith("37 °C; from the table on line 1; the note states no temperature: 37 °C)")


def test_a_statement_can_name_its_own_temperature(make_vault) -> None:
    """Kandel's squid K⁺ 400/20 at 20 °C: −75.68 mV, not the 37 °C value −80.07."""
    text = "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 400 | 20 |\n\nE_K = −75 mV at 20 °C\n"
    (claim,) = claims_of(make_vault, text)
    assert (claim.result, claim.computed_mV) == ("pass", pytest.approx(by_hand(1, 400, 20, 20)))


@pytest.mark.parametrize(
    ("statement", "expected", "tolerance"),
    [
        ("E_K = -89 mV", -89, 1),
        ("E_K ≈ −89 mV", -89, 2),
        ("E_K is about −89 mV", -89, 2),
        ("E_K is −89 mV", -89, 1),
        ("E_K should be around −90 mV", -90, 2),
        ("E_{K^+} ~ −89 mV", -89, 2),
        ("$E_K$ ≈ −89 mV", -89, 2),
        ("E_K = −89 mV ± 0.5", -89, 0.5),
        ("E_K: −0.089 V", -89, 1),
        ("E_K is approximately –89 mV", -89, 2),
    ],
)
def test_statement_forms_and_tolerances(make_vault, statement: str, expected: float, tolerance: float) -> None:
    """`=`/"is": ±1 mV; `≈`, `~`, "about", "around", "approximately": ±2 mV; `± x` as written."""
    text = f"| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\n{statement}\n"
    (claim,) = claims_of(make_vault, text)
    assert (claim.expected_mV, claim.tolerance_mV) == (pytest.approx(expected), tolerance)


@pytest.mark.parametrize(
    "text",
    [
        "E_K = −89 mV\n",  # no table: nothing is guessed
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nE_K = −89 mV\n",  # not a table of concentrations
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nE_Na = +67 mV\n",  # no Na⁺ row
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nV_rest ≈ −65 mV\n",  # no permeabilities
        "| Ion | Inside | Outside |\n|---|---|---|\n| K+ | 140 | 5 |\n\nE_K = −89 mV\n",  # no unit anywhere
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 5–15 | 5 |\n\nE_K = −89 mV\n",  # a range
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n| K+ | 150 | 5 |\n\nE_K = −89 mV\n",
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\n`E_K = −89 mV` $E_K = -89 mV$\n",
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\n%% E_K = −89 mV %% ~~E_K = +89 mV~~\n",
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nV_rest is about −65 to −70 mV\n",
        "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nE_K computed as −89 mV\n",
        "## A\n\n| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\n## B\n\nE_K = −89 mV\n",
    ],
)
def test_nothing_is_a_claim_unless_a_table_gives_its_inputs(make_vault, text: str) -> None:
    """No table, no row, no unit, an ambiguous row, code, math, comments, struck-through text, a
    range, no relation word, or a table in a sibling section: not a claim."""
    assert claims_of(make_vault, text) == ()


def test_each_section_uses_its_own_table(make_vault) -> None:
    """A note table applies below it; a section's own table wins inside that section."""
    text = """| Ion | Inside (mM) | Outside (mM) |
|---|---|---|
| K+ | 140 | 5 |

## Squid, 20 °C

| Ion | Inside (mM) | Outside (mM) |
|---|---|---|
| K+ | 400 | 20 |

E_K = −75 mV

## Mammal

E_K = −89 mV
"""
    found = claims_of(make_vault, text)
    assert [(c.position.line, c.result, round(c.computed_mV, 2)) for c in found] == [
        (11, "pass", round(by_hand(1, 400, 20, 20), 2)),
        (15, "pass", round(by_hand(1, 140, 5, 37), 2)),
    ]


def test_verify_json_lists_prose_claims_with_their_source(make_vault) -> None:
    root = make_vault({"n.md": BEAR + "\n`nernst: K+ in 100 mM, out 5 mM, 37 °C => -80 mV`\n"})
    result = CliRunner().invoke(main, ["verify", str(root), "--format", "json"])
    claims = json.loads(result.stdout)["claims"]
    assert [(c["line"], c["source"]) for c in claims] == [
        (12, "prose"),
        (12, "prose"),
        (13, "prose"),
        (13, "prose"),
        (14, "prose"),
        (16, "span"),
    ]
    assert result.exit_code == 0


PURVES_K = "| Ion | Inside (mM) | Outside (mM) |\n|---|---|---|\n| K+ | 140 | 5 |\n\nE_K ≈ −88 mV and E_K = −88.5 mV\n"


def test_the_tolerances_of_prose_are_configurable(make_vault) -> None:
    """Purves' K⁺ 140/5 at 37 °C is −89.06 mV: "≈ −88" passes at ±2 mV (the default) and fails at
    ±0.5; "= −88.5" passes at ±1 (the default) and fails at ±0.25. `± x` written in the note wins."""
    assert [c.result for c in claims_of(make_vault, PURVES_K)] == ["pass", "pass"]
    root = make_vault(
        {
            "n.md": PURVES_K + "E_K = −88 mV ± 1.5\n",
            ".vaulttool.toml": "[verify]\napproximate_tolerance_mV = 0.5\nexact_tolerance_mV = 0.25\n",
        }
    )
    found = Analysis(load(root)).claims
    assert [(c.result, c.tolerance_mV) for c in found] == [("fail", 0.5), ("fail", 0.25), ("pass", 1.5)]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "[verify]\napproximate_tolerance_mV = -1\n",
            "[verify] approximate_tolerance_mV must be a number of mV, 0 or more",
        ),
        ('[verify]\nexact_tolerance_mV = "1 mV"\n', "[verify] exact_tolerance_mV must be a number of mV"),
        (
            "[verify]\ntolerance = 1\n",
            "unknown key tolerance in [verify] (known: approximate_tolerance_mV, exact_tolerance_mV)",
        ),
    ],
)
def test_bad_tolerance_settings_stop_the_load(make_vault, settings: str, message: str) -> None:
    with pytest.raises(VaultError, match=re.escape(message)):
        load(make_vault({"a.md": "", ".vaulttool.toml": settings}))
