"""Template tables through the loader and `iackg validate`: each defect is named by its file,
row and column (the loader's canonical column names)."""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef

from iackg.cli import main
from iackg.ingest import ingest_files
from iackg.reference import reference_graph
from iackg.store import open_store

DESIGNATIONS = """\
prefecture,category,name,name_en,municipalities,designated_on,technique_for
神奈川県,農林水産物,三浦だいこん,Miura radish,三浦市,2007-08-31,
神奈川県,観光資源,範囲外の温泉,Out-of-range onsen,箱根町,2021-04-01,
神奈川県,技術,三浦だいこんの加工技術,Miura radish technique,三浦市,2007-08-31,三浦だいこん
神奈川県,観光資源,箱根の新しい温泉,New Hakone onsen,箱根町,2016-04-01,
神奈川県,農林水産物,三浦の地酒,Miura sake,三浦市,2007-08-31,
"""
ENTERPRISES = """\
corporate_number,name,industry,capital_yen,employees,prefecture
1234567890123,株式会社番号違い,manufacturing,10000000,20,神奈川県
2210987654321,大手株式会社,manufacturing,5000000000,4000,神奈川県
7123456789012,三崎水産加工株式会社,manufacturing,10000000,25,神奈川県
,三浦旅館株式会社,旅館業,80000000,150,神奈川県
,三浦農業協同組合,,2000000000,800,神奈川県
,株式会社三浦加工,,200000000,400,神奈川県
"""
PLANS = """\
plan_id,title,prefecture,activity_type,resources,applicants,certified_on,starts_on,ends_on,certified_by
K-1,大根の観光,神奈川県,3,三浦だいこん,7123456789012,2008-02-15,2008-04-01,2011-03-31,関東経済産業局
K-2,大根の加工,神奈川県,1,三浦だいこん,2210987654321,2008-02-15,2008-04-01,2011-03-31,関東経済産業局
K-3,温泉の新商品,神奈川県,3,箱根の新しい温泉,7123456789012,2016-01-15,2016-04-01,2019-03-31,関東経済産業局
K-4,短い計画,神奈川県,1,三浦だいこん,7123456789012,2008-02-15,2008-04-01,2010-03-31,関東経済産業局
K-5,正しい計画,神奈川県,1,三浦だいこん,7123456789012,2008-02-15,2008-04-01,2013-03-31,関東経済産業局
K-6,旅館の新商品,神奈川県,1,三浦だいこん,三浦旅館株式会社,2008-02-15,2008-04-01,2013-03-31,関東経済産業局
K-7,農協の計画,神奈川県,1,三浦だいこん,三浦農業協同組合,2008-02-15,2008-04-01,2013-03-31,関東経済産業局
K-8,業種なし,神奈川県,1,三浦だいこん,株式会社三浦加工,2008-02-15,2008-04-01,2013-03-31,関東経済産業局
K-9,県が認定,神奈川県,1,三浦だいこん,株式会社三浦加工,2008-02-15,2008-04-01,2013-03-31,神奈川県
K-10,管轄外,神奈川県,1,三浦だいこん,株式会社三浦加工,2008-02-15,2008-04-01,2013-03-31,九州経済産業局
"""
# (file, row, column, rule) for every defect above, and nothing else
EXPECTED = {
    ("designations.csv", 3, "designated_on", "R04-designation-regime"),
    ("designations.csv", 4, "technique_for", "R07-technique-product"),
    ("enterprises.csv", 2, "corporate_number", "R13-corporate-number"),
    ("plans.csv", 2, "activity_type", "R09-plan-resources"),
    ("plans.csv", 3, "applicants", "R08-plan-applicant-sme"),
    ("plans.csv", 4, "resources", "R10-plan-resource-designated-before"),
    ("plans.csv", 5, "ends_on", "R11-plan-period"),
    # an agricultural cooperative is not an SME cooperative (legal form), and is over the limits;
    # the inn (Cabinet Order sector) and the enterprise with no sector (manufacturing) pass
    ("plans.csv", 8, "applicants", "R08-plan-applicant-sme"),
    # a prefecture cannot certify; a bureau certifies only in its area
    ("plans.csv", 10, "certified_by", "R12-plan-authority"),
    ("plans.csv", 11, "certified_by", "R12-plan-authority"),
}
WARNINGS = {  # once per resource, on the name that sorts first
    ("designations.csv", 6, "name_en", "R16-processed-agricultural"),
}


