"""A library call leaves its host as it found it: the two process-wide switches iackg needs
(rdflib's query method during pySHACL, the cyclic garbage collector during loading) are put
back when their scope ends, by an exception too, and overlapping scopes do not leak them."""

from __future__ import annotations

import gc
from contextlib import ExitStack

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import processor

from iackg import gcscope
from iackg.ingest import loader
from iackg.validation import engine_pyshacl

EX = Namespace("http://example.org/")


def original_query():
    return processor.SPARQLProcessor.__dict__["query"]


def test_query_patch_is_scoped_and_restored():
    before = original_query()
    with engine_pyshacl.parse_each_query_once():
        assert original_query() is not before
    assert original_query() is before


def test_query_patch_is_restored_when_the_scope_raises():
    before = original_query()
    with pytest.raises(RuntimeError), engine_pyshacl.parse_each_query_once():
        raise RuntimeError("validation failed half-way")
    assert original_query() is before


def test_overlapping_query_patches_restore_the_original_once_all_end():
    """Two validations in two threads: the first to end must not restore the second's patch,
    nor the second put the first's patch back as if it were the original."""
    before = original_query()
    first, second = ExitStack(), ExitStack()
    first.enter_context(engine_pyshacl.parse_each_query_once())
    second.enter_context(engine_pyshacl.parse_each_query_once())
    first.close()
    assert original_query() is not before  # the second run still has its fast path
    second.close()
    assert original_query() is before


def test_run_pyshacl_restores_the_query_method_after_a_real_run_and_a_failure(monkeypatch):
    before = original_query()
    shapes = Graph()
    shapes.add((EX.S, RDF.type, SH.NodeShape))
    shapes.add((EX.S, SH.targetNode, EX.a))
    shapes.add((EX.S, SH.sparql, EX.C))
    shapes.add((EX.C, SH.select, Literal("SELECT $this WHERE { $this ?p ?o }")))
    data = Graph()
    data.add((EX.a, EX.p, Literal(1)))
    results = engine_pyshacl.run_pyshacl(data, shapes)
    assert [r.focus for r in results] == [EX.a]  # the SPARQL constraint ran and reported
    assert original_query() is before

    def broken(*args, **kwargs):
        raise RuntimeError("pySHACL failed")

    monkeypatch.setattr(engine_pyshacl.pyshacl, "validate", broken)
    with pytest.raises(RuntimeError):
        engine_pyshacl.run_pyshacl(data, shapes)
    assert original_query() is before


@pytest.fixture
def gc_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_gc_is_off_inside_and_back_on_after(gc_state):
    gc.enable()
    with gcscope.no_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_is_back_on_when_the_load_raises(gc_state, monkeypatch):
    gc.enable()

    def broken(*args, **kwargs):
        assert not gc.isenabled()
        raise RuntimeError("a converter failed")

    monkeypatch.setattr(loader, "_run", broken)
    with pytest.raises(RuntimeError):
        loader.run([], None, None, load_time=None)  # type: ignore[arg-type]
    assert gc.isenabled()


def test_gc_left_off_by_the_host_stays_off(gc_state):
    gc.disable()
    with gcscope.no_cyclic_gc():
        pass
    assert not gc.isenabled()


def test_overlapping_loads_switch_gc_back_on_only_when_both_end(gc_state):
    gc.enable()
    first, second = ExitStack(), ExitStack()
    first.enter_context(gcscope.no_cyclic_gc())
    second.enter_context(gcscope.no_cyclic_gc())
    first.close()
    assert not gc.isenabled()
    second.close()
    assert gc.isenabled()


def test_a_store_query_collects_its_rows_without_gc_and_puts_it_back(gc_state, monkeypatch):
    from iackg.errors import QueryError
    from iackg.store import EmbeddedStore, embedded

    store = EmbeddedStore("memory:")
    store.load_nquads('<urn:a> <urn:p> "1" <urn:g> .\n')
    seen = []
    plain = embedded.memo_to_rdflib

    def watched():
        seen.append(gc.isenabled())
        return plain()

    monkeypatch.setattr(embedded, "memo_to_rdflib", watched)
    gc.enable()
    assert len(store.select("SELECT ?s WHERE { ?s ?p ?o }")) == 1
    assert seen == [False] and gc.isenabled()
    with pytest.raises(QueryError, match="custom function"):  # refused inside the scope
        store.select("SELECT ?x WHERE { BIND(<urn:x>(1) AS ?x) }")
    assert gc.isenabled()


def test_an_endpoint_worker_answers_without_gc_and_puts_it_back(gc_state, monkeypatch):
    import pyoxigraph as ox

    from iackg.server import worker

    seen = []
    plain = worker.answer_rows

    def watched(store, request):
        seen.append(gc.isenabled())
        return plain(store, request)

    monkeypatch.setattr(worker, "answer_rows", watched)
    gc.enable()
    answer = worker.handle(ox.Store(), {"op": "rows", "query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert answer["status"] == 200 and seen == [False] and gc.isenabled()
    broken = worker.handle(ox.Store(), {"op": "rows", "query": "SELECT ?s WHERE {"})
    assert broken["status"] == 400 and broken["message"].startswith("malformed SPARQL query")
    assert gc.isenabled()
