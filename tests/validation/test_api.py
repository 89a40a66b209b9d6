"""The Python API: typed results, no mutation, no inference, context, provenance, renderers."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH
from validation_cases import CASES, case_context

from iackg.errors import UsageError
from iackg.store import open_store
from iackg.validation import ValidationResult, validate
from iackg.validation.shapes import bundled_ontology, bundled_shapes
from iackg.vocab import IAC, PROV

ENGINES = ("oxigraph", "pyshacl")
RANGE_CASE = CASES / "R07-technique-product" / "invalid-range-only.ttl"
PLAN_CASE = CASES / "R10-plan-resource-designated-before" / "invalid-designated-later.ttl"
RESOURCE_CASE = CASES / "R01-resource-category" / "invalid-missing.ttl"


def _graph(path) -> Graph:
    return Graph().parse(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_input_graph_is_not_modified(engine):
    data = _graph(PLAN_CASE)
    before = Graph()
    for triple in data:
        before.add(triple)
    validate(data, engine=engine, reference=case_context())
    assert isomorphic(data, before) and len(data) == len(before)


@pytest.mark.parametrize("engine", ENGINES)
def test_input_dataset_is_read_across_named_graphs_and_not_modified(engine):
    dataset = Dataset()
    dataset.graph(URIRef("urn:g:one")).parse(PLAN_CASE)
    count = len(list(dataset.quads((None, None, None, None))))
    report = validate(dataset, engine=engine, reference=case_context())
    assert "R10-plan-resource-designated-before" in report.rule_ids()
    assert len(list(dataset.quads((None, None, None, None)))) == count


@pytest.mark.parametrize("engine", ENGINES)
def test_a_range_declaration_cannot_make_a_class_check_pass(engine):
    ontology = bundled_ontology()
    # the ontology does declare the range that RDFS inference would use to type the product
    assert (IAC.producesProduct, RDFS.range, IAC.IndustrialProduct) in ontology
    report = validate(_graph(RANGE_CASE), engine=engine, reference=case_context())
    product = URIRef("https://w3id.org/iackg/id/resource/14-2000000099")
    hits = [r for r in report.results if r.rule_id == "R07-technique-product"]
    assert [r.value for r in hits] == [product]
    # with the type asserted, the same data passes
    fixed = _graph(RANGE_CASE)
    fixed.add((product, RDF.type, IAC.IndustrialProduct))
    fixed_report = validate(fixed, engine=engine, reference=case_context())
    assert "R07-technique-product" not in fixed_report.rule_ids()


def test_results_are_typed_and_bilingual():
    report = validate(_graph(RESOURCE_CASE), reference=case_context())
    (result,) = report.results
    assert isinstance(result, ValidationResult)
    assert result.severity == "Violation"
    assert result.rule_id == "R01-resource-category"
    assert result.focus_node == URIRef("https://w3id.org/iackg/id/resource/14-1000000001")
    assert result.path == "iac:category"
    assert result.value is None
    assert "区分" in result.message_ja and "category" in result.message_en
    assert not report.conforms


def test_context_is_never_reported_on():
    # an empty submission: the context (reference excerpt, published data) has no results
    report = validate(Graph(), reference=case_context())
    assert report.results == [] and report.conforms


def test_default_reference_data_is_context():
    """With the real reference data, a designation's municipality is found in it."""
    data = _graph(CASES / "R05-designation-area" / "valid-municipalities.ttl")
    report = validate(data, engine="oxigraph")
    assert "R05-designation-area" not in report.rule_ids()
    assert validate(data, engine="oxigraph", reference=False).rule_ids() >= {"R05-designation-area"}


def test_against_a_store_gives_cross_table_rules_their_context(tmp_path):
    plan = _graph(PLAN_CASE)
    without = validate(plan, reference=False)
    assert "R09-plan-resources" in without.rule_ids()  # the used resource is unknown
    store = open_store(tmp_path / "store")
    store.replace_graph(URIRef("https://w3id.org/iackg/graph/source/published"), case_context())
    report = validate(plan, against=store)
    assert report.rule_ids() == {"R10-plan-resource-designated-before"}
    assert {r.focus_node for r in report.results} == {
        URIRef("https://w3id.org/iackg/id/plan/14-K-2008-001")
    }
    assert report.rule_ids() == validate(plan, against=store, engine="pyshacl").rule_ids()


