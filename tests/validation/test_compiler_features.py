"""The five SHACL features the compiled engine once got silently wrong: each now gives
pySHACL's results, or is refused with the feature named."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from iackg.validation.engine_oxigraph import validate_with_shapes
from iackg.validation.targets import UnsupportedShape

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

NESTED = """
ex:Plan a sh:NodeShape ; sh:targetClass ex:P ;
    sh:property [ sh:path ex:applicant ; sh:node ex:Applicant ] .
ex:Applicant a sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""
NESTED_DATA = """
ex:p1 a ex:P ; ex:applicant ex:a1 . ex:a1 ex:name "A" .
ex:p2 a ex:P ; ex:applicant ex:a2 .
"""

DEACTIVATED = """
ex:S a sh:NodeShape ; sh:targetClass ex:P ;
    sh:property [ sh:path ex:applicant ; sh:node ex:Off ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:deactivated true ] .
ex:Off a sh:NodeShape ; sh:deactivated true ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""
DEACTIVATED_DATA = "ex:p2 a ex:P ; ex:applicant ex:a2 ."

IMPLICIT = """
ex:Person a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] .
"""
IMPLICIT_DATA = """ex:Student rdfs:subClassOf ex:Person .
ex:s a ex:Student ; ex:age "old" . ex:t a ex:Person ; ex:age 3 ."""

FLAGS = """
ex:A a sh:NodeShape ; sh:targetNode "Tokyo" ; sh:pattern "^tokyo$" ; sh:flags "i" .
ex:B a sh:NodeShape ; sh:targetNode "Tokyo" ; sh:pattern "^tokyo$" .
"""

DISJOINT = """
ex:S a sh:NodeShape ; sh:targetClass ex:P ;
    sh:property [ sh:path ex:part ; sh:qualifiedValueShape [ sh:class ex:A ] ;
                  sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .
"""


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _reference(data: Graph, shapes: Graph) -> set[tuple]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceConstraintComponent))
        for r in report.objects(None, SH.result)
    }


@pytest.mark.parametrize(
    "shapes, data, expected_count",
    [
        (NESTED, NESTED_DATA, 1),  # p2's applicant has no name
        (DEACTIVATED, DEACTIVATED_DATA, 0),  # every check is deactivated
        (IMPLICIT, IMPLICIT_DATA, 1),  # the student's age is not an integer
        (FLAGS, "", 1),  # only B fails: A's own flag "i" applies to A alone
    ],
    ids=["nested-node-shape", "deactivated", "implicit-class-target", "flags"],
)
def test_feature_matches_pyshacl(shapes, data, expected_count):
    shapes_graph, data_graph = _graph(shapes), _graph(data)
    found = {(r.focus, r.component) for r in validate_with_shapes(data_graph, shapes_graph)}
    assert found == _reference(data_graph, shapes_graph)
    assert len(found) == expected_count


def test_disjoint_qualified_value_shapes_are_refused_by_name():
    with pytest.raises(UnsupportedShape) as caught:
        validate_with_shapes(_graph("ex:x a ex:P ."), _graph(DISJOINT))
    assert caught.value.feature == "sh:qualifiedValueShapesDisjoint"


def test_unknown_flag_is_refused_by_name():
    shapes = _graph('ex:A a sh:NodeShape ; sh:targetNode "a" ; sh:pattern "a" ; sh:flags "u" .')
    with pytest.raises(UnsupportedShape) as caught:
        validate_with_shapes(Graph(), shapes)
    assert "sh:flags" in caught.value.feature


CLASSES = """
ex:S a sh:NodeShape ; sh:targetClass ex:P ;
    sh:property [ sh:path ex:part ; sh:class ex:A , ex:B ] .
"""
CLASSES_DATA = """ex:A2 rdfs:subClassOf ex:A .
ex:p1 a ex:P ; ex:part ex:both .            # conforms: an A (through A2) and a B
ex:both a ex:A2 , ex:B .
ex:p2 a ex:P ; ex:part ex:onlyA .           # not a B
ex:onlyA a ex:A .
ex:p3 a ex:P ; ex:part ex:untyped , "text" . # neither: an IRI without a type, a literal
ex:p4 a ex:P ; ex:part _:blank .            # a blank node of neither class
_:blank a ex:C .
"""


def test_class_constraints_anti_join_equals_the_filter_and_pyshacl():
    """A top-level sh:class compiles to MINUS against the class's instances in a whole-graph
    check and to FILTER NOT EXISTS with focus nodes: both give pySHACL's results, value by
    value (a value failing both classes is one result per class in SHACL, one row here)."""
    from iackg.validation.compiler import ShapeCompiler
    from iackg.validation.engine_oxigraph import quads, run_queries

    shapes_graph, data_graph = _graph(CLASSES), _graph(CLASSES_DATA)
    store = ox.Store()
    store.extend(quads(data_graph, ox.DefaultGraph()))
    whole = ShapeCompiler(shapes_graph).compile()
    focused = ShapeCompiler(shapes_graph, focus=set(data_graph.subjects())).compile()
    assert any("MINUS" in q.sparql for q in whole)
    assert not any("MINUS" in q.sparql for q in focused)

    def found(queries) -> set[tuple]:
        return {(str(r.focus), str(r.value)) for r in run_queries(store, queries)}

    expected = {
        ("http://example.org/p2", "http://example.org/onlyA"),
        ("http://example.org/p3", "http://example.org/untyped"),
        ("http://example.org/p3", "text"),
    }
    rows = found(whole)
    assert {row for row in rows if not row[0].endswith("p4")} == expected
    assert sum(focus.endswith("p4") for focus, _ in rows) == 1  # its blank node
    assert rows == found(focused)
    assert {f for f, _ in rows} == {str(f) for f, _ in _reference(data_graph, shapes_graph)}
