"""`vaulttool verify` on the sample vault and on small vaults: results, formats and exit codes.

Expected potentials are the issue's textbook vectors (Purves et al., *Neuroscience* 6th ed.,
ch. 2, mammalian neuron at 37 °C; Hodgkin & Katz 1949, squid giant axon at 20 °C; Bear, Connors
& Paradiso, *Neuroscience: Exploring the Brain* 4th ed., ch. 3, at 37 °C: E_K −80, E_Na +62,
E_Ca +123, E_Cl −65, V_rest −65 mV), or computed here by hand from E = (RT/zF)·ln([out]/[in])
with the exact 2019 SI constants.
"""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from conftest import VAULT
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.cli import main

R, F = 8.31446261815324, 96485.33212331001  # J/(mol·K), C/mol: exact since the 2019 SI
PART_2 = "Medical Neuroscience/Ionic Basis of the Resting Membrane Potential, part 2.md"
TABLES = "Medical Neuroscience/Ion Concentrations and Equilibrium Potentials.md"
FIELDS = [
    "path",
    "line",
    "column",
    "calculator",
    "source",
    "result",
    "computed_mV",
    "expected_mV",
    "tolerance_mV",
    "diagnosis",
    "diagnoses",
    "message",
]
CL_VALENCE = "expected +64 mV matches E_Cl with the valence of Cl⁻ taken as +1; with z = -1, E_Cl = -64.09 mV"
CL_SWAPPED = (
    "expected +64 mV matches E_Cl with inside and outside swapped; with [Cl⁻]in = 10 mM and "
    "[Cl⁻]out = 110 mM, E_Cl = -64.09 mV"
)
CL_DIAGNOSIS = (
    CL_VALENCE + ". It also matches E_Cl with inside and outside swapped; with [Cl⁻]in = 10 mM and "
    "[Cl⁻]out = 110 mM, E_Cl = -64.09 mV"
)


def by_hand(z: int, inside: float, outside: float, celsius: float) -> float:
    return 1000 * R * (celsius + 273.15) / (z * F) * math.log(outside / inside)


def ghk_by_hand(celsius: float, numerator: float, denominator: float) -> float:
    return 1000 * R * (celsius + 273.15) / F * math.log(numerator / denominator)


# the prose claims of the table note, in order: (calculator, result, computed mV, expected mV, tolerance mV)
PROSE = [
    ("nernst", "pass", by_hand(1, 100, 5, 37), -80, 2),  # Bear: E_K = −80 mV (≈: ±2)
    ("nernst", "pass", by_hand(1, 15, 150, 37), 62, 2),  # Bear: E_Na = 62 mV
    ("nernst", "pass", by_hand(2, 0.0002, 2, 37), 123, 2),  # Bear: E_Ca = 123 mV
    ("nernst", "pass", by_hand(-1, 13, 150, 37), -65, 2),  # Bear: E_Cl = −65 mV ("is about")
    ("ghk", "pass", ghk_by_hand(37, 5 + 0.025 * 150, 100 + 0.025 * 15), -65, 2),  # Bear: P_K = 40 P_Na, −65 mV
    ("nernst", "pass", -75.68, -75, 1),  # Kandel's squid table at 20 °C (=: ±1)
    ("nernst", "pass", 54.94, 55, 1),
    ("nernst", "pass", -60.04, -60, 1),
    ("ghk", "pass", -59.93, -60, 2),  # Hodgkin & Katz at rest
]

