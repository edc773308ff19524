"""Note text and file names never act on a terminal or break a document (issue 16, "never lets
note text run in a terminal").

A terminal acts on ESC sequences (ECMA-48: CSI `ESC [` clears the screen or moves the cursor, OSC
`ESC ]` sets the window title or makes a hyperlink), on 8-bit C1 controls (CSI is U+009B), and the
Unicode bidirectional overrides reorder what is read ("Trojan Source", CVE-2021-42574, Unicode
TR 9 table 4). XML 1.0 has no place for C0 controls but tab, LF and CR (its `Char` production),
so a GraphML or GEXF file holding one does not parse.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

from vaulttool.render.visible import visible, xml_safe

ESC_NAME = "\x1b[2J\x1b]0;pwned\x07a.md"
SGR = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "vaulttool", *args], capture_output=True, check=False)


def test_visible_writes_controls_as_escapes_and_keeps_text():
    assert visible("tab\tnew\nline é 中 ✓") == "tab\tnew\nline é 中 ✓"
    assert visible("\x1b[31m\x9b2J\x7f\x00\u202eevil\u2066") == "\\x1b[31m\\x9b2J\\x7f\\x00\\u202eevil\\u2066"
    assert xml_safe("a\x1b\x07\tb\n\ud800\uffff") == "a\\x1b\\x07\tb\n\\ud800\\uffff"


def test_a_file_name_with_escape_sequences_is_shown_as_escapes(make_vault):
    root = make_vault({ESC_NAME: "[[missing]]\n"})
    result = run("check", str(root))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out
    assert f"{root}/\\x1b[2J\\x1b]0;pwned\\x07a.md:1:1: error[missing-note]" in out


def test_note_text_with_controls_and_bidi_overrides_is_inert_in_status(make_vault):
    root = make_vault({"a.md": "- #hypothesis : \x1b]8;;http://x\x07link\x1b]8;;\x07 and \u202eevil\x9b2J\n"})
    out = run("status", str(root)).stdout.decode()
    assert "\\x1b]8;;http://x\\x07link\\x1b]8;;\\x07 and \\u202eevil\\x9b2J" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)


def test_with_colour_forced_the_only_escapes_are_our_own_colours(make_vault):
    root = make_vault({"a.md": "- #hypothesis : \x1b[8mhidden\x1b[0m and \x1b[2J\n"})
    out = run("--color", "status", str(root)).stdout.decode()
    assert SGR.search(out), "colour was forced on"
    assert "\\x1b[8mhidden\\x1b[0m and \\x1b[2J" in out
    assert "\x1b" not in SGR.sub("", out)


def test_github_annotations_escape_controls_and_property_separators(make_vault):
    """Workflow commands: properties escape `%`, CR, LF, `:` and `,` (actions/toolkit command.ts)."""
    root = make_vault({"100%,a:b\x1b.md": "[[missing]]\n"})
    out = run("check", str(root), "--format", "github").stdout.decode()
    first = out.splitlines()[0]
    assert "\x1b" not in out
    assert first.startswith("::error file=") and "100%25%2Ca%3Ab\\x1b.md,line=1,col=1" in first


def test_graphml_and_gexf_parse_with_controls_in_names(make_vault):
    root = make_vault({ESC_NAME: "[[b\x0bc]]\n", "b\x0bc.md": "text\n"})
    for fmt in ("graphml", "gexf"):
        result = run("graph", str(root), "--format", fmt)
        assert result.returncode == 0, result.stderr
        document = ElementTree.fromstring(result.stdout)
        ids = {node.get("id") for node in document.iter() if node.tag.endswith("node")}
        assert "\\x1b[2J\\x1b]0;pwned\\x07a.md" in ids and "b\\x0bc.md" in ids


def test_an_error_line_naming_a_path_with_controls_is_inert(tmp_path):
    result = run("status", str(tmp_path / "no\x1b[2Jvault"))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("vaulttool: error: ") and "\x1b" not in err and "no\\x1b[2Jvault" in err
