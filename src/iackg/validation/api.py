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
from iackg.store.terms import to_quad
from iackg.validation import places
from iackg.validation.compiler import ShapeCompiler, UnsupportedShape
from iackg.validation.engine_oxigraph import (
    CONTEXT_GRAPH,
    DATA_GRAPH,
    Progress,
    quads,
    run_queries,
)
from iackg.validation.report import RawResult, ValidationReport, ValidationResult, severity_name
from iackg.validation.shapes import RuleIndex, bundled_ontology, bundled_shapes, path_predicates
from iackg.vocab import DEFAULT_BASE

ENGINES = ("auto", "oxigraph", "pyshacl")


@cache
def _reference(base: str) -> Graph:
    from iackg.iris import Minter
    from iackg.reference import reference_graph

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


def _oxigraph_store(data, context: list[Graph], against, consume: bool) -> ox.Store:
    """A store with the data in its own graphs and all context in the CONTEXT graph."""
    if isinstance(data, ox.Store) and consume:
        store = data
    elif isinstance(data, ox.Store):
        store = ox.Store()
        store.load(data.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    else:
        store = ox.Store()
        quads_of = (
            data.quads((None, None, None, None))
            if isinstance(data, (Dataset, ConjunctiveGraph))
            else ((s, p, o, None) for s, p, o in data)
        )
        store.extend(to_quad(s, p, o, DATA_GRAPH) for s, p, o, _g in quads_of)
    for graph in context:
        store.extend(quads(graph, CONTEXT_GRAPH))
    if against is not None:
        inner = getattr(against, "_store", None)
        if isinstance(inner, ox.Store):  # an embedded iackg Store: copy it in Rust
            result = inner.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
            )
            assert isinstance(result, ox.QueryTriples)
            triples = result.serialize(format=ox.RdfFormat.N_TRIPLES)
            store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=CONTEXT_GRAPH)
        else:
            store.extend(quads(_store_graph(against), CONTEXT_GRAPH))
    return store


def _choose_engine(engine: str, shapes: Graph, focus=None):
    if engine not in ENGINES:
        choices = ", ".join(ENGINES)
        raise UsageError(f"unknown validation engine {engine!r}; choose one of {choices}")
    if engine == "pyshacl":
        return None
    try:
        return ShapeCompiler(shapes, focus).compile()
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
    consume: bool = False,
    progress: Progress | None = None,
    context_graphs: frozenset[str] | None = None,
    focus=None,
) -> ValidationReport:
    """Validate `data` (an rdflib Graph or Dataset, or a pyoxigraph Store; never modified).

    `against`: an `iackg.store.Store` whose graphs are context (e.g. published designations
    for a plan table). `engine`: 'auto' (Oxigraph when the shapes compile, else pySHACL),
    'oxigraph' or 'pyshacl' (the reference). `shapes`/`ontology` default to the bundled ones;
    `reference` (default: when there is no `against`) adds the reference data (prefectures,
    municipalities, basic concepts) minted under `base`. Only nodes that are subjects in `data`
    are reported; context is never reported on. `consume=True` lets the Oxigraph engine add
    the context to a pyoxigraph Store given as `data` instead of copying it (the caller must
    not use that store afterwards). `progress(done, total)` is called as the checks run
    (Oxigraph engine). `context_graphs`: the names of graphs of a pyoxigraph Store given as
    `data` that are context, not data, and hold all of it (a build passes its store's ontology
    and reference graphs): nothing is added or copied then. `focus` (rdflib terms): check
    only these focus nodes (an incremental update's); the Oxigraph engine only.
    """
    shapes = bundled_shapes() if shapes is None else shapes
    if reference is None:
        reference = against is None

    def context() -> list[Graph]:  # not needed (nor built) when the store holds the context
        reference_graph = (
            reference
            if isinstance(reference, Graph)
            else (_reference(base) if reference else Graph())
        )
        return [bundled_ontology() if ontology is None else ontology, reference_graph]

    compiled = _choose_engine(engine, shapes, focus)
    if focus is not None and compiled is None:
        raise UsageError("focus needs the oxigraph engine")
    index = RuleIndex(shapes)
    if context_graphs is not None and (compiled is None or not isinstance(data, ox.Store)):
        raise UsageError("context_graphs needs a pyoxigraph Store and the oxigraph engine")
    context_names = frozenset({CONTEXT_GRAPH})
    if compiled is not None and context_graphs is not None and isinstance(data, ox.Store):
        store = data
        context_names = frozenset(ox.NamedNode(name) for name in context_graphs)
    elif compiled is not None:
        store = _oxigraph_store(data, context(), against, consume)
    if compiled is not None:
        raw = run_queries(store, compiled, progress)

        def objects(s: Node, p: URIRef):
            subject, predicate = to_oxigraph(s), to_oxigraph(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                return  # a literal has no properties
            for q in store.quads_for_pattern(subject, predicate, None):
                if not isinstance(q.object, ox.Triple):
                    yield to_rdflib(q.object)

        def in_data(node: Node) -> bool:
            subject = to_oxigraph(node)
            if isinstance(subject, ox.Literal):
                return False  # a literal is never a subject of the data
            quads_of = store.quads_for_pattern(subject, None, None)
            return any(q.graph_name not in context_names for q in quads_of)

        used = "oxigraph"
    else:
        data_graph = _as_graph(data)
        union = Graph()
        ontology_graph, reference_graph = context()
        extra = [reference_graph, ontology_graph, *([_store_graph(against)] if against else [])]
        for graph in (data_graph, *extra):
            for triple in graph:
                union.add(triple)
        from iackg.validation.engine_pyshacl import run_pyshacl  # pySHACL loads in 0.1 s

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
    """ "x"^^xsd:string and "x" are one term in RDF 1.1 (rdflib keeps them apart)."""
    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node))
    return node


def _language_of(shapes: Graph, item: RawResult) -> str | None:
    """The language a result is about: its value's, or the one its shape counts names in."""
    if isinstance(item.value, Literal) and item.value.language:
        return item.value.language
    qualified = shapes.value(item.shape, SH.qualifiedValueShape)
    languages = shapes.value(qualified, SH.languageIn) if qualified is not None else None
    if languages is not None:
        tags = [str(tag) for tag in shapes.items(languages)]
        return tags[0] if len(tags) == 1 else None
    return None


def _finish(item: RawResult, index: RuleIndex, objects) -> ValidationResult:
    shapes = index.shapes
    path_node = shapes.value(item.shape, SH.path)
    if path_node is None and isinstance(item.path_node, URIRef):
        path_node = item.path_node
    predicates = path_predicates(shapes, path_node) if path_node is not None else []
    file, row, kind = places.locate(objects, item.focus)
    lang = _language_of(shapes, item)
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
        column=places.column(kind, predicates, lang),
        source_shape=item.shape if isinstance(item.shape, URIRef) else None,
        component=item.component,
        path_node=path_node,
    )
