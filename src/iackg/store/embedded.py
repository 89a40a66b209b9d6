"""The embedded store: Oxigraph in a folder (the default) or in memory (`memory:`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from iackg.errors import QueryError, StoreError
from iackg.gcscope import no_cyclic_gc
from iackg.store import layout, ordering, sparql_tokens
from iackg.store.base import Row, Store, Triple
from iackg.store.sparqltext import inject_values
from iackg.store.terms import memo_to_rdflib, ntriples_term, to_quad, to_rdflib

MEMORY = "memory:"


class EmbeddedStore(Store):
    """An Oxigraph store. The default graph is the union of all named graphs."""

    def __init__(
        self,
        location: str | Path = MEMORY,
        *,
        read_only: bool = False,
        _database: Path | None = None,
    ):
        """`read_only`: open the current generation without taking the folder's lock, so that
        reading works while a build runs (the build writes a new generation and swaps it in)."""
        self.location = str(location)
        self.folder: Path | None = None
        self.database: Path | None = None
        self.generations = False
        self._created_folder = False  # this store made its folder (see abandon)
        self.read_only = read_only and self.location != MEMORY and _database is None
        try:
            if self.read_only:
                self.folder = Path(self.location)
                current = layout.current_generation(self.folder)
                self.database, self.generations = current or self.folder, current is not None
                self._store = ox.Store.read_only(str(self.database))
            elif _database is not None:  # a scratch generation, not yet current
                self.database = _database
                self._store = ox.Store(str(_database))
            elif self.location == MEMORY:
                self._store = ox.Store()
            else:
                self.folder = Path(self.location)
                self._created_folder = not self.folder.exists()
                self.database, self.generations = layout.prepare(self.folder)
                self._store = ox.Store(str(self.database))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.location}: {exc}") from exc

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for the loader's and the reasoner's fast paths)."""
        return self._store

    # --- reading ------------------------------------------------------------------------
    def _run(self, sparql: str, bindings, graphs):
        if bindings:  # the same VALUES binding as on a server, so both give the same rows
            sparql = inject_values(sparql, bindings)
        options: dict = {}
        if graphs is None:  # FROM / FROM NAMED in the text win over the union default graph
            if not sparql_tokens.names_dataset(sparql):
                options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(str(g)) for g in graphs] or [
                ox.NamedNode("urn:iackg:no-graph")
            ]
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from exc
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql, bindings=None, *, graphs=None) -> list[Row]:
        return self.select_table(sparql, bindings, graphs=graphs)[1]

    def select_table(self, sparql, bindings=None, *, graphs=None) -> tuple[list[str], list[Row]]:
        # on disk, a final ORDER BY is sorted here when it can be (in memory the engine's sort
        # is the faster)
        split = ordering.split_order(sparql) if self.location != MEMORY else None
        with no_cyclic_gc():  # rows of terms, no cycles: 14,000 rows were 15 % slower with it
            names, rows = self._solutions_of(split[0] if split else sparql, bindings, graphs)
            if split and not ordering.sort_rows(names, rows, split[1]):
                names, rows = self._solutions_of(sparql, bindings, graphs)  # the engine sorts
            convert = memo_to_rdflib()
            return names, [{n: convert(v) for n, v in zip(names, row, strict=True)} for row in rows]

    def _solutions_of(self, sparql, bindings, graphs) -> tuple[list[str], list[list]]:
        result = self._run(sparql, bindings, graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        try:
            return [v.value for v in result.variables], [list(solution) for solution in result]
        except OSError as exc:  # evaluation errors surface while iterating
            raise QueryError(f"query failed: {exc}") from exc

    def ask(self, sparql, bindings=None, *, graphs=None) -> bool:
        result = self._run(sparql, bindings, graphs)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def select_tuples(self, sparql: str, *, graphs: Sequence[URIRef] | None = None):
        result = self._run(sparql, None, graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        width = len(result.variables)
        return (tuple(solution[i] for i in range(width)) for solution in result)

    def construct_triples(self, sparql: str, *, graphs: Sequence[URIRef] | None = None):
        result = self._run(sparql, None, graphs)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return ((t.subject, t.predicate, t.object) for t in result)

    def construct(self, sparql, bindings=None, *, graphs=None) -> Graph:
        result = self._run(sparql, bindings, graphs)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def graph_names(self) -> list[URIRef]:
        return sorted(
            URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self._store)
        name = ntriples_term(URIRef(graph))
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
        return int(self._value(next(iter(self._solutions(query)))["n"]))

    def counts(self, graphs: Iterable[ox.NamedNode] | None = None) -> dict[URIRef, int]:
        """Quads per named graph (the non-empty ones; of `graphs` when given), counted inside
        the store one graph at a time (a third faster than grouping them in one query)."""
        names = self._store.named_graphs() if graphs is None else graphs
        found = (URIRef(g.value) for g in names if isinstance(g, ox.NamedNode))
        return {g: n for g in found if (n := self.count(g))}

    def _solutions(self, sparql: str) -> ox.QuerySolutions:
        """The solutions of one of iackg's own SELECT queries over the union graph."""
        result = self._store.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return result

    @staticmethod
    def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
        if term is None:
            raise QueryError("a count query left a variable unbound")
        return term.value

    def __len__(self) -> int:
        return len(self._store)

    # --- writing ------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL update: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def replace_graph(self, name: URIRef, triples: Iterable[Triple]) -> None:
        """One transaction: DROP the graph and INSERT DATA the new triples."""
        graph = ntriples_term(URIRef(name))
        body = "\n".join(
            f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} ." for s, p, o in triples
        )
        self.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")

    def add_triples(self, name: URIRef, triples: Iterable[tuple], *, bulk: bool = False) -> None:
        """Add triples (rdflib or Oxigraph terms) to a graph: the fast path for a scratch store."""
        graph = ox.NamedNode(str(name))
        quads = (to_quad(s, p, o, graph) for s, p, o in triples)
        self.add_quads(quads, bulk=bulk)

    def add_quads(self, quads: Iterable[ox.Quad], *, bulk: bool = False) -> None:
        try:
            (self._store.bulk_extend if bulk else self._store.extend)(quads)
        except OSError as exc:
            raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads that iackg wrote itself (terms already checked), with Oxigraph's bulk
        loader: not one transaction, so only for a scratch store that is installed afterwards.
        In memory one transaction is the faster way (national scale: 0.57 s against 0.84 s)."""
        load = self._store.load if self.location == MEMORY else self._store.bulk_load
        try:
            load(data, ox.RdfFormat.N_QUADS, lenient=True)
        except OSError as exc:
            raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc

    def scratch(self) -> EmbeddedStore:
        if self.generations and self.folder is not None:
            generation = layout.new_generation(self.folder)
            return EmbeddedStore(f"{self.location} (new generation)", _database=generation)
        return EmbeddedStore(MEMORY)

    def discard(self) -> None:
        """Throw a scratch store away (after a failed build); a second call does nothing."""
        if self.database is not None and self.folder is None:
            if hasattr(self, "_store"):
                del self._store
            layout.discard(self.database)
            self.database = None

    def _kept_quads(self, prefix: str):
        """The quads a build keeps: the default graph and named graphs outside `prefix`."""
        yield from self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        for graph in list(self._store.named_graphs()):
            if not (isinstance(graph, ox.NamedNode) and graph.value.startswith(prefix)):
                yield from self._store.quads_for_pattern(None, None, None, graph)

    def install(self, scratch: Store, *, prefix: str) -> None:
        if not isinstance(scratch, EmbeddedStore):
            raise TypeError("install expects an EmbeddedStore built by scratch()")
        if scratch.database is not None and self.generations and self.folder is not None:
            self._install_generation(scratch, prefix, self.folder, scratch.database)
        elif self.location == MEMORY:
            scratch.add_quads(list(self._kept_quads(prefix)))
            self._store = scratch._store
        else:  # a bare Oxigraph folder: one transaction
            self._install_by_update(scratch, prefix)

    def _install_generation(
        self, scratch: EmbeddedStore, prefix: str, folder: Path, generation: Path
    ) -> None:
        """Swap the `current` link to the scratch generation. If anything fails, the scratch
        generation is deleted and this store still reads the generation that is current."""
        try:
            scratch.add_quads(list(self._kept_quads(prefix)))
            scratch._store.flush()
            layout.switch(folder, generation)
        except BaseException:
            scratch.discard()
            raise
        self._store, self.database = scratch._store, generation
        del scratch._store
        scratch.database = None
        layout.remove_others(folder, keep=generation)

    def _install_by_update(self, scratch: EmbeddedStore, prefix: str) -> None:
        from iackg.store.remote import install_update

        self.update(install_update(scratch, self.graph_names(), prefix))

    def close(self) -> None:
        """Flush and release the database (its folder lock), so another store can open it."""
        if hasattr(self, "_store"):
            if not self.read_only:
                self._store.flush()
            del self._store

    def abandon(self) -> None:
        """Close after a failed build: a folder this store created and that still holds no
        data is removed, so a failed first build leaves no empty store behind."""
        empty = hasattr(self, "_store") and len(self._store) == 0
        self.close()
        if self._created_folder and empty and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
