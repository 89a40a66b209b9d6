"""Render a ValidationReport as text (ja/en), JSON (documented in docs/validation.md) or a
standard `sh:ValidationReport` graph."""

from __future__ import annotations

import json
from itertools import groupby

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from iackg.validation.report import ValidationReport, ValidationResult
from iackg.validation.shapes import compact

JSON_SCHEMA_VERSION = 1


def _term_json(node: Node | None):
    if node is None:
        return None
    if isinstance(node, URIRef):
        return {"type": "iri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    out = {"type": "literal", "value": str(node)}
    if not isinstance(node, Literal):
        return out
    if node.language:
        out["lang"] = node.language
    elif node.datatype:
        out["datatype"] = str(node.datatype)
    return out


def result_dict(r: ValidationResult) -> dict:
    return {
        "severity": r.severity,
        "rule_id": r.rule_id,
        "source_shape": str(r.source_shape) if r.source_shape else None,
        "focus_node": str(r.focus_node),
        "path": r.path,
        "value": _term_json(r.value),
        "message_ja": r.message_ja,
        "message_en": r.message_en,
        "file": r.file,
        "row": r.row,
        "column": r.column,
    }


def report_json(report: ValidationReport, indent: int | None = 2) -> str:
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "conforms": report.conforms,
        "engine": report.engine,
        "summary": {
            "violations": report.count("Violation"),
            "warnings": report.count("Warning"),
            "infos": report.count("Info"),
        },
        "results": [result_dict(r) for r in report.results],
        "input_problems": [
            {
                "severity": p.severity,
                "file": p.file,
                "row": p.row,
                "column": p.column,
                "message_ja": p.message_ja,
                "message_en": p.message_en,
            }
            for p in report.problems
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=indent)


_WORDS = {
    "en": {
        "row": "row",
        "node": "node",
        "value": "value",
        "column": "column",
        "Violation": "violation",
        "Warning": "warning",
        "Info": "info",
        "ok": "conforms: no violations",
        "summary": "{v} violation(s), {w} warning(s), {i} info(s) on {n} row(s) or node(s)",
    },
    "ja": {
        "row": "行",
        "node": "ノード",
        "value": "値",
        "column": "列",
        "Violation": "違反",
        "Warning": "警告",
        "Info": "情報",
        "ok": "適合: 違反はありません",
        "summary": "違反 {v} 件、警告 {w} 件、情報 {i} 件（{n} 行・ノード）",
    },
}


MAX_WARNINGS_SHOWN = 20


def _problem_lines(problems: list, lang: str) -> list[str]:
    """Every rejected row; the loader's warnings up to a limit (JSON has them all)."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    lines = [p.describe(lang) for p in errors + warnings[:MAX_WARNINGS_SHOWN]]
    rest = len(warnings) - MAX_WARNINGS_SHOWN
    if rest > 0:
        lines.append(
            f"… ほか警告 {rest} 件（すべては --format json で）"
            if lang == "ja"
            else f"… {rest} more warnings (all of them with --format json)"
        )
    return lines


def _place(r: ValidationResult, lang: str) -> str:
    words = _WORDS[lang]
    if r.file is not None and r.row is not None:
        return f"{r.file} {words['row']} {r.row} ({r.focus_node})"
    return f"{words['node']} {r.focus_node}"


def _value_text(node: Node) -> str:
    if isinstance(node, URIRef):
        return compact(str(node))
    return node.n3() if isinstance(node, Literal) else str(node)


def report_text(report: ValidationReport, lang: str = "en") -> str:
    lang = "ja" if lang == "ja" else "en"
    words = _WORDS[lang]
    lines = _problem_lines(report.problems, lang)
    places = 0
    for place, group in groupby(report.results, key=lambda r: _place(r, lang)):
        places += 1
        lines.append(place)
        for r in group:
            where = []
            if r.column:
                where.append(f"{words['column']} {r.column}")
            if r.path:
                where.append(r.path)
            detail = f" [{' / '.join(where)}]" if where else ""
            value = f" {words['value']}: {_value_text(r.value)}" if r.value is not None else ""
            lines.append(f"  {words.get(r.severity, r.severity)} {r.rule_id}{detail}{value}")
            lines.append(f"    {r.message(lang)}")
    if report.results:
        lines.append(
            words["summary"].format(
                v=report.count("Violation"),
                w=report.count("Warning"),
                i=report.count("Info"),
                n=places,
            )
        )
    if report.conforms:
        lines.append(words["ok"])
    return "\n".join(lines) + "\n"


def _copy_path(source: Graph, node: Node, target: Graph) -> Node:
    """Copy a SHACL path (an IRI or a blank-node structure) into `target`."""
    if isinstance(node, URIRef):
        return node
    copy = BNode()
    for p, o in source.predicate_objects(node):
        target.add((copy, p, _copy_path(source, o, target) if isinstance(o, BNode) else o))
    return copy


def report_graph(report: ValidationReport) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("iacsh", "https://w3id.org/iackg/shapes#")
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms)))
    for r in report.results:
        result = BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, r.focus_node))
        graph.add((result, SH.resultSeverity, SH[r.severity]))
        if r.source_shape is not None:
            graph.add((result, SH.sourceShape, r.source_shape))
        if r.component is not None:
            graph.add((result, SH.sourceConstraintComponent, r.component))
        if r.path_node is not None:
            graph.add((result, SH.resultPath, _copy_path(report.shapes, r.path_node, graph)))
        if r.value is not None:
            graph.add((result, SH.value, r.value))
        graph.add((result, SH.resultMessage, Literal(r.message_ja, lang="ja")))
        graph.add((result, SH.resultMessage, Literal(r.message_en, lang="en")))
    return graph
