"""Sheets written into the vault are valid notes (issue 11, item 9): `review -o vault/Review.md` and
`report --format markdown -o vault/Report.md` keep the vault's own `check` clean and leave `verify`,
`status` and `tags` counting what they counted, because every link is rewritten to resolve from
where the sheet is, calculator spans are shown as text, and the sheet's front matter says
`vaulttool: generated`.

Link rules (Obsidian help, "Internal links" and "Accepted file formats"; OBSIDIAN_RULES.md rule 9):
a wiki-link's full vault path resolves from any note; a Markdown link starting with `../` is read
from the linking note's folder, one without `./` from the vault root; `[[#^id]]` is a block of the
note the link is written in.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import VAULT
from vaulttool.cli import main

ALL = "corrected,partial,verified,open"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def counts(root) -> dict[str, object]:
    _, check = run("check", str(root), "--format", "json")
    _, verify = run("verify", str(root), "--format", "json")
    _, status = run("status", str(root), "--all", "--format", "json")
    return {
        "diagnostics": json.loads(check)["diagnostics"],
        "claims": len(json.loads(verify)["claims"]),
        "items": len(json.loads(status)["items"]),
    }


@pytest.fixture
def vault_copy(tmp_path):
    root = tmp_path / "Obsidian Vault"
    shutil.copytree(VAULT, root)
    return root


def test_both_sheets_at_the_root_and_in_a_folder_keep_check_clean(vault_copy):
    before = counts(vault_copy)
    assert before["diagnostics"] == [] and before["claims"] >= 12
    notes = len(list(vault_copy.rglob("*.md")))
    (vault_copy / "Sheets").mkdir()
    for target in (vault_copy / "Review.md", vault_copy / "Sheets" / "Review.md"):
        assert run("review", str(vault_copy), "--include", ALL, "-o", str(target))[0] == 0
    for target in (vault_copy / "Report.md", vault_copy / "Sheets" / "Report.md"):
        assert run("report", str(vault_copy), "--format", "markdown", "-o", str(target))[0] == 0
    after = counts(vault_copy)
    assert after == before  # no finding, the same claims, the same items
    code, output = run("check", str(vault_copy))
    assert code == 0 and f"{notes + 4} notes" in output  # the four sheets are notes whose links were all checked


def test_links_are_rewritten_from_where_the_sheet_is(vault_copy):
    (vault_copy / "Sheets").mkdir()
    run("review", str(vault_copy), "--include", ALL, "-o", str(vault_copy / "Sheets" / "Review.md"))
    sheet = (vault_copy / "Sheets" / "Review.md").read_text(encoding="utf-8")
    image = "![Pasted image 20250617094306](../Medical%20Neuroscience/images/Pasted%20image%2020250617094306.png)"
    assert image in sheet  # `./images/…` in the note, `../…` from Sheets/
    # `[[#^nmda-mg-block]]` in Neurotransmitter Receptors.md names that note's block:
    assert "[[Medical Neuroscience/Synapses/Neurotransmitter Receptors#^nmda-mg-block|^nmda-mg-block]]" in sheet
    assert "[[#^" not in sheet


def test_calculator_spans_become_text(vault_copy):
    run("review", str(vault_copy), "-o", str(vault_copy / "Review.md"))
    sheet = (vault_copy / "Review.md").read_text(encoding="utf-8")
    assert "`nernst:" not in sheet
    assert ": nernst: Cl- in 10 mM, out 110 mM, 37 °C =&gt; -64 mV (10 mM inside" in sheet


def test_the_marker_is_what_makes_a_sheet_skipped(vault_copy):
    """The same sheet without its front matter is the student's note again: its copied claims count."""
    claims = counts(vault_copy)["claims"]
    run("review", str(vault_copy), "-o", str(vault_copy / "Review.md"))
    sheet = vault_copy / "Review.md"
    assert sheet.read_text(encoding="utf-8").startswith("---\nvaulttool: generated\n---\n")
    text = sheet.read_text(encoding="utf-8").split("---\n", 2)[2]
    sheet.write_text(
        text.replace("=&gt; -64 mV (10", "=> -64 mV` (10").replace(": nernst: Cl-", ": `nernst: Cl-"), encoding="utf-8"
    )
    assert counts(vault_copy)["claims"] == claims + 1


def test_a_sheet_beside_the_vault_links_into_it(vault_copy):
    target = vault_copy.parent / "review.md"
    run("review", str(vault_copy), "--include", ALL, "-o", str(target))
    assert "](Obsidian%20Vault/Medical%20Neuroscience/images/Pasted%20image%2020250617094306.png)" in target.read_text(
        encoding="utf-8"
    )
