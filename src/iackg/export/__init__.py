"""Network views of the graph (networkx) and writers for Gephi, Cytoscape, d3 and networkx.

    from iackg.store import open_store
    from iackg.export import view
    g = view(open_store("iackg-store"), "resource-co-use", ["prefecture=神奈川県"])

See docs/networks.md for what nodes, edges and weights mean in each view.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from iackg.errors import UsageError
from iackg.export.filters import Filters, apply_filters, parse_filters
from iackg.export.records import Records, read_records
from iackg.export.views import VIEWS
from iackg.store import DEFAULT_LOCATION, Store, open_store

__all__ = [
    "VIEWS",
    "Filters",
    "Records",
    "build_view",
    "open_existing_store",
    "read_records",
    "view",
]


def open_existing_store(location: str | None) -> Store:
    """Open a store for reading; a folder that does not exist is an error, not a new store."""
    location = location or DEFAULT_LOCATION
    remote = str(location).startswith(("http://", "https://"))
    if location != "memory:" and not remote and not Path(location).is_dir():
        raise UsageError(f"no store at {location}: build one first (iackg build) or give --store")
    return open_store(location, read_only=True)


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
