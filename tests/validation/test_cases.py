"""Every rule has cases; valid cases conform; each invalid case fails on its own rule; the fast
engine gives exactly pySHACL's results on every case."""

from __future__ import annotations

import pytest
from validation_cases import CASES, case_files, case_id, case_report, comparable, rule_ids

VALID = [p for p in case_files() if p.stem.startswith("valid")]
INVALID = [p for p in case_files() if p.stem.startswith("invalid-")]


def test_every_rule_has_a_case_directory_with_valid_and_invalid_cases():
    for rule in rule_ids():
        folder = CASES / rule
        assert folder.is_dir(), f"no case directory for rule {rule}"
        assert list(folder.glob("valid*.ttl")), f"{rule}: no valid case"
        assert list(folder.glob("invalid-*.ttl")), f"{rule}: no invalid case"


def test_every_case_directory_is_a_rule_and_every_file_is_named_as_a_case():
    rules = set(rule_ids())
    for folder in CASES.iterdir():
        if folder.is_dir():
            assert folder.name in rules, f"{folder.name} is not a rule id"
            for path in folder.iterdir():
                assert path.suffix == ".ttl", path
                assert path.stem.startswith(("valid", "invalid-")), path


def test_there_are_sixteen_rules_at_least():
    numbers = {rule[:3] for rule in rule_ids()}
    assert {f"R{n:02d}" for n in range(1, 17)} <= numbers


@pytest.mark.parametrize("path", VALID, ids=case_id)
def test_valid_case_has_no_result(path):
    report = case_report(path, "auto")
    assert report.conforms
    assert report.results == [], report.to_text()


@pytest.mark.parametrize("path", INVALID, ids=case_id)
def test_invalid_case_is_reported_by_its_own_rule(path):
    rule = path.parent.name
    report = case_report(path, "auto")
    own = [r for r in report.results if r.rule_id == rule]
    assert own, f"{case_id(path)}: rule {rule} found nothing; got {report.rule_ids()}"
    expects_warning = "a warning" in path.read_text(encoding="utf-8").splitlines()[0]
    if expects_warning:
        assert {r.severity for r in own} == {"Warning"}
        assert report.conforms
    else:
        assert "Violation" in {r.severity for r in own}
        assert not report.conforms


@pytest.mark.parametrize("path", case_files(), ids=case_id)
def test_fast_engine_gives_pyshacl_results(path):
    reference = case_report(path, "pyshacl")
    fast = case_report(path, "oxigraph")
    assert reference.engine == "pyshacl" and fast.engine == "oxigraph"
    assert comparable(fast) == comparable(reference)
    assert set(fast.results) == set(reference.results)  # messages and places too