# every claim of the sample note, in order: (calculator, result, computed mV, expected mV, tolerance mV)
SAMPLE = [
    ("nernst", "pass", -89.06, -89, 1),  # Purves: K⁺ 140/5 at 37 °C
    ("nernst", "pass", 66.60, 67, 1),  # Purves: Na⁺ 12/145 at 37 °C
    ("nernst", "pass", by_hand(-1, 10, 110, 37), -64, 1),  # the Cl⁻ example: −64.09 mV
    ("nernst", "fail", by_hand(-1, 10, 110, 37), 64, 1),  # the student's first try, kept on purpose
    ("nernst", "pass", 132.34, 132, 1),  # Ca²⁺ 0.0001/2 at 37 °C
    ("nernst", "pass", by_hand(2, 0.0001, 1, 37), 123, 1),  # Ca²⁺ 0.0001/1: +123.08
    ("nernst", "pass", -75.68, -75, 1),  # squid K⁺ 400/20 at 20 °C (Kandel's table: −75)
    ("nernst", "pass", 54.94, 55, 1),  # squid Na⁺ 50/440 (Kandel: +55)
    ("nernst", "pass", -60.04, -60, 1),  # squid Cl⁻ 52/560 (Kandel: −60)
    ("nernst", "value", by_hand(2, 0.0001, 10, 20), None, None),  # squid Ca²⁺ 0.0001/10: +145.42
    ("ghk", "pass", -59.93, -60, 2),  # Hodgkin & Katz at rest, 1 : 0.04 : 0.45
    # Hodgkin & Katz at the crest, 1 : 20 : 0.45: (20 + 20·440 + 0.45·52) / (400 + 20·50 + 0.45·560)
    ("ghk", "value", ghk_by_hand(20, 20 + 20 * 440 + 0.45 * 52, 400 + 20 * 50 + 0.45 * 560), None, None),
]


def verify(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["verify", *args])
    return result.exit_code, result.stdout, result.stderr


def test_sample_vault_every_claim(untouched_vault) -> None:
    code, out, _ = verify(str(untouched_vault), "--format", "json")
    assert code == 1  # the one wrong first attempt is kept on purpose
    claims = json.loads(out)["claims"]
    assert all(list(claim) == FIELDS for claim in claims)
    assert [claim["path"] for claim in claims] == [TABLES] * len(PROSE) + [PART_2] * len(SAMPLE)
    got = [(c["calculator"], c["result"], c["computed_mV"], c["expected_mV"], c["tolerance_mV"]) for c in claims]
    assert got == [
        (calc, result, pytest.approx(computed, abs=0.005), expected, tolerance)
        for calc, result, computed, expected, tolerance in PROSE + SAMPLE
    ]
    assert [c["source"] for c in claims] == ["prose"] * 9 + [
        "block",
        "span",
        "span",
        "block",
        "block",
        "span",
        "span",
        "span",
        "block",
        "block",
        "block",
        "span",
    ]
    assert [c["diagnosis"] for c in claims] == [None] * 12 + [CL_DIAGNOSIS] + [None] * 8
    assert claims[12]["diagnoses"] == [
        {"code": "wrong-valence", "message": CL_VALENCE},
        {"code": "swapped", "message": CL_SWAPPED},
    ]
    assert all(c["computed_mV"] == round(c["computed_mV"], 2) for c in claims)


def test_sample_claims_are_positioned_at_their_fence_backtick_or_symbol() -> None:
    lines = {path: (VAULT / path).read_text(encoding="utf-8").split("\n") for path in (PART_2, TABLES)}
    for claim in Analysis(load(VAULT)).claims:
        at = lines[claim.position.path][claim.position.line - 1][claim.position.column - 1 :]
        if claim.origin == "prose":
            assert at.startswith(claim.source) and claim.source[0] in "EV", claim
        else:
            assert at.startswith(f"```{claim.calculator}") or at.startswith(f"`{claim.calculator}:"), claim


def test_sample_correction_is_a_verified_corrected_claim() -> None:
    """The struck-through +64 mV, verified as −64 mV: `status --all` shows it next to the failing block."""
    vault = load(VAULT)
    (item,) = [i for i in Analysis(vault).items if i.position.path == PART_2 and i.original == "+64 mV"]
    assert (item.kind, item.status, item.outcome) == ("claim", "verified", "corrected")
    assert item.answer is not None and item.answer.startswith("−64 mV, chloride is an anion so z = −1")
    failing = [c for c in Analysis(vault).claims if c.result == "fail"]
    assert [c.position.line - item.position.line for c in failing] == [3]  # the block right under it


def test_sample_note_links_all_resolve() -> None:
    """Every wiki-link of the new note points to an existing note and heading."""
    problems = [d for d in Analysis(load(VAULT)).diagnostics() if d.position.path == PART_2]
    assert problems == []


def test_sample_vault_text(untouched_vault, monkeypatch) -> None:
    """Files are named relative to the current folder (issue 12), here the vault's parent."""
    monkeypatch.chdir(untouched_vault.parent)
    code, out, _ = verify("vault")
    assert code == 1
    assert out.startswith("vault/" + TABLES + "\n")
    assert f"why: {CL_VALENCE}\n" in out and f"why: {CL_SWAPPED}\n" in out
    assert out.rstrip().endswith("21 claims: 18 pass, 1 fail, 0 errors, 2 values without expect")


