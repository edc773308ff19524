"""`vaulttool graph` exports: GraphML, GEXF, networkx node-link JSON and Graphviz DOT."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from vaulttool.render import Context

if TYPE_CHECKING:
    from networkx import MultiDiGraph


def _flat(graph: MultiDiGraph) -> MultiDiGraph:
    """A copy whose list attributes (tags) are space-joined text, as GraphML, GEXF and DOT need."""
    flat = graph.copy()
    for _, data in flat.nodes(data=True):
        data["tags"] = " ".join(data["tags"])
    return flat


def _dot_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


BROKEN = {"style": "dashed", "color": "red", "fontcolor": "red"}
"""Graphviz attributes of a broken link and of a missing note, so that a picture shows them."""


def _dot(graph: MultiDiGraph) -> str:
    def attributes(data: dict[str, Any]) -> str:
        return ", ".join(f"{name}={_dot_value(value)}" for name, value in data.items())

    lines = [f"digraph {_dot_value(graph.graph.get('vault', 'vault'))} {{"]
    lines += [
        f"  {_dot_value(node)} [{attributes({'label': data['name'], **data, **_looks(data['kind'] == 'missing')})}];"
        for node, data in graph.nodes(data=True)
    ]
    lines += [
        f"  {_dot_value(source)} -> {_dot_value(target)} [{attributes({**data, **_looks(bool(data['broken']))})}];"
        for source, target, data in graph.edges(data=True)
    ]
    return "\n".join(lines) + "\n}\n"


def _looks(broken: bool) -> dict[str, str]:
    return BROKEN if broken else {}


def node_link_json(graph: MultiDiGraph, context: Context) -> str:
    """networkx's node-link JSON, edges under "edges" (`nx.node_link_graph(data, edges="edges")` reads it)."""
    import networkx as nx

    return json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=2) + "\n"


def _xml_flat(graph: MultiDiGraph) -> MultiDiGraph:
    """`_flat` with every string (node names too) fit for XML (`visible.xml_safe`)."""
    import networkx as nx

    from vaulttool.render.visible import xml_safe

    flat = _flat(graph)
    renamed = {node: xml_safe(node) for node in flat if isinstance(node, str) and xml_safe(node) != node}
    if renamed:
        flat = nx.relabel_nodes(flat, renamed)
    for data in [
        flat.graph,
        *(data for _, data in flat.nodes(data=True)),
        *(data for _, _, data in flat.edges(data=True)),
    ]:
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = xml_safe(value)
    return flat


def graphml(graph: MultiDiGraph, context: Context) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_xml_flat(graph))) + "\n"


def gexf(graph: MultiDiGraph, context: Context) -> str:
    import networkx as nx

    return "\n".join(nx.generate_gexf(_xml_flat(graph))) + "\n"


def dot(graph: MultiDiGraph, context: Context) -> str:
    """Graphviz DOT."""
    return _dot(_flat(graph))
