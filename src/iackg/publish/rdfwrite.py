"""Small, deterministic RDF writers: N-Triples/N-Quads lines, Turtle, JSON-LD with a context.

rdflib's serialisers follow hash order in places, so the same data could give different bytes
from one run to the next; these writers sort everything, so the same data gives the same files.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from iackg.vocab import IAC_NS

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREFIXES = {
    "iac": IAC_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "wd": "http://www.wikidata.org/entity/",
}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_BNODE_SAFE = re.compile(r"[^A-Za-z0-9]")

Triple = tuple[Node, Node, Node]


def _quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def nt_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "_:b" + _BNODE_SAFE.sub("", str(term))
    if isinstance(term, Literal):
        if term.language:
            return f"{_quote(str(term))}@{term.language}"
        if term.datatype and str(term.datatype) != XSD + "string":
            return f"{_quote(str(term))}^^<{term.datatype}>"
        return _quote(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sort_key(term: Node) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    return (kind, nt_term(term))


def ntriples(triples: Iterable[Triple]) -> str:
    lines = sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples})
    return "".join(lines)


def nquads(quads: Iterable[tuple[Node, Node, Node, Node]]) -> str:
    lines = sorted(
        {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {nt_term(g)} .\n" for s, p, o, g in quads}
    )
    return "".join(lines)


def _curie(iri: str, used: set[str]) -> str | None:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            used.add(prefix)
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def _ttl_term(term: Node, used: set[str]) -> str:
    if isinstance(term, URIRef):
        return _curie(str(term), used) or f"<{term}>"
    if isinstance(term, Literal) and term.datatype and not term.language:
        dt = str(term.datatype)
        if dt == XSD + "string":
            return _quote(str(term))
        return f"{_quote(str(term))}^^{_curie(dt, used) or f'<{dt}>'}"
    return nt_term(term)


def turtle(triples: Iterable[Triple], base_comment: str | None = None) -> str:
    """Turtle grouped by subject; subjects, predicates (rdf:type first) and objects sorted."""
    by_subject: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    used: set[str] = set()
    blocks = []
    for s in sorted(by_subject, key=sort_key):
        preds = sorted(by_subject[s], key=lambda p: (p != RDF_TYPE, sort_key(p)))
        lines = []
        for p in preds:
            objects = ", ".join(_ttl_term(o, used) for o in sorted(by_subject[s][p], key=sort_key))
            name = "a" if p == RDF_TYPE else _ttl_term(p, used)
            lines.append(f"    {name} {objects}")
        blocks.append(_ttl_term(s, used) + "\n" + " ;\n".join(lines) + " .\n")
    head = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
    comment = f"# {base_comment}\n" if base_comment else ""
    return comment + head + ("\n" if head else "") + "\n".join(blocks)


# --- JSON-LD -----------------------------------------------------------------------------
def context() -> dict:
    """The published JSON-LD context: the prefixes, nothing else (terms stay unambiguous)."""
    return {"@context": {**dict(sorted(PREFIXES.items())), "@version": 1.1}}


def _jsonld_value(term: Node):
    if isinstance(term, URIRef):
        return {"@id": _curie(str(term), set()) or str(term)}
    if isinstance(term, BNode):
        return {"@id": nt_term(term)}
    assert isinstance(term, Literal), term
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype and str(term.datatype) != XSD + "string":
        datatype = str(term.datatype)
        return {"@value": str(term), "@type": _curie(datatype, set()) or datatype}
    return str(term)


def jsonld(triples: Iterable[Triple], context_url: str) -> str:
    """A JSON-LD document: {"@context": URL, "@graph": [node objects sorted by @id]}."""
    nodes: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in set(triples):
        nodes[s][str(p)].append(o)
    graph = []
    for s in sorted(nodes, key=sort_key):
        node: dict = {"@id": _jsonld_value(s)["@id"]}
        props = nodes[s]
        if str(RDF_TYPE) in props:
            types = sorted(props.pop(str(RDF_TYPE)), key=sort_key)
            node["@type"] = [_jsonld_value(t)["@id"] for t in types]
        for prop in sorted(props):
            key = _curie(prop, set()) or prop
            node[key] = [_jsonld_value(o) for o in sorted(props[prop], key=sort_key)]
        graph.append(node)
    doc = {"@context": context_url, "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
