"""The vault graph: a networkx `MultiDiGraph` built from resolved links.

Nodes are vault files (`kind` note or attachment, `path`, `name`, `tags`, `excluded` for
Obsidian's "Excluded files") and the targets of links to missing files (`kind` missing, named as
the link names them, `.md` left out). Edges are links, from the linking note: `kind`
wiki/markdown/uri/embed, `line`, `column`, `frontmatter` (a link in a property), `heading` or
`block` (the subpath), and `broken` (the diagnostic code of a link to a missing note,
attachment, heading or block, else ""). Links that leave the vault, empty links and URLs are
not edges.

networkx is imported only inside the functions that need it; `vaulttool.render.graph` exports it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaulttool.index import display_name, is_note
from vaulttool.resolution import Resolution
from vaulttool.resolve import ResolvedLinks
from vaulttool.rules import Code

if TYPE_CHECKING:
    from networkx import MultiDiGraph

    from vaulttool.vault import Vault

_NOT_EDGES = (Code.OUTSIDE_VAULT, Code.EMPTY_LINK)


def _tags(vault: Vault, path: str) -> list[str]:
    note = vault.note(path)
    if note is None:
        return []
    return list({tag.key: tag.name for tag in note.tags}.values())


def _edge(resolution: Resolution) -> dict[str, Any]:
    link = resolution.link
    subpath = (link.subpath or "").strip()
    into_note = resolution.target is None or is_note(resolution.target)
    is_block = subpath.startswith("^")
    return {
        "kind": "embed" if link.embed else link.kind,
        "line": link.position.line,
        "column": link.position.column,
        "frontmatter": link.in_frontmatter,
        "heading": subpath if subpath and into_note and not is_block else "",
        "block": subpath[1:] if into_note and is_block else "",
        "broken": str(resolution.problem or ""),
    }


def build_graph(vault: Vault, links: ResolvedLinks) -> MultiDiGraph:
    """The resolved vault as a `MultiDiGraph` (see the module docstring for its attributes)."""
    import networkx as nx

    graph = nx.MultiDiGraph(vault=vault.name)
    for path in vault.files:
        graph.add_node(
            path,
            kind="note" if is_note(path) else "attachment",
            path=path,
            name=display_name(path),
            tags=_tags(vault, path),
            excluded=vault.is_ignored(path),
        )
    for resolution in links.resolutions:
        if resolution.scope != "vault" or resolution.problem in _NOT_EDGES:
            continue
        target = resolution.target
        if target is None:
            target = resolution.link.target.removesuffix(".md")
            if target not in graph:
                graph.add_node(target, kind="missing", path="", name=target, tags=[], excluded=False)
        graph.add_edge(resolution.source, target, **_edge(resolution))
    return graph


@dataclass(frozen=True, slots=True)
class GraphSummary:
    notes: int
    attachments: int
    missing: int
    links: int
    broken_links: int
    orphans: tuple[str, ...]
    most_linked: tuple[tuple[str, int], ...]
    components: int
    largest_component: int


def summarize(graph: MultiDiGraph, top: int = 10) -> GraphSummary:
    """Counts for `vaulttool graph` without `-o`: orphans are notes with no link in or out
    (self-links aside); components count notes and attachments, not missing targets."""
    import networkx as nx

    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    incoming: Counter[str] = Counter()
    touched: set[str] = set()
    for source, target in graph.edges():
        if source != target:
            incoming[target] += 1
            touched.update((source, target))
    notes = [node for node, data in graph.nodes(data=True) if data["kind"] == "note"]
    orphans = tuple(sorted(n for n in notes if n not in touched and not graph.nodes[n]["excluded"]))
    linked = sorted(((n, incoming[n]) for n in notes if incoming[n]), key=lambda item: (-item[1], item[0]))
    files = graph.subgraph(node for node, kind in graph.nodes(data="kind") if kind != "missing")
    sizes = [len(c) for c in nx.weakly_connected_components(files)]
    return GraphSummary(
        notes=kinds["note"],
        attachments=kinds["attachment"],
        missing=kinds["missing"],
        links=graph.number_of_edges(),
        broken_links=sum(1 for *_, broken in graph.edges(data="broken") if broken),
        orphans=orphans,
        most_linked=tuple(linked[:top]),
        components=len(sizes),
        largest_component=max(sizes, default=0),
    )
