"""`iackg build | reason | query | sparql`, in process through `main(argv)`."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from iackg.cli import main

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    location = tmp_path_factory.mktemp("cli") / "store"
    assert main(["build", str(CONTRACT), "--store", str(location), "-q"]) == 0
    return location


def test_build_prints_a_summary(tmp_path, capsys):
    location = tmp_path / "s"
    assert main(["build", str(CONTRACT), "--store", str(location)]) == 0
    out, err = capsys.readouterr()
    assert "Kanagawa" in out and "Try next" in out and str(location) in out
    assert re.search(r"Kanagawa\s+1\s+0\s+0\s+1\s+1\s+0\s+1\s+2", out)
    assert re.search(r"type 1: activity using agricultural or industrial resources\s+1\b", out)
    assert "reasoning" in err  # progress goes to stderr
    assert main(["build", str(CONTRACT), "--store", str(location), "--lang", "ja"]) == 0
    assert "神奈川県" in capsys.readouterr().out


def test_query_formats(built, capsys):
    args = ["query", "resources-per-prefecture", "--store", str(built)]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    found = sorted((r["prefectureName"], r["resources"]) for r in rows)
    assert found == [("石川県", "1")] * 2 + [("神奈川県", "1")] * 2
    assert main([*args, "--format", "json", "--lang", "en"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["head"]["vars"][:2] == ["prefecture", "prefectureName"]
    names = {b["prefectureName"]["value"] for b in document["results"]["bindings"]}
    assert names == {"Kanagawa", "Ishikawa"}
    assert main([*args, "--format", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split("\t")[0] == "prefecture"
    assert main([*args, "--param", "prefecture=13"]) == 0
    assert "(0 rows)" in capsys.readouterr().out


def test_query_list_in_both_languages(capsys):
    assert main(["query", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Resources per prefecture and category" in out and "--param prefecture" in out
    assert "都道府県・区分別" not in out
    assert main(["query", "--list"]) == 0  # Japanese by default
    assert "都道府県・区分別" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["query", "no-such-query"], "no query named"),
        (["query", "resources-per-prefecture", "--param", "planet=mars"], "no parameter"),
        (["query", "resources-per-prefecture", "--param", "prefecture"], "NAME=VALUE"),
        (["query", "plans-active-on-date", "--param", "as_of=yesterday"], "not a date"),
        (["query"], "give a query name"),
    ],
)
def test_query_usage_errors_exit_2(built, capsys, argv, message):
    assert main([*argv, "--store", str(built)]) == 2
    assert message in capsys.readouterr().err


def test_missing_store_exits_2(tmp_path, capsys):
    assert main(["query", "resources-per-prefecture", "--store", str(tmp_path / "none")]) == 2
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()  # a query never creates a store


def test_sparql_from_file_and_stdin(built, tmp_path, capsys, monkeypatch):
    query = tmp_path / "q.rq"
    query.write_text(
        "# count the resources\nPREFIX iac: <https://w3id.org/iackg/ontology#>\n"
        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a iac:RegionalResource }",
        encoding="utf-8",
    )
    assert main(["sparql", str(query), "--store", str(built), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "4"]
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?s ?p ?o }"))
    assert main(["sparql", "-", "--store", str(built)]) == 0
    assert capsys.readouterr().out.strip() == "true"
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1")
    )
    assert main(["sparql", "-", "--store", str(built)]) == 0
    assert capsys.readouterr().out.strip()


@pytest.mark.parametrize(
    "text, message",
    [("SELECT ?x WHERE { ?x ", "malformed"), ("", "empty"), ("DROP ALL", "malformed")],
)
def test_sparql_errors_exit_2(built, capsys, monkeypatch, text, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["sparql", "-", "--store", str(built)]) == 2
    assert message in capsys.readouterr().err


def test_sparql_missing_file(built, capsys):
    assert main(["sparql", "nope.rq", "--store", str(built)]) == 2
    assert "no query file" in capsys.readouterr().err


def test_reason_command_is_idempotent(built, capsys):
    assert main(["reason", "--store", str(built)]) == 0
    first = capsys.readouterr().out
    assert main(["reason", "--store", str(built)]) == 0
    assert capsys.readouterr().out.split()[0] == first.split()[0]
    assert int(first.split()[0]) > 0


def test_build_errors(tmp_path, capsys):
    assert main(["build", str(tmp_path / "missing.csv"), "--store", str(tmp_path / "s")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    assert main(["build", str(bad), "--store", "memory:", "--no-validate"]) == 2
    assert "cannot parse" in capsys.readouterr().err


def test_a_build_in_its_own_process_ends_quickly_with_all_its_output_and_data(tmp_path, capsys):
    """`iackg build` exits without the interpreter's tear-down (cli.QUICK_EXIT): the summary
    must still be out in full through a pipe, the store closed with every triple, the exit code
    the command's."""
    import os
    import subprocess
    import sys

    from iackg.store import open_store

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # block-buffered
    location = tmp_path / "store"
    command = [sys.executable, "-m", "iackg", "build", str(CONTRACT), "--store", str(location)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    in_process = tmp_path / "in-process"
    capsys.readouterr()
    assert main(["build", str(CONTRACT), "--store", str(in_process)]) == 0

    def untimed(out: str) -> str:
        return re.sub(r"Time: .*\n", "", out)

    expected = untimed(capsys.readouterr().out)
    assert "Try next" in expected
    assert untimed(done.stdout.replace(str(location), str(in_process))) == expected
    assert done.stdout.rstrip().endswith(f"--store {location}")
    assert (
        open_store(location, read_only=True).counts()
        == open_store(in_process, read_only=True).counts()
    )
    invalid = Path(__file__).parents[1] / "cases" / "R01-resource-category" / "invalid-missing.ttl"
    refused = subprocess.run(
        [*command[:4], str(invalid), "--store", str(tmp_path / "other")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert refused.returncode == 1 and "R01" in refused.stderr
