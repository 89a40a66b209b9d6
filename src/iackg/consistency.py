"""Consistency of a graph under the OWL 2 RL rules, checked over the owlrl closure.

owlrl computes the closure but does not tell a caller that the graph is inconsistent (it only
adds its own error triples), so the checks are written here over the closure itself: no
individual is an instance of two disjoint classes, nothing is an instance of owl:Nothing, no two
individuals are both the same and different. owlrl's own error messages are reported too.

owlrl is the reference reasoner and is fine at ontology-plus-reference size (a few thousand
triples); it is far too slow for whole data sets (docs/decisions.md, "Reasoning: TBox closure
in Python, ABox rules inside the store").
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from rdflib import OWL, RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@dataclass(frozen=True)
class Inconsistency:
    """One reason the graph is inconsistent: which rule, which node, and a readable message."""

    rule: str  # "disjoint-classes", "nothing", "same-and-different", "owlrl"
    node: str
    message: str


def owl_rl_closure(graph: Graph) -> Graph:
    """A copy of `graph` with its OWL 2 RL closure added (owlrl, no axiomatic triples)."""
    import owlrl

    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closure)
    return closure


def disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    """Every pair of classes declared disjoint, by owl:disjointWith or owl:AllDisjointClasses."""
    pairs: set[frozenset[Node]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        if a != b:
            pairs.add(frozenset((a, b)))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in graph.objects(axiom, OWL.members):
            for a, b in combinations(list(Collection(graph, members)), 2):
                if a != b:
                    pairs.add(frozenset((a, b)))
    return pairs


def inconsistencies(closure: Graph) -> list[Inconsistency]:
    """What makes a closed graph inconsistent (empty when it is consistent)."""
    found: list[Inconsistency] = []
    for node in sorted(closure.subjects(RDF.type, OWL.Nothing), key=str):
        found.append(Inconsistency("nothing", str(node), f"{node} is an instance of owl:Nothing"))
    for pair in sorted(disjoint_pairs(closure), key=lambda p: sorted(map(str, p))):
        a, b = sorted(pair, key=str)
        both = set(closure.subjects(RDF.type, a)) & set(closure.subjects(RDF.type, b))
        for node in sorted(both, key=str):
            found.append(
                Inconsistency(
                    "disjoint-classes",
                    str(node),
                    f"{node} is an instance of the disjoint classes {a} and {b}",
                )
            )
    for x, y in closure.subject_objects(OWL.differentFrom):
        if x == y or (x, OWL.sameAs, y) in closure:
            found.append(
                Inconsistency(
                    "same-and-different", str(x), f"{x} is both the same as and different from {y}"
                )
            )
    for error in closure.subjects(RDF.type, OWLRL_ERRORS.ErrorMessage):
        for text in closure.objects(error, OWLRL_ERRORS.error):
            found.append(Inconsistency("owlrl", "", str(text)))
    return found


def check_consistency(graph: Graph) -> list[Inconsistency]:
    """Close `graph` under OWL 2 RL and return what makes it inconsistent."""
    return inconsistencies(owl_rl_closure(graph))
