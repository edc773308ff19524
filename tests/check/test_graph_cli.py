"""`vaulttool graph` from the command line: the summary, exports to a file or stdout, errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from vaulttool.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_summary_on_the_sample_vault(untouched_vault):
    """Without -o: notes, attachments, links, broken links, orphans, most linked, components.
    The sample vault's notes and images, and no broken link (it checks clean)."""
    files = [
        p
        for p in untouched_vault.rglob("*")
        if p.is_file() and ".obsidian" not in p.parts and not p.name.startswith(".")
    ]
    notes = sum(1 for p in files if p.suffix == ".md")
    result = invoke("graph", str(untouched_vault))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{notes} notes, {len(files) - notes} attachments, ")
    assert lines[0].endswith("(0 broken, 0 missing targets)")
    assert lines[1].startswith("1 connected component")
    assert "most linked:" in lines


@pytest.mark.parametrize(("name", "reader"), [("g.graphml", nx.read_graphml), ("g.gexf", nx.read_gexf)])
def test_export_to_a_file_by_extension(make_vault, tmp_path, name, reader):
    """`-o FILE` writes the export; the format comes from the extension when --format is absent."""
    root = make_vault({"a.md": "[[b]] [[c]]\n", "b.md": "![[img.png]]\n", "img.png": b"\x89PNG"})
    target = tmp_path / name
    result = invoke("graph", str(root), "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    graph = reader(target)
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_json_and_dot_to_stdout(make_vault):
    """`--format` without -o (or with `-o -`) writes the export to stdout."""
    root = make_vault({"a.md": "[[b]]\n", "b.md": ""})
    data = json.loads(invoke("graph", str(root), "--format", "json").output)
    assert [(link["source"], link["target"]) for link in data["edges"]] == [("a.md", "b.md")]
    assert invoke("graph", str(root), "--format", "dot", "-o", "-").output.startswith('digraph "vault" {')


@pytest.mark.parametrize("args", [["-o", "graph.txt"], ["-o", "no/such/folder/g.graphml"], ["--format", "png"]])
def test_usage_errors(make_vault, tmp_path, monkeypatch, args):
    """An output path whose format cannot be told, or that cannot be written: one line, exit 2."""
    root = make_vault({"a.md": ""})
    monkeypatch.chdir(tmp_path)
    result = invoke("graph", str(root), *args)
    assert result.exit_code == 2
