"""The update's reasoning delta (`iackg.update.inferences.Delta`) on small stores: after any
change of the asserted graphs, the inferred graph must be what reasoning over the new asserted
graphs from scratch gives (`Entailer.closure`, as a build does)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from iackg.reasoning import Entailer
from iackg.update.inferences import Delta
from iackg.validation.shapes import bundled_ontology

IAC = "https://w3id.org/iackg/ontology#"
ID = "https://w3id.org/iackg/id/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
INFERRED = ox.NamedNode("urn:test:inferred")
DATA, OTHER = ox.NamedNode("urn:test:data"), ox.NamedNode("urn:test:other")


def iac(name: str) -> ox.NamedNode:
    return ox.NamedNode(IAC + name)


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(ID + name)


@pytest.fixture(scope="module")
def entailer() -> Entailer:
    return Entailer(bundled_ontology())


def _store(entailer: Entailer, graphs: dict) -> ox.Store:
    """A store with these asserted graphs and the inferred graph a build would give them."""
    store = ox.Store()
    for graph, triples in graphs.items():
        store.extend(ox.Quad(*t, graph) for t in triples)
    inferred, _ = entailer.closure(t for triples in graphs.values() for t in triples)
    store.extend(ox.Quad(*t, INFERRED) for t in inferred)
    return store


def _inferred(store: ox.Store) -> set[tuple]:
    return {
        (q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, INFERRED)
    }


def _check(entailer: Entailer, before: dict, after: dict) -> ox.Store:
    """Change the store of `before` into `after` quad by quad, apply the delta, and compare its
    inferred graph with a store built from `after` directly."""
    store = _store(entailer, before)
    old = {ox.Quad(*t, g) for g, triples in before.items() for t in triples}
    new = {ox.Quad(*t, g) for g, triples in after.items() for t in triples}
    for quad in old - new:
        store.remove(quad)
    store.extend(new - old)
    Delta(store, entailer, INFERRED).apply(new - old, old - new)
    assert _inferred(store) == _inferred(_store(entailer, after))
    return store


def _row(row: str, table: str, number: int, derived: str) -> list[tuple]:
    """A source row as the loader records it (its types asserted), and what it gave."""
    return [
        (node(row), TYPE, iac("SourceRow")),
        (node(row), iac("sourceTable"), node(table)),
        (
            node(row),
            iac("rowNumber"),
            ox.Literal(
                str(number), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
        (node(derived), DERIVED, node(row)),
    ]


def test_a_former_editions_rows_leave_no_inference_behind(entailer):
    before = {
        DATA: _row("row/1", "table/old", 1, "resource/a")
        + _row("row/2", "table/old", 2, "resource/b")
    }
    after = {
        DATA: _row("row/3", "table/new", 1, "resource/a")
        + _row("row/4", "table/new", 2, "resource/b")
    }
    store = _check(entailer, before, after)
    assert not any(node("row/1") in t or node("table/old") in t for t in _inferred(store))


def test_a_node_still_named_as_an_object_keeps_what_its_range_gives(entailer):
    """The table loses every triple about itself, but a row still points at it: the range of
    iac:sourceTable still makes it a SourceTable (so it is not a node nothing names)."""
    table = [(node("table/t"), iac("fileName"), ox.Literal("list.csv"))]
    rows = _row("row/1", "table/t", 1, "resource/a")
    store = _check(entailer, {DATA: table + rows}, {DATA: rows})
    assert (node("table/t"), TYPE, iac("SourceTable")) in _inferred(store)


def test_a_triple_removed_from_one_graph_but_asserted_in_another_stays_asserted(entailer):
    rows = _row("row/1", "table/t", 1, "resource/a")
    store = _check(entailer, {DATA: rows, OTHER: rows[:2]}, {DATA: rows[2:], OTHER: rows[:2]})
    assert (node("row/1"), TYPE, iac("SourceRow")) not in _inferred(store)  # asserted in OTHER


def test_a_type_no_longer_asserted_but_still_entailed_moves_to_the_inferred_graph(entailer):
    rows = _row("row/1", "table/t", 1, "resource/a")
    store = _check(entailer, {DATA: rows}, {DATA: rows[1:]})
    assert (node("row/1"), TYPE, iac("SourceRow")) in _inferred(store)  # from iac:sourceTable


def test_an_inferred_triple_now_asserted_leaves_the_inferred_graph(entailer):
    rows = _row("row/1", "table/t", 1, "resource/a")[1:]
    asserted = (node("table/t"), TYPE, iac("SourceTable"))
    store = _check(entailer, {DATA: rows}, {DATA: [*rows, asserted]})
    assert asserted not in _inferred(store)
