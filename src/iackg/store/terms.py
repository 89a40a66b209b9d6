"""Conversions between rdflib terms (what iackg's code uses) and Oxigraph terms / N-Triples."""

from __future__ import annotations

from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@overload
def to_rdflib(term: None) -> None: ...
@overload
def to_rdflib(term: OxTerm) -> Node: ...
def to_rdflib(term: OxTerm | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def memo_to_rdflib():
    """`to_rdflib` that converts each distinct term once: result rows repeat the same IRIs,
    dates and numbers a lot, and rdflib parses a typed literal's value on creation. Oxigraph
    terms are keys (equal when their text, language and datatype are), so the look-up reads
    no value into Python."""
    memo: dict[OxTerm | None, Node | None] = {None: None}

    def convert(term: OxTerm | None) -> Node | None:
        found = memo.get(term)
        if found is None and term is not None:
            found = memo[term] = to_rdflib(term)
        return found

    return convert


def to_oxigraph(term: Node) -> OxTerm:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def to_quad(subject, predicate, object_, graph: ox.NamedNode | ox.DefaultGraph) -> ox.Quad:
    """A quad from a triple of rdflib or Oxigraph terms; a literal subject or a predicate that is
    not an IRI is a TypeError (not RDF)."""
    s, p = as_oxigraph(subject), as_oxigraph(predicate)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not an RDF triple: {subject!r} {predicate!r} {object_!r}")
    return ox.Quad(s, p, as_oxigraph(object_), graph)


def as_oxigraph(term) -> OxTerm:
    """Accept either kind of term (loader fast paths hand over Oxigraph terms directly)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    return to_oxigraph(term)


def ntriples_term(term) -> str:
    """A term in N-Triples syntax (Oxigraph escapes it correctly), e.g. for INSERT DATA / VALUES."""
    return str(as_oxigraph(term))


def from_sparql_json(binding: dict | None) -> Node | None:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype == XSD_STRING:
            datatype = None
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"unknown SPARQL JSON term type {kind!r}")
