"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only query endpoint, written from the
descriptions in the protocol test manifest (http://www.w3.org/2009/sparql/docs/tests/
data-sparql11/protocol/). The manifest's datasets (data1.rdf …) are replaced by this store's
named graphs; the update tests become "update is refused with 4XX"."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from lod_support import http, raw_http
from rdflib import Graph

pytestmark = pytest.mark.server

G = "https://w3id.org/iackg/graph/"
EXAMPLE, HOSTILE, ONTOLOGY = G + "source/contract-example", G + "source/hostile", G + "ontology"
HOSTILE_THING = "<https://w3id.org/iackg/id/resource/13-hostile0001>"
PREFECTURE = "<https://w3id.org/iackg/id/prefecture/14>"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


def ask(status, headers, body) -> bool:
    assert status == 200, body
    if headers["Content-Type"].startswith("application/sparql-results+xml"):
        return b"<boolean>true</boolean>" in body
    return json.loads(body)["boolean"]


# --- positive tests -------------------------------------------------------------------------
def test_query_get(endpoint):
    """query-get: query via GET."""
    assert ask(*http(f"{endpoint}?query={quote('ASK {}')}")) is True


def test_query_post_form(endpoint):
    """query-post-form: query via URL-encoded POST."""
    assert ask(*http(endpoint, data=b"query=ASK%20%7B%7D", method="POST", headers=FORM)) is True


def test_query_post_direct(endpoint):
    """query-post-direct: query via POST directly."""
    assert ask(*http(endpoint, data=b"ASK {}", method="POST", headers=DIRECT)) is True


def test_query_dataset_default_graph(endpoint):
    """query-dataset-default-graph: query with a protocol-specified default graph."""
    q = f"ASK {{ {HOSTILE_THING} ?p ?o }}"
    assert (
        ask(
            *http(
                f"{endpoint}?{urlencode({'default-graph-uri': HOSTILE})}",
                data=q.encode(),
                method="POST",
                headers=DIRECT,
            )
        )
        is True
    )
    assert (
        ask(
            *http(
                f"{endpoint}?{urlencode({'default-graph-uri': EXAMPLE})}",
                data=q.encode(),
                method="POST",
                headers=DIRECT,
            )
        )
        is False
    )


def test_query_dataset_default_graphs(endpoint):
    """query-dataset-default-graphs: two protocol-specified default graphs are merged."""
    q = f"ASK {{ {HOSTILE_THING} ?p ?o . {PREFECTURE} ?q ?v }}"
    params = urlencode([("default-graph-uri", HOSTILE), ("default-graph-uri", EXAMPLE)])
    assert (
        ask(*http(f"{endpoint}?{params}", data=q.encode(), method="POST", headers=DIRECT)) is True
    )