@pytest.mark.parametrize("engine", ENGINES)
def test_file_and_row_come_from_provenance(engine):
    data = _graph(RESOURCE_CASE)
    resource = URIRef("https://w3id.org/iackg/id/resource/14-1000000001")
    table = URIRef("https://w3id.org/iackg/id/source/abcdef0123456789")
    row = URIRef("https://w3id.org/iackg/id/source/abcdef0123456789-row-7")
    data.add((resource, PROV.wasDerivedFrom, row))
    data.add((row, RDF.type, IAC.SourceRow))
    data.add((row, IAC.rowNumber, Literal(7)))
    data.add((row, IAC.sourceTable, table))
    data.add((table, IAC.fileName, Literal("designations-kanagawa.csv")))
    (result,) = validate(data, engine=engine, reference=case_context()).results
    assert (result.file, result.row) == ("designations-kanagawa.csv", 7)


def test_unknown_engine_is_a_usage_error():
    with pytest.raises(UsageError):
        validate(Graph(), engine="fast")


def test_json_report_follows_the_documented_schema():
    report = validate(_graph(PLAN_CASE), reference=case_context())
    document = json.loads(report.to_json())
    assert document["schema_version"] == 1
    assert document["conforms"] is False
    assert document["summary"] == {"violations": 1, "warnings": 0, "infos": 0}
    (result,) = document["results"]
    assert set(result) == {
        "severity",
        "rule_id",
        "source_shape",
        "focus_node",
        "path",
        "value",
        "message_ja",
        "message_en",
        "file",
        "row",
        "column",
    }
    assert result["value"]["type"] == "iri"
    assert document["input_problems"] == []


def test_text_report_in_both_languages_is_grouped_and_sorted():
    data = _graph(RESOURCE_CASE) + _graph(PLAN_CASE)
    report = validate(data, reference=case_context())
    english, japanese = report.to_text("en"), report.to_text("ja")
    assert "R01-resource-category" in english and "category" in english
    assert "区分" in japanese and "違反" in japanese
    places = [line for line in english.splitlines() if line.startswith("node ")]
    assert places == sorted(places) and len(places) == 2


def test_graph_report_is_a_standard_shacl_validation_report():
    report = validate(
        _graph(CASES / "R03-resource-designation" / "invalid-not-designated.ttl"),
        reference=case_context(),
    )
    graph = report.to_graph()
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms) == Literal(False)
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.results)
    for result in results:
        assert graph.value(result, SH.focusNode) is not None
        assert graph.value(result, SH.resultSeverity) in (SH.Violation, SH.Warning)
        assert str(graph.value(result, SH.sourceShape)).startswith("https://w3id.org/iackg/shapes#")
        path = graph.value(result, SH.resultPath)
        assert path is not None
    # the sequence path survives as an RDF list
    assert any(graph.value(graph.value(r, SH.resultPath), RDF.first) is not None for r in results)
    # and the graph round-trips through Turtle
    assert isomorphic(Graph().parse(data=graph.serialize(format="turtle"), format="turtle"), graph)


def test_progress_is_reported_for_every_check():
    calls = []
    validate(
        _graph(RESOURCE_CASE),
        reference=case_context(),
        progress=lambda done, total: calls.append((done, total)),
    )
    total = calls[-1][1]
    assert total > 40 and calls == [(n, total) for n in range(1, total + 1)]


def test_a_pyoxigraph_store_is_copied_unless_consumed():
    import pyoxigraph as ox

    store = ox.Store()
    store.load(PLAN_CASE.read_bytes(), format=ox.RdfFormat.TURTLE)
    size = len(store)
    report = validate(store, reference=case_context())
    assert len(store) == size and list(store.named_graphs()) == []
    assert report.rule_ids() == validate(_graph(PLAN_CASE), reference=case_context()).rule_ids()


def test_checks_run_in_two_threads_give_the_single_thread_results_in_query_order():
    from collections import Counter

    import pyoxigraph as ox

    from iackg.validation.compiler import ShapeCompiler
    from iackg.validation.engine_oxigraph import quads, run_queries

    store = ox.Store()
    for case in sorted(CASES.glob("R*/invalid-*.ttl")):
        store.extend(quads(_graph(case), ox.NamedNode(f"urn:case:{case.parent.name}/{case.stem}")))
    store.extend(quads(case_context(), ox.DefaultGraph()))
    compiled = ShapeCompiler(bundled_shapes()).compile()
    calls = []
    one = run_queries(store, compiled, threads=1)
    two = run_queries(store, compiled, lambda done, total: calls.append(done), threads=2)
    assert len({r.shape for r in one}) > 10  # the cases break many rules at once
    assert Counter(map(repr, two)) == Counter(map(repr, one))
    # rows within one query come in no fixed order; the queries' order is kept
    assert [r.shape for r in two] == [r.shape for r in one]
    assert calls == list(range(1, len(compiled) + 1))