def test_sample_vault_github(untouched_vault, monkeypatch) -> None:
    """Workflow commands: `::error file=…,line=…,col=…,title=…::message`; the comma in the note's
    name is escaped as %2C in the property (GitHub Actions toolkit, escapeProperty)."""
    monkeypatch.chdir(untouched_vault.parent)
    code, out, _ = verify("vault", "--format", "github")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(
        "::error file=vault/Medical Neuroscience/Ionic Basis of the Resting Membrane "
        "Potential%2C part 2.md,line=44,col=1,title=nernst claim fails::E_Cl = -64.09 mV"
    )
    assert line.endswith(f"Why: {CL_DIAGNOSIS}")


def test_github_escapes_data_and_lists_errors(make_vault, monkeypatch) -> None:
    root = make_vault({"a: b.md": "`nernst: K+ in 100% mM, out 5 mM, 37 °C`\n"})
    monkeypatch.chdir(root.parent)  # files are named from here, as `check --format github` names them
    code, out, _ = verify("vault", "--format", "github")
    assert code == 1
    assert out.startswith(
        "::error file=vault/a%3A b.md,line=1,col=1,title=nernst claim cannot be evaluated::line 1: in: "
    )
    assert "'100%25 mM'" in out and out.count("\n") == 1


@pytest.mark.parametrize(
    ("files", "code", "summary"),
    [
        ({"a.md": "`nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`\n"}, 0, "1 claim: 1 pass, 0 fail, 0 errors"),
        ({"a.md": "`nernst: K+ in 140 mM, out 5 mM, 37 °C`\n"}, 0, "1 claim: 0 pass, 0 fail, 0 errors, 1 value"),
        ({"a.md": "`nernst: K+ 140 mM, out 5 mM, 37 °C`\n"}, 1, "1 claim: 0 pass, 0 fail, 1 error, 0 values"),
        ({"a.md": "`nernst: K+ in 140 mM, out 5 mM, 37 °C => +89 mV`\n"}, 1, "1 claim: 0 pass, 1 fail"),
    ],
)
def test_exit_codes(make_vault, files: dict[str, str], code: int, summary: str) -> None:
    """0 clean (a value without `expect` never fails), 1 if any claim fails or cannot be evaluated."""
    got, out, _ = verify(str(make_vault(files)))
    assert got == code and summary in out
    assert verify(str(make_vault(files)), "--format", "json")[0] == code


def test_error_message_and_json_nulls(make_vault) -> None:
    _, out, _ = verify(str(make_vault({"a.md": "x\n\n```ghk\ntemperature: 20 °C\n```\n"})), "--format", "json")
    (claim,) = json.loads(out)["claims"]
    assert claim == {
        "path": "a.md",
        "line": 3,
        "column": 1,
        "calculator": "ghk",
        "source": "block",
        "result": "error",
        "computed_mV": None,
        "expected_mV": None,
        "tolerance_mV": None,
        "diagnosis": None,
        "diagnoses": [],
        "message": "line 3: a ghk block has no 'ions' (write e.g. "
        "`ions: {K+: {inside: 400 mM, outside: 20 mM, permeability: 1}}`)",
    }


def test_no_claims_and_no_notes(make_vault, tmp_path) -> None:
    """No claim passes (exit 0); a folder with no notes at all is an input error (issue 12: a hook
    pointed at the wrong folder must not pass forever)."""
    code, out, _ = verify(str(make_vault({"a.md": "plain text\n"})))
    assert (code, out) == (
        0,
        "no claims (```nernst or ```ghk blocks, `nernst: …` or `ghk: …` code spans, "
        "statements under a table of concentrations)\n",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in ((), ("--format", "json")):
        code, out, err = verify(str(empty), *args)
        assert (code, out, err) == (2, "", f"vaulttool: error: no notes under {empty}\n")


def test_usage_errors_exit_2() -> None:
    for args in (["/nonexistent/vault"], [str(VAULT), "--format", "sarif"]):
        code, out, err = verify(*args)
        assert code == 2 and out == ""
        assert err.startswith("vaulttool: error: ") and err.count("\n") == 1


def test_help_has_examples() -> None:
    code, out, _ = verify("--help")
    assert code == 0 and "Examples" in out and "--format [text|json|github]" in out
