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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

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
