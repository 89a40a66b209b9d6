"""Materialise what the ontology entails into the `{base}/graph/inferred` graph.

How (docs/decisions.md, "Reasoning"): the ontology's TBox is closed in Python (`iackg.tbox`),
which turns it into templates per trigger (`?x a C`, `?x P ?y`, `?x P v`). What one asserted
triple entails then depends on that triple alone, so `Entailer.closure` reasons over all the
data in one pass, binding each template to the whole group of triples it waits for; the
transitive properties (`iac:within`) are closed over their edges and the templates re-applied
to new edges, until nothing new appears. A build runs it on the loader's triples while Oxigraph
loads and validates them; `reason()` runs it on a store's graphs. The inferred graph holds only
what is entailed and not already asserted, and none of owlrl's noise (reflexive owl:sameAs,
literal subjects, axiomatic triples, anonymous classes).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from iackg.iris import Minter
from iackg.store import EmbeddedStore, Store
from iackg.store.terms import as_oxigraph, to_oxigraph
from iackg.tbox import TBox, X, Y, templates


@dataclass
class ReasoningResult:
    inferred: int  # triples written to the inferred graph
    rounds: int  # transitive-closure rounds
    seconds: float
    graph: URIRef


class Entailer:
    """What the ontology entails from single asserted triples, in Oxigraph terms.

    The TBox is closed once (`iackg.tbox`); `entailed(s, p, o)` then looks the triple's templates
    up by predicate (and by class for `rdf:type`) and binds them, so the whole data set is
    reasoned in one pass over its quads (`closure`) without querying a store. The transitive
    properties (`iac:within`) are the only rule that joins two triples; `closure` iterates them
    to a fixpoint.
    """

    def __init__(self, ontology: Graph):
        tbox = TBox.from_graph(ontology)
        self.types: dict = defaultdict(list)
        self.edges: dict = defaultdict(list)
        self.values: dict = defaultdict(list)
        for trigger, triples in templates(tbox).items():
            bound = [tuple(t if t in (X, Y) else to_oxigraph(t) for t in tr) for tr in triples]
            term = to_oxigraph(trigger.term)
            if trigger.kind == "type":
                self.types[term].extend(bound)
            elif trigger.kind == "edge" or trigger.value is None:
                self.edges[term].extend(bound)
            else:
                self.values[(term, to_oxigraph(trigger.value))].extend(bound)
        self.transitive = {to_oxigraph(p) for p in tbox.transitive if isinstance(p, URIRef)}
        self.schema = {tuple(to_oxigraph(t) for t in triple) for triple in tbox.hierarchy()}
        rules = [*self.types.values(), *self.edges.values(), *self.values.values()]
        self.predicates = {t[1] for group in rules for t in group} - {_TYPE}
        self.predicates |= {t[1] for t in self.schema} | self.transitive

    def entailed(self, s, p, o) -> Iterator[tuple]:
        """The triples that `(s, p, o)` entails on its own (may include asserted ones)."""
        if p == _TYPE:
            rules = self.types.get(o, ())
        else:
            rules = self.edges.get(p, ())
            specific = self.values.get((p, o))
            if specific:
                rules = [*rules, *specific]
        for template in rules:
            bound = tuple(s if t is X else o if t is Y else t for t in template)
            if not isinstance(bound[0], ox.Literal):
                yield bound

    def closure(self, triples: Iterable[tuple]) -> tuple[set[tuple], int]:
        """Every triple entailed by `triples` and not among them, and the number of rounds the
        transitive properties took. `triples` is iterated once.

        The triples are first grouped by trigger (the subjects of each class, the pairs of each
        property), so that each template is bound to a whole group at once; entailed types,
        most of what the domains and ranges give, are gathered as sets of members per class."""
        asserted: set[tuple] = set()  # only those with a predicate that can be entailed
        subjects: dict = defaultdict(list)
        pairs: dict = defaultdict(list)
        wanted = set(self.edges) | {p for p, _ in self.values} | self.transitive
        entailable = self.predicates
        for triple in triples:
            s, p, o = triple
            if p == _TYPE:
                subjects[o].append(s)
            elif p in wanted:
                pairs[p].append((s, o))
            if p in entailable:
                asserted.add(triple)
        members: dict = defaultdict(set)  # class -> entailed members
        found: set[tuple] = set(self.schema)
        for cls, xs in subjects.items():
            for template in self.types.get(cls, ()):
                _bind(found, members, template, xs, None)
        for p, edges in pairs.items():
            xs, ys = [s for s, _ in edges], [o for _, o in edges]
            for template in self.edges.get(p, ()):
                _bind(found, members, template, xs, ys)
        for (p, v), rules in self.values.items():
            hits = [s for s, o in pairs.get(p, ()) if o == v]
            for template in rules:
                _bind(found, members, template, hits, [v] * len(hits))
        rounds = 0
        known = {p: set(pairs.get(p, ())) for p in self.transitive}
        while known:
            rounds += 1
            new: list[tuple] = []
            for p, edges in known.items():
                edges.update((s, o) for s, q, o in found if q == p)
                new.extend((s, p, o) for s, o in _transitive_closure(edges) - edges)
            if not new:
                break
            for s, p, o in new:
                known[p].add((s, o))
                found.add((s, p, o))
                found.update(self.entailed(s, p, o))
        for cls, xs in members.items():
            xs.difference_update(subjects.get(cls, ()))
            found.update((x, _TYPE, cls) for x in xs)
        found.difference_update((s, _TYPE, c) for c, xs in subjects.items() for s in xs)
        return found - asserted, rounds


def _bind(found: set, members: dict, template: tuple, xs: list, ys: list | None) -> None:
    """Add `template` bound to each (x, y) of the columns `xs`, `ys`; an entailed type goes to
    `members` of its class. A triple whose subject would be a literal is not RDF: left out."""
    a, b, c = template
    if not xs:
        return
    variables = (X, Y)
    if a not in variables and c not in variables:
        found.add(template)
        return
    count = len(xs)
    column = {X: xs, Y: ys or []}
    subjects = column[a] if a in variables else [a] * count
    if a is Y:
        subjects = [s for s in subjects if not isinstance(s, ox.Literal)]
    if b == _TYPE and c not in variables:
        members[c].update(subjects)
        return
    objects = column[c] if c in variables else [c] * count
    if a is Y:
        found.update(
            (s, b, o)
            for s, o in zip(column[a], objects, strict=True)
            if not isinstance(s, ox.Literal)
        )
    else:
        found.update(zip(subjects, [b] * count, objects, strict=True))


_TYPE = ox.NamedNode(str(RDF.type))


def _transitive_closure(edges: set[tuple]) -> set[tuple]:
    successors = defaultdict(set)
    for s, o in edges:
        successors[s].add(o)
    closed: set[tuple] = set()
    for start in list(successors):
        seen, todo = set(), list(successors[start])
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            todo.extend(successors.get(node, ()))
        closed.update((start, o) for o in seen if o != start)
    return closed


def reason(
    store: Store,
    *,
    minter: Minter | None = None,
    ontology: Graph | None = None,
    progress: Callable[[str], None] | None = None,
) -> ReasoningResult:
    """Replace the inferred graph with what the ontology entails from every other graph."""
    started = time.perf_counter()
    minter = minter or Minter()
    inferred = minter.graph("inferred")
    names = store.graph_names()
    asserted = [g for g in names if g != inferred] if inferred in names else None
    if ontology is None:
        ontology = store.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graphs=[minter.graph("ontology")]
        )
    asserted_triples = store.construct_triples(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graphs=asserted
    )
    entailer = Entailer(ontology)
    triples, rounds = entailer.closure(tuple(map(as_oxigraph, t)) for t in asserted_triples)
    if progress:
        progress(f"{len(triples)} entailed triples, {rounds} transitive round(s)")
    if isinstance(store, EmbeddedStore) and asserted is None:
        store.add_triples(inferred, triples, bulk=len(triples) > 100_000)
    else:
        store.replace_graph(inferred, triples)
    return ReasoningResult(len(triples), rounds, time.perf_counter() - started, inferred)


__all__ = ["Entailer", "ReasoningResult", "reason"]
