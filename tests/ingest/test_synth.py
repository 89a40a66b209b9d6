"""Synthetic tables: realistic shape, deterministic, loadable, and defects exactly where the
manifest says."""

import csv
import hashlib
import json

import pytest

from iackg.ingest import ingest_files, ingest_to_nquads
from iackg.synth import DEFECT_KINDS, build, generate


def digest(folder):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix != ".xlsx"
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    generate(folder, scale=0.05, seed=3, defects=2)
    return folder


def test_same_seed_same_files_other_seed_other_files(small, tmp_path):
    generate(tmp_path / "again", scale=0.05, seed=3, defects=2)
    assert digest(tmp_path / "again") == digest(small)
    generate(tmp_path / "other", scale=0.05, seed=4, defects=2)
    assert digest(tmp_path / "other") != digest(small)


def test_national_shape():
    gen = build(scale=1.0, seed=1)
    assert 13_500 <= len(gen.resources) <= 14_500
    assert len(gen.plans) == 1_800
    by_pref = {}
    for r in gen.resources:
        by_pref[r.jis] = by_pref.get(r.jis, 0) + 1
    assert len(by_pref) == 47
    assert max(by_pref, key=by_pref.get) == "01"  # Hokkaido is the largest, as published
    assert 1000 <= by_pref["01"] <= 1200
    share = sum(r.category == "tourism" for r in gen.resources) / len(gen.resources)
    assert 0.43 <= share <= 0.53  # 5629 / 11732 in the 2009 figures
    assert any(len(p["applicants"].split("、")) > 1 for p in gen.plans)
    assert any(p["plan_kind"] for p in gen.plans)
    assert any(":" in p["resources"] for p in gen.plans)


def test_synthetic_tables_load_without_errors(small, tmp_path):
    result = ingest_to_nquads([small], tmp_path / "s.nq")
    assert not [p for p in result.problems if p.severity == "error"]
    kinds = sorted(s.kind for s in result.sources)
    assert kinds.count("designations") == 8 and {"plans", "enterprises"} <= set(kinds)
    assert {s.encoding for s in result.sources} >= {"cp932", "utf-8", "utf-8-sig", "xlsx"}


def test_defect_manifest_points_at_the_injected_rows(small):
    manifest = json.loads((small / "defects.json").read_text(encoding="utf-8"))
    entries = manifest["defects"]
    assert manifest["count"] == len(entries) == 2 * len(DEFECT_KINDS)
    assert {e["kind"] for e in entries} == set(DEFECT_KINDS)
    from iackg.ingest.headers import match_header

    for entry in entries:
        path = small / entry["file"]
        if path.suffix == ".xlsx":
            continue
        encoding = "cp932" if "cp932" in path.name else "utf-8-sig"
        with path.open(encoding=encoding, newline="") as handle:
            rows = list(csv.reader(handle))
        kind = DEFECT_KINDS[entry["kind"]][1]
        columns = match_header(kind, rows[0])
        assert entry["column"] in columns
        cell = rows[entry["row"] - 1][columns[entry["column"]]]
        assert cell, entry
        if entry["kind"] == "designation-outside-act":
            assert "令和3年" in cell or cell.startswith("2021")
        if entry["kind"] == "bad-corporate-number":
            from iackg.ingest.values import corporate_number_ok

            assert not corporate_number_ok(cell)


def test_defect_focus_nodes_exist_in_the_loaded_graph(small):
    from rdflib import URIRef

    result = ingest_files([small])
    subjects = set()
    for source in result.sources:
        subjects |= set(source.graph.subjects())
    manifest = json.loads((small / "defects.json").read_text(encoding="utf-8"))
    for entry in manifest["defects"]:
        assert URIRef(entry["focus"]) in subjects, entry


def test_defects_are_exactly_the_rule_breaks(small, check_act):
    """An independent check of the Act's rules finds the manifest's rows and nothing else."""
    result = ingest_files([small])
    graph = result.sources[0].graph
    for source in result.sources[1:]:
        graph += source.graph
    manifest = json.loads((small / "defects.json").read_text(encoding="utf-8"))
    expected = {(e["focus"], e["rule"]) for e in manifest["defects"]}
    assert check_act(graph) == expected
