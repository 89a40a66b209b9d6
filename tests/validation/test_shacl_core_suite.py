"""The W3C SHACL Core test suite on the compiled (Oxigraph) engine: every test passes, or is
refused with the feature named, exactly as listed in docs/validation.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shacl_core_suite import SUITE, run, suite_tests

DOCS = Path(__file__).parent.parent.parent / "docs" / "validation.md"
TESTS = suite_tests()


def documented() -> dict[str, str]:
    """`| node/class-001 | passes |` rows of the suite table in docs/validation.md."""
    rows = re.findall(
        r"^\| `([a-z-]+/[A-Za-z0-9-]+)` \| (passes|refused: [^|]+?) \|$",
        DOCS.read_text(encoding="utf-8"),
        re.M,
    )
    return dict(rows)


def test_suite_is_vendored_with_its_licence():
    assert len(TESTS) > 90
    assert (SUITE.parent / "LICENSE.md").is_file()


def test_docs_list_every_test_once():
    assert sorted(documented()) == sorted(t.name for t in TESTS)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_passes_or_is_refused_by_name(test):
    outcome, want, got = run(test)
    if outcome == "failed":
        pytest.fail(f"{test.name}: missing {want - got}, extra {got - want}")
    assert outcome == documented()[test.name].replace("passes", "passed")
