"""The shapes graph, the ontology graph and the index from any shape to its rule.

Each rule is one top-level `sh:NodeShape` under `iacsh:`; its IRI is the rule id. Its property
shapes and SPARQL constraints report under it. Messages come from the most specific node that
has `sh:message` (the SPARQL constraint, else the source shape, else the rule), so that every
engine gives the same words for the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from iackg import paths
from iackg.errors import ResourceNotFound, UsageError
from iackg.vocab import IACSH_NS

PREFIXES = {
    "iac": "https://w3id.org/iackg/ontology#",
    "iacsh": IACSH_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}


def compact(iri: str) -> str:
    """`iac:category` for a known namespace, else `<iri>`."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def parse_rdf_files(files: list[Path], what: str) -> Graph:
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise ResourceNotFound(f"cannot read the {what} file {path}: {exc}") from exc
    return graph


@cache
def bundled_shapes() -> Graph:
    """The shapes shipped with iackg (`shapes/*.ttl`)."""
    return parse_rdf_files(paths.shape_files(), "shapes")


@cache
def bundled_ontology() -> Graph:
    """The ontology shipped with iackg (`ontology/*.ttl`); a missing ontology is an error."""
    return parse_rdf_files(paths.ontology_files(), "ontology")


def path_text(graph: Graph, node: Node) -> str:
    """A SHACL property path as SPARQL property-path text with compact IRIs."""
    if isinstance(node, URIRef):
        return compact(str(node))
    first = graph.value(node, RDF.first)
    if first is not None:
        items = [path_text(graph, item) for item in graph.items(node)]
        return "(" + "/".join(items) + ")"
    for predicate, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return fmt.format(path_text(graph, inner))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, i) for i in graph.items(alternatives)) + ")"
    raise UsageError(f"not a SHACL property path: {node!r}")


def path_predicates(graph: Graph, node: Node) -> list[URIRef]:
    """The predicates a path walks through, in order (for finding a table column)."""
    if isinstance(node, URIRef):
        return [node]
    if graph.value(node, RDF.first) is not None:
        return [p for item in graph.items(node) for p in path_predicates(graph, item)]
    for predicate in (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
        inner = graph.value(node, predicate)
        if inner is not None:
            return path_predicates(graph, inner)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return [p for i in graph.items(alternatives) for p in path_predicates(graph, i)]
    return []


def _messages(graph: Graph, node: Node | None) -> tuple[str, str] | None:
    if node is None:
        return None
    found = {m.language: str(m) for m in graph.objects(node, SH.message) if isinstance(m, Literal)}
    if not found:
        return None
    fallback = next(iter(found.values()))
    return found.get("ja", fallback), found.get("en", fallback)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    iri: URIRef
    label_ja: str
    label_en: str
    description_ja: str
    description_en: str


class RuleIndex:
    """Maps every shape and SPARQL constraint of a shapes graph to its rule."""

    def __init__(self, shapes: Graph):
        self.shapes = shapes
        self.rules: dict[URIRef, Rule] = {}
        self._owner: dict[Node, URIRef] = {}
        for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            if not isinstance(shape, URIRef) or self._is_nested(shape):
                continue
            self.rules[shape] = self._rule(shape)
            self._owner[shape] = shape
            for part in shapes.objects(shape, SH.property):
                self._owner[part] = shape
            for part in shapes.objects(shape, SH.sparql):
                self._owner[part] = shape

    def _is_nested(self, shape: Node) -> bool:
        return any(True for _ in self.shapes.subjects(RDF.first, shape)) or any(
            True for _ in self.shapes.subjects(SH.property, shape)
        )

    def _rule(self, shape: URIRef) -> Rule:
        def text(predicate, lang):
            for value in self.shapes.objects(shape, predicate):
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
            return ""

        iri = str(shape)
        rule_id = iri[len(IACSH_NS) :] if iri.startswith(IACSH_NS) else iri
        return Rule(
            rule_id,
            shape,
            text(RDFS.label, "ja"),
            text(RDFS.label, "en"),
            text(RDFS.comment, "ja"),
            text(RDFS.comment, "en"),
        )

    def rule_of(self, shape: Node) -> Rule | None:
        owner = self._owner.get(shape)
        return self.rules.get(owner) if owner is not None else None

    def rule_id(self, shape: Node) -> str:
        rule = self.rule_of(shape)
        return rule.rule_id if rule else str(shape)

    def messages(self, shape: Node, constraint: Node | None = None) -> tuple[str, str]:
        for node in (constraint, shape, self._owner.get(shape)):
            found = _messages(self.shapes, node)
            if found:
                return found
        rule = self.rule_of(shape)
        if rule:
            return rule.description_ja, rule.description_en
        return str(shape), str(shape)

    def severity(self, shape: Node) -> URIRef:
        severity = self.shapes.value(shape, SH.severity)
        return severity if isinstance(severity, URIRef) else SH.Violation
