"""What the server answers besides /sparql: resource documents, the query page, static files."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cached_property
from importlib import resources as importlib_resources
from urllib.parse import parse_qs

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from iackg.publish import describe, html
from iackg.server import description, library
from iackg.server.negotiation import CANONICAL_GRAPH_TYPE, GRAPH_TYPES, choose

DOC_TYPES = {"text/html": "html", "application/xhtml+xml": "html", **GRAPH_TYPES}
EXTENSIONS = {
    ".html": "html",
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
}
DOC_GRAPH = """
CONSTRUCT { ?s ?p ?o . ?x ?q ?s } WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }
"""
EXISTS = "ASK { { ?s ?p ?o } UNION { ?x ?q ?s } }"
STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}
# /static/NAME serves our own files; /static/yasgui/NAME the vendored YASGUI build (and its
# LICENSE). Only these folders, one plain file name each: no other path reaches the disk.
STATIC_FOLDERS = ("", "yasgui")
_STATIC_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# The vendored build changes only with a new iackg version: browsers keep it a day. Our own
# script and style are revalidated, so a new version is never run with an old page script.
STATIC_CACHE = {"yasgui": "public, max-age=86400", "": "no-cache"}


def static_headers(path: str) -> dict[str, str]:
    """Cache-Control for a static file answer (nothing for other paths)."""
    folder = path[len("/static/") :].rpartition("/")[0]
    if path.startswith("/static/") and folder in STATIC_CACHE:
        return {"Cache-Control": STATIC_CACHE[folder]}
    return {}


def static_file(path: str) -> tuple[bytes, str, str] | None:
    """(content, media type, Cache-Control) of /static/NAME or /static/yasgui/NAME, else None."""
    if not path.startswith("/static/"):
        return None
    *folders, name = path[len("/static/") :].split("/")
    folder = "/".join(folders)
    if folder not in STATIC_FOLDERS or not _STATIC_NAME.match(name):
        return None
    item = importlib_resources.files("iackg.server") / "static"
    for part in (*folders, name):
        item = item / part
    if not item.is_file():
        return None
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    ctype = STATIC_TYPES.get(suffix, "text/plain; charset=utf-8" if name == "LICENSE" else "")
    return item.read_bytes(), ctype or "application/octet-stream", STATIC_CACHE[folder]


def _decode(data):
    if data is None:
        return None
    kind = data[0]
    if kind == "uri":
        return URIRef(data[1])
    if kind == "bnode":
        return BNode(data[1])
    if data[2]:
        return Literal(data[1], lang=data[2])
    return Literal(data[1], datatype=URIRef(data[3]))


def _encode(term):
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, Literal):
        return (
            "literal",
            str(term),
            term.language,
            str(term.datatype or "http://www.w3.org/2001/XMLSchema#string"),
        )
    return ("bnode", str(term))


# The representations of every /doc/ page: (suffix, media type), HTML first.
REPRESENTATIONS = (
    (".html", "text/html"),
    (".ttl", "text/turtle"),
    (".jsonld", "application/ld+json"),
    (".nt", "application/n-triples"),
    (".rdf", "application/rdf+xml"),
)


def describedby_links(kind: str, key: str) -> str:
    """The `Link` header of the 303 from /id/: the document, and each of its formats."""
    doc = f"/doc/{kind}/{key}"
    typed = [f'<{doc}{suffix}>; rel="describedby"; type="{t}"' for suffix, t in REPRESENTATIONS]
    return ", ".join([f'<{doc}>; rel="describedby"', *typed])


def alternate_links(kind: str, key: str, served_type: str) -> str:
    """The `Link` header of a /doc/ answer (`key` as requested, with or without a suffix): the
    thing it describes, and its other formats."""
    for suffix, _ in REPRESENTATIONS:
        key = key.removesuffix(suffix)
    doc = f"/doc/{kind}/{key}"
    served = served_type.split(";")[0].strip()
    links = [f'</id/{kind}/{key}>; rel="about"']
    links += [
        f'<{doc}{suffix}>; rel="alternate"; type="{t}"'
        for suffix, t in REPRESENTATIONS
        if t != served
    ]
    return ", ".join(links)


class Resources:
    def __init__(self, app, base: str, query_dir=None):
        self.app, self.base, self.query_dir = app, base, query_dir

    # --- talking to the workers ---------------------------------------------------------
    def _ask_worker(self, query: str, bindings: dict, **extra) -> dict:
        request = {
            "op": "rows",
            "query": query,
            "bindings": {k: _encode(v) for k, v in bindings.items()},
            **extra,
        }
        answer = self.app.run(request)
        if answer["status"] != 200:
            raise RuntimeError(answer.get("message", "query failed"))
        return answer

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[dict]:
        answer = self._ask_worker(query, dict(bindings or {}))
        names = answer["vars"]
        return [{n: _decode(v) for n, v in zip(names, row, strict=True)} for row in answer["rows"]]

    @cached_property
    def graph_sizes(self) -> dict[str, int]:
        """Named graph IRI → triples, for the service description (read once)."""
        rows = self.select(description.GRAPH_SIZES)
        return {str(row["g"]): int(row["n"]) for row in rows}

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        return describe.term_labels(self.select)

    # --- resources ------------------------------------------------------------------------
    def iri(self, kind: str, key: str) -> URIRef:
        return URIRef(f"{self.base}/id/{kind}/{key}")

    def exists(self, kind: str, key: str) -> bool:
        return bool(self._ask_worker(EXISTS, {"s": self.iri(kind, key)})["boolean"])

    def link(self, iri: str) -> str | None:
        prefix = f"{self.base}/id/"
        if iri.startswith(prefix):
            return f"/doc/{iri[len(prefix) :]}"
        if iri.startswith("https://w3id.org/iackg/ontology#"):
            return "/ontology.html#" + iri.split("#", 1)[1]
        return iri

    def document(self, kind: str, key: str, accept: str | None) -> tuple[int, bytes, str]:
        fmt = None
        for ext, name in EXTENSIONS.items():
            if key.endswith(ext) and not self.exists(kind, key):
                key, fmt = key[: -len(ext)], name
                break
        if fmt is None:
            media = choose(accept, list(DOC_TYPES))
            if media is None:
                offers = ", ".join(["text/html", *CANONICAL_GRAPH_TYPE.values()])
                return 406, f"not acceptable; this document is available as {offers}".encode(), ""
            fmt = DOC_TYPES[media]
        iri = self.iri(kind, key)
        if fmt == "html":
            view = describe.describe(self.select, iri)
            if not view.exists:
                return 404, f"no resource {kind}/{key} in this graph".encode(), ""
            doc = f"/doc/{kind}/{key}"
            alternates = {
                "Turtle": doc + ".ttl",
                "JSON-LD": doc + ".jsonld",
                "N-Triples": doc + ".nt",
                "RDF/XML": doc + ".rdf",
            }
            body = html.resource_page(view, self.link, self.labels, alternates, root="/")
            return 200, body.encode("utf-8"), "text/html; charset=utf-8"
        answer = self._ask_worker(DOC_GRAPH, {"s": iri}, format=fmt)
        if not answer["count"]:
            return 404, f"no resource {kind}/{key} in this graph".encode(), ""
        return (
            200,
            answer["body"],
            CANONICAL_GRAPH_TYPE[fmt]
            + ("; charset=utf-8" if fmt in ("turtle", "ntriples") else ""),
        )

    # --- service description ----------------------------------------------------------------
    def service_description(self, accept: str | None, origin: str) -> tuple[bytes | None, str]:
        media = choose(
            accept,
            [
                "text/turtle",
                "application/rdf+xml",
                "application/n-triples",
                "application/ld+json",
                "text/html",  # last: only a client that prefers HTML (a browser) gets the page
            ],
        )
        if media is None:
            return None, "text/turtle, application/rdf+xml, application/n-triples, JSON-LD, HTML"
        if media == "text/html":
            from iackg.server.page import query_page

            page = query_page(self.queries(), {}, self.base)
            return page.encode("utf-8"), "text/html; charset=utf-8"
        limits = self.app.limits
        note = (
            f"Read-only. Time limit {limits.time_limit:g} s per query, at most "
            f"{limits.row_limit} rows or triples per answer (truncation is signalled by the "
            f"Iackg-Truncated header), queries up to {limits.max_query_bytes} bytes; "
            "SERVICE, LOAD and updates are refused."
        )
        g = description.service_description(f"{origin}/sparql", self.graph_sizes, note)
        fmt = {
            "text/turtle": "turtle",
            "application/rdf+xml": "xml",
            "application/n-triples": "nt",
            "application/ld+json": "json-ld",
        }[media]
        return g.serialize(format=fmt, encoding="utf-8"), media

    # --- pages and static files ---------------------------------------------------------------
    def static(self, path: str, query: str) -> tuple[int, bytes, str]:
        if path in ("/", "/query.html"):
            from iackg.server.page import query_page

            body = query_page(self.queries(), parse_qs(query), self.base)
            return 200, body.encode("utf-8"), "text/html; charset=utf-8"
        if path == "/index.html":
            from iackg.server.page import index_page

            return 200, index_page(self, self.labels).encode("utf-8"), "text/html; charset=utf-8"
        if path == "/queries.json":
            data = [q.as_json() for q in self.queries()]
            return 200, json.dumps(data, ensure_ascii=False).encode(), "application/json"
        if path == "/ontology.html":
            from iackg.publish.ontology_docs import ontology_page

            return 200, ontology_page(self.select).encode("utf-8"), "text/html; charset=utf-8"
        if (found := static_file(path)) is not None:
            return 200, found[0], found[1]
        return 404, f"not found: {path}".encode(), ""

    def queries(self) -> list[library.LibraryQuery]:
        return library.library(self.query_dir)
