"""The reference engine: pySHACL, on asserted data plus the ontology, with no inference.

`inference="none"`: RDFS inference would let a range declaration type a value and make every
`sh:class` check pass by itself. pySHACL still follows the ontology's `rdfs:subClassOf`, as
SHACL requires for `sh:targetClass` and `sh:class`.

The ontology is given inside the data graph (as context that is never reported on), not as
pySHACL's `ont_graph`: `ont_graph` copies only the RDFS/OWL axioms into the data graph, not the
SKOS data that rules 8 and 9 read (the SME thresholds on the sector concepts, the categories
of each activity type). The whole ontology is a superset of what `ont_graph` would add, and
copying it once instead of twice halves pySHACL's set-up time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.plugins.sparql import processor

from iackg.validation.report import RawResult
from iackg.validation.shapes import path_text

_PREPARED: dict = {}
_PATCH_LOCK = threading.Lock()
_patch_users = 0
_original_query: Callable | None = None


def _query_with_prepared(original: Callable) -> Callable:
    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            prepared = _PREPARED.get(key)
            if prepared is None:
                if len(_PREPARED) > 256:
                    _PREPARED.clear()
                parsed = processor.parseQuery(strOrQuery)
                prepared = _PREPARED[key] = processor.translateQuery(parsed, base, initNs)
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    return query


@contextmanager
def parse_each_query_once() -> Iterator[None]:
    """pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib
    parses it every time (about 0.1 s each for our constraints). Within this scope, keep each
    parsed and translated query: rdflib's prepared queries are meant to be reused with other
    initial bindings, so results do not change. The parsed queries are kept across runs.

    rdflib offers no per-graph hook, so the scope patches `SPARQLProcessor.query` and puts the
    original back when the last overlapping scope ends (threads included), also when the run
    raises: outside every scope, rdflib is exactly as it was."""
    global _patch_users, _original_query
    with _PATCH_LOCK:
        if _patch_users == 0:
            _original_query = processor.SPARQLProcessor.query
            # setattr: mypy forbids assigning to a method, which is what a scoped patch does
            setattr(processor.SPARQLProcessor, "query", _query_with_prepared(_original_query))  # noqa: B010
        _patch_users += 1
    try:
        yield
    finally:
        with _PATCH_LOCK:
            _patch_users -= 1
            if _patch_users == 0:
                setattr(processor.SPARQLProcessor, "query", _original_query)  # noqa: B010
                _original_query = None


def run_pyshacl(data: Graph, shapes: Graph) -> list[RawResult]:
    """Validate `data` (data, ontology and context in one graph; not modified) and return the
    raw results. (pySHACL's `focus_nodes` option is not used: it also filters the value nodes
    of nested shapes, which breaks sh:not and qualified value shapes.)"""
    with parse_each_query_once():
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            advanced=False,
            do_owl_imports=False,
            inplace=False,
        )
    results = []
    for report_node in report.subjects(predicate=SH.conforms):
        for node in report.objects(report_node, SH.result):
            path_node = report.value(node, SH.resultPath)
            results.append(
                RawResult(
                    focus=report.value(node, SH.focusNode),
                    shape=report.value(node, SH.sourceShape),
                    severity=report.value(node, SH.resultSeverity),
                    path=path_text(report, path_node) if path_node is not None else None,
                    value=report.value(node, SH.value),
                    component=report.value(node, SH.sourceConstraintComponent),
                    constraint=report.value(node, SH.sourceConstraint),
                    path_node=path_node,
                )
            )
    return results
