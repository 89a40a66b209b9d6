"""`validate(data)`: check asserted data against the Act's rules and return a typed report."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from iackg.errors import UsageError
from iackg.store import to_oxigraph, to_rdflib
from iackg.validation import places
from iackg.validation.compiler import ShapeCompiler, UnsupportedShape
from iackg.validation.engine_oxigraph import DATA_GRAPH, quads, run_queries
from iackg.validation.engine_pyshacl import run_pyshacl
from iackg.validation.report import RawResult, ValidationReport, ValidationResult, severity_name
from iackg.validation.shapes import RuleIndex, bundled_ontology, bundled_shapes, path_predicates
from iackg.vocab import DEFAULT_BASE

ENGINES = ("auto", "oxigraph", "pyshacl")
_CONTEXT = ox.NamedNode("urn:iackg:validation:context")


@cache
def _reference(base: str) -> Graph:
    try:
        from iackg.reference import reference_graph
    except ImportError:  # the reference module has not landed in this checkout
        return Graph()
    from iackg.iris import Minter

    return reference_graph(Minter(base))


def _as_graph(data) -> Graph:
    """All triples of a Graph, Dataset or pyoxigraph Store, as one new rdflib Graph."""
    graph = Graph()
    if isinstance(data, ox.Store):
        for quad in data:
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    elif isinstance(data, (Dataset, ConjunctiveGraph)):
        for s, p, o, _g in data.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        for triple in data:
            graph.add(triple)
    return graph


def _store_graph(store) -> Graph:
    return store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def _fill_oxigraph(target: ox.Store, data, context: list[Graph], against) -> None:
    if isinstance(data, ox.Store):
        target.extend(ox.Quad(q.subject, q.predicate, q.object, DATA_GRAPH) for q in data)
    elif isinstance(data, (Dataset, ConjunctiveGraph)):
        target.extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), DATA_GRAPH)
            for s, p, o, _g in data.quads((None, None, None, None))
        )
    else:
        target.extend(quads(data, DATA_GRAPH))
    for graph in context:
        target.extend(quads(graph, _CONTEXT))
    if against is not None:
        inner = getattr(against, "_store", None)
        if isinstance(inner, ox.Store):  # an embedded iackg Store: copy its quads directly
            target.extend(inner)
        else:
            target.extend(quads(_store_graph(against), _CONTEXT))


def _choose_engine(engine: str, shapes: Graph):
    if engine not in ENGINES:
        choices = ", ".join(ENGINES)
        raise UsageError(f"unknown validation engine {engine!r}; choose one of {choices}")
    if engine == "pyshacl":
        return None
    try:
        return ShapeCompiler(shapes).compile()
    except UnsupportedShape as exc:
        if engine == "oxigraph":
            raise UsageError(f"the oxigraph engine cannot run these shapes: {exc}") from exc
        return None


def validate(
    data,
    *,
    against=None,
    engine: str = "auto",
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    reference: bool | Graph | None = None,
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """Validate `data` (an rdflib Graph or Dataset, or a pyoxigraph Store; never modified).

    `against`: an `iackg.store.Store` whose graphs are context (e.g. published designations
    for a plan table). `engine`: 'auto' (Oxigraph when the shapes compile, else pySHACL),
    'oxigraph' or 'pyshacl' (the reference). `shapes`/`ontology` default to the bundled ones;
    `reference` (default: when there is no `against`) adds the reference data (prefectures,
    municipalities, basic concepts) minted under `base`. Only nodes that are subjects in `data`
    are reported; context is never reported on.
    """
    shapes = bundled_shapes() if shapes is None else shapes
    ontology = bundled_ontology() if ontology is None else ontology
    if reference is None:
        reference = against is None
    reference_graph = reference if isinstance(reference, Graph) else (
        _reference(base) if reference else Graph()
    )
    compiled = _choose_engine(engine, shapes)
    index = RuleIndex(shapes)
    if compiled is not None:
        store = ox.Store()
        _fill_oxigraph(store, data, [ontology, reference_graph], against)
        raw = run_queries(store, compiled)

        def objects(s: Node, p: URIRef):
            for q in store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), None):
                yield to_rdflib(q.object)

        def in_data(node: Node) -> bool:
            pattern = store.quads_for_pattern(to_oxigraph(node), None, None, DATA_GRAPH)
            return next(iter(pattern), None) is not None

        used = "oxigraph"
    else:
        data_graph = _as_graph(data)
        union = Graph()
        context = [reference_graph, ontology, *([_store_graph(against)] if against else [])]
        for graph in (data_graph, *context):
            for triple in graph:
                union.add(triple)
        raw = run_pyshacl(union, shapes)

        def objects(s: Node, p: URIRef):
            return union.objects(s, p)

        def in_data(node: Node) -> bool:
            return (node, None, None) in data_graph

        used = "pyshacl"
    focus_ok = {}
    results = []
    for item in raw:
        if item.focus not in focus_ok:
            focus_ok[item.focus] = in_data(item.focus)
        if focus_ok[item.focus]:
            results.append(_finish(item, index, objects))
    return ValidationReport(results, used, shapes)


def _plain(node: Node | None) -> Node | None:
    """"x"^^xsd:string and "x" are one term in RDF 1.1 (rdflib keeps them apart)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _finish(item: RawResult, index: RuleIndex, objects) -> ValidationResult:
    shapes = index.shapes
    path_node = shapes.value(item.shape, SH.path)
    if path_node is None and isinstance(item.path_node, URIRef):
        path_node = item.path_node
    predicates = path_predicates(shapes, path_node) if path_node is not None else []
    file, row, kind = places.locate(objects, item.focus)
    message_ja, message_en = index.messages(item.shape, item.constraint)
    return ValidationResult(
        severity=severity_name(item.severity),
        rule_id=index.rule_id(item.shape),
        focus_node=item.focus,
        path=item.path,
        value=_plain(item.value),
        message_ja=message_ja,
        message_en=message_en,
        file=file,
        row=row,
        column=places.column(kind, predicates),
        source_shape=item.shape if isinstance(item.shape, URIRef) else None,
        component=item.component,
        path_node=path_node,
    )
