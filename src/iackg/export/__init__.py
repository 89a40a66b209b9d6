"""Network views of the graph (networkx) and writers for Gephi, Cytoscape, d3 and networkx.

    from iackg.store import open_store
    from iackg.export import view
    g = view(open_store("iackg-store"), "resource-co-use", ["prefecture=神奈川県"])

See docs/networks.md for what nodes, edges and weights mean in each view.
"""

from __future__ import annotations

import networkx as nx

from iackg.errors import UsageError
from iackg.export.filters import Filters, apply_filters, parse_filters
from iackg.export.records import Records, read_records
from iackg.export.views import VIEWS
from iackg.store import Store

__all__ = ["VIEWS", "Filters", "Records", "build_view", "read_records", "view"]


def build_view(records: Records, name: str, filters: Filters | None = None) -> nx.Graph:
    """Build view `name` from records already read, after applying `filters`."""
    if name not in VIEWS:
        raise UsageError(f"unknown view {name!r}: expected one of {', '.join(VIEWS)}")
    selected = apply_filters(records, filters) if filters else records
    graph = VIEWS[name](selected)
    if filters and not filters.is_empty():
        graph.graph["filters"] = filters.describe()
    return graph


def view(store: Store, name: str, filter_specs: list[str] | None = None) -> nx.Graph:
    """Read the store and return view `name` as a networkx graph (filters as `KEY=VALUE`)."""
    if name not in VIEWS:
        raise UsageError(f"unknown view {name!r}: expected one of {', '.join(VIEWS)}")
    records = read_records(store)
    return build_view(records, name, parse_filters(filter_specs, records))
