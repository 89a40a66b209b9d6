"""Materialise what the ontology entails into the `{base}/graph/inferred` graph.

How (docs/decisions.md, "Reasoning"): the ontology's TBox is closed in Python (`iackg.tbox`),
which turns it into templates per trigger (`?x a C`, `?x P ?y`, `?x P v`). The templates run as
a handful of CONSTRUCT queries with VALUES tables inside the store, so the data never passes
through a Python rule engine; the transitive properties (`iac:within`) are then closed in
Python over their edges and the templates re-applied to new edges, until nothing new appears.
The inferred graph holds only what is entailed and not already asserted, and none of owlrl's
noise (reflexive owl:sameAs, literal subjects, axiomatic triples, anonymous classes).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from iackg.iris import Minter
from iackg.store import EmbeddedStore, Store
from iackg.store.terms import ntriples_term, to_oxigraph
from iackg.tbox import TBox, Trigger, X, Y, templates


@dataclass
class ReasoningResult:
    inferred: int  # triples written to the inferred graph
    rounds: int  # transitive-closure rounds
    seconds: float
    graph: URIRef


def _role(term) -> str:
    return "X" if term == X else "Y" if term == Y else "K"


def rule_queries(rules: dict[Trigger, set]) -> list[str]:
    """One SELECT per (trigger kind, template shape), the rules as a VALUES table; each returns
    the entailed triples that are not asserted yet, without duplicates."""
    groups: dict[tuple, list] = defaultdict(list)
    for trigger, triples in rules.items():
        for s, p, o in triples:
            groups[(trigger.kind, _role(s), _role(o))].append((trigger, s, p, o))
    queries = []
    for (kind, rs, ro), rows in sorted(groups.items()):
        columns = ["?trig"] + (["?tval"] if kind == "value" else []) + ["?tp"]
        columns += (["?ks"] if rs == "K" else []) + (["?ko"] if ro == "K" else [])
        table = []
        for trigger, s, p, o in rows:
            cells = [trigger.term] + ([trigger.value] if kind == "value" else []) + [p]
            cells += ([s] if rs == "K" else []) + ([o] if ro == "K" else [])
            table.append("(" + " ".join(ntriples_term(c) for c in cells) + ")")
        pattern = {
            "type": "?x a ?trig .",
            "edge": "?x ?trig ?y .",
            "value": "?x ?trig ?tval .",
        }[kind]
        head_s = {"X": "?x", "Y": "?y", "K": "?ks"}[rs]
        head_o = {"X": "?x", "Y": "?y", "K": "?ko"}[ro]
        constant = rs == "K" and ro == "K"
        body = f"FILTER EXISTS {{ {pattern} }}" if constant else pattern
        guard = " FILTER(!isLiteral(?y))" if rs == "Y" else ""
        queries.append(
            f"SELECT DISTINCT {head_s} ?tp {head_o} WHERE {{\n"
            f"  VALUES ({' '.join(columns)}) {{\n    " + "\n    ".join(table) + "\n  }\n"
            f"  {body}{guard}\n"
            f"  FILTER NOT EXISTS {{ {head_s} ?tp {head_o} }}\n}}"
        )
    return queries


def infer(
    store: Store,
    ontology: Graph,
    graphs: Sequence[URIRef] | None,
    progress: Callable[[str], None] | None = None,
) -> tuple[set[tuple], int]:
    """Every triple the ontology entails from the asserted `graphs` (None: every graph, when
    there is no inferred graph yet) and is not asserted there."""
    tbox = TBox.from_graph(ontology)
    rules = templates(tbox)
    embedded = isinstance(store, EmbeddedStore)
    conv = to_oxigraph if embedded else (lambda t: t)
    found: set[tuple] = set()
    for query in rule_queries(rules):
        found.update(store.select_tuples(query, graphs=graphs))
    from_rules = set(found)
    found.update((conv(s), conv(p), conv(o)) for s, p, o in tbox.hierarchy())
    if progress:
        progress(f"{len(found)} candidate triples from {len(rules)} rules")

    rounds = 0
    local = _local_rules(rules, conv)
    transitive = [conv(p) for p in tbox.transitive if isinstance(p, URIRef)]
    known_edges: dict[object, set[tuple]] = {p: set() for p in transitive}
    for p in transitive:
        query = f"CONSTRUCT {{ ?s {ntriples_term(p)} ?o }} WHERE {{ ?s {ntriples_term(p)} ?o }}"
        known_edges[p].update((s, o) for s, _, o in store.construct_triples(query, graphs=graphs))
    while transitive:
        rounds += 1
        new_edges = []
        for p in transitive:
            known_edges[p].update((s, o) for s, q, o in found if q == p)
            for s, o in _transitive_closure(known_edges[p]) - known_edges[p]:
                new_edges.append((s, p, o))
        if not new_edges:
            break
        for s, p, o in new_edges:
            known_edges[p].add((s, o))
            found.add((s, p, o))
            found.update(_apply(local, s, p, o))
    extra = found - from_rules  # hierarchy and transitive triples: not yet checked
    return from_rules | _not_asserted(store, extra, graphs), rounds


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
            elif trigger.kind == "edge":
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
            new = []
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
    column = {X: xs, Y: ys}
    subjects = column[a] if a in variables else [a] * count
    if a is Y:
        subjects = [s for s in subjects if not isinstance(s, ox.Literal)]
    if b == _TYPE and c not in variables:
        members[c].update(subjects)
        return
    objects = column[c] if c in variables else [c] * count
    if a is Y:
        found.update(
            (s, b, o) for s, o in zip(column[a], objects, strict=True)
            if not isinstance(s, ox.Literal)
        )
    else:
        found.update(zip(subjects, [b] * count, objects, strict=True))


_TYPE = ox.NamedNode(str(RDF.type))


def _local_rules(rules: dict[Trigger, set], conv) -> dict[tuple, list[tuple]]:
    """The edge and value templates in the store's own term type, for re-application here."""
    local = {}
    for trigger, triples in rules.items():
        if trigger.kind == "type":
            continue
        value = None if trigger.value is None else conv(trigger.value)
        local[(conv(trigger.term), value)] = [
            tuple(t if t in (X, Y) else conv(t) for t in triple) for triple in triples
        ]
    return local


