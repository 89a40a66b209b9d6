"""Every view written in every format and read back: same nodes, edges, attributes, Japanese."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from iackg.export import VIEWS, view
from iackg.export.writers import FORMATS, consistent, write
from iackg.stats import add_stats


def _norm(value):
    return round(value, 6) if isinstance(value, float) else value


def same_graph(original: nx.Graph, back: nx.Graph, *, node_ignore=(), edge_ignore=("id",)):
    assert set(back.nodes) == set(original.nodes)
    if original.is_directed():
        assert set(back.edges) == set(original.edges)
    else:
        assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in original.edges}
    for node, data in original.nodes(data=True):
        got = {k: _norm(v) for k, v in back.nodes[node].items() if k not in node_ignore}
        want = {k: _norm(v) for k, v in data.items() if k not in node_ignore}
        assert got == want, node
    for u, v, data in original.edges(data=True):
        got = {k: _norm(x) for k, x in back.edges[u, v].items() if k not in edge_ignore}
        assert got == {k: _norm(x) for k, x in data.items()}


@pytest.fixture(scope="module", params=list(VIEWS))
def graph(request, any_store):
    g = view(any_store, request.param)
    add_stats(g)  # stats attributes must survive every format too
    return consistent(g)


def by_iri(back: nx.Graph) -> nx.Graph:
    """A GraphML file read back, keyed by the `iri` each node carries (its id is a token)."""
    relabelled = nx.relabel_nodes(back, {n: d["iri"] for n, d in back.nodes(data=True)})
    for _, data in relabelled.nodes(data=True):
        del data["iri"]
    return relabelled


def test_graphml_round_trip(graph, tmp_path):
    (path,) = write(graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    # GraphML ids are NMTOKENs n0, n1 … (IRIs are not); the IRI is the `iri` attribute, and no
    # separate `id` key (it would clash with Gephi's Id column)
    assert all(
        node == f"n{i}" for i, node in enumerate(sorted(back.nodes, key=lambda n: int(n[1:])))
    )
    assert all(node == data["id"] for node, data in graph.nodes(data=True))
    same_graph(graph, by_iri(back), node_ignore=("id",))
    assert back.is_directed() == graph.is_directed()


def test_gexf_round_trip(graph, tmp_path):
    (path,) = write(graph, "gexf", tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    # GEXF keeps the node key as its id and `label` as the node label
    same_graph(graph, back, node_ignore=("id",))
    assert "<?xml" in path.read_text(encoding="utf-8")[:60]


def test_node_link_json_round_trip(graph, tmp_path):
    (path,) = write(graph, "json", tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"nodes", "links"} <= set(data)
    # d3's node key is `id`, which is the IRI: the `id` attribute and the key are one
    assert all(node["id"] == graph.nodes[node["id"]]["id"] for node in data["nodes"])
    same_graph(graph, nx.node_link_graph(data, edges="links"), node_ignore=("id",))


def test_cytoscape_round_trip(graph, tmp_path):
    (path,) = write(graph, "cytoscape", tmp_path / "g.cyjs")
    data = json.loads(path.read_text(encoding="utf-8"))
    for element in data["elements"]["nodes"]:
        assert {"id", "label"} <= set(element["data"])
    for element in data["elements"]["edges"]:
        assert {"source", "target"} <= set(element["data"])
    back = nx.cytoscape_graph(data, name="label")
    same_graph(graph, back, node_ignore=("name", "value"), edge_ignore=("source", "target"))


def test_gephi_csv_round_trip(graph, tmp_path):
    nodes_path, edges_path = write(graph, "csv", tmp_path / "tables")
    with nodes_path.open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:2] == ["Id", "Label"] if nodes else True
    assert {row["Id"] for row in nodes} == set(graph.nodes)
    for row in nodes:
        data = graph.nodes[row["Id"]]
        assert row["Label"] == data["label"]
        for key, value in data.items():
            if key not in ("id", "label"):
                text = str(value).lower() if isinstance(value, bool) else str(value)
                assert row[key] == text
    kind = "Directed" if graph.is_directed() else "Undirected"
    for row in edges:
        assert row["Type"] == kind
        data = graph.edges[row["Source"], row["Target"]]
        assert float(row["Weight"]) == pytest.approx(data["weight"])
        assert row["relation"] == data["relation"]
    assert len(edges) == graph.number_of_edges()


def test_japanese_survives_every_format(store, tmp_path):
    g = view(store, "entity")
    for fmt in FORMATS:
        paths = write(g, fmt, tmp_path / f"out-{fmt}")
        text = "".join(p.read_text(encoding="utf-8") for p in paths)
        for label in ("三崎のまぐろ", "輪島塗の製造技術", "箱根観光事業協同組合", "神奈川県"):
            assert label in text, (fmt, label)


def test_mixed_attribute_types_become_one_type(tmp_path):
    g = nx.Graph()
    g.add_node("a", code=14, score=1, flag=True, label="あ")
    g.add_node("b", code="JP-14", score=2.5, flag=False, label="い")
    g.add_node("c", note=None, label="う")
    g.add_edge("a", "b", weight=1, relation="x")
    g.add_edge("b", "c", weight=0.5, relation="y")
    fixed = consistent(g)
    assert fixed.nodes["a"]["code"] == "14" and fixed.nodes["b"]["code"] == "JP-14"
    assert fixed.nodes["a"]["score"] == 1.0 and isinstance(fixed.nodes["a"]["score"], float)
    assert "note" not in fixed.nodes["c"]
    for fmt in ("graphml", "gexf"):
        (path,) = write(g, fmt, tmp_path / f"m.{fmt}")
        back = by_iri(nx.read_graphml(path)) if fmt == "graphml" else nx.read_gexf(path)
        assert back.nodes["b"]["code"] == "JP-14" and back.nodes["a"]["code"] == "14"
        assert back.nodes["a"]["flag"] is True and back.nodes["b"]["flag"] is False
