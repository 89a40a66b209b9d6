"""Published lists in the layouts prefectures use: recognised from their headers and shape,
read once per resource, with category, kana and real municipality codes."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from rdflib import Dataset, Literal, URIRef

from iackg.cli import main
from iackg.errors import InputError
from iackg.ingest import ListOptions, explain, ingest_files
from iackg.iris import Minter
from iackg.reference import find_municipality
from iackg.vocab import IAC

from .published import ISLANDS, long_list, per_municipality_list, sectioned_list

M = Minter()
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TOKYO = ListOptions("13", dt.date(2008, 3, 31))


def _covers(g, name):
    return {str(o) for o in g.objects(M.designation("13", name), IAC.coversMunicipality)}


def _codes(*names):
    return {str(M.municipality(find_municipality("13", n).lg_code)) for n in names}


def test_long_list_reads_every_resource_once(tmp_path):
    path = long_list(tmp_path / "tokyo.xlsx")
    result = ingest_files([path], options=TOKYO)
    assert not result.problems, [p.message_en for p in result.problems]
    g = result.sources[0].graph
    resources = set(g.subjects(IAC.category, None))
    assert len(resources) == 5
    assert result.sources[0].rows == 5
    # one resource over eight island municipalities, their list numbers stripped
    assert _covers(g, "島焼酎") == _codes(*ISLANDS)
    assert _covers(g, "江戸切子") == _codes("江東区", "墨田区")
    shochu = M.resource("13", "島焼酎")
    assert Literal("しましょうちゅう", lang="ja-Hrkt") in set(g.objects(shochu, None))
    assert g.value(shochu, IAC.category) == IAC.CatIndustrial  # 鉱
    assert g.value(M.resource("13", "高尾山"), IAC.category) == IAC.CatTourism
    # a name with 、 inside brackets stays one name
    assert g.value(M.resource("13", "くさや（青むろ、むろあじ）"), IAC.category) == (
        IAC.CatAgricultural
    )
    # the red-font row is a new designation in this list; the hidden column is not read
    newly = set(g.subjects(IAC.newlyDesignatedInList, Literal(True)))
    assert newly == {M.designation("13", "高尾山")}
    # provenance keeps the spreadsheet row of the resource's first row
    rows = {int(o) for o in result.provenance.objects(None, IAC.rowNumber)}
    assert min(rows) == 5


def test_a_list_without_prefecture_or_date_needs_them_given(tmp_path):
    path = long_list(tmp_path / "tokyo.xlsx")
    with pytest.raises(InputError) as err:
        ingest_files([path])  # its title gives the date (平成20年3月31日現在), not the prefecture
    columns = {p.column for p in err.value.problems}
    assert columns == {"prefecture (都道府県)"}
    assert all(p.row == 4 and "--" in p.message_en for p in err.value.problems)
    sheet = load_workbook(path)
    sheet.active["A1"] = "東京都 地域産業資源一覧"  # no date in the title either
    sheet.save(path)
    with pytest.raises(InputError) as err:
        ingest_files([path])
    columns = {p.column for p in err.value.problems}
    assert columns == {"prefecture (都道府県)", "designated_on (指定日)"}


def test_per_municipality_list_splits_cells_but_not_inside_brackets(tmp_path):
    path = per_municipality_list(tmp_path / "towns.xlsx")
    g = ingest_files([path], options=TOKYO).sources[0].graph
    names = {
        str(o)
        for s in g.subjects(IAC.category, None)
        for o in g.objects(s, None)
        if isinstance(o, Literal) and o.language == "ja"
    }
    assert "あしたば（明日葉、八丈草）" in names and "明日葉" not in names
    assert {"三原山", "波浮港", "くさや", "椿油"} <= names
    assert _covers(g, "島焼酎") == _codes("大島町", "八丈町", "三宅村")
    assert _covers(g, "あしたば（明日葉、八丈草）") == _codes("大島町", "八丈町")
    assert g.value(M.resource("13", "黄八丈"), IAC.category) == IAC.CatIndustrial


def test_sectioned_list_takes_category_from_heading_rows(tmp_path):
    path = sectioned_list(tmp_path / "sections.csv")
    result = ingest_files([path], options=TOKYO)
    g = result.sources[0].graph
    assert g.value(M.resource("13", "くさや"), IAC.category) == IAC.CatAgricultural
    assert g.value(M.resource("13", "高尾山"), IAC.category) == IAC.CatTourism
    assert _covers(g, "高尾山") == _codes("八王子市")


def test_explain_names_layout_and_columns(tmp_path):
    lines = explain([long_list(tmp_path / "tokyo.xlsx")], options=TOKYO)
    text = "\n".join(lines)
    assert "layout: long list" in text and "header row: 4" in text
    assert "name_kana" in text and "'ふりがな'" in text and "2008-03-31 (given)" in text
    assert "hidden columns, not read: F" in text and "red font (newly designated): 1" in text
    lines = explain([per_municipality_list(tmp_path / "towns.xlsx")], options=TOKYO)
    assert "layout: per-municipality list" in "\n".join(lines)


def test_cli_ingest_long_list_with_prefecture(tmp_path, capsys):
    path = long_list(tmp_path / "tokyo.xlsx")
    out = tmp_path / "out.nq"
    code = main(
        [
            "ingest",
            str(path),
            "--prefecture",
            "13",
            "--as-of",
            "平成20年3月31日",
            "-o",
            str(out),
            "--explain",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "layout: long list" in printed
    ds = Dataset()
    ds.parse(out, format="nquads")
    covered = {str(q[2]) for q in ds.quads((None, URIRef(str(IAC.coversMunicipality)), None, None))}
    assert _codes(*ISLANDS, "江東区", "墨田区", "八王子市") <= covered
    assert all(c.rsplit("/", 1)[1].isdigit() for c in covered)  # every one a real code


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--prefecture", "99"], "--prefecture"), (["--as-of", "someday"], "--as-of")],
)
def test_cli_rejects_bad_list_options(tmp_path, capsys, args, message):
    path = long_list(tmp_path / "tokyo.xlsx")
    assert main(["ingest", str(path), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_kana_reading_is_not_a_second_japanese_name(tmp_path):
    from iackg.validation import validate

    g = ingest_files([long_list(tmp_path / "tokyo.xlsx")], options=TOKYO).sources[0].graph
    report = validate(g)
    assert "R02-resource-name" in {r.rule_id for r in report.results}  # warnings: no English
    assert not [
        r for r in report.results if r.rule_id == "R02-resource-name" and r.severity == "Violation"
    ]
    # two Japanese names still are a violation
    g.add((M.resource("13", "高尾山"), URIRef(str(RDFS_LABEL)), Literal("たかお", lang="ja")))
    report = validate(g)
    assert any(
        r.rule_id == "R02-resource-name" and r.severity == "Violation" for r in report.results
    )
