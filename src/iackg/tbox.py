"""The ontology's schema (TBox), closed in Python, and the per-triple templates it entails.

The ontology is small (hundreds of axioms), so everything it entails about one asserted triple
is worked out here once, by forward chaining the OWL 2 RL rules for the constructs the ontology
uses on a *seed*: a symbolic individual `X` (and `Y`) carrying one class, one property edge, or
one `owl:hasValue` edge. The result is a list of templates ("whenever `?x a C` holds, `?x a D`
and `?x p v` hold too"), which `iackg.reasoning` runs over the data inside the store.

Rules covered (names from the OWL 2 RL profile): cax-sco, cax-eqc1/2, scm-sco/eqc/spo/eqp,
prp-spo1, prp-eqp1/2, prp-inv1/2, prp-symp, prp-dom, prp-rng, cls-hv1, cls-hv2, and prp-trp (in
`iackg.reasoning`, by iterating to a fixpoint). Left out on purpose, as noise or as not used by
the ontology: owl:sameAs, axiomatic triples, literal subjects, and types that are blank nodes
(the anonymous restriction classes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

X = BNode("iackg-seed-x")
Y = BNode("iackg-seed-y")
NOISE_CLASSES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}


def _closure(edges: dict[Node, set[Node]]) -> dict[Node, set[Node]]:
    """Reflexive-transitive closure of a small relation."""
    result: dict[Node, set[Node]] = {}
    for start in list(edges):
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        result[start] = seen
    return result


@dataclass
class TBox:
    superclasses: dict[Node, set[Node]] = field(default_factory=dict)
    superproperties: dict[Node, set[Node]] = field(default_factory=dict)
    inverses: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    has_value: dict[Node, tuple[Node, Node]] = field(default_factory=dict)  # restriction -> (p, v)
    symmetric: set[Node] = field(default_factory=set)
    transitive: set[Node] = field(default_factory=set)

    @classmethod
    def from_graph(cls, ontology: Graph) -> TBox:
        tbox = cls()
        sub_c: dict[Node, set[Node]] = defaultdict(set)
        sub_p: dict[Node, set[Node]] = defaultdict(set)
        for c, d in ontology.subject_objects(RDFS.subClassOf):
            sub_c[c].add(d)
        for c, d in ontology.subject_objects(OWL.equivalentClass):
            sub_c[c].add(d)
            sub_c[d].add(c)
        for p, q in ontology.subject_objects(RDFS.subPropertyOf):
            sub_p[p].add(q)
        for p, q in ontology.subject_objects(OWL.equivalentProperty):
            sub_p[p].add(q)
            sub_p[q].add(p)
        for p, q in ontology.subject_objects(OWL.inverseOf):
            tbox.inverses[p].add(q)
            tbox.inverses[q].add(p)
        for p, c in ontology.subject_objects(RDFS.domain):
            tbox.domains[p].add(c)
        for p, c in ontology.subject_objects(RDFS.range):
            tbox.ranges[p].add(c)
        for r, v in ontology.subject_objects(OWL.hasValue):
            on_property = ontology.value(r, OWL.onProperty)
            if on_property is not None:
                tbox.has_value[r] = (on_property, v)
        tbox.symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
        tbox.transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
        tbox.superclasses = _closure(sub_c)
        tbox.superproperties = _closure(sub_p)
        return tbox

    # --- what the schema itself entails (class and property hierarchy) ------------------
    def hierarchy(self) -> set[tuple[Node, Node, Node]]:
        triples: set[tuple[Node, Node, Node]] = set()
        for relation, closed in (
            (RDFS.subClassOf, self.superclasses),
            (RDFS.subPropertyOf, self.superproperties),
        ):
            for a, supers in closed.items():
                for b in supers:
                    named = isinstance(a, URIRef) and isinstance(b, URIRef)
                    if a != b and named and b not in NOISE_CLASSES:
                        triples.add((a, relation, b))
        return triples

    # --- forward chaining on one seed ---------------------------------------------------
    def entailed(self, seed: tuple[Node, Node, Node]) -> set[tuple[Node, Node, Node]]:
        facts = {seed}
        todo = [seed]
        hv_by_edge = defaultdict(set)
        for r, (p, v) in self.has_value.items():
            hv_by_edge[(p, v)].add(r)

        def add(triple):
            if triple not in facts:
                facts.add(triple)
                todo.append(triple)

        while todo:
            s, p, o = todo.pop()
            if p == RDF.type:
                for d in self.superclasses.get(o, {o}):
                    add((s, RDF.type, d))
                if o in self.has_value:
                    q, v = self.has_value[o]
                    add((s, q, v))
                continue
            for q in self.superproperties.get(p, {p}):
                add((s, q, o))
            for q in self.inverses.get(p, ()):
                add((o, q, s))
            if p in self.symmetric:
                add((o, p, s))
            for c in self.domains.get(p, ()):
                add((s, RDF.type, c))
            if not isinstance(o, Literal):
                for c in self.ranges.get(p, ()):
                    add((o, RDF.type, c))
            for r in hv_by_edge.get((p, o), ()):
                add((s, RDF.type, r))
        return {t for t in facts - {seed} if _useful(t)}

    def properties(self) -> set[Node]:
        named = set(self.superproperties) | set(self.inverses) | set(self.domains)
        named |= set(self.ranges) | self.symmetric | self.transitive
        named |= {p for p, _ in self.has_value.values()}
        return {p for p in named if isinstance(p, URIRef)}

    def classes(self) -> set[Node]:
        named = set(self.superclasses) | set(self.has_value)
        return {c for c in named if isinstance(c, URIRef)}


def _useful(triple) -> bool:
    s, p, o = triple
    if isinstance(s, Literal) or p == OWL.sameAs:
        return False
    if p == RDF.type and (o in NOISE_CLASSES or (isinstance(o, BNode) and o not in (X, Y))):
        return False
    return not (isinstance(o, BNode) and o not in (X, Y)) and not (
        isinstance(s, BNode) and s not in (X, Y)
    )


@dataclass(frozen=True)
class Trigger:
    """What a template waits for: `?x a C`, `?x P ?y`, or `?x P v` (v a constant)."""

    kind: str  # "type" | "edge" | "value"
    term: Node  # C or P
    value: Node | None = None


def templates(tbox: TBox) -> dict[Trigger, set[tuple[Node, Node, Node]]]:
    """Every trigger with the triples it entails (X, Y stand for the matched nodes)."""
    result: dict[Trigger, set] = {}
    for c in tbox.classes():
        result[Trigger("type", c)] = tbox.entailed((X, RDF.type, c))
    for p in tbox.properties():
        result[Trigger("edge", p)] = tbox.entailed((X, p, Y))
    for p, v in tbox.has_value.values():
        if isinstance(p, URIRef) and not isinstance(v, BNode):
            generic = result.get(Trigger("edge", p)) or tbox.entailed((X, p, Y))
            specific = tbox.entailed((X, p, v)) - {_swap_y(t, v) for t in generic}
            result[Trigger("value", p, v)] = specific
    return {t: triples for t, triples in result.items() if triples}


def _swap_y(triple, value):
    return tuple(value if term == Y else term for term in triple)
