"""A query worker: a separate process that owns a read-only view of the store.

The HTTP process sends one request at a time over a pipe and kills the whole process when a query
runs past its time limit (Oxigraph cannot interrupt a running query; a process can be killed).
Before the store opens, the worker confines itself (`iackg.server.sandbox`): no network sockets,
and death with its parent. It serialises results itself, so the time limit covers serialisation,
and stops collecting an answer as soon as it outgrows the size limit.

Wire format both ways: a 4-byte big-endian length, then a pickled dict.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import struct
import sys
import uuid

import pyoxigraph as ox

from iackg.gcscope import no_cyclic_gc
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


def open_readonly(location: str | None, nquads: str | None, in_memory: bool = False) -> ox.Store:
    """The store a worker answers from: the folder's current generation read-only, or its quads
    copied into memory (`in_memory`: queries there are two to four times faster), or an
    N-Quads file loaded into memory."""
    if location and in_memory:
        store = ox.Store()
        store.extend(ox.Store.read_only(location).quads_for_pattern(None, None, None))
        return store  # extend, not a dump and load: blank nodes keep their labels
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
def _dataset_options(request: dict, names_dataset: bool) -> dict:
    """The union of all graphs is the default graph only when neither the protocol
    (default-graph-uri, named-graph-uri) nor the query (FROM, FROM NAMED) names a dataset."""
    default = request.get("default_graphs") or []
    named = request.get("named_graphs") or []
    if not default and not named:
        return {} if names_dataset else {"use_default_graph_as_union": True}
    options: dict = {"default_graph": [ox.NamedNode(g) for g in default]}
    if named:
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    return options


class AnswerTooLarge(Exception):
    """The answer outgrew the size limit while it was being collected."""


def _limited(iterator, limit: int, max_bytes: int) -> tuple[list, bool]:
    """At most `limit` items (triples, or solutions as lists of terms in the order of the
    variables), and whether there were more; AnswerTooLarge as soon as their terms, written,
    pass `max_bytes`."""
    items: list = []
    size = 0
    for item in iterator:
        if len(items) == limit:
            return items, True
        item = item if isinstance(item, ox.Triple) else list(item)  # one solution's values
        size += sum(len(str(term)) for term in item if term is not None)
        if size > max_bytes:
            raise AnswerTooLarge(
                f"the answer is larger than {max_bytes} bytes; ask for fewer rows or columns"
            )
        items.append(item)
    return items, False


def answer_query(store: ox.Store, request: dict) -> dict:
    text, accept, limit = request["query"], request.get("accept"), request["row_limit"]
    max_bytes = request["max_answer_bytes"]
    verdict = safety.check(text)
    options = _dataset_options(request, verdict.names_dataset)
    result = store.query(text, base_iri=request.get("base_iri"), **options)
    headers = {"Iackg-Row-Limit": str(limit)}
    if isinstance(result, ox.QueryTriples):
        media = choose(accept, list(GRAPH_TYPES))
        if media is None:
            return _not_acceptable(list(CANONICAL_GRAPH_TYPE.values()))
        fmt = GRAPH_TYPES[media]
        triples, truncated = _limited(result, limit, max_bytes)
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
            rows, truncated = _limited(result, limit, max_bytes)
            body = write_solutions(names, rows, fmt, truncated, limit)
    if len(body) > max_bytes:
        raise AnswerTooLarge(f"the answer is larger than {max_bytes} bytes; ask for less")
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
    """One request's answer; failures become a status and a message safe to show anyone."""
    try:
        with no_cyclic_gc():  # the rows of a large answer, no cycles (see iackg.gcscope)
            if request["op"] == "query":
                return answer_query(store, request)
            return answer_rows(store, request)
    except safety.Refused as exc:
        return {"status": 400, "message": f"refused: {exc}"}
    except AnswerTooLarge as exc:
        return {"status": 413, "message": str(exc)}
    except SyntaxError as exc:
        return {"status": 400, "message": f"malformed SPARQL query: {exc}"}
    except Exception:  # the text may name files or internals: log it, give the client an id
        incident = uuid.uuid4().hex[:12]
        logging.getLogger("iackg.server").exception("query failed (incident %s)", incident)
        return {"status": 500, "message": f"the query failed (incident {incident})"}


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = os.read(fd, remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(fd: int) -> dict | None:
    header = _read_exactly(fd, 4)
    if header is None:
        return None
    body = _read_exactly(fd, struct.unpack(">I", header)[0])
    return None if body is None else pickle.loads(body)


def send(fd: int, message: dict) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def main(argv: list[str]) -> None:
    """`python -m iackg.server.worker PARENT_PID (--store DIR | --nquads FILE) [--in-memory]
    [--unconfined]`.

    Requests arrive on fd 0, answers leave on fd 1; anything printed goes to stderr.
    """
    from iackg.server import sandbox

    out_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    parent, option, value = int(argv[0]), argv[1], argv[2]
    try:
        if "--unconfined" in argv:  # the operator chose it on a system without seccomp
            with contextlib.suppress(sandbox.SandboxUnavailable):
                sandbox.die_with_parent(parent)
        else:
            sandbox.die_with_parent(parent)
            sandbox.deny_network()
        store = open_readonly(
            value if option == "--store" else None,
            value if option == "--nquads" else None,
            in_memory="--in-memory" in argv,
        )
    except Exception as exc:
        send(out_fd, {"status": 500, "message": f"cannot start a query worker: {exc}"})
        return
    send(out_fd, {"status": 200, "ready": True})
    while (request := receive(0)) is not None:
        send(out_fd, handle(store, request))


if __name__ == "__main__":
    main(sys.argv[1:])
