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
