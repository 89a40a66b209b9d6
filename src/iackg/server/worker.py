"""A query worker: a separate process that owns a read-only view of the store.

The HTTP process sends one request at a time over a pipe and kills the whole process when a query
runs past its time limit (Oxigraph cannot interrupt a running query; a process can be killed).
This is the one module besides `iackg.store` that imports pyoxigraph: it serialises results
with Oxigraph's own writers for speed.
"""

from __future__ import annotations

import traceback

import pyoxigraph as ox

from iackg.server import safety
from iackg.server.negotiation import (
    CANONICAL_GRAPH_TYPE,
    CANONICAL_RESULT_TYPE,
    GRAPH_TYPES,
    RESULT_TYPES,
    choose,
)
from iackg.server.writers import (
    mark_truncated_graph,
    truncation_headers,
    write_boolean,
    write_solutions,
)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
PREFIXES = {
    "iac": "https://w3id.org/iackg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def open_readonly(location: str | None, nquads: str | None) -> ox.Store:
    if location:
        return ox.Store.read_only(location)
    store = ox.Store()
    if nquads:
        store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    return store


# --- terms ------------------------------------------------------------------------------
def encode_term(term) -> tuple | None:
    """A picklable form of a term, turned back into rdflib terms by the HTTP process."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    return ("literal", str(term), None, XSD_STRING)


def decode_term(data: tuple):
    kind = data[0]
    if kind == "uri":
        return ox.NamedNode(data[1])
    if kind == "bnode":
        return ox.BlankNode(data[1])
    if data[2]:
        return ox.Literal(data[1], language=data[2])
    return ox.Literal(data[1], datatype=ox.NamedNode(data[3]))


def write_graph(triples: list, fmt: str) -> bytes:
    prefixes = PREFIXES if fmt == "turtle" else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes) or b""


# --- requests ---------------------------------------------------------------------------
def _dataset_options(request: dict) -> dict:
    default = request.get("default_graphs") or []
    named = request.get("named_graphs") or []
    if not default and not named:
        return {"use_default_graph_as_union": True}
    options: dict = {"default_graph": [ox.NamedNode(g) for g in default]}
    if named:
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    return options


def _limited(iterator, limit: int) -> tuple[list, bool]:
    items = []
    for item in iterator:
        if len(items) == limit:
            return items, True
        items.append(item)
    return items, False


def answer_query(store: ox.Store, request: dict) -> dict:
    text, accept, limit = request["query"], request.get("accept"), request["row_limit"]
    safety.lexical_check(text)
    safety.structural_check(text)
    result = store.query(text, base_iri=request.get("base_iri"), **_dataset_options(request))
    headers = {"Iackg-Row-Limit": str(limit)}
    if isinstance(result, ox.QueryTriples):
        media = choose(accept, list(GRAPH_TYPES))
        if media is None:
            return _not_acceptable(list(CANONICAL_GRAPH_TYPE.values()))
        fmt = GRAPH_TYPES[media]
        triples, truncated = _limited(result, limit)
        body = mark_truncated_graph(write_graph(triples, fmt), fmt, truncated, limit)
        ctype = CANONICAL_GRAPH_TYPE[fmt]
    else:
        media = choose(accept, list(RESULT_TYPES))
        if media is None:
            return _not_acceptable(list(CANONICAL_RESULT_TYPE.values()))
        fmt = RESULT_TYPES[media]
        ctype = CANONICAL_RESULT_TYPE[fmt]
        truncated = False
        if isinstance(result, ox.QueryBoolean):
            body = write_boolean(bool(result), fmt)
        else:
            names = [v.value for v in result.variables]
            solutions, truncated = _limited(result, limit)
            rows = [[sol[n] for n in names] for sol in solutions]
            body = write_solutions(names, rows, fmt, truncated, limit)
    if truncated:
        headers.update(truncation_headers(limit))
    charset = "; charset=utf-8" if fmt in ("csv", "tsv", "turtle", "ntriples") else ""
    return {"status": 200, "type": ctype + charset, "body": body, "headers": headers}


def _not_acceptable(offers: list[str]) -> dict:
    message = "none of the accepted media types can be produced; available: " + ", ".join(offers)
    return {"status": 406, "message": message}


def answer_rows(store: ox.Store, request: dict) -> dict:
    subs = {ox.Variable(k): decode_term(v) for k, v in (request.get("bindings") or {}).items()}
    result = store.query(request["query"], substitutions=subs, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return {"status": 200, "boolean": bool(result)}
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
        fmt = request.get("format", "ntriples")
        return {"status": 200, "body": write_graph(triples, fmt), "count": len(triples)}
    names = [v.value for v in result.variables]
    rows = [[encode_term(sol[n]) for n in names] for sol in result]
    return {"status": 200, "vars": names, "rows": rows}


def handle(store: ox.Store, request: dict) -> dict:
    try:
        if request["op"] == "query":
            return answer_query(store, request)
        return answer_rows(store, request)
    except safety.Refused as exc:
        return {"status": 400, "message": f"refused: {exc}"}
    except SyntaxError as exc:
        return {"status": 400, "message": f"malformed SPARQL query: {exc}"}
    except OSError as exc:
        return {"status": 500, "message": f"query failed: {exc}"}
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {"status": 500, "message": f"internal error: {detail}"}


def serve(inbox, outbox, location: str | None, nquads: str | None) -> None:
    """The worker's loop: open the store, say ready, answer requests until the pipe closes."""
    try:
        store = open_readonly(location, nquads)
    except Exception as exc:
        outbox.send({"status": 500, "message": f"cannot open the store: {exc}"})
        return
    outbox.send({"status": 200, "ready": True})
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError):
            return
        outbox.send(handle(store, request))


def main(argv: list[str]) -> None:
    """`python -m iackg.server.worker (--store DIR | --nquads FILE)`: talk over stdin/stdout.

    The pipe protocol is `multiprocessing.connection` framing over fds 0 and 1; anything else
    printed goes to stderr so it cannot corrupt the protocol.
    """
    import os
    import sys
    from multiprocessing.connection import Connection

    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(out_fd, readable=False)
    option, value = argv[0], argv[1]
    serve(
        inbox,
        outbox,
        value if option == "--store" else None,
        value if option == "--nquads" else None,
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
