"""Network figures of a view: degree, betweenness and eigenvector centrality, Louvain communities.

Directed views are measured as undirected graphs (who is connected to whom), weighted by the
`weight` edge attribute where a measure takes weights. Louvain uses networkx's
`louvain_communities` with a fixed seed, so the same graph always gives the same communities.
Betweenness is exact up to `EXACT_BETWEENNESS_LIMIT` nodes and estimated from
`BETWEENNESS_SAMPLES` sampled sources (also seeded) above it.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

SEED = 42
EXACT_BETWEENNESS_LIMIT = 2000
BETWEENNESS_SAMPLES = 500
NODE_COLUMNS = (
    "degree",
    "weighted_degree",
    "betweenness",
    "eigenvector",
    "community",
)


@dataclass
class NetworkStats:
    summary: dict[str, float | int | str]
    nodes: dict[str, dict[str, float | int]]  # node -> measure -> value


def _undirected(graph: nx.Graph) -> nx.Graph:
    return graph.to_undirected(as_view=False) if graph.is_directed() else graph


def _eigenvector(graph: nx.Graph) -> tuple[dict[str, float], bool]:
    """networkx's eigenvector centrality (power iteration on A + I, weighted); zeros and False
    when it does not converge."""
    if graph.number_of_edges() == 0:
        return dict.fromkeys(graph, 0.0), True
    try:
        values = nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-6, weight="weight")
        return values, True
    except nx.PowerIterationFailedConvergence:
        return dict.fromkeys(graph, 0.0), False


def compute(graph: nx.Graph) -> NetworkStats:
    """All node measures and the summary figures of `graph`."""
    und = _undirected(graph)
    n = und.number_of_nodes()
    degree = dict(und.degree())
    strength = dict(und.degree(weight="weight"))
    if n > EXACT_BETWEENNESS_LIMIT:
        betweenness = nx.betweenness_centrality(und, k=BETWEENNESS_SAMPLES, seed=SEED)
    else:
        betweenness = nx.betweenness_centrality(und)
    eigen, converged = _eigenvector(und)
    communities = nx.community.louvain_communities(und, weight="weight", seed=SEED) if n else []
    communities = sorted(communities, key=lambda c: (-len(c), min(c)))
    community_of = {node: i for i, members in enumerate(communities) for node in members}
    nodes = {
        node: {
            "degree": degree[node],
            "weighted_degree": round(float(strength[node]), 6),
            "betweenness": round(betweenness[node], 6),
            "eigenvector": round(eigen[node], 6),
            "community": community_of[node],
        }
        for node in und
    }
    components = list(nx.connected_components(und)) if n else []
    summary = {
        "nodes": n,
        "edges": graph.number_of_edges(),
        "density": round(nx.density(und), 6) if n > 1 else 0.0,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "average_degree": round(2 * und.number_of_edges() / n, 4) if n else 0.0,
        "average_clustering": round(nx.average_clustering(und), 4) if n else 0.0,
        "eigenvector_converged": converged,
        "communities": len(communities),
        "modularity": round(nx.community.modularity(und, communities, weight="weight"), 4)
        if und.number_of_edges()
        else 0.0,
    }
    return NetworkStats(summary, nodes)


def add_stats(graph: nx.Graph, stats: NetworkStats | None = None) -> NetworkStats:
    """Write every node measure into the graph as node attributes; return the stats."""
    stats = stats or compute(graph)
    for node, values in stats.nodes.items():
        graph.nodes[node].update(values)
    graph.graph.update({f"stats_{k}": v for k, v in stats.summary.items()})
    return stats
