"""`vaulttool report` on the sample vault: the seed's corrected, partial and open items (issue 6),
asserted on the JSON and on the rendered Markdown.

The seed's expectations come from the issue and the README's lifecycle rules: line 5 is a claim
whose struck-through `V_out - V_in` is corrected by `V_in-V_out`; line 13 is answered "not quite
right" (corrected); line 8 "you almost got it" (partial); lines 19 and 20 are still open.
"""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from conftest import SEED_IN_VAULT, VAULT
from vaulttool.cli import main

AS_OF = "2030-01-01"

# Items of the other notes, read off the notes with the README's rules ("no", "not quite",
# "incorrect" and struck text → corrected; "not exactly", "almost", "partly" → partial).
OTHER_CORRECTED = {
    ("Medical Neuroscience/Synapses/Synaptic Transmission.md", 17),  # "not quite."
    ("Medical Neuroscience/Synapses/Neurotransmitter Receptors.md", 20),  # "incorrect."
    ("Medical Neuroscience/Passive Membrane Properties.md", 35),  # struck-through hypothesis
}
OTHER_PARTIAL = {
    ("Medical Neuroscience/Glia.md", 12),  # "not exactly."
    ("Medical Neuroscience/Synapses/Synaptic Transmission.md", 33),  # "almost."
}


def run_report(*options: str) -> str:
    result = CliRunner().invoke(main, ["report", str(VAULT), "--as-of", AS_OF, *options])
    assert result.exit_code == 0, result.output
    return result.output


def report_json() -> dict:
    return json.loads(run_report("--format", "json"))


def test_seed_corrected_items_with_original_and_correction(untouched_vault):
    corrected = {i["line"]: i for i in report_json()["corrected"] if i["path"] == SEED_IN_VAULT}
    assert sorted(corrected) == [5, 13]
    assert corrected[5]["original"] == corrected[5]["was"] == "V_out - V_in"
    assert corrected[5]["answer"] == "V_in-V_out"
    assert corrected[13]["was"] == "a buffer system ?"  # nothing struck: the hypothesis itself
    assert corrected[13]["answer"].startswith("not quite right")


def test_seed_partial_and_open_items(untouched_vault):
    data = report_json()
    assert [i["line"] for i in data["partial"] if i["path"] == SEED_IN_VAULT] == [8]
    unresolved = [i for i in data["unresolved"] if i["path"] == SEED_IN_VAULT]
    assert [(i["line"], i["kind"], i["status"]) for i in unresolved] == [
        (19, "hypothesis", "to-verify"),
        (20, "question", "open"),
    ]


def test_other_notes_are_reported_too(untouched_vault):
    data = report_json()
    assert OTHER_CORRECTED <= {(i["path"], i["line"]) for i in data["corrected"]}
    assert OTHER_PARTIAL <= {(i["path"], i["line"]) for i in data["partial"]}


def test_report_agrees_with_status(untouched_vault):
    """Every corrected/partial/open item that `status --all` lists is in the report, and no other."""
    status = json.loads(CliRunner().invoke(main, ["status", str(VAULT), "--all", "--format", "json"]).output)["items"]
    data = report_json()

    def key(item):
        return (item["path"], item["line"], item["column"])

    assert [key(i) for i in data["corrected"]] == [key(i) for i in status if i["outcome"] == "corrected"]
    assert [key(i) for i in data["partial"]] == [key(i) for i in status if i["outcome"] == "partial"]
    assert sorted(key(i) for i in data["unresolved"]) == sorted(
        key(i) for i in status if i["status"] in ("open", "waiting", "to-verify")
    )


def test_unresolved_oldest_first_with_age():
    data = report_json()
    since = [i["since"] for i in data["unresolved"]]
    assert since == sorted(since)
    for item in data["unresolved"]:
        assert item["age_days"] == (dt.date.fromisoformat(AS_OF) - dt.date.fromisoformat(item["since"])).days


def test_summary_counts_add_up():
    data = report_json()
    notes, vault = data["summary"]["notes"], data["summary"]["vault"]
    for field in (
        "hypotheses",
        "questions",
        "claims",
        "open",
        "closed",
        "corrected",
        "partial",
        "confirmed",
        "numbers_checked",
        "numbers_failed",
    ):
        assert vault[field] == sum(note[field] for note in notes), field
    seed = next(n for n in notes if n["path"] == SEED_IN_VAULT)
    assert (seed["hypotheses"], seed["questions"], seed["claims"]) == (3, 1, 1)
    assert (seed["open"], seed["closed"], seed["corrected"], seed["partial"]) == (2, 3, 2, 1)
    assert vault["open"] == len(data["unresolved"])
    assert (vault["corrected"], vault["partial"]) == (len(data["corrected"]), len(data["partial"]))


def test_numbers_lists_only_failed_or_erroneous_claims():
    for claim in report_json()["numbers"]:
        assert claim["result"] in ("fail", "error")
        assert set(claim) == {
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
        }


def test_timeline_from_git_history():
    """The sample vault is committed in the project's repository: at least one week, dated on a Monday."""
    timeline = report_json()["summary"]["timeline"]
    assert timeline
    for week in timeline:
        assert dt.date.fromisoformat(week["week"]).weekday() == 0
        assert week["open"] >= 0 and week["closed"] >= 0 and len(week["commit"]) == 40


def test_markdown_shows_the_seed_correction(untouched_vault):
    text = run_report("--format", "markdown")
    target = "[[" + SEED_IN_VAULT[:-3] + "|Ionic Basis of the Resting Membrane Potential, part 1]]"
    corrected = text.split("## Corrected", 1)[1].split("### Partial", 1)[0]
    assert f"- **claim** ({target} line 5): A membrane potential is measured as follows : ~~V_out - V_in~~" in corrected
    assert "    - was: ~~V_out - V_in~~\n    - now: V_in-V_out\n" in corrected
    assert f"- **hypothesis** ({target} line 13): ~~a buffer system ?~~" in corrected
    partial = text.split("### Partial", 1)[1].split("## Unresolved", 1)[0]
    assert f"({target} line 8)" in partial
    unresolved = text.split("## Unresolved", 1)[1].split("## Numbers", 1)[0]
    assert f"— {target} line 19" in unresolved and f"— {target} line 20" in unresolved
    assert "## Summary" in text and "| **vault** |" in text


def test_output_is_deterministic():
    assert run_report("--format", "markdown") == run_report("--format", "markdown")
    assert run_report("--format", "html") == run_report("--format", "html")
    assert "generated 20" not in run_report("--format", "markdown")
    assert "generated 20" in run_report("--format", "markdown", "--timestamp")


def test_text_report_sections():
    text = run_report("--no-history")
    for heading in ("Corrected (", "Partly right (", "Unresolved (", "Numbers (", "Summary"):
        assert heading in text
    assert "Over time" not in text
    assert f"{SEED_IN_VAULT}:5:68" in text
