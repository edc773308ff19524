"""Issue 12: numbers as people copy them, exports that load with today's readers, and the smaller
fixes (status counts, report labels, review JSON).

Sources: SARIF 2.1.0 (OASIS) §3.19.2 `informationUri`, §3.27.17 `partialFingerprints`; Graphviz's
attribute reference (`style=dashed`, `color`); networkx's `node_link_data(G, edges=...)`.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from vaulttool.cli import main
from vaulttool.render.common import distinct_labels, middle_cut


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_potentials_print_with_the_ascii_minus_in_text_markdown_and_json(make_vault):
    """`-89.06 mV` pastes into a calculator; `−89.06` (U+2212) does not."""
    code, text = invoke("calc", "nernst", "--ion", "K+", "--inside", "140mM", "--outside", "5mM")
    assert (code, text) == (0, "E_K = -89.06 mV (K⁺ 140 mM in, 5 mM out, 37 °C)\n")
    root = make_vault({"a.md": "- E_Cl #to_verify : `nernst: Cl- in 10 mM, out 110 mM, 37 °C => +64 mV`\n"})
    for args in (
        ["verify", str(root)],
        ["verify", str(root), "--format", "json"],
        ["report", str(root), "--no-history"],
        ["report", str(root), "--format", "markdown", "--no-history"],
        ["status", str(root), "--all"],
    ):
        _, out = invoke(*args)
        assert "−" not in out, args
        assert "-64.09" in out, args


def test_calc_z_changes_the_valence_not_the_ions_name():
    """Cl⁻ computed with z = +1 (the classic sign slip) is still Cl⁻: E = 26.7267 mV × ln(11) = +64.09 mV."""
    _, text = invoke("calc", "nernst", "--ion", "Cl-", "-z", "1", "--inside", "10mM", "--outside", "110mM")
    assert text == "E_Cl = +64.09 mV (Cl⁻ 10 mM in, 110 mM out, 37 °C, z = +1)\n"
    _, out = invoke(
        "calc", "nernst", "--ion", "Cl-", "-z", "1", "--inside", "10mM", "--outside", "110mM", "--format", "json"
    )
    data = json.loads(out)
    assert (data["ion"], data["valence"], data["potential_mV"]) == ("Cl-", 1, 64.09)


def test_dot_draws_broken_links_and_missing_notes_dashed_and_red(make_vault):
    root = make_vault({"a.md": "[[b]] [[nowhere]]\n", "b.md": ""})
    _, dot = invoke("graph", str(root), "--format", "dot")
    missing = next(line for line in dot.splitlines() if line.startswith('  "nowhere" ['))
    broken = next(line for line in dot.splitlines() if line.startswith('  "a.md" -> "nowhere"'))
    fine = next(line for line in dot.splitlines() if line.startswith('  "a.md" -> "b.md"'))
    for line in (missing, broken):
        assert 'style="dashed"' in line and 'color="red"' in line
    assert "dashed" not in fine and "red" not in fine


def test_sarif_names_the_tool_and_fingerprints_findings_across_line_moves(make_vault):
    root = make_vault({"a.md": "[[nowhere]]\n[[nowhere]]\n"})
    _, first = invoke("check", str(root), "--format", "sarif")
    run = json.loads(first)["runs"][0]
    assert run["tool"]["driver"]["informationUri"].startswith("https://")
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "missing-note")
    assert rule["name"] == "MissingNote" and rule["help"]["text"] and rule["fullDescription"]["text"]
    prints = [r["partialFingerprints"]["vaulttoolFinding/v1"] for r in run["results"]]
    assert len(set(prints)) == 2  # the same link twice: two findings, two fingerprints
    (root / "a.md").write_text("# A heading pushes the links down\n\n[[nowhere]]\n[[nowhere]]\n", encoding="utf-8")
    _, second = invoke("check", str(root), "--format", "sarif")
    moved = json.loads(second)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in moved] == [3, 4]
    assert [r["partialFingerprints"]["vaulttoolFinding/v1"] for r in moved] == prints


def test_status_all_counts_the_notes_that_hold_open_items(make_vault):
    """Items in 3 notes, open ones in 2 of them: "2 open items in 2 notes"."""
    root = make_vault(
        {"a.md": "#hypothesis one\n", "b.md": "#wonder two\n", "c.md": "#hypothesis three #explanation : yes\n"}
    )
    _, text = invoke("status", str(root), "--all")
    assert text.rstrip().splitlines()[-1] == "2 open items in 2 notes, 1 answered or verified"


def test_report_summary_labels_never_look_alike():
    long = "Medical Neuroscience/Ionic Basis of the Resting Membrane Potential, part "
    labels = distinct_labels([long + "1.md", long + "2.md", "Glia.md"], 28)
    assert len(set(labels)) == 3 and labels[2] == "Glia.md"
    assert labels[0].endswith("part 1.md") and len(labels[0]) == 28
    assert middle_cut("abcdefghij", 7) == "ab…ghij"
    # differing only in the middle: the cuts would be alike, so both stay whole
    assert distinct_labels(["aaaa-X-bbbbbbbb", "aaaa-Y-bbbbbbbb"], 9) == ["aaaa-X-bbbbbbbb", "aaaa-Y-bbbbbbbb"]


def test_review_json_lists_the_cards(make_vault):
    root = make_vault({"a.md": "- #hypothesis ions flow ~~in~~ #explanation : no, out\n"})
    code, out = invoke("review", str(root), "--format", "json")
    assert code == 0
    (card,) = json.loads(out)["cards"]
    assert (card["category"], card["front"], card["path"], card["line"]) == ("corrected", "ions flow ~~in~~", "a.md", 1)
    assert (
        card["original"] == "in"
        and card["back"].startswith("no, out")
        and card["uri"].startswith("obsidian://open?vault=")
    )
