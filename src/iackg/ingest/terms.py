"""pyoxigraph terms for the loader's hot path (rdflib terms cost too much per triple).

Triples are plain tuples `(subject, predicate, object)` of pyoxigraph terms; `to_rdflib` turns
them into rdflib terms where an rdflib Graph is wanted.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from pyoxigraph import Literal, NamedNode
from rdflib import RDF, RDFS, SKOS, XSD
from rdflib import Literal as RLiteral
from rdflib import URIRef as RURIRef

from iackg.vocab import IAC, PROV

Triple = tuple  # (NamedNode, NamedNode, NamedNode | Literal)


@cache
def iac(name: str) -> NamedNode:
    return NamedNode(str(getattr(IAC, name)))  # the closed IAC list rejects unknown terms


def node(iri) -> NamedNode:
    return NamedNode(str(iri))


A = NamedNode(str(RDF.type))
LABEL = NamedNode(str(RDFS.label))
NOTE = NamedNode(str(SKOS.note))
DERIVED = NamedNode(str(PROV.wasDerivedFrom))
GENERATED_AT = NamedNode(str(PROV.generatedAtTime))
PROV_ENTITY = NamedNode(str(PROV.Entity))
XSD_DATE = NamedNode(str(XSD.date))
XSD_DATETIME = NamedNode(str(XSD.dateTime))
XSD_INTEGER = NamedNode(str(XSD.integer))
XSD_BOOLEAN = NamedNode(str(XSD.boolean))
TRUE = Literal("true", datatype=XSD_BOOLEAN)
FALSE = Literal("false", datatype=XSD_BOOLEAN)


def ja(text: str) -> Literal:
    return Literal(text, language="ja")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def string(text: str) -> Literal:
    return Literal(text)


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD_DATE)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def boolean(value: bool) -> Literal:
    return TRUE if value else FALSE


_RDFLIB: dict = {}
_XSD_STRING = str(XSD.string)


def to_rdflib(term):
    """One pyoxigraph term as the equal rdflib term (memoised: IRIs and dates repeat a lot)."""
    key = (
        type(term),
        term.value,
        getattr(term, "language", None),
        getattr(getattr(term, "datatype", None), "value", None),
    )
    found = _RDFLIB.get(key)
    if found is not None:
        return found
    if isinstance(term, NamedNode):
        found = RURIRef(term.value)
    elif term.language:
        found = RLiteral(term.value, lang=term.language)
    elif term.datatype.value == _XSD_STRING:
        found = RLiteral(term.value)
    else:
        found = RLiteral(term.value, datatype=RURIRef(term.datatype.value))
    if len(_RDFLIB) > 200_000:
        _RDFLIB.clear()
    _RDFLIB[key] = found
    return found
