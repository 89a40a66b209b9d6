"""Read the W3C SHACL Core test suite (vendored in tests/shacl_core_suite/core) and run one
test on the compiled engine: the outcome is "passed", "refused: <feature>" or a mismatch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from iackg.validation.engine_oxigraph import validate_with_shapes
from iackg.validation.shapes import path_text
from iackg.validation.targets import UnsupportedShape

SUITE = Path(__file__).parent.parent / "shacl_core_suite" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

Key = tuple[object, str | None, object, Node, Node, Node | None]
_NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}


def comparable(node: Node | None) -> object:
    """Numbers by value: Oxigraph keeps a valid number in canonical form ("4.0" as "4"),
    the one way its reported values differ from the data as written."""
    if isinstance(node, Literal) and node.datatype in _NUMERIC and node.value is not None:
        return ("number", node.datatype, node.value)
    return node


@dataclass(frozen=True)
class SuiteTest:
    name: str  # e.g. "node/class-001"
    file: Path
    entry: URIRef


def _graph(path: Path) -> Graph:
    """The file as written: rdflib would otherwise rewrite "none"^^xsd:boolean to "false"
    and "4.0"^^xsd:decimal to "4" while parsing, hiding the ill-typed values the suite
    tests (the switch is rdflib's module flag, restored at once)."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        return Graph().parse(path, format="turtle", publicID=path.as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def suite_tests() -> list[SuiteTest]:
    tests = []
    for manifest_file in sorted(SUITE.glob("*/manifest.ttl")):
        manifest = _graph(manifest_file)
        for include in manifest.objects(None, MF.include):
            path = Path(str(include).removeprefix("file://"))
            graph = _graph(path)
            for entries in graph.objects(None, MF.entries):
                for entry in graph.items(entries):
                    name = f"{manifest_file.parent.name}/{path.stem}"
                    tests.append(SuiteTest(name, path, entry))
    return tests


def _file_graph(uri: Node, cache: dict[str, Graph]) -> Graph:
    path = Path(str(uri).removeprefix("file://"))
    if str(path) not in cache:
        cache[str(path)] = _graph(path)
    return cache[str(path)]


def expected(report_graph: Graph, report: Node) -> set[Key]:
    found = set()
    for result in report_graph.objects(report, SH.result):
        path = report_graph.value(result, SH.resultPath)
        found.add(
            (
                comparable(report_graph.value(result, SH.focusNode)),
                path_text(report_graph, path) if path is not None else None,
                comparable(report_graph.value(result, SH.value)),
                report_graph.value(result, SH.sourceShape),
                report_graph.value(result, SH.resultSeverity),
                report_graph.value(result, SH.sourceConstraintComponent),
            )
        )
    return found


def run(test: SuiteTest) -> tuple[str, set[Key], set[Key]]:
    """("passed" | "refused: feature" | "failed", expected, actual)."""
    cache: dict[str, Graph] = {}
    manifest = _file_graph(URIRef(test.file.as_uri()), cache)
    action = manifest.value(test.entry, MF.action)
    data = _file_graph(manifest.value(action, SHT.dataGraph), cache)
    shapes = _file_graph(manifest.value(action, SHT.shapesGraph), cache)
    result = manifest.value(test.entry, MF.result)
    try:
        raw = validate_with_shapes(data, shapes)
    except UnsupportedShape as exc:
        return f"refused: {exc.feature}", set(), set()
    if result == SHT.Failure:
        return "failed", set(), set()
    want = expected(manifest, result)
    got = {
        (comparable(r.focus), r.path, comparable(r.value), r.shape, r.severity, r.component)
        for r in raw
    }
    conforms = manifest.value(result, SH.conforms) == Literal(True)
    ok = want == got and conforms == (not got)
    return ("passed" if ok else "failed"), want, got


def is_test_type(manifest: Graph, entry: Node) -> bool:
    return (entry, RDF.type, SHT.Validate) in manifest
