"""The `Store` interface every consumer uses (queries, reasoning, export, publish, serve)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence

from rdflib import Graph, URIRef
from rdflib.term import Node

Row = dict[str, Node | None]
Triple = tuple[Node, Node, Node]


class Store(ABC):
    """A quad store whose default graph is the union of its named graphs.

    `graphs=` on the read methods narrows the default graph to the union of the named graphs
    listed (reasoning reads the asserted graphs only, never its own earlier output).
    """

    location: str

    @abstractmethod
    def select(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> list[Row]:
        """Run a SELECT query; each row maps variable name to an rdflib term (or None)."""

    def select_table(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> tuple[list[str], list[Row]]:
        """Like `select`, with the projected variable names (known even when no row matches)."""
        rows = self.select(sparql, bindings, graphs=graphs)
        return (list(rows[0]) if rows else []), rows

    @abstractmethod
    def ask(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> bool: ...

    @abstractmethod
    def construct(
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
    ) -> Graph: ...

    def construct_triples(
        self, sparql: str, *, graphs: Sequence[URIRef] | None = None
    ) -> Iterable[tuple]:
        """CONSTRUCT results as raw term triples (Oxigraph terms on the embedded store)."""
        return iter(self.construct(sparql, graphs=graphs))

    def select_tuples(self, sparql: str, *, graphs: Sequence[URIRef] | None = None):
        """SELECT results as tuples of raw terms in projection order (Oxigraph terms on the
        embedded store): the reasoner's fast path."""
        columns, rows = self.select_table(sparql, graphs=graphs)
        return [tuple(row[c] for c in columns) for row in rows]

    @abstractmethod
    def graph_names(self) -> list[URIRef]: ...

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction."""

    @abstractmethod
    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """Replace one named graph atomically: readers see the old graph or the new, never a mix."""

    @abstractmethod
    def count(self, graph: URIRef | None = None) -> int:
        """The number of quads in one named graph, or in the whole store."""

    @abstractmethod
    def install(self, scratch, *, prefix: str) -> None:
        """Replace every graph whose name starts with `prefix` by the graphs of `scratch` (an
        `EmbeddedStore` built aside), in one atomic step. Other graphs stay as they were."""

    def scratch(self):
        """A new, empty embedded store to build into before `install` (in memory by default)."""
        from iackg.store.embedded import EmbeddedStore

        return EmbeddedStore("memory:")

    def close(self) -> None:  # noqa: B027 (optional hook)
        """Flush and release the store."""

    def abandon(self) -> None:
        """Close after a failed build, removing what opening the store created (if anything)."""
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"
