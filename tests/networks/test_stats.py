"""Network measures on graphs whose answers are known by construction."""

from __future__ import annotations

import networkx as nx
import pytest

from iackg.stats import add_stats, compute


def two_cliques() -> nx.Graph:
    g = nx.Graph()
    for clique in ("abcde", "vwxyz"):
        for i, u in enumerate(clique):
            for v in clique[i + 1 :]:
                g.add_edge(u, v, weight=3)
    g.add_edge("e", "v", weight=1)  # the bridge
    g.add_node("lonely")
    return g


def test_summary_figures():
    s = compute(two_cliques()).summary
    assert s["nodes"] == 11 and s["edges"] == 21
    assert s["components"] == 2 and s["largest_component"] == 10
    assert s["communities"] == 3  # two cliques and the isolated node


def test_node_measures():
    stats = compute(two_cliques())
    n = stats.nodes
    assert n["e"]["degree"] == 5 and n["e"]["weighted_degree"] == 13
    # the bridge ends carry every shortest path between the cliques
    assert n["e"]["betweenness"] == max(x["betweenness"] for x in n.values())
    assert n["a"]["betweenness"] == 0
    assert n["lonely"]["eigenvector"] == 0 and n["lonely"]["degree"] == 0
    assert n["a"]["community"] == n["b"]["community"] != n["v"]["community"]


def test_communities_are_reproducible():
    g = nx.karate_club_graph()
    first = compute(g).nodes
    assert all(compute(g).nodes[k]["community"] == v["community"] for k, v in first.items())


def test_directed_view_is_measured_undirected():
    g = nx.DiGraph([("a", "b"), ("c", "b")])
    n = compute(g).nodes
    assert n["b"]["degree"] == 2 and n["b"]["betweenness"] == pytest.approx(1.0)


def test_add_stats_writes_attributes():
    g = two_cliques()
    add_stats(g)
    assert {"degree", "betweenness", "eigenvector", "community"} <= set(g.nodes["a"])
    assert g.graph["stats_nodes"] == 11


def test_empty_graph():
    assert compute(nx.Graph()).summary["nodes"] == 0


@pytest.mark.parametrize(
    "graph",
    [nx.karate_club_graph(), two_cliques(), nx.les_miserables_graph(), nx.path_graph(7)],
    ids=["karate", "cliques", "lesmis", "path"],
)
def test_eigenvector_matches_networkx(graph):
    from iackg.stats import eigenvector_centrality

    ours, converged = eigenvector_centrality(graph)
    theirs = nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-6, weight="weight")
    assert converged
    for node in graph:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-4)


@pytest.mark.parametrize(
    "graph",
    [nx.karate_club_graph(), two_cliques(), nx.disjoint_union(nx.path_graph(5), nx.star_graph(6))],
    ids=["karate", "cliques", "path+star"],
)
def test_betweenness_per_component_matches_networkx(graph):
    from iackg.stats import betweenness_centrality

    ours = betweenness_centrality(graph)
    theirs = nx.betweenness_centrality(graph)
    for node in graph:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-9)
