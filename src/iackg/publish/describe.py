"""What a resource page shows, gathered with a few SPARQL queries through any `select` function.

`select(query, bindings) -> list[dict[str, Node | None]]` is `Store.select` when publishing and a
query worker when serving, so both show the same page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

# Values are bound with `bindings` (Oxigraph substitutions), which need the variable in the
# projection: that is why every query below also selects ?s.
Select = Callable[[str, Mapping[str, Node]], list[dict]]

OUTGOING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?p ?o ?g (SAMPLE(?lja) AS ?label_ja) (SAMPLE(?len) AS ?label_en) WHERE {
  GRAPH ?g { ?s ?p ?o }
  OPTIONAL { ?o rdfs:label ?lja FILTER(LANG(?lja) = "ja") }
  OPTIONAL { ?o rdfs:label ?len FILTER(LANGMATCHES(LANG(?len), "en")) }
} GROUP BY ?s ?p ?o ?g ORDER BY ?p ?o ?g
"""
INCOMING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?x ?p (SAMPLE(?lja) AS ?label_ja) (SAMPLE(?len) AS ?label_en) WHERE {
  ?x ?p ?s .
  OPTIONAL { ?x rdfs:label ?lja FILTER(LANG(?lja) = "ja") }
  OPTIONAL { ?x rdfs:label ?len FILTER(LANGMATCHES(LANG(?len), "en")) }
} GROUP BY ?s ?x ?p ORDER BY ?p ?x LIMIT 1000
"""
PROVENANCE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX iac: <https://w3id.org/iackg/ontology#>
SELECT DISTINCT ?s ?row ?number ?table ?file WHERE {
  ?s prov:wasDerivedFrom ?row .
  OPTIONAL { ?row iac:rowNumber ?number }
  OPTIONAL { ?row iac:sourceTable ?table OPTIONAL { ?table iac:fileName ?file } }
} ORDER BY ?file ?number ?row
"""
TERM_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?t ?l WHERE {
  { ?t a owl:Class } UNION { ?t a owl:ObjectProperty } UNION { ?t a owl:DatatypeProperty }
  UNION { ?t a owl:AnnotationProperty } UNION { ?t a <http://www.w3.org/2004/02/skos/core#Concept> }
  ?t rdfs:label ?l
} ORDER BY ?t ?l
"""


@dataclass
class Link:
    """One value of a property: a resource (with labels) or a literal."""

    predicate: URIRef
    value: Node
    label_ja: str | None = None
    label_en: str | None = None
    graph: URIRef | None = None


@dataclass
class ResourceView:
    iri: URIRef
    labels: dict[str, list[str]] = field(default_factory=dict)  # lang -> labels
    types: list[URIRef] = field(default_factory=list)
    outgoing: list[Link] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    def title(self) -> str:
        for lang in ("ja", "en", ""):
            if self.labels.get(lang):
                return self.labels[lang][0]
        return str(self.iri).rsplit("/", 1)[-1]


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def describe(select: Select, iri: URIRef) -> ResourceView:
    view = ResourceView(iri)
    seen: set[tuple] = set()
    for row in select(OUTGOING, {"s": iri}):
        p, o = row["p"], row["o"]
        if p == RDFS_LABEL and isinstance(o, Literal):
            lang = o.language or ""
            if str(o) not in view.labels.setdefault(lang, []):
                view.labels[lang].append(str(o))
        if p == RDF_TYPE and o not in view.types:
            view.types.append(o)
        key = (p, o, row["g"])
        if key not in seen:
            seen.add(key)
            view.outgoing.append(
                Link(p, o, _text(row["label_ja"]), _text(row["label_en"]), row["g"])
            )
    for row in select(INCOMING, {"s": iri}):
        view.incoming.append(
            Link(row["p"], row["x"], _text(row["label_ja"]), _text(row["label_en"]))
        )
    view.provenance = select(PROVENANCE, {"s": iri})
    return view


def term_labels(select: Select) -> dict[str, dict[str, str]]:
    """Labels of ontology terms and concepts: IRI -> {lang: label} (first label per language)."""
    labels: dict[str, dict[str, str]] = {}
    for row in select(TERM_LABELS, {}):
        lit = row["l"]
        lang = getattr(lit, "language", None) or ""
        labels.setdefault(str(row["t"]), {}).setdefault(lang, str(lit))
    return labels
