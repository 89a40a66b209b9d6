"""The endpoint answers real SPARQL clients exactly as the embedded store does."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

import pytest
from lod_support import ROW_LIMIT, http, library_dir, multiset, plain_graph
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, SPARQLWrapper

from iackg.server.library import library

pytestmark = pytest.mark.server

LIBRARY = library(library_dir())
CONSTRUCT = """PREFIX iac: <https://w3id.org/iackg/ontology#>
CONSTRUCT { ?d iac:designates ?r . ?r ?p ?o } WHERE { ?d iac:designates ?r . ?r ?p ?o }"""
# A cross join: (number of triples)^2 rows, well above the test server's row limit.
PAIRS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 5000"
PAIR_GRAPH = """CONSTRUCT { ?a <urn:iackg:test#pair> ?n } WHERE {
  ?a ?b ?c . ?d ?e ?f BIND(CONCAT(STR(?b), STR(?c), STR(?d), STR(?e), STR(?f)) AS ?n) }
  LIMIT 5000"""


def from_json(term: dict):
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    return Literal(term["value"], lang=term.get("xml:lang"), datatype=term.get("datatype"))


def embedded(store, text):
    rows = store.select(text)
    names = list(rows[0]) if rows else []
    return rows, names


def test_library_is_not_empty_and_answers(store):
    assert len(LIBRARY) >= 3, "no library queries to compare"
    answering = [q.name for q in LIBRARY if store.select(q.runnable_text)]
    assert len(answering) >= 3, f"too few library queries return rows to compare: {answering}"


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_sparqlwrapper_gives_the_embedded_rows(endpoint, store, query):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query.runnable_text)
    client.setReturnFormat(JSON)
    client.setMethod("POST")
    data = client.query().convert()
    names = data["head"]["vars"]
    remote = [
        {n: from_json(b[n]) if n in b else None for n in names} for b in data["results"]["bindings"]
    ]
    local = store.select(query.runnable_text)
    assert multiset(remote, names) == multiset(local, names)


@pytest.mark.parametrize("query", LIBRARY, ids=lambda q: q.name)
def test_rdflib_sparqlstore_gives_the_embedded_rows(endpoint, store, query):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="xml"))
    result = graph.query(query.runnable_text)
    names = [str(v) for v in result.vars]
    remote = [{n: row[i] for i, n in enumerate(names)} for row in result]
    assert multiset(remote, names) == multiset(store.select(query.runnable_text), names)


@pytest.mark.parametrize(
    "accept, parse_format",
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_select_in_every_result_format(endpoint, store, accept, parse_format):
    query = LIBRARY[0].runnable_text
    status, headers, body = http(f"{endpoint}?query={quote(query)}", headers={"Accept": accept})
    assert status == 200, body
    assert headers["Content-Type"].startswith(accept)
    result = Result.parse(io.BytesIO(body), format=parse_format)
    names = [str(v) for v in result.vars]
    remote = [{n: row[i] for i, n in enumerate(names)} for row in result]
    local = store.select(query)
    if parse_format == "csv":  # CSV loses term types: compare the lexical forms only
        assert sorted(tuple(str(r[n]) for n in names) for r in remote) == sorted(
            tuple("" if r[n] is None else str(r[n]) for n in names) for r in local
        )
    else:
        assert multiset(remote, names) == multiset(local, names)


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_graph_format(endpoint, store, accept, fmt):
    status, headers, body = http(
        endpoint,
        data=CONSTRUCT.encode(),
        method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert status == 200, body
    assert headers["Content-Type"].startswith(accept)
    remote = Graph().parse(data=body, format=fmt)
    local = store.construct(CONSTRUCT)
    assert len(local) > 5
    assert isomorphic(plain_graph(remote), plain_graph(local))


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (
            "application/sparql-results+xml;q=0.2, text/tab-separated-values;q=0.9",
            "text/tab-separated-values",
        ),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
    ],
)
def test_accept_q_values_choose_the_format(endpoint, accept, expected):
    status, headers, _ = http(
        f"{endpoint}?query={quote('ASK { ?s ?p ?o }')}",
        headers={"Accept": accept} if accept else {},
    )
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == expected


def test_nothing_acceptable_is_406(endpoint):
    status, _, body = http(f"{endpoint}?query={quote('ASK {}')}", headers={"Accept": "image/png"})
    assert status == 406
    assert b"application/sparql-results+json" in body


def test_ask_true_and_false(endpoint):
    for query, expected in [("ASK { ?s a ?c }", True), ("ASK { <urn:x:none> ?p ?o }", False)]:
        status, _, body = http(
            f"{endpoint}?query={quote(query)}",
            headers={"Accept": "application/sparql-results+json"},
        )
        assert status == 200 and json.loads(body)["boolean"] is expected


def test_row_limit_truncates_and_says_so(endpoint, store):
    total = int(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {PAIRS} }} }}")[0]["n"])
    assert total > ROW_LIMIT, "the test data must exceed the row limit"
    status, headers, body = http(f"{endpoint}?query={quote(PAIRS)}")
    data = json.loads(body)
    assert status == 200
    assert len(data["results"]["bindings"]) == ROW_LIMIT
    assert "true" in headers["Iackg-Truncated"]
    assert data["iackg:truncated"]["rowLimit"] == ROW_LIMIT
    small = "SELECT ?s WHERE { ?s a ?c } LIMIT 3"
    status, headers, body = http(f"{endpoint}?query={quote(small)}")
    assert "Iackg-Truncated" not in headers and "iackg:truncated" not in json.loads(body)


def test_row_limit_applies_to_construct(endpoint):
    status, headers, body = http(
        f"{endpoint}?query={quote(PAIR_GRAPH)}", headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and "Iackg-Truncated" in headers
    assert len(Graph().parse(data=body, format="nt")) == ROW_LIMIT


@pytest.mark.parametrize(
    ("query", "accept", "marker"),
    [
        (PAIRS, "application/sparql-results+xml", b"<!-- truncated"),
        (PAIRS, "text/csv", None),
        (PAIR_GRAPH, "text/turtle", b"# truncated"),
        (PAIR_GRAPH, "application/n-triples", b"# truncated"),
        (PAIR_GRAPH, "application/rdf+xml", b"<!-- truncated"),
    ],
)
def test_a_cut_answer_says_so_in_headers_and_where_the_format_allows(
    endpoint, query, accept, marker
):
    status, headers, body = http(f"{endpoint}?query={quote(query)}", headers={"Accept": accept})
    assert status == 200
    assert headers["Warning"].startswith('199 - "truncated: only the first')
    assert f"first {ROW_LIMIT} results" in headers["Iackg-Truncated"]
    if marker is None:  # CSV has no comments: the body holds only data rows
        assert len(body.decode().splitlines()) == ROW_LIMIT + 1
    else:
        assert marker in body[:300]


def test_a_whole_answer_has_no_warning(endpoint):
    small = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"
    status, headers, body = http(
        f"{endpoint}?query={quote(small)}", headers={"Accept": "text/turtle"}
    )
    assert status == 200 and "Warning" not in headers and b"truncated" not in body


@pytest.mark.parametrize(
    "text", ["", "   \n", "# nothing but a comment\n", "PREFIX ex: <urn:x:> BASE <urn:y:>"]
)
def test_an_empty_query_is_called_empty(endpoint, text):
    for method in ("GET", "POST"):
        if method == "GET":
            status, _, body = http(f"{endpoint}?query={quote(text)}")
        else:
            status, _, body = http(
                endpoint,
                data=text.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
        assert status == 400, (method, text)
        assert body.decode().startswith("empty query"), body
        assert b"update" not in body.lower()


def test_dataset_parameters_select_graphs(endpoint, store):
    hostile = "https://w3id.org/iackg/graph/source/hostile"
    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
    params = urlencode({"query": query, "default-graph-uri": hostile})
    status, _, body = http(f"{endpoint}?{params}")
    subjects = {b["s"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert status == 200
    assert subjects == {"https://w3id.org/iackg/id/resource/13-hostile0001"}


def test_cors_on_get_and_preflight(endpoint):
    _, headers, _ = http(
        f"{endpoint}?query={quote('ASK {}')}", headers={"Origin": "http://a.example"}
    )
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http(
        endpoint,
        method="OPTIONS",
        headers={"Origin": "http://a.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_concurrent_clients_all_get_answers(endpoint, store):
    query = LIBRARY[0].runnable_text
    expected = len(store.select(query))

    def one(_):
        status, _, body = http(f"{endpoint}?query={quote(query)}")
        return status, len(json.loads(body)["results"]["bindings"])

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, range(40)))
    assert answers == [(200, expected)] * 40


def test_service_description_without_query(endpoint):
    status, headers, body = http(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(endpoint)
    assert (service, URIRef(sd + "endpoint"), service) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph


@pytest.mark.parametrize("accept", [None, "*/*", "application/rdf+xml, */*;q=0.5"])
def test_clients_that_do_not_prefer_html_get_the_service_description(endpoint, accept):
    status, headers, body = http(endpoint, headers={"Accept": accept} if accept else {})
    assert status == 200 and not headers["Content-Type"].startswith("text/html")
    assert b"sparql-service-description" in body


def test_a_browser_opening_sparql_gets_the_query_page(endpoint):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, body = http(endpoint, headers={"Accept": browser})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'id="yasgui"' in body and b"/static/yasgui/yasgui.min.js" in body


def test_service_description_lists_the_named_graphs_and_the_default_graph(endpoint, store):
    status, _, body = http(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = Namespace("http://rdfs.org/ns/void#")
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    expected = {str(r["g"]): int(r["n"]) for r in rows}
    dataset = graph.value(URIRef(endpoint), sd.defaultDataset)
    described = {
        str(graph.value(named, sd.name)): int(
            graph.value(graph.value(named, sd.graph), void.triples)
        )
        for named in graph.objects(dataset, sd.namedGraph)
    }
    assert described == expected
    default = graph.value(dataset, sd.defaultGraph)
    assert int(graph.value(default, void.triples)) == sum(expected.values())
