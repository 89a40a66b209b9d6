"""`iackg ontology`, called in-process through main(argv)."""

import json
import shutil

from iackg import __version__
from iackg.cli import main
from iackg.paths import ontology_files


def test_text_summary_and_checks(capsys):
    assert main(["ontology", "--no-reasoning"]) == 0
    out = capsys.readouterr().out
    assert f"package version {__version__}" in out
    assert "iac:IndustrySectorScheme" in out and "core.ttl" in out
    assert "all checks passed" in out
    assert "consistency" not in out  # skipped on request


def test_json_with_reasoning(capsys):
    assert main(["ontology", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["package_version"] == __version__
    keys = [c["key"] for c in report["checks"]]
    assert keys[-1] == "consistency" and all(c["ok"] for c in report["checks"])
    assert "reference" in report["checks"][-1]["title"]
    assert report["counts"]["classes"] >= 25
    schemes = {s["name"]: s for s in report["schemes"]}
    assert len(schemes["iac:CategoryScheme"]["concepts"]) == 4
    assert {o["version"] for o in report["ontologies"]} == {__version__}


def test_broken_folder_exits_1_and_says_why(tmp_path, capsys):
    for path in ontology_files():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz-broken.ttl").write_text("@prefix iac: <x> . iac:a iac:b", encoding="utf-8")
    assert main(["ontology", "--ontology-dir", str(tmp_path), "--no-reasoning"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  parse" in out and "zz-broken.ttl" in out
    assert "check(s) failed" in out


def test_many_problems_are_truncated_in_text(tmp_path, capsys):
    core = next(p for p in ontology_files() if p.stem == "core")
    text = core.read_text(encoding="utf-8").replace('"@en', '"@de')
    (tmp_path / "core.ttl").write_text(text, encoding="utf-8")
    assert main(["ontology", "--ontology-dir", str(tmp_path), "--no-reasoning"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  labels" in out and "more (use --format json)" in out


def test_missing_or_empty_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["ontology", "--ontology-dir", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert main(["ontology", "--ontology-dir", str(tmp_path)]) == 2
    assert "no *.ttl files" in capsys.readouterr().err


def test_help_teaches_with_examples(capsys):
    assert main(["ontology", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--format json" in out


def test_terms_table_lists_every_term_with_domain_and_range(capsys):
    assert main(["ontology", "--no-reasoning", "--terms", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    terms = {t["name"]: t for t in report["terms"]}
    counts = report["counts"]
    assert len(terms) == (
        counts["classes"] + counts["object_properties"] + counts["datatype_properties"]
    )
    assert terms["iac:inPrefecture"]["domain"] == "iac:Municipality"
    assert terms["iac:inPrefecture"]["range"] == "iac:Prefecture"
    assert terms["iac:inPrefecture"]["parent"] == "iac:within"
    assert terms["iac:Municipality"]["label_ja"] == "市区町村"


def test_text_table_aligns_wide_characters(capsys):
    from iackg.commands.ontology import display_width

    assert main(["ontology", "--no-reasoning", "--terms"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("kind "))
    column = lines[header].index("label_en")  # the header is ASCII: index == display column
    for line in lines[header + 2 : header + 12]:
        # the character at display column `column` starts the English label
        starts = [i for i in range(len(line)) if display_width(line[:i]) == column]
        assert starts, line
        assert line[starts[0]] != " " and line[starts[0] - 1] == " ", line
