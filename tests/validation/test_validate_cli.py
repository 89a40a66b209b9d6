"""`iackg validate` end to end, in-process: formats, languages, exit codes, hostile input."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH
from validation_cases import CASES

from iackg.cli import main
from iackg.store import open_store

XSD = "http://www.w3.org/2001/XMLSchema#"
VALID = CASES / "R01-resource-category" / "valid.ttl"
INVALID = CASES / "R01-resource-category" / "invalid-missing.ttl"
WARNING_ONLY = CASES / "R02-resource-name" / "invalid-no-english.ttl"
PLAN = CASES / "R10-plan-resource-designated-before" / "invalid-designated-later.ttl"


def run(capsys, *argv):
    code = main(["validate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_file_exits_0(capsys):
    code, out, _ = run(capsys, VALID)
    assert code == 0
    assert "conforms" in out


def test_invalid_file_exits_1_and_names_the_rule(capsys):
    code, out, _ = run(capsys, INVALID)
    assert code == 1
    assert "R01-resource-category" in out and "iac:category" in out


def test_japanese_messages(capsys):
    code, out, _ = run(capsys, INVALID, "--lang", "ja")
    assert code == 1 and "違反" in out and "区分" in out


def test_warnings_fail_only_when_asked(capsys):
    assert run(capsys, WARNING_ONLY)[0] == 0
    assert run(capsys, WARNING_ONLY, "--fail-on", "warning")[0] == 1


def test_json_output(capsys):
    code, out, _ = run(capsys, INVALID, "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["conforms"] is False
    assert [r["rule_id"] for r in document["results"]] == ["R01-resource-category"]


def test_ttl_output_is_a_validation_report(capsys):
    code, out, _ = run(capsys, INVALID, "--format", "ttl")
    graph = Graph().parse(data=out, format="turtle")
    assert code == 1
    assert len(list(graph.subjects(SH.focusNode, None))) == 1


@pytest.mark.parametrize(
    "suffix,fmt",
    [(".nt", "nt"), (".nq", "nquads"), (".jsonld", "json-ld"), (".rdf", "xml"), (".trig", "trig")],
)
def test_every_rdf_syntax_is_read(capsys, tmp_path, suffix, fmt):
    path = tmp_path / f"data{suffix}"
    data = Dataset()
    data.graph(URIRef("urn:g:submission")).parse(INVALID)
    source = data if fmt in ("nquads", "trig") else Graph().parse(INVALID)
    path.write_text(source.serialize(format=fmt), encoding="utf-8")
    code, out, _ = run(capsys, path)
    assert code == 1 and "R01-resource-category" in out


def test_several_files_are_checked_together(capsys, tmp_path):
    other = CASES / "R13-corporate-number" / "invalid-check-digit.ttl"
    code, out, _ = run(capsys, VALID, other)
    assert code == 1 and "R13-corporate-number" in out and "R01" not in out


def test_against_a_built_store(capsys, tmp_path):
    store = open_store(tmp_path / "store")
    published = Graph().parse(CASES / "_published.ttl")
    store.replace_graph(URIRef("https://w3id.org/iackg/graph/source/published"), published)
    store.close()
    del store
    code, out, _ = run(capsys, PLAN, "--against", tmp_path / "store")
    assert code == 1
    assert "R10-plan-resource-designated-before" in out
    assert "R09" not in out  # the used resource is found in the store


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("broken.ttl", "this is not turtle .", "not valid RDF"),
        ("empty.jsonld", "", "not valid JSON"),
        ("binary.ttl", "\udcff", "not valid RDF"),
        ("data.pdf", "%PDF-1.4", "unknown kind of file"),
        (
            "xxe.rdf",
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            "DOCTYPE",
        ),
        (
            "remote.jsonld",
            '{"@context": "http://example.org/ctx.jsonld", "@id": "urn:x"}',
            "remote contexts",
        ),
        (
            "nested.jsonld",
            '[{"@context": {"@import": "http://example.org/c"}, "@id": "urn:x"}]',
            "remote contexts",
        ),
    ],
)
def test_bad_input_is_exit_2_with_a_message_not_a_traceback(
    capsys, tmp_path, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    code, out, err = run(capsys, path)
    assert code == 2
    assert expected in err and "Traceback" not in err
    assert out == ""


def test_missing_file_and_missing_store_are_usage_errors(capsys, tmp_path):
    assert run(capsys, tmp_path / "nope.ttl")[0] == 2
    code, _, err = run(capsys, VALID, "--against", tmp_path / "no-store")
    assert code == 2 and "no store" in err
    assert not (tmp_path / "no-store").exists()


def test_bad_option_is_exit_2(capsys):
    assert run(capsys, VALID, "--format", "xml")[0] == 2


def test_large_input_is_validated(capsys, tmp_path):
    """10,000 resources (80,000 triples) in N-Triples; every one lacks a category."""
    lines = []
    for n in range(10_000):
        r = f"<https://w3id.org/iackg/id/resource/14-{n:010d}>"
        d = f"<https://w3id.org/iackg/id/designation/14-{n:010d}>"
        iac = "https://w3id.org/iackg/ontology#"
        lines += [
            f"{r} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{iac}RegionalResource> .",
            f'{r} <http://www.w3.org/2000/01/rdf-schema#label> "資源{n}"@ja .',
            f'{r} <http://www.w3.org/2000/01/rdf-schema#label> "Resource {n}"@en .',
            f"{d} <{iac}designates> {r} .",
            f"{d} <{iac}designatedBy> <https://w3id.org/iackg/id/prefecture/14> .",
            f'{d} <{iac}designatedOn> "2016-04-01"^^<http://www.w3.org/2001/XMLSchema#date> .',
            f"{d} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{iac}DirectDesignation> .",
            f'{d} <{iac}coversWholePrefecture> "true"^^<{XSD}boolean> .',
        ]
    path = tmp_path / "large.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, path, "--format", "json")
    assert code == 1, err
    document = json.loads(out)
    assert document["summary"]["violations"] == 10_000
    assert {r["rule_id"] for r in document["results"]} == {"R01-resource-category"}


def test_cases_folder_is_not_written(capsys, tmp_path):
    copy = tmp_path / "case.ttl"
    shutil.copy(INVALID, copy)
    before = sorted(p.name for p in CASES.rglob("*"))
    run(capsys, copy)
    assert sorted(p.name for p in CASES.rglob("*")) == before
