"""Summarise the ontology: files and versions, term counts, concept schemes, and every term
with its labels (and, for properties, domain and range), as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from iackg import __version__
from iackg.ontology_checks import OntologyFile, iac_terms, local_name, union
from iackg.vocab import IAC_NS

KINDS = (
    ("class", OWL.Class),
    ("object property", OWL.ObjectProperty),
    ("datatype property", OWL.DatatypeProperty),
)


def _label(graph: Graph, node: URIRef, lang: str) -> str:
    for o in graph.objects(node, RDFS.label):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def _short(graph: Graph, node) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        prefix, _, name = graph.namespace_manager.compute_qname(node, generate=False)
        return f"{prefix}:{name}" if prefix else str(node)
    return "(expression)"


def _parent(graph: Graph, term: URIRef) -> str:
    """The iac: super-class or super-property, else the first named external one."""
    parents = sorted(
        (
            p
            for axiom in (RDFS.subClassOf, RDFS.subPropertyOf)
            for p in graph.objects(term, axiom)
            if isinstance(p, URIRef)
        ),
        key=lambda p: (not str(p).startswith(IAC_NS), str(p)),
    )
    return _short(graph, parents[0]) if parents else ""


def term_rows(files: Sequence[OntologyFile]) -> list[dict]:
    """Every class and property: kind, name, labels, domain and range (for properties)."""
    graph = union(files)
    graph.bind("skos", SKOS)
    terms = iac_terms(graph)
    rows = []
    for kind, rdf_type in KINDS:
        for term in sorted(terms & set(graph.subjects(RDF.type, rdf_type))):
            rows.append(
                {
                    "kind": kind,
                    "name": local_name(term),
                    "label_ja": _label(graph, term, "ja"),
                    "label_en": _label(graph, term, "en"),
                    "domain": _short(graph, graph.value(term, RDFS.domain)),
                    "range": _short(graph, graph.value(term, RDFS.range)),
                    "parent": _parent(graph, term),
                }
            )
    return rows


def summarise(files: Sequence[OntologyFile]) -> dict:
    """Files, ontologies, term counts and concept schemes, as plain data (JSON-ready)."""
    graph = union(files)
    terms = iac_terms(graph)

    def count(kind: URIRef) -> int:
        return len(terms & set(graph.subjects(RDF.type, kind)))

    def label(node: URIRef, lang: str) -> str:
        return _label(graph, node, lang)

    schemes = []
    for scheme in sorted(terms & set(graph.subjects(RDF.type, SKOS.ConceptScheme))):
        concepts = sorted(
            (c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
            key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)),
        )
        schemes.append(
            {
                "iri": str(scheme),
                "name": local_name(scheme),
                "label_ja": label(scheme, "ja"),
                "label_en": label(scheme, "en"),
                "concepts": [
                    {"name": local_name(c), "label_ja": label(c, "ja"), "label_en": label(c, "en")}
                    for c in concepts
                ],
            }
        )
    ontologies: list[dict[str, object]] = []
    for f in files:
        if f.graph is None:
            ontologies.append({"file": f.path.name, "error": f.error})
            continue
        for onto in f.graph.subjects(RDF.type, OWL.Ontology):
            ontologies.append(
                {
                    "file": f.path.name,
                    "iri": str(onto),
                    "version_iri": str(f.graph.value(onto, OWL.versionIRI) or ""),
                    "version": str(f.graph.value(onto, OWL.versionInfo) or ""),
                    "triples": len(f.graph),
                }
            )
    return {
        "package_version": __version__,
        "ontologies": ontologies,
        "counts": {
            "classes": count(OWL.Class),
            "object_properties": count(OWL.ObjectProperty),
            "datatype_properties": count(OWL.DatatypeProperty),
            "concept_schemes": count(SKOS.ConceptScheme),
            "concepts": count(SKOS.Concept),
            "triples": len(graph),
        },
        "schemes": schemes,
    }