def _apply(local: dict[tuple, list[tuple]], s, p, o) -> Iterable[tuple]:
    for key in ((p, None), (p, o)):
        for triple in local.get(key, ()):
            bound = tuple(s if t is X else o if t is Y else t for t in triple)
            if not _is_literal(bound[0]):
                yield bound


def _is_literal(term) -> bool:
    import pyoxigraph as ox

    return isinstance(term, Literal | ox.Literal)


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


def _not_asserted(store: Store, found: set[tuple], graphs: Sequence[URIRef] | None) -> set:
    if isinstance(store, EmbeddedStore):
        import pyoxigraph as ox

        allowed = None if graphs is None else {ox.NamedNode(str(g)) for g in graphs}
        quads = store.oxigraph.quads_for_pattern
        return {
            t
            for t in found
            if not any(
                allowed is None or q.graph_name in allowed for q in quads(t[0], t[1], t[2], None)
            )
        }
    asserted: set[tuple] = set()
    triples = list(found)
    for start in range(0, len(triples), 400):
        chunk = triples[start : start + 400]
        values = " ".join("(" + " ".join(ntriples_term(x) for x in t) + ")" for t in chunk)
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} ?s ?p ?o }}"
        asserted.update((r["s"], r["p"], r["o"]) for r in store.select(query, graphs=graphs))
    return found - asserted


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
    triples, rounds = infer(store, ontology, asserted, progress)
    if isinstance(store, EmbeddedStore) and asserted is None:
        store.add_triples(inferred, triples, bulk=len(triples) > 100_000)
    else:
        store.replace_graph(inferred, triples)
    return ReasoningResult(len(triples), rounds, time.perf_counter() - started, inferred)


__all__ = ["RDF", "ReasoningResult", "infer", "reason", "rule_queries"]