@pytest.fixture
def tables(tmp_path):
    files = {"designations.csv": DESIGNATIONS, "enterprises.csv": ENTERPRISES, "plans.csv": PLANS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in files]


def run(capsys, *argv):
    code = main(["validate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_defect_is_found_at_its_row_and_column(capsys, tables):
    code, out, _ = run(capsys, *tables, "--format", "json")
    document = json.loads(out)
    found = {
        (r["file"], r["row"], r["column"], r["rule_id"])
        for r in document["results"]
        if r["severity"] == "Violation"
    }
    warned = {
        (r["file"], r["row"], r["column"], r["rule_id"])
        for r in document["results"]
        if r["severity"] == "Warning"
    }
    assert code == 1
    assert found == EXPECTED
    assert warned == WARNINGS


def test_text_output_names_file_row_and_column(capsys, tables):
    code, out, _ = run(capsys, *tables, "--lang", "ja")
    assert code == 1
    assert "designations.csv 行 3" in out and "列 designated_on" in out
    assert "R04-designation-regime" in out and "2007-06-29" in out
    # grouped by row and sorted: files in order, rows ascending
    places = [line.split(" (")[0] for line in out.splitlines() if " 行 " in line]
    assert places == sorted(places, key=lambda p: (p.split(" 行 ")[0], int(p.split(" 行 ")[1])))


def test_japanese_headers_in_cp932(capsys, tmp_path):
    path = tmp_path / "指定.csv"
    text = (
        "都道府県,区分,名称,名称（英語）,関連市町村,指定日\n"
        "神奈川県,観光資源,遅すぎる温泉,Late onsen,箱根町,令和3年4月1日\n"
    )
    path.write_bytes(text.encode("cp932"))
    code, out, _ = run(capsys, path)
    assert code == 1
    assert "指定.csv row 2" in out and "R04-designation-regime" in out


def test_plans_against_a_built_store_of_designations(capsys, tables, tmp_path):
    designations, enterprises, plans = tables
    ingested = ingest_files([str(designations), str(enterprises)], strict=False)
    store = open_store(tmp_path / "store")
    for source in ingested.sources:
        store.replace_graph(source.graph_name, source.graph)
    store.replace_graph(URIRef(str(ingested.provenance_name)), ingested.provenance)
    store.replace_graph(URIRef("https://w3id.org/iackg/graph/reference"), reference_graph())
    store.close()
    del store
    code, out, _ = run(capsys, plans, "--against", tmp_path / "store", "--format", "json")
    results = json.loads(out)["results"]
    assert code == 1
    # only the plans are reported on, with their rows; the store is context
    assert {r["file"] for r in results} == {"plans.csv"}
    assert {(r["row"], r["rule_id"]) for r in results} == {
        (row, rule) for file, row, _c, rule in EXPECTED if file == "plans.csv"
    }
    # without the store the plans' resources and applicants are unknown
    code, out, _ = run(capsys, plans, "--format", "json")
    alone = {r["rule_id"] for r in json.loads(out)["results"]}
    assert {"R09-plan-resources", "R08-plan-applicant-sme"} <= alone


def test_rejected_rows_are_reported_and_fail(capsys, tmp_path):
    path = tmp_path / "designations.csv"
    path.write_text(
        "prefecture,category,name,designated_on\n神奈川県,宇宙資源,月の石,2008-01-01\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, path, "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["conforms"] is False
    (problem,) = [p for p in document["input_problems"] if p["severity"] == "error"]
    assert problem["row"] == 2 and problem["file"].endswith("designations.csv")
