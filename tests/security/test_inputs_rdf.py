"""Issue 10, finding 6: RDF and JSON-LD given to `iackg validate` and `iackg build` follow the
tables' rules (no character XML forbids, bounded literals) and deep JSON-LD is refused; every
case exits 2 with the file named, never a traceback. (The literal limit is lowered for the
test; at its real size, 16 Mi characters, the same code path takes minutes to parse.)"""

from __future__ import annotations

import json

import pytest

from iackg.cli import main
from iackg.ingest import rdf_guard

S, P = "http://example.org/s", "http://example.org/p"


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("escape", ["\\u0001", "\\u001F", "\\uFFFE", "\\uFFFF"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_a_forbidden_character_in_a_literal_is_refused(tmp_path, capsys, escape, suffix):
    path = tmp_path / f"bad{suffix}"
    path.write_text(f'<{S}> <{P}> "a{escape}b" .\n', encoding="ascii")
    for argv in (["validate", str(path)], ["build", str(path), "--store", str(tmp_path / "s")]):
        code, err = run(capsys, *argv)
        assert code == 2, argv
        assert f"bad{suffix}" in err and "XML forbids" in err


@pytest.mark.parametrize("character", ["\x01", "\ufffe"])
def test_a_forbidden_character_in_json_ld_is_refused(tmp_path, capsys, character):
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps({"@id": S, P: "a" + character + "b"}), encoding="utf-8")
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "bad.jsonld" in err and "XML forbids" in err


def test_deeply_nested_json_ld_is_refused_before_processing(tmp_path, capsys):
    depth = 100_000
    path = tmp_path / "deep.jsonld"
    path.write_text(f'{{"@id": "{S}", "{P}": ' + "[" * depth + "]" * depth + "}")
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "deep.jsonld" in err and "nested" in err


def test_json_ld_one_level_too_deep_is_refused(tmp_path, capsys):
    value: object = "x"
    for _ in range(rdf_guard.MAX_JSON_DEPTH):
        value = [value]
    path = tmp_path / "edge.jsonld"
    path.write_text(json.dumps({"@id": S, P: value}))
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and "nested" in err


@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_a_literal_beyond_the_limit_is_refused(tmp_path, capsys, monkeypatch, suffix):
    monkeypatch.setattr(rdf_guard, "MAX_LITERAL_CHARS", 1000)
    path = tmp_path / f"big{suffix}"
    if suffix == ".jsonld":
        path.write_text(json.dumps({"@id": S, P: "x" * 1001}))
    else:
        path.write_text(f'<{S}> <{P}> "{"x" * 1001}" .\n')
    code, err = run(capsys, "validate", str(path))
    assert code == 2 and f"big{suffix}" in err and "1001" in err
