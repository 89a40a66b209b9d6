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
    store: ox.Store, queries: list[CompiledQuery], progress: Progress | None = None
) -> list[RawResult]:
    """Run every compiled query on `store` (default graph = union of its graphs); `progress`
    is called with (done, total) after each query."""
    results: list[RawResult] = []
    for done, query in enumerate(queries, start=1):
        solutions = store.query(query.sparql, use_default_graph_as_union=True)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"a compiled constraint is not a SELECT query: {query.shape}")
        names = {v.value for v in solutions.variables}
        for row in solutions:
            this = row["this"]
            if this is None:
                raise TypeError(f"a compiled constraint left ?this unbound: {query.shape}")
            focus = _as_written(this)
            found = row["value"] if "value" in names else None
            value = _as_written(found) if found is not None else None
            path = query.path
            path_node = None
            if "path" in names and row["path"] is not None:
                path_node = to_rdflib(row["path"])
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
        if progress is not None:
            progress(done, len(queries))
    return results


def validate_with_shapes(data: Graph, shapes: Graph) -> list[RawResult]:
    """Any SHACL shapes graph on any data graph, with nothing added: the plain SHACL Core
    semantics the W3C test suite checks. Raises `UnsupportedShape` naming a feature the
    compiler does not translate."""
    from iackg.validation.compiler import ShapeCompiler

    store = ox.Store()
    store.extend(quads(data, ox.DefaultGraph()))
    return run_queries(store, ShapeCompiler(shapes).compile())
