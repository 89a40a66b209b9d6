"""Validation of iackg data against the Act's rules (SHACL shapes in `shapes/`).

from iackg.validation import validate
report = validate(graph)            # rdflib Graph or Dataset; never modified
report.conforms, report.results     # typed ValidationResult list
report.to_text("ja"), report.to_json(), report.to_graph()
"""

from iackg.validation.api import ENGINES, validate
from iackg.validation.report import ValidationReport, ValidationResult

__all__ = ["ENGINES", "ValidationReport", "ValidationResult", "validate"]
