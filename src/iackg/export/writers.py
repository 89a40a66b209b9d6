"""Write a view in the formats network tools read: GraphML, GEXF, Gephi CSV, d3 JSON, Cytoscape.js.

All text is UTF-8 (Japanese survives). Before writing, attribute types are made consistent (an
attribute that is a number on one node and text on another becomes text everywhere) because
GraphML and GEXF declare one type per attribute.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx

FORMATS = ("graphml", "gexf", "csv", "json", "cytoscape")
SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "csv": "", "json": ".json", "cytoscape": ".cyjs"}
_SCALARS = (bool, int, float, str)


def _kind(value) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    return str


def consistent(graph: nx.Graph) -> nx.Graph:
    """A copy whose node and edge attributes each have one type (int+float -> float, else str)."""
    graph = graph.copy()
    for items in (
        [d for _, d in graph.nodes(data=True)],
        [d for _, _, d in graph.edges(data=True)],
    ):
        kinds: dict[str, set[type]] = {}
        for data in items:
            for key, value in list(data.items()):
                if value is None:
                    del data[key]
                    continue
                if not isinstance(value, _SCALARS):
                    data[key] = value = str(value)
                kinds.setdefault(key, set()).add(_kind(value))
        for key, types in kinds.items():
            if len(types) == 1:
                continue
            target = float if types <= {int, float} else str
            for data in items:
                if key in data:
                    data[key] = target(data[key])
    for key, value in list(graph.graph.items()):
        if not isinstance(value, _SCALARS):
            graph.graph[key] = str(value)
    return graph


def for_graphml(graph: nx.Graph) -> nx.Graph:
    """GraphML ids must be NMTOKENs, which IRIs are not: nodes become `n0`, `n1` … in the order of
    their IRIs (so the same graph gives the same file), and each keeps its IRI in `iri`."""
    graph = consistent(graph)
    mapping = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes, key=str))}
    for node, data in graph.nodes(data=True):
        data.pop("id", None)  # would clash with Gephi's Id column
        data["iri"] = str(node)
    return nx.relabel_nodes(graph, mapping)


# GEXF 1.2's schema has no `name` attribute on <graph>, which networkx always writes.
_GEXF_GRAPH_NAME = re.compile(r'(<graph\b[^>]*?) name="[^"]*"')


def gexf_text(graph: nx.Graph) -> str:
    """GEXF 1.2 that passes gexf.net's XSD (ids stay the IRIs: GEXF ids are plain strings)."""
    buffer = io.BytesIO()
    nx.write_gexf(consistent(graph), buffer, encoding="utf-8", version="1.2draft")
    text = buffer.getvalue().decode("utf-8")
    return _GEXF_GRAPH_NAME.sub(r"\1", text, count=1)


def to_graphml(graph: nx.Graph, path: Path) -> None:
    nx.write_graphml(for_graphml(graph), path, encoding="utf-8")


def to_gexf(graph: nx.Graph, path: Path) -> None:
    Path(path).write_text(gexf_text(graph), encoding="utf-8")


def node_link(graph: nx.Graph) -> dict:
    """d3's node-link form: {"nodes": [{"id": …}], "links": [{"source", "target", …}]}."""
    return nx.node_link_data(consistent(graph), edges="links")


def cytoscape(graph: nx.Graph) -> dict:
    """Cytoscape.js elements JSON: {"elements": {"nodes": [{"data": …}], "edges": […]}}."""
    return nx.cytoscape_data(consistent(graph), name="label")


def csv_tables(graph: nx.Graph) -> tuple[str, str]:
    """Gephi's spreadsheet import: a node table (Id, Label, …) and an edge table
    (Source, Target, Type, Weight, …)."""
    graph = consistent(graph)
    node_keys = sorted({k for _, d in graph.nodes(data=True) for k in d} - {"id", "label"})
    edge_keys = sorted({k for _, _, d in graph.edges(data=True) for k in d} - {"weight"})
    kind = "Directed" if graph.is_directed() else "Undirected"

    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", *node_keys])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, data.get("label", node), *(_cell(data.get(k)) for k in node_keys)])

    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["Source", "Target", "Type", "Weight", *edge_keys])
    for u, v, data in graph.edges(data=True):
        writer.writerow(
            [u, v, kind, _cell(data.get("weight", 1)), *(_cell(data.get(k)) for k in edge_keys)]
        )
    return nodes.getvalue(), edges.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write `graph` to `path` (for csv: a folder receiving nodes.csv and edges.csv)."""
    path = Path(path)
    if fmt == "csv":
        path.mkdir(parents=True, exist_ok=True)
        nodes, edges = csv_tables(graph)
        (path / "nodes.csv").write_text(nodes, encoding="utf-8")
        (path / "edges.csv").write_text(edges, encoding="utf-8")
        return [path / "nodes.csv", path / "edges.csv"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        to_graphml(graph, path)
    elif fmt == "gexf":
        to_gexf(graph, path)
    elif fmt in ("json", "cytoscape"):
        data = node_link(graph) if fmt == "json" else cytoscape(graph)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return [path]


def dumps(graph: nx.Graph, fmt: str) -> str:
    """The text of one export (not csv), for writing to stdout."""
    if fmt == "json":
        return json.dumps(node_link(graph), ensure_ascii=False, indent=1)
    if fmt == "cytoscape":
        return json.dumps(cytoscape(graph), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(for_graphml(graph), encoding="utf-8"))
    if fmt == "gexf":
        return gexf_text(graph)
    raise ValueError(f"format {fmt!r} cannot go to stdout; give -o")
