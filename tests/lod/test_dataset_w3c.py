"""W3C SPARQL tests for datasets (FROM, FROM NAMED), on the embedded store (`iackg sparql`) and
on the endpoint (`iackg serve`). Files in tests/data/w3c-sparql-dataset (see its SOURCE.md).

Each data file becomes a named graph whose name is its IRI under the suite's base, as a
harness that fetches FROM graphs would see them; the store's union default graph must not
leak into these queries."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from lod_support import http
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from iackg.store import open_store

SUITE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql-dataset"
BASE = "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/dataset/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")


def _tests() -> list[tuple[str, str, str]]:
    """(name, query file, result file) for every entry of the manifest."""
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=BASE + "manifest.ttl")
    head = manifest.value(URIRef(BASE + "manifest.ttl"), MF.entries)
    out = []
    for entry in Collection(manifest, head):
        action = manifest.value(entry, MF.action)
        query = str(manifest.value(action, QT.query)).rsplit("/", 1)[1]
        result = str(manifest.value(entry, MF.result)).rsplit("/", 1)[1]
        out.append((str(manifest.value(entry, MF.name)), query, result))
    return out


TESTS = _tests()


def _key(term) -> tuple:
    """A comparable form of a term; blank nodes compare by kind only (labels are local)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        return ("literal", str(term), term.language, str(term.datatype or ""))
    return ("iri", str(term))


def expected(result_file: str) -> Counter:
    graph = Graph().parse(SUITE / result_file, publicID=BASE + result_file)
    rows: Counter = Counter()
    for result_set in graph.subjects(predicate=RS.resultVariable):
        for solution in graph.objects(result_set, RS.solution):
            row = frozenset(
                (str(graph.value(b, RS.variable)), _key(graph.value(b, RS.value)))
                for b in graph.objects(solution, RS.binding)
            )
            rows[row] += 1
        break
    return rows


def _from_json(term: dict):
    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    return Literal(
        term["value"],
        lang=term.get("xml:lang"),
        datatype=URIRef(term["datatype"]) if "datatype" in term else None,
    )


@pytest.fixture(scope="module")
def suite_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("w3c-dataset")
    store = open_store(folder)
    for path in sorted(SUITE.glob("data-*.ttl")):
        graph = Graph().parse(path, publicID=BASE + path.name)
        store.replace_graph(URIRef(BASE + path.name), graph)
    yield folder, store
    store.close()


def _query(name: str) -> str:
    return f"BASE <{BASE}{name}>\n" + (SUITE / name).read_text(encoding="utf-8")


def test_the_suite_is_complete():
    assert len(TESTS) == 12


@pytest.mark.parametrize(("name", "query", "result"), TESTS, ids=[t[0] for t in TESTS])
def test_embedded_store(suite_store, name, query, result):
    _, store = suite_store
    rows = store.select(_query(query))
    got = Counter(
        frozenset((var, _key(value)) for var, value in row.items() if value is not None)
        for row in rows
    )
    assert got == expected(result)


@pytest.fixture(scope="module")
def suite_endpoint(suite_store):
    from iackg.server.serving import make_server

    folder, store = suite_store
    store.close()
    server = make_server(str(folder), workers=1)
    server.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}/sparql"
    server.close()


@pytest.mark.server
@pytest.mark.parametrize(("name", "query", "result"), TESTS, ids=[t[0] for t in TESTS])
def test_endpoint(suite_endpoint, name, query, result):
    status, _, body = http(
        f"{suite_endpoint}?query={quote(_query(query))}",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    bindings = json.loads(body)["results"]["bindings"]
    got = Counter(
        frozenset((var, _key(_from_json(term))) for var, term in row.items()) for row in bindings
    )
    assert got == expected(result)


@pytest.mark.server
def test_an_unknown_graph_in_from_is_empty_not_the_union(suite_endpoint, suite_store):
    text = f"SELECT (COUNT(*) AS ?n) FROM <{BASE}no-such-graph.ttl> {{ ?s ?p ?o }}"
    status, _, body = http(f"{suite_endpoint}?query={quote(text)}")
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"
    union = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    status, _, body = http(f"{suite_endpoint}?query={quote(union)}")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
