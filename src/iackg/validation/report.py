"""The typed validation report: what every engine returns and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
SEVERITY_RANK = {"Violation": 3, "Warning": 2, "Info": 1}


def severity_name(node: Node) -> str:
    return SEVERITIES.get(node, str(node)) if isinstance(node, URIRef) else str(node)


@dataclass(frozen=True)
class ValidationResult:
    """One result: which rule, on which node (and table cell), what is wrong, in ja and en."""

    severity: str  # "Violation" | "Warning" | "Info"
    rule_id: str  # e.g. "R01-resource-category" (the rule's shape is iacsh:<rule_id>)
    focus_node: Node
    path: str | None  # SPARQL property path text, e.g. "^iac:designates/iac:designatedBy"
    value: Node | None
    message_ja: str
    message_en: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    source_shape: URIRef | None = None
    component: URIRef | None = None
    path_node: Node | None = field(default=None, compare=False, repr=False)

    def message(self, lang: str = "en") -> str:
        return self.message_ja if lang == "ja" else self.message_en

    def sort_key(self) -> tuple:
        return (
            self.file or "\uffff",
            self.row if self.row is not None else 1 << 62,
            str(self.focus_node),
            -SEVERITY_RANK.get(self.severity, 0),
            self.rule_id,
            self.path or "",
            str(self.value) if self.value is not None else "",
        )


@dataclass
class ValidationReport:
    """The outcome of `iackg.validation.validate`: results sorted by place, then rule."""

    results: list[ValidationResult]
    engine: str
    shapes: Graph = field(repr=False, default_factory=Graph)
    # rows the loader could not read (iackg.errors.Problem): reported with the results
    problems: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.results = sorted(set(self.results), key=ValidationResult.sort_key)

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (warnings and infos do not break conformance) and
        no input row was rejected."""
        return not any(r.severity == "Violation" for r in self.results) and not any(
            p.severity == "error" for p in self.problems
        )

    def fails(self, level: str = "violation") -> bool:
        """True if any result is at least as severe as `level` ('violation' or 'warning')."""
        floor = SEVERITY_RANK["Warning" if level == "warning" else "Violation"]
        problem_rank = {"error": 3, "warning": 2}
        return any(SEVERITY_RANK.get(r.severity, 0) >= floor for r in self.results) or any(
            problem_rank.get(p.severity, 0) >= floor for p in self.problems
        )

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def rule_ids(self) -> set[str]:
        return {r.rule_id for r in self.results}

    def to_json(self, indent: int | None = 2) -> str:
        from iackg.validation.render import report_json

        return report_json(self, indent)

    def to_text(self, lang: str = "en") -> str:
        from iackg.validation.render import report_text

        return report_text(self, lang)

    def to_graph(self) -> Graph:
        from iackg.validation.render import report_graph

        return report_graph(self)


@dataclass(frozen=True)
class RawResult:
    """A result as an engine finds it, before rule ids, messages and table places are added."""

    focus: Node
    shape: Node  # sh:sourceShape
    severity: URIRef
    path: str | None
    value: Node | None
    component: URIRef | None = None
    constraint: Node | None = None  # sh:sourceConstraint (SPARQL constraints)
    path_node: Node | None = field(default=None, compare=False)
