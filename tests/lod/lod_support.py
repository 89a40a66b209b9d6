"""Helpers shared by the linked-data tests (imported by conftest and the test modules)."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

from rdflib import Graph

from iackg import paths
from iackg.iris import Minter
from iackg.vocab import DEFAULT_BASE

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "data" / "contract-example.ttl"
QUERY_DIR = HERE / "queries"
TIME_LIMIT = 2.0
ROW_LIMIT = 1000


def fill(store) -> None:
    """The bundled sample built by `build()`, plus the contract example and a record with
    hostile names in their own source graphs (the tests name their IRIs)."""
    from iackg.build import build

    build(None, store, base=DEFAULT_BASE)
    minter = Minter()
    store.replace_graph(minter.graph("source/contract-example"), Graph().parse(EXAMPLE))
    hostile = Graph().parse(HERE / "data" / "hostile.ttl")
    store.replace_graph(minter.graph("source/hostile"), hostile)


def library_dir() -> Path:
    """The bundled query library (queries/)."""
    return paths.bundled("queries")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict | None = None,
    method: str | None = None,
    follow: bool = True,
    timeout: float = 30,
):
    """(status, headers, body) of one request; never raises on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def plain(term):
    """RDF 1.1: "x" and "x"^^xsd:string are the same literal; rdflib keeps them apart."""
    from rdflib import Literal

    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def plain_graph(graph):
    from rdflib import Graph

    out = Graph()
    for s, p, o in graph:
        out.add((s, p, plain(o)))
    return out


def multiset(rows, names) -> list[tuple]:
    """Rows as a sorted list of tuples of (text, repr) so term types count, order does not."""
    return sorted(tuple(repr(plain(row.get(n))) for n in names) for row in rows)


def raw_http(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 30,
):
    """Like `http` but sends exactly the given headers (urllib adds a form Content-Type)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()