def test_query_dataset_named_graphs(endpoint):
    """query-dataset-named-graphs: only the protocol-specified named graphs are visible."""
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    params = urlencode([("named-graph-uri", HOSTILE), ("named-graph-uri", ONTOLOGY)])
    status, _, body = http(f"{endpoint}?{params}", data=q.encode(), method="POST", headers=DIRECT)
    assert status == 200
    graphs = {b["g"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert graphs == {HOSTILE, ONTOLOGY}


def test_query_dataset_full(endpoint):
    """query-dataset-full: both default and named graphs given by the protocol."""
    q = "SELECT ?g ?x ?s { ?x ?y ?o GRAPH ?g { ?s ?p ?o } }"
    params = urlencode([("default-graph-uri", EXAMPLE), ("named-graph-uri", HOSTILE)])
    status, _, body = http(f"{endpoint}?{params}", data=q.encode(), method="POST", headers=DIRECT)
    assert status == 200, body[:300]
    rows = json.loads(body)["results"]["bindings"]
    assert rows
    assert {r["g"]["value"] for r in rows} == {HOSTILE}
    assert all(r["x"]["value"] != HOSTILE_THING.strip("<>") for r in rows)


def test_query_multiple_dataset(endpoint):
    """query-multiple-dataset: the protocol dataset wins over FROM in the query."""
    q = f"ASK FROM <{EXAMPLE}> {{ {HOSTILE_THING} ?p ?o }}"
    assert (
        ask(
            *http(
                f"{endpoint}?{urlencode({'default-graph-uri': HOSTILE})}",
                data=q.encode(),
                method="POST",
                headers=DIRECT,
            )
        )
        is True
    )


@pytest.mark.parametrize(
    "query, allowed",
    [
        (
            "SELECT (1 AS ?value) {}",
            {
                "application/sparql-results+xml",
                "application/sparql-results+json",
                "text/csv",
                "text/tab-separated-values",
            },
        ),
        ("ASK {}", {"application/sparql-results+xml", "application/sparql-results+json"}),
        (
            "DESCRIBE <http://example.org/>",
            {"application/rdf+xml", "text/turtle", "application/n-triples"},
        ),
        (
            "CONSTRUCT { <s> <p> 1 } WHERE {}",
            {"application/rdf+xml", "text/turtle", "application/n-triples"},
        ),
    ],
    ids=["select", "ask", "describe", "construct"],
)
def test_query_content_type(endpoint, query, allowed):
    """query-content-type-{select,ask,describe,construct}: an appropriate content type."""
    status, headers, body = http(endpoint, data=query.encode(), method="POST", headers=DIRECT)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] in allowed


def test_construct_body_is_the_graph(endpoint):
    status, _, body = http(
        endpoint,
        data=b"CONSTRUCT { <urn:s> <urn:p> 1 } WHERE {}",
        method="POST",
        headers={**DIRECT, "Accept": "application/rdf+xml"},
    )
    graph = Graph().parse(data=body, format="xml")
    assert status == 200 and len(graph) == 1


# --- negative tests: every one must be answered with 4XX ----------------------------------
NEGATIVE = {
    "bad-query-method": dict(url="?query=ASK%20%7B%7D", method="PUT"),
    "bad-multiple-queries": dict(url="?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"),
    "bad-query-wrong-media-type": dict(data=b"ASK {}", headers={"Content-Type": "text/plain"}),
    "bad-query-missing-form-type": dict(data=b"query=ASK%20%7B%7D", headers={}),
    "bad-query-missing-direct-type": dict(data=b"ASK {}", headers={}),
    "bad-query-non-utf8": dict(
        data="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    ),
    "bad-query-non-utf8-undeclared": dict(data="ASK {}".encode("utf-16"), headers=DIRECT),
    "bad-query-syntax": dict(url="?query=ASK%20%7B"),
    "bad-update-get": dict(url="?update=CLEAR%20ALL"),
    "bad-multiple-updates": dict(data=b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers=FORM),
    "bad-update-wrong-media-type": dict(
        data=b"CLEAR NAMED", headers={"Content-Type": "text/plain"}
    ),
    "bad-update-missing-form-type": dict(data=b"update=CLEAR%20NAMED", headers={}),
    "bad-update-missing-direct-type": dict(data=b"CLEAR NAMED", headers={}),
    "bad-update-non-utf8": dict(
        data="CLEAR NAMED".encode("utf-16"),
        headers={"Content-Type": "application/sparql-update; charset=UTF-16"},
    ),
    "bad-update-syntax": dict(data=b"update=CLEAR%20XYZ", headers=FORM),
    "bad-update-dataset-conflict": dict(
        data=b"using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=WITH%20%3Chttp%3A%2F"
        b"%2Fexample%2Faddresses%3E%20DELETE%20%7B%20%3Fp%20%3Cx%3A%3E%20%27Bill%27%20%7D"
        b"%20WHERE%20%7B%20%3Fp%20%3Cx%3A%3E%20%27Bill%27%20%7D",
        headers=FORM,
    ),
    # the update tests of the manifest, as a read-only endpoint must answer them: refused
    "update-post-form": dict(data=b"update=CLEAR%20ALL", headers=FORM),
    "update-post-direct": dict(
        data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    ),
}


@pytest.mark.parametrize("case", list(NEGATIVE), ids=list(NEGATIVE))
def test_bad_requests_are_4xx(endpoint, case):
    spec = NEGATIVE[case]
    method = spec.get("method", "POST" if "data" in spec else "GET")
    status, headers, body = raw_http(
        endpoint + spec.get("url", ""),
        body=spec.get("data"),
        method=method,
        headers=spec.get("headers"),
    )
    assert 400 <= status < 500, (status, body)
    assert headers["Content-Type"].startswith("text/plain") and body.strip()


def test_data_is_unchanged_after_the_update_attempts(endpoint, store):
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, _, body = http(f"{endpoint}?query={quote(q)}")
    expected = int(store.select(q)[0]["n"])
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected > 100
