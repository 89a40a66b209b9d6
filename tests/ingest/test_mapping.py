"""A CSVW mapping file makes an odd layout loadable without code."""

import json

import pytest
from rdflib.namespace import SKOS

from iackg.cli import main
from iackg.errors import InputError, UsageError
from iackg.ingest import ListOptions, explain, ingest_files
from iackg.ingest.mapping import load_mapping
from iackg.iris import Minter
from iackg.vocab import IAC

M = Minter()
ODD = """\
島しょ地域 産品・観光資源の一覧,,,,
地区,品目,種類コード,読み,担当
大島,椿油,A,つばきあぶら,産業振興課
八丈,黄八丈,B,きはちじょう,産業振興課
八丈,八丈富士,C,はちじょうふじ,観光課
大島,八丈富士,C,はちじょうふじ,観光課
"""
MAPPING = {
    "@context": ["http://www.w3.org/ns/csvw", {"iac": "https://w3id.org/iackg/ontology#"}],
    "tableSchema": {
        "columns": [
            {
                "titles": "地区",
                "iac:column": "municipalities",
                "iac:valueMap": {"大島": "大島町", "八丈": "八丈町"},
            },
            {"titles": ["品目", "名称"], "iac:column": "name"},
            {
                "titles": "種類コード",
                "iac:column": "category",
                "iac:valueMap": {"A": "農林水産物", "B": "鉱工業品", "C": "観光資源"},
            },
            {"titles": "読み", "iac:column": "name_kana"},
            {"titles": "担当", "suppressOutput": True},
        ]
    },
    "iac:prefecture": "東京都",
    "iac:asOf": "平成20年3月31日",
}


@pytest.fixture
def odd(tmp_path):
    table = tmp_path / "islands.csv"
    table.write_text(ODD, encoding="cp932")
    mapping = tmp_path / "islands.json"
    mapping.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    return table, mapping


def test_mapping_reads_an_odd_layout(odd):
    table, mapping = odd
    options = ListOptions(mapping=load_mapping(mapping))
    g = ingest_files([table], options=options).sources[0].graph
    assert g.value(M.resource("13", "椿油"), IAC.category) == IAC.CatAgricultural
    assert g.value(M.resource("13", "黄八丈"), IAC.category) == IAC.CatIndustrial
    fuji = set(g.objects(M.designation("13", "八丈富士"), IAC.coversMunicipality))
    assert fuji == {M.municipality("133612"), M.municipality("134015")}
    assert str(g.value(M.designation("13", "椿油"), IAC.designatedOn)) == "2008-03-31"
    text = "\n".join(explain([table], options=options))
    assert "layout: mapped by islands.json" in text and "values mapped" in text


def test_without_the_mapping_the_layout_is_not_guessed(odd):
    table, _ = odd
    with pytest.raises(InputError):
        ingest_files([table], options=ListOptions("13"))


def test_cli_mapping(odd, tmp_path, capsys):
    table, mapping = odd
    out = tmp_path / "out.nq"
    assert main(["ingest", str(table), "--mapping", str(mapping), "-o", str(out)]) == 0
    assert "islands.csv" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tableSchema": {}}, "tableSchema.columns"),
        ({"tableSchema": {"columns": [{"titles": "x", "iac:column": "colour"}]}}, "colour"),
        ({"iac:prefecture": "Atlantis"}, "Atlantis"),
        ({"iac:asOf": "someday"}, "iac:asOf"),
    ],
)
def test_bad_mappings_are_usage_errors(tmp_path, capsys, change, message):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**MAPPING, **change}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_mapping(bad)
    table = tmp_path / "t.csv"
    table.write_text(ODD, encoding="utf-8")
    assert main(["ingest", str(table), "--mapping", str(bad)]) == 2


def test_titles_not_in_the_file(odd, tmp_path):
    _, mapping = odd
    other = tmp_path / "other.csv"
    other.write_text("名称,区分\n椿油,農林水産物\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ingest_files([other], options=ListOptions(mapping=load_mapping(mapping)))
    assert "islands.json" in err.value.problems[0].message_en


def test_a_mapping_can_name_the_register_columns(tmp_path):
    """GI and trademark numbers under a prefecture's own titles (made-up numbers, fixtures)."""
    table = tmp_path / "gi.csv"
    table.write_text("地区,品目,種類コード,GI,商標\n大島,椿油,A,第12号,5012345\n", encoding="utf-8")
    columns = [c for c in MAPPING["tableSchema"]["columns"] if c.get("titles") != "読み"]
    columns = [c for c in columns if c.get("titles") != "担当"]
    columns += [
        {"titles": "GI", "iac:column": "gi_number"},
        {"titles": "商標", "iac:column": "trademark_number"},
    ]
    mapping = tmp_path / "gi.json"
    document = {**MAPPING, "tableSchema": {"columns": columns}}
    mapping.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    options = ListOptions(mapping=load_mapping(mapping))
    g = ingest_files([table], options=options).sources[0].graph
    resource = M.resource("13", "椿油")
    gi = "https://www.maff.go.jp/j/shokusan/gi_act/register/0012/index.html"
    assert str(g.value(resource, SKOS.exactMatch)) == gi
    assert str(g.value(resource, IAC.regionalTrademarkNumber)) == "5012345"
