"""The inferred graph after an update, re-derived only around what changed.

What one asserted triple entails depends on that triple alone (`iackg.reasoning.Entailer`),
except the transitive properties (`iac:within`), which are closed over their edges. So only
inferred triples about the nodes of the changed triples can change:

- `M`: the subjects of the changed triples and every node that reaches one of them through a
  transitive edge (its closure pairs run through a changed edge);
- `O`: the objects of the changed triples (an entailed type or inverse edge may have lost or
  gained its support there).

The region is every inferred triple whose subject is in M or O, or whose object is in M (not
a type). Its new content: what the asserted triples touching M entail, the transitive closure
from each node of M, and, for the old inferred triples of the region no longer found that way,
those that some asserted triple still entails (looked up by the pattern of each rule that can
give them). Triples that are asserted are left out, as a full build leaves them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import pyoxigraph as ox
from rdflib import Graph

from iackg.ingest.terms import A as _TYPE  # rdf:type
from iackg.reasoning import Entailer
from iackg.store.terms import to_rdflib
from iackg.tbox import X, Y


def ontology_of(store: ox.Store, graph: ox.NamedNode) -> Graph:
    """The ontology graph of a built store as an rdflib Graph (what the build reasoned with)."""
    ontology = Graph()
    quads = store.quads_for_pattern(None, None, None, graph)
    ontology.addN(
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), ontology)  # type: ignore[arg-type]
        for q in quads
    )
    return ontology


class Delta:
    """Re-derive the inferred graph of `store` after the asserted `changed` quads changed."""

    def __init__(self, store: ox.Store, entailer: Entailer, inferred: ox.NamedNode):
        self.store = store
        self.entailer = entailer
        self.inferred = inferred
        self.transitive = entailer.transitive
        self._rules = _rules_by_predicate(entailer)
        # the nodes the rules and the schema name themselves (never taken for gone nodes)
        self._constants = {n for rules in self._rules.values() for _, t in rules for n in t}
        self._constants |= {n for triple in entailer.schema for n in triple}
        self._dead: set = set()

    # --- looking the store up -----------------------------------------------------------------
    def _asserted(self, s=None, p=None, o=None) -> Iterable[tuple]:
        if isinstance(s, ox.Literal):
            return
        for q in self.store.quads_for_pattern(s, p, o):
            if q.graph_name != self.inferred and isinstance(q.graph_name, ox.NamedNode):
                yield q.subject, q.predicate, q.object

    def _exists(self, s, p, o) -> bool:
        if s in self._dead or o in self._dead:
            return False
        return next(iter(self._asserted(s, p, o)), None) is not None

    def _gone_nodes(self, gone: set[tuple], added: set[tuple], known: AbstractSet) -> set:
        """The nodes of the removed triples that no asserted triple names any more (the rows
        of a list's former edition): nothing asserted is about them, so every look-up that
        names one finds nothing, and is not made (an edition changes ~10,000 triples). A node
        an added triple names is not looked up, nor one of `known` (the caller knows that
        only removed triples named it)."""
        nodes = {n for s, _, o in gone for n in (s, o) if not isinstance(n, ox.Literal)}
        nodes -= self._constants
        nodes -= {n for s, _, o in added for n in (s, o)}
        known = nodes & known
        return known | {
            n
            for n in nodes - known
            if next(iter(self._asserted(n, None, None)), None) is None
            and next(iter(self._asserted(None, None, n)), None) is None
        }

    def _old_inferred(self, s=None, p=None, o=None) -> set[tuple]:
        pattern = self.store.quads_for_pattern(s, p, o, self.inferred)
        return {(q.subject, q.predicate, q.object) for q in pattern}

    # --- the change --------------------------------------------------------------------------
    def apply(
        self,
        added_quads: Iterable[ox.Quad],
        removed_quads: Iterable[ox.Quad],
        unnamed: frozenset = frozenset(),
    ) -> tuple[int, int]:
        """Rewrite the inferred graph after the asserted quads were added and removed (the
        store holds the new state); (removed, added) inferred triples. `unnamed`: nodes that
        only removed quads named (not looked up again)."""
        store, entailed = self.store, self.entailer.entailed
        added = {(q.subject, q.predicate, q.object) for q in added_quads}
        removed = {(q.subject, q.predicate, q.object) for q in removed_quads}
        self._dead = self._gone_nodes(removed, added, unnamed)
        gone = {t for t in removed if not self._exists(*t)}  # still asserted in another graph
        plus: set[tuple] = set()
        minus: set[tuple] = set()
        for t in added:
            plus.update(entailed(*t))
        for t in gone:
            minus.update(entailed(*t))
        region: set = set()
        closure: set[tuple] = set()
        starts = {s for s, p, _ in (*added, *gone, *plus, *minus) if p in self.transitive}
        if starts:  # the transitive pairs from these nodes and from all that reach them
            region = self._ancestors(starts)
            closure = self._closure(region)
            for node in region:
                for p in self.transitive:
                    for c in self._old_inferred(node, p, None):
                        minus.add(c)
                        minus.update(entailed(*c))
            for c in closure:
                plus.add(c)
                plus.update(entailed(*c))
        # an added triple is present; a removed one was asserted, so it is not inferred (the
        # inferred graph holds no asserted triple): neither is looked up
        to_add = {c for c in plus - added if not self._present(c)}
        to_remove = {c for c in minus - plus - removed if self._inferred(c)}
        to_remove = {c for c in to_remove if not self._supported(c, region, closure)}
        # a triple no longer asserted but still entailed moves to the inferred graph; one now
        # asserted leaves it
        to_add |= {t for t in gone if t in plus or self._supported(t, region, closure)}
        to_remove |= {t for t in added if self._inferred(t)}
        for s, p, o in to_remove:
            store.remove(ox.Quad(s, p, o, self.inferred))
        store.extend(ox.Quad(s, p, o, self.inferred) for s, p, o in to_add)
        return len(to_remove), len(to_add)

    def _present(self, c: tuple) -> bool:
        """Asserted or inferred already."""
        return next(iter(self.store.quads_for_pattern(*c)), None) is not None

    def _inferred(self, c: tuple) -> bool:
        """Whether `c` is in the inferred graph, which holds only what a rule, the transitive
        closure or the schema gives (the rest is not looked up)."""
        s, p, o = c
        given = (p, o) in self._rules or (p, None) in self._rules  # a rule can give it
        if not given and p not in self.transitive and c not in self.entailer.schema:
            return False
        return next(iter(self.store.quads_for_pattern(s, p, o, self.inferred)), None) is not None

    def _ancestors(self, nodes: set) -> set:
        """`nodes` and every node with a transitive edge (asserted or inferred) to one of them:
        the inferred graph holds the closure already, so one step finds them all."""
        found = set(nodes)
        for node in nodes:
            if isinstance(node, ox.Literal):
                continue
            for p in self.transitive:
                quads = self.store.quads_for_pattern(None, p, node)  # type: ignore[arg-type]
                found.update(q.subject for q in quads)
        return found

    def _successors(self, node, memo: dict) -> set:
        """The direct transitive edges from `node`: asserted, or entailed by one asserted
        triple about it."""
        if node in memo:
            return memo[node]
        out: set = set()
        entailed = self.entailer.entailed
        for t in (*self._asserted(node, None, None), *self._asserted(None, None, node)):
            if t[1] in self.transitive and t[0] == node:
                out.add((t[1], t[2]))
            out.update((p, o) for s, p, o in entailed(*t) if p in self.transitive and s == node)
        memo[node] = out
        return out

    def _closure(self, region: set) -> set[tuple]:
        """Every transitive pair from a node of the region, as triples."""
        memo: dict = {}
        pairs: set[tuple] = set()
        for start in region:
            if isinstance(start, ox.Literal):
                continue
            for p in self.transitive:
                seen: set = set()
                todo = [o for q, o in self._successors(start, memo) if q == p]
                while todo:
                    node = todo.pop()
                    if node in seen or node == start:
                        continue
                    seen.add(node)
                    todo.extend(o for q, o in self._successors(node, memo) if q == p)
                pairs.update((start, p, o) for o in seen)
        return pairs

    def _supported(self, c: tuple, region: set, closure: set) -> bool:
        """Whether some asserted triple (or transitive pair) still entails `c` on its own. Not
        when `c` names a gone node: a rule's template takes a node that is not one of its own
        constants from the triple that triggers it, and a transitive pair runs along asserted
        edges from its subject to its object, so what entails `c` names that node."""
        if c[0] in self._dead or c[2] in self._dead:
            return False
        rules = (*self._rules.get((c[1], c[2]), ()), *self._rules.get((c[1], None), ()))
        for trigger, template in rules:
            binding = _match(template, c)
            if binding is None:
                continue
            x, y = binding.get(X), binding.get(Y)
            kind, term, value = trigger
            if kind == "type":
                if x is None:
                    if self._exists(None, _TYPE, term):
                        return True
                elif self._exists(x, _TYPE, term):
                    return True
                continue
            o = value if kind == "value" else y
            if o is not None and value is not None and o != value:
                continue
            if self._exists(x, term, o):
                return True
            if term in self.transitive and self._closed(x, term, o, region, closure):
                return True
        return False

    def _closed(self, x, p, o, region: set, closure: set) -> bool:
        """Whether a transitive pair matching (x, p, o) holds in the new state (None: any):
        from a node of the region, among the pairs just computed; from any other node, its
        pairs are as they were (in the old inferred graph)."""
        if x is not None and x in region:
            return any(s == x and q == p and (o is None or b == o) for s, q, b in closure)
        if x is not None:
            return bool(self._old_inferred(x, p, o))
        if any(q == p and (o is None or b == o) for _, q, b in closure):
            return True
        return any(s not in region for s, _, _ in self._old_inferred(None, p, o))


def _rules_by_predicate(entailer: Entailer) -> dict:
    """(predicate, object) of an entailed triple -> [(trigger, template)]; the object is None
    for templates whose object is a variable. trigger = (kind, term, value)."""
    rules: dict = defaultdict(list)

    def add(trigger, template) -> None:
        obj = None if template[2] is X or template[2] is Y else template[2]
        rules[(template[1], obj)].append((trigger, template))

    for cls, templates in entailer.types.items():
        for template in templates:
            add(("type", cls, None), template)
    for p, templates in entailer.edges.items():
        for template in templates:
            add(("edge", p, None), template)
    for (p, v), templates in entailer.values.items():
        for template in templates:
            add(("value", p, v), template)
    return rules


def _match(template: tuple, triple: tuple) -> dict | None:
    """The binding of X and Y that makes `template` equal to `triple`, or None."""
    binding: dict = {}
    for t, value in zip(template, triple, strict=True):
        if t is X or t is Y:
            if binding.setdefault(t, value) != value:
                return None
        elif t != value:
            return None
    return binding
