"""The fast engine: the compiled queries of `compiler` run on an in-memory Oxigraph store.

The data goes into one named graph and the context (ontology, reference data, a built store)
into others; queries see their union. Oxigraph answers these joins tens of times faster than
rdflib, which is what makes national-scale data validate in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from iackg.store.terms import to_quad, to_rdflib
from iackg.validation.compiler import CompiledQuery
from iackg.validation.report import RawResult

Progress = Callable[[int, int], None]
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
DATA_GRAPH = ox.NamedNode("urn:iackg:validation:data")
CONTEXT_GRAPH = ox.NamedNode("urn:iackg:validation:context")


def quads(graph: Graph, name: ox.NamedNode | ox.DefaultGraph) -> Iterable[ox.Quad]:
    for s, p, o in graph:
        yield to_quad(s, p, o, name)


def _as_written(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A result term with its lexical form kept: rdflib would rewrite an ill-typed
    "none"^^xsd:boolean to "false" and so report a value the data does not hold."""
    if isinstance(node, ox.Literal) and not node.language and node.datatype != _XSD_STRING:
        return Literal(node.value, datatype=URIRef(node.datatype.value), normalize=False)
    term = to_rdflib(node)
    if term is None:
        raise TypeError(f"cannot convert {node!r}")
    return term


def run_queries(
    store: ox.Store,
    queries: list[CompiledQuery],
    progress: Progress | None = None,
    threads: int = 2,
) -> list[RawResult]:
    """Run every compiled query on `store` (default graph = union of its graphs); `progress`
    is called with (done, total) after each query. Oxigraph releases the interpreter lock while
    it evaluates, so `threads` queries run at once (two cores: about half the time); the results
    come in the order of `queries` all the same."""
    if threads <= 1 or len(queries) < 2:
        results = []
        for done, query in enumerate(queries, start=1):
            results.extend(_run_one(store, query))
            if progress is not None:
                progress(done, len(queries))
        return results
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(_run_one, store, query) for query in queries]
        return _collect(futures, progress)


def _collect(futures, progress: Progress | None) -> list[RawResult]:
    """The futures' results in their order, reporting progress as each one is taken."""
    results: list[RawResult] = []
    for done, future in enumerate(futures, start=1):
        results.extend(future.result())
        if progress is not None:
            progress(done, len(futures))
    return results


def _run_one(store: ox.Store, query: CompiledQuery) -> list[RawResult]:
    results: list[RawResult] = []
    for this, found, path_term in _solutions(store, query):
        focus = _as_written(this)
        value = _as_written(found) if found is not None else None
        path = query.path
        path_node = None
        if path_term is not None:
            path_node = to_rdflib(path_term)
            if isinstance(path_node, URIRef):
                from iackg.validation.shapes import compact

                path = compact(str(path_node))
        if query.value_is_focus or (query.focus_if_unbound and value is None):
            value = focus
        results.append(
            RawResult(
                focus=focus,
                shape=query.shape,
                severity=query.severity,
                path=path,
                value=value,
                component=query.component,
                constraint=query.constraint,
                path_node=path_node,
            )
        )
    return results


def _solutions(store: ox.Store, query: CompiledQuery) -> list[tuple]:
    """The (this, value, path) terms of a query's rows. Oxigraph's solution objects must be
    freed on the thread that made them, so none outlives this call (a logged conversion warning
    would otherwise keep them alive in its traceback, to be freed elsewhere)."""
    solutions = store.query(query.sparql, use_default_graph_as_union=True)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"a compiled constraint is not a SELECT query: {query.shape}")
    names = {v.value for v in solutions.variables}
    value, path = "value" in names, "path" in names
    rows = []
    for row in solutions:
        this = row["this"]
        if this is None:
            raise TypeError(f"a compiled constraint left ?this unbound: {query.shape}")
        rows.append((this, row["value"] if value else None, row["path"] if path else None))
    return rows


def validate_with_shapes(data: Graph, shapes: Graph) -> list[RawResult]:
    """Any SHACL shapes graph on any data graph, with nothing added: the plain SHACL Core
    semantics the W3C test suite checks. Raises `UnsupportedShape` naming a feature the
    compiler does not translate."""
    from iackg.validation.compiler import ShapeCompiler

    store = ox.Store()
    store.extend(quads(data, ox.DefaultGraph()))
    return run_queries(store, ShapeCompiler(shapes).compile())
