"""Dereferenceable URIs: /id/ answers 303 to /doc/, which negotiates HTML or RDF."""

from __future__ import annotations

import json

import pytest
from lod_support import http, plain_graph
from rdflib import Graph
from rdflib.compare import isomorphic

pytestmark = pytest.mark.server

PREFECTURE = "https://w3id.org/iackg/id/prefecture/14"
HOSTILE = "/doc/resource/13-hostile0001"


def test_id_answers_303_to_doc(base_url):
    status, headers, _ = http(base_url + "/id/prefecture/14", follow=False)
    assert status == 303
    assert headers["Location"] == "/doc/prefecture/14"


def test_following_the_redirect_gives_html_for_browsers(base_url):
    status, headers, body = http(
        base_url + "/id/prefecture/14",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    text = body.decode()
    assert "神奈川県" in text and "Kanagawa" in text
    assert 'href="/doc/municipality/142107"' in text, "inverse link to a municipality"
    assert 'href="/doc/prefecture/14.ttl"' in text


@pytest.mark.parametrize(
    "accept, fmt",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("text/html;q=0.5, text/turtle", "turtle"),
    ],
)
def test_doc_negotiates_rdf(base_url, store, accept, fmt):
    status, headers, body = http(base_url + "/doc/prefecture/14", headers={"Accept": accept})
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == accept.split(",")[-1].strip()
    remote = Graph().parse(data=body, format=fmt)
    local = Graph()
    for row in store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
        if str(row["s"]) == PREFECTURE or str(row["o"]) == PREFECTURE:
            local.add((row["s"], row["p"], row["o"]))
    assert len(local) > 10
    assert isomorphic(plain_graph(remote), plain_graph(local))


@pytest.mark.parametrize(
    "suffix, ctype",
    [
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".nt", "application/n-triples"),
        (".rdf", "application/rdf+xml"),
        (".html", "text/html"),
    ],
)
def test_doc_with_an_extension_picks_the_format(base_url, suffix, ctype):
    status, headers, _ = http(base_url + "/doc/prefecture/14" + suffix)
    assert status == 200 and headers["Content-Type"].startswith(ctype)


def test_doc_406_when_nothing_fits(base_url):
    status, _, body = http(base_url + "/doc/prefecture/14", headers={"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body


@pytest.mark.parametrize(
    "path",
    [
        "/id/prefecture/99",
        "/doc/prefecture/99",
        "/doc/prefecture/99.ttl",
        "/id/nothing/here/deeper",
        "/id/prefecture/14%3E%20%3Chttp:x",
        "/doc/../../etc/passwd",
        "/static/../app.py",
        "/nothing",
    ],
)
def test_unknown_is_404(base_url, path):
    status, _, _ = http(base_url + path, follow=False)
    assert status == 404


def test_hostile_names_are_escaped(base_url):
    status, _, body = http(base_url + HOSTILE, headers={"Accept": "text/html"})
    text = body.decode()
    assert status == 200
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert 'href="javascript:' not in text.lower()


def test_json_ld_document_is_valid_json(base_url):
    status, _, body = http(base_url + "/doc/plan/14-K-2008-001.jsonld")
    assert status == 200
    data = json.loads(body)
    assert any("14-K-2008-001" in json.dumps(node) for node in data)


def test_server_index_has_counts_and_category_map(base_url, store):
    status, _, body = http(base_url + "/index.html")
    text = body.decode()
    resources = store.select(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a "
        "<https://w3id.org/iackg/ontology#RegionalResource> }"
    )[0]["n"]
    assert status == 200
    assert f"<code>iac:RegionalResource</code></td><td>{int(resources)}</td>" in text
    assert "分類マップ Category map" in text and 'href="doc/prefecture/14.html"' in text


def parse_links(header: str) -> list[dict[str, str]]:
    """RFC 8288 Link header values as dicts: target under 'href', parameters by name."""
    links = []
    for part in header.split(", <"):
        target, *params = part.split(";")
        link = {"href": target.strip().lstrip("<").rstrip(">")}
        for param in params:
            name, _, value = param.strip().partition("=")
            link[name] = value.strip('"')
        links.append(link)
    return links


def test_the_303_links_to_its_descriptions(base_url):
    status, headers, _ = http(base_url + "/id/prefecture/14", follow=False)
    assert status == 303
    links = parse_links(headers["Link"])
    assert all(link["rel"] == "describedby" for link in links)
    assert {"href": "/doc/prefecture/14", "rel": "describedby"} in links
    typed = {link["type"]: link["href"] for link in links if "type" in link}
    assert typed["text/turtle"] == "/doc/prefecture/14.ttl"
    for media, href in typed.items():  # each one answers in the type it announces
        status, headers, _ = http(base_url + href)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media


@pytest.mark.parametrize("path", ["/doc/prefecture/14", "/doc/prefecture/14.ttl"])
def test_doc_pages_link_their_alternates_with_types(base_url, path):
    status, headers, _ = http(base_url + path)
    assert status == 200
    served = headers["Content-Type"].split(";")[0]
    links = parse_links(headers["Link"])
    assert {"href": "/id/prefecture/14", "rel": "about"} in links
    alternates = {link["type"]: link["href"] for link in links if link["rel"] == "alternate"}
    assert served not in alternates
    assert len(alternates) == 4
    for media, href in alternates.items():
        status, headers, _ = http(base_url + href)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
