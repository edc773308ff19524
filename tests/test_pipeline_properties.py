"""Property test: any vault of Markdown-ish notes goes through every analysis without an exception."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.review import CATEGORIES
from vaulttool.rules import INFO_CODES

PIECES = st.sampled_from(
    [
        "#hypothesis ",
        "#wonder ",
        "#to_verify ",
        "#waiting ",
        "#explanation : ",
        "#verifed : ",
        "#clarification ",
        "no, ",
        "yes ",
        "almost ",
        "~~x~~ ",
        "[[a]]",
        "[[b#H]]",
        "[[a#^id]]",
        "[[#H]]",
        "![[p.png|100]]",
        "[[]]",
        "[t](a.md)",
        "[t](../x.md)",
        "[t](obsidian://open?vault=v&file=a)",
        "^id",
        "# H\n",
        "## H\n",
        "- ",
        "\t- ",
        "\n",
        "\n\n",
        "`nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`",
        "`ghk: 20 °C; K+ in 1 mM, out 2 mM, P 1 => 5 mV`",
        "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: -89 mV\n```\n",
        "```ghk\ntemperature: 20 C\nions:\n  Ca2+: {inside: 1 mM, outside: 2 mM, permeability: 1}\n```\n",
        "```nernst\nion: [\n```\n",
        "---\ntags: [a\n---\n",
        "%%",
        "$",
        "`",
        "text ",
        "é",
        "<script>",
        "|",
        "| Ion | Inside (mM) | Outside (mM) | P |\n|---|---|---|---|\n| K+ | 140 | 5 | 1 |\n| Cl- | 10 | 110 | 0 |\n",
        "E_K ≈ −80 mV ",
        "V_rest = +10 mV ",
        "E_{Cl} is about -65 mV ",
        "at 20 °C ",
    ]
)
NOTE = st.lists(PIECES, max_size=25).map("".join)
VAULTS = st.dictionaries(st.sampled_from(["a.md", "b.md", "d/a.md", "d/c.md", "x y.md"]), NOTE, min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VAULTS)
def test_every_analysis_runs_on_any_vault(files):
    root = Path(tempfile.mkdtemp())
    try:
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        analysis = Analysis(load(root))
        result = analysis.check(extend=INFO_CODES)
        assert all(d.position.line >= 1 and d.position.column >= 1 for d in result.diagnostics)
        assert all(c.result in ("pass", "fail", "error", "value") for c in analysis.claims)
        analysis.report(dt.date(2026, 1, 1), history=False)
        analysis.review(CATEGORIES)
        assert analysis.graph.number_of_nodes() >= len(files)
    finally:
        shutil.rmtree(root)
