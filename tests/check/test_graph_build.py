"""The vault graph (`Vault.graph()`, `vaulttool.analyse.graph`): nodes, edges, summary and exports."""

from __future__ import annotations

import io
import json

import networkx as nx

from conftest import CORPORA, corpus
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.graph import summarize
from vaulttool.index import ATTACHMENT_TYPES, extension
from vaulttool.render import render

FILES = {
    ".vaulttool.toml": '[vault]\nnames = ["Study"]\n',
    "Neuro/Glia.md": "---\ntags: [neuro]\n---\n# Myelin\nAstrocytes ^astro\n#glia\n",
    "Neuro/fig.png": b"\x89PNG",
    "Index.md": "[[Glia#Myelin]] [g](Neuro/Glia.md#%5Eastro)\n![[fig.png|200]]\n"
    "[u](obsidian://open?vault=Study&file=Neuro%2FGlia)\n[[Nowhere]] [[Glia#Nope]]\n"
    "[[]] [x](../up.md) [w](https://example.org)\n",
    "Lonely.md": "# alone\n",
}


def test_nodes_are_files_and_missing_targets_with_kind_path_and_tags(make_vault):
    """The issue: nodes are notes and attachments (with kind, path, tags); a link to a missing
    note adds a node of kind "missing", as Obsidian's graph shows unresolved links."""
    graph = Analysis(load(make_vault(FILES))).graph
    assert isinstance(graph, nx.MultiDiGraph)
    assert dict(graph.nodes(data="kind")) == {
        "Index.md": "note",
        "Lonely.md": "note",
        "Neuro/Glia.md": "note",
        "Neuro/fig.png": "attachment",
        "Nowhere": "missing",
    }
    assert graph.nodes["Neuro/Glia.md"]["tags"] == ["neuro", "glia"]
    assert graph.nodes["Neuro/Glia.md"]["path"] == "Neuro/Glia.md"


def test_edges_are_links_with_kind_position_heading_or_block(make_vault):
    """The issue: edges are links (kind wiki/markdown/uri/embed, position, heading or block);
    empty links, links out of the vault and URLs are not edges."""
    graph = Analysis(load(make_vault(FILES))).graph
    edges = [
        (target, data["kind"], data["line"], data["column"], data["heading"], data["block"], data["broken"])
        for _, target, data in graph.out_edges("Index.md", data=True)
    ]
    assert sorted(edges, key=lambda e: (e[2], e[3])) == [
        ("Neuro/Glia.md", "wiki", 1, 1, "Myelin", "", ""),
        ("Neuro/Glia.md", "markdown", 1, 17, "", "astro", ""),
        ("Neuro/fig.png", "embed", 2, 1, "", "", ""),
        ("Neuro/Glia.md", "uri", 3, 1, "", "", ""),
        ("Nowhere", "wiki", 4, 1, "", "", "missing-note"),
        ("Neuro/Glia.md", "wiki", 4, 13, "Nope", "", "missing-heading"),
    ]


def test_summary_counts(make_vault):
    """The issue: without -o, a summary: notes, attachments, links, broken links, orphans, the
    most linked notes, connected components."""
    summary = summarize(Analysis(load(make_vault(FILES))).graph)
    assert (summary.notes, summary.attachments, summary.missing, summary.links, summary.broken_links) == (3, 1, 1, 6, 2)
    assert summary.orphans == ("Lonely.md",)
    assert summary.most_linked == (("Neuro/Glia.md", 4),)
    assert (summary.components, summary.largest_component) == (2, 3)


def _stub_name(path: str, keys) -> str:
    key = path.removesuffix(".md")
    return key if key in keys else key.rsplit("/", 1)[-1]


def test_obsidiantools_backlink_counts():
    """obsidiantools' expected.json `n_backlinks` (test_api_vault_stub_connect_defaults_md.py
        60-79) for the 8 notes and 12 nonexistent notes of vault-stub. obsidiantools counts body
        wikilinks only: not embeds, not front-matter links, not `.canvas` targets; we keep those as
        edges (Obsidian counts them) and leave them out for the comparison, with the two missing media
    files (`Sussudio.mp3`, `1999.flac`, which it lists apart). Its total, 29, equals the
        sum of the wikilink counts (test_backlink_and_wikilink_totals_equal)."""
    root = corpus("obsidiantools/vault-stub")
    expected = json.loads((CORPORA / "obsidiantools" / "expected.json").read_text())["vault-stub"]
    backlinks = expected["n_backlinks"]["value"]
    graph = Analysis(load(root)).graph
    notes = [
        node
        for node, kind in graph.nodes(data="kind")
        if kind == "note" or (kind == "missing" and extension(node) not in ATTACHMENT_TYPES)
    ]
    counted = {_stub_name(node, backlinks): 0 for node in notes}
    for _, target, data in graph.edges(data=True):
        if data["kind"] == "wiki" and not data["frontmatter"] and not target.endswith(".canvas"):
            counted[_stub_name(target, backlinks)] += 1
    assert counted == backlinks
    assert sum(counted.values()) == expected["total_wikilinks_equals_total_backlinks"]["value"]


def test_graphml_and_gexf_round_trip(make_vault):
    """GraphML and GEXF read back into networkx with the same nodes, edges and attributes (tags
    become space-separated text, as those formats hold no lists)."""
    graph = Analysis(load(make_vault(FILES))).graph
    for reader, output_format in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
        back = reader(io.BytesIO(render("graph", output_format, graph).encode("utf-8")))
        assert set(back.nodes) == set(graph.nodes), output_format
        assert back.number_of_edges() == graph.number_of_edges(), output_format
        assert back.nodes["Neuro/Glia.md"]["tags"] == "neuro glia"
        assert sorted(d["kind"] for *_, d in back.edges(data=True)) == sorted(
            d["kind"] for *_, d in graph.edges(data=True)
        )


def test_json_is_networkx_node_link_form(make_vault):
    """The issue: json in networkx's node-link form, with networkx's current key for the edges
    (`edges`, as `node_link_data(..., edges="edges")` writes it, networkx >= 3.4);
    `node_link_graph(data, edges="edges")` rebuilds the graph."""
    graph = Analysis(load(make_vault(FILES))).graph
    data = json.loads(render("graph", "json", graph))
    assert data["directed"] is True and data["multigraph"] is True
    assert "edges" in data and "links" not in data
    back = nx.node_link_graph(data, edges="edges")
    assert nx.utils.graphs_equal(back, graph)


def test_dot_quotes_names(make_vault):
    """Graphviz DOT: every node and edge, names quoted with `"` and `\\` escaped."""
    graph = Analysis(load(make_vault({'Say "hi".md': "[[b]]\n", "b.md": ""}))).graph
    dot = render("graph", "dot", graph)
    assert dot.startswith('digraph "vault" {\n')
    assert '"Say \\"hi\\".md" -> "b.md" [kind="wiki", line=1, column=1' in dot
    assert dot.count(" -> ") == 1 and dot.rstrip().endswith("}")
