"""Shared pieces of the validation tests (imported by name; conftest puts this folder on
sys.path): the rule cases, their context, and cached reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from iackg.iris import Minter
from iackg.reference import reference_graph
from iackg.validation import validate
from iackg.validation.shapes import RuleIndex, bundled_shapes

CASES = Path(__file__).resolve().parents[1] / "cases"

# The excerpt of the reference data the cases need (the whole reference makes pySHACL slow).
_M = Minter()
REFERENCE_SUBJECTS = {
    *(_M.prefecture(j) for j in ("13", "14", "17")),
    *(_M.basic_concept(j, "2007-08-31") for j in ("13", "14", "17")),
    *(_M.municipality(c) for c in ("131016", "142107", "143821", "172049")),
    *(_M.organization(k) for k in ("meti", "sme-agency", "meti-kanto", "meti-chubu")),
    *(_M.organization(k) for k in ("meti-kyushu", "meti-okinawa", "maff", "maff-kanto")),
    _M.prefecture("47"),
}


@cache
def case_context() -> Graph:
    """Reference excerpt + `_published.ttl`: context for every case, never reported on."""
    context = Graph()
    for s, p, o in reference_graph(_M):
        if s in REFERENCE_SUBJECTS:
            context.add((s, p, o))
    context.parse(CASES / "_published.ttl")
    return context


def case_files() -> list[Path]:
    return sorted(CASES.glob("*/*.ttl"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def rule_ids() -> list[str]:
    return sorted(rule.rule_id for rule in RuleIndex(bundled_shapes()).rules.values())


@cache
def case_report(path: Path, engine: str):
    return validate(Graph().parse(path), engine=engine, reference=case_context())


def comparable(report) -> set[tuple]:
    """What must agree between engines: focus, rule, shape, severity, path and value."""
    return {
        (r.focus_node, r.rule_id, r.source_shape, r.severity, r.path, r.value)
        for r in report.results
    }
