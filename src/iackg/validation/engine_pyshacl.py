"""The reference engine: pySHACL, on asserted data with the ontology as `ont_graph`.

`inference="none"`: RDFS inference would let a range declaration type a value and make every
`sh:class` check pass by itself. pySHACL still follows `rdfs:subClassOf` (the ontology is mixed
into a copy of the data graph), as SHACL requires for `sh:targetClass` and `sh:class`.
"""

from __future__ import annotations

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from iackg.validation.report import RawResult
from iackg.validation.shapes import path_text


def run_pyshacl(data: Graph, shapes: Graph, ontology: Graph) -> list[RawResult]:
    """Validate `data` (not modified: pySHACL works on a copy) and return the raw results."""
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology if len(ontology) else None,
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
