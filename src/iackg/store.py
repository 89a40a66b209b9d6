"""Where the graph lives: embedded Oxigraph (a folder, or `memory:`) or a SPARQL 1.1 server.

Every consumer (queries, export, publish, serve) talks to a `Store`; none imports pyoxigraph or
SPARQLWrapper itself. Results come back as rdflib terms so the rest of the code has one term model.

FIRST CUT: embedded and in-memory Oxigraph only. The remote store (SPARQLWrapper), atomic
per-source graph replacement and the build pipeline belong to issue 5.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from iackg.errors import QueryError, StoreError

DEFAULT_LOCATION = "iackg-store"

Row = dict[str, Node | None]


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


class Store:
    """An embedded Oxigraph store. The default graph is the union of all named graphs."""

    def __init__(self, location: str | Path = DEFAULT_LOCATION):
        self.location = str(location)
        try:
            if self.location == "memory:":
                self._store = ox.Store()
            else:
                Path(self.location).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(self.location)
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.location}: {exc}") from exc

    # --- reading ------------------------------------------------------------------------
    def _run(self, sparql: str, bindings: Mapping[str, Node] | None):
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(
                sparql, substitutions=substitutions, use_default_graph_as_union=True
            )
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        """Run a SELECT query; each row maps variable name to an rdflib term (or None)."""
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: to_rdflib(sol[n]) for n in names} for sol in result]

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        result = self._run(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def __len__(self) -> int:
        return len(self._store)

    # --- writing ------------------------------------------------------------------------
    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Replace one named graph with the given triples."""
        graph = ox.NamedNode(str(name))
        quads = [
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in triples
        ]
        self._store.update(f"DROP SILENT GRAPH <{name}>")
        self._store.extend(quads)

    def close(self) -> None:
        self._store.flush()


def open_store(location: str | Path | None = None) -> Store:
    """Open a store: a folder (default `./iackg-store`), `memory:`, or (issue 5) a server URL."""
    location = DEFAULT_LOCATION if location is None else location
    if str(location).startswith(("http://", "https://")):
        raise StoreError("remote SPARQL stores are not implemented yet (issue 5)")
    return Store(location)
