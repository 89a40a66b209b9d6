"""The SPARQL 1.1 Service Description that `GET /sparql` without a query answers: the endpoint,
its languages, result formats and limits, the default graph (the union of every named graph)
and each named graph with its size, so that a harvester sees what the endpoint holds."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def service_description(endpoint: str, graphs: dict[str, int], note: str) -> Graph:
    """The description of `endpoint` serving `graphs` (IRI → triples); `note` states the limits."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for fmt in FORMATS:
        g.add((service, SD.resultFormat, URIRef(f"http://www.w3.org/ns/formats/{fmt}")))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, RDFS.comment, Literal(note, lang="en")))
    dataset = BNode("dataset")
    default = BNode("default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(graphs.values()), datatype=XSD.integer)))
    g.add(
        (
            default,
            RDFS.comment,
            Literal(
                "The default graph is the union of all named graphs, unless the request names "
                "a dataset (default-graph-uri / named-graph-uri, or FROM / FROM NAMED).",
                lang="en",
            ),
        )
    )
    for name, size in sorted(graphs.items()):
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(size, datatype=XSD.integer)))
    return g
