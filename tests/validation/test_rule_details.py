"""Details of single rules that the case folders cannot say by themselves."""

from __future__ import annotations

import pytest
from validation_cases import CASES, case_report


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_processed_product_is_reported_once_per_resource(engine):
    report = case_report(CASES / "R16-processed-agricultural" / "invalid-both-names.ttl", engine)
    found = [r for r in report.results if r.rule_id == "R16-processed-agricultural"]
    assert len(found) == 1
    assert found[0].severity == "Warning" and found[0].path == "rdfs:label"


def test_japanese_messages_say_nintei_for_basic_concepts():
    """The Act says 認定 (certification) for basic concepts and plans, never 承認."""
    from rdflib import Literal

    from iackg.validation.shapes import bundled_shapes

    texts = [str(o) for o in bundled_shapes().objects() if isinstance(o, Literal)]
    assert not [t for t in texts if "承認" in t]
    assert any("基本構想" in t and "認定" in t for t in texts)


# Defects that another rule sees too, by their nature (an undesignated resource breaks R03 as
# well as the plan rule; a designation without a date cannot be placed in R04's regime).
# Every other invalid case is valid except for its own defect.
INHERENT = {
    "R01-resource-category/invalid-unknown-category": {"R17-category-class"},
    "R03-resource-designation/invalid-designated-by-municipality": {
        "R04-designation-regime",
        "R05-designation-area",
    },
    "R03-resource-designation/invalid-no-date": {"R04-designation-regime"},
    "R03-resource-designation/invalid-no-designating-body": {"R04-designation-regime"},
    "R03-resource-designation/invalid-two-prefectures": {"R05-designation-area"},
    "R09-plan-resources/invalid-undesignated-resource": {
        "R03-resource-designation",
        "R10-plan-resource-designated-before",
    },
    "R11-plan-period/invalid-not-certified": {"R12-plan-authority"},
    "R18-designation-resource/invalid-no-resource": {"R03-resource-designation"},
    "R23-support-plan-resources/invalid-undesignated-resource": {
        "R03-resource-designation",
        "R10-plan-resource-designated-before",
    },
}


def test_each_invalid_case_is_valid_except_for_its_defect():
    from validation_cases import case_files, case_id

    for path in case_files():
        if not path.stem.startswith("invalid-"):
            continue
        report = case_report(path, "oxigraph")
        others = {r.rule_id for r in report.results if r.rule_id != path.parent.name}
        assert others == INHERENT.get(case_id(path), set()), case_id(path)
