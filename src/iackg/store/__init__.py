"""Where the graph lives: embedded Oxigraph (a folder, or `memory:`) or a SPARQL 1.1 server.

Every consumer (queries, export, publish, serve) talks to a `Store`; none imports pyoxigraph or
SPARQLWrapper itself. Results come back as rdflib terms so the rest of the code has one term model.

- `EmbeddedStore` (store/embedded.py): a folder with generations swapped atomically by a build
  (store/layout.py), or `memory:`.
- `RemoteStore` (store/remote.py): any SPARQL 1.1 server (docs/stores.md).
"""

from __future__ import annotations

from pathlib import Path

from iackg.store.base import Row, Store, Triple
from iackg.store.embedded import MEMORY, EmbeddedStore
from iackg.store.terms import to_oxigraph, to_rdflib

DEFAULT_LOCATION = "iackg-store"

__all__ = [
    "DEFAULT_LOCATION",
    "MEMORY",
    "EmbeddedStore",
    "Row",
    "Store",
    "Triple",
    "is_remote",
    "open_store",
    "to_oxigraph",
    "to_rdflib",
]


def is_remote(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def open_store(
    location: str | Path | None = None,
    *,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    must_exist: bool = False,
    read_only: bool = False,
) -> Store:
    """Open a store: a folder (default `./iackg-store`), `memory:`, or a SPARQL server URL.

    For a server, `update_url` and `graph_store_url` override the URLs guessed from `location`
    (see docs/stores.md for Oxigraph server, Fuseki and GraphDB). With `must_exist`, a folder
    that holds no store is an error instead of a new, empty store. With `read_only` (for
    commands that only read), a folder store is opened without its lock, so reading works while
    a build runs; it implies `must_exist`.
    """
    must_exist = must_exist or read_only
    location = DEFAULT_LOCATION if location is None else location
    if is_remote(location):
        from iackg.store.remote import RemoteStore

        return RemoteStore(str(location), update_url=update_url, graph_store_url=graph_store_url)
    if must_exist and str(location) != MEMORY:
        from iackg.errors import StoreError
        from iackg.store.layout import current_generation, is_bare_oxigraph

        folder = Path(location)
        if not folder.is_dir() or not (
            current_generation(folder) is not None or is_bare_oxigraph(folder)
        ):
            raise StoreError(
                f"no store at {folder}; build one first with `iackg build --store {folder}` "
                "or give --store"
            )
    return EmbeddedStore(location, read_only=read_only)
