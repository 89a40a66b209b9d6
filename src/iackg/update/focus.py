"""Which focus nodes an update must validate again.

A shape's result for a focus node depends on the triples its paths and SPARQL constraints reach
from that node; the bundled shapes reach two steps (a plan, the resource it uses, the designation
of that resource). So the focus nodes to check are the nodes of the changed data triples and
every node within two steps of them, in either direction, over the asserted graphs. The walk
does not pass through the nodes of the context (ontology, reference data: prefectures,
municipalities, bodies), which an update never changes, nor through classes, nor through a
node that more than `HUB` data triples point to (the Act, a prefecture's basic concept): the
rules that meet there compare a node with facts about that node, not with the other nodes
that point to it (no bundled shape counts or compares them). Changes to the
provenance graph are left out when no shape mentions a provenance term.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import pyoxigraph as ox
from rdflib import Graph

from iackg.ingest.terms import A as _TYPE  # rdf:type

_PROV = "http://www.w3.org/ns/prov#"
HUB = 1000
STEPS = 2  # how far the shapes look from a focus node for a triple that changed
REACH = 3  # how far the shapes read from a focus node (a plan, its certification's date;
#            its resource, that resource's designation and the designation's date)


def shapes_read_provenance(shapes: Graph) -> bool:
    return any(str(node).startswith(_PROV) for node in shapes.all_nodes())


def focus_nodes(
    store: ox.Store,
    changed: Iterable[ox.Quad],
    data: set[ox.NamedNode],
    context: set[ox.NamedNode],
) -> set:
    """The data nodes within `STEPS` of a changed quad's subject or object (`data`: the
    asserted graphs that hold data; `context`: ontology and reference graphs)."""
    frontier = set()
    for q in changed:
        frontier.add(q.subject)
        if q.predicate != _TYPE and not isinstance(q.object, ox.Literal):
            frontier.add(q.object)
    found = set(frontier)
    for _ in range(STEPS):
        step = set()
        for node in frontier:
            if _in_context(store, node, context):
                continue
            for q in store.quads_for_pattern(node, None, None):
                if (
                    q.graph_name in data
                    and q.predicate != _TYPE
                    and not isinstance(q.object, ox.Literal)
                ):
                    step.add(q.object)
            for q in store.quads_for_pattern(None, None, node):
                if q.graph_name in data:
                    step.add(q.subject)
        frontier = step - found
        found |= step
    return found


def _in_context(store: ox.Store, node, context: set, *, hubs: bool = True) -> bool:
    """A node of the context, or (with `hubs`) a hub: the walk stops there."""
    if any(next(iter(store.quads_for_pattern(node, None, None, g)), None) for g in context):
        return True
    if not hubs:
        return False
    return next(islice(store.quads_for_pattern(None, None, node), HUB, None), None) is not None


def neighbourhood(
    store: ox.Store,
    focus: set,
    data: set[ox.NamedNode],
    context: set[ox.NamedNode],
    small: ox.Store,
) -> ox.Store:
    """`small`, an in-memory store holding the context graphs (read beforehand), with what
    the shapes read about the focus nodes added: the data triples within `REACH` steps of them
    (types included, the walk again stopping at context nodes) in one graph. The shapes then
    run on a few thousand triples instead of the nation."""
    graph = ox.NamedNode("urn:iackg:update:data")
    triples: set = set()
    frontier, seen = set(focus), set(focus)
    for _ in range(REACH):
        step = set()
        for node in frontier:
            if isinstance(node, ox.Literal) or _in_context(store, node, context, hubs=False):
                continue
            hub = _in_context(store, node, set())  # its own triples, but the walk stops
            for q in store.quads_for_pattern(node, None, None):
                if q.graph_name in data:
                    triples.add((q.subject, q.predicate, q.object))
                    if q.predicate != _TYPE and not isinstance(q.object, ox.Literal) and not hub:
                        step.add(q.object)
            if hub:
                continue
            for q in store.quads_for_pattern(None, None, node):
                if q.graph_name in data:
                    triples.add((q.subject, q.predicate, q.object))
                    step.add(q.subject)
        frontier = step - seen
        seen |= step
    small.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
    return small
