import csv

import pytest
from openpyxl import Workbook
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from iackg import reference
from iackg.cli import main
from iackg.errors import InputError
from iackg.iris import Minter
from iackg.reference import (
    find_municipality,
    find_prefecture,
    lg_check_digit,
    prefectures,
    reference_graph,
    valid_lg_code,
)
from iackg.reference_import import import_municipality_codes
from iackg.vocab import IAC


@pytest.mark.parametrize(
    "code", ["131016", "062014", "202193", "011002", "200000", "130001", "470007"]
)
def test_known_codes_have_valid_check_digits(code):
    assert valid_lg_code(code)
    assert lg_check_digit(code[:5]) == code[5]


@pytest.mark.parametrize("code", ["131017", "13101", "1310166", "13101a", "", "１３１０１６"])
def test_bad_codes_are_rejected(code):
    assert not valid_lg_code(code)


def test_every_reference_code_has_a_valid_check_digit():
    assert len(prefectures()) == 47
    for p in prefectures():
        assert valid_lg_code(p.lg_code), p
        assert p.lg_code[:2] == p.jis
    for m in reference.municipalities():
        assert valid_lg_code(m.lg_code), m
        assert m.lg_code[:2] == m.jis


def test_every_municipality_of_japan_with_its_source():
    items = reference.municipalities()
    kinds = [m.kind for m in items]
    # MIC's list: 1,718 municipalities and the 23 special wards of Tokyo; then 175 city wards
    assert kinds.count("ward") == 175
    assert len(items) - kinds.count("ward") == 1741
    assert kinds.count("special-ward") == 23 and kinds.count("designated-city") == 20
    assert {m.jis for m in items} == {p.jis for p in prefectures()}
    assert all(m.source for m in items)
    # a row is verified only when a second source (the MIC list) agrees; others say why not
    assert all(m.note for m in items if not m.verified)
    assert sum(m.verified for m in items) == 1740  # 檮原町 is written 梼原町 in the MIC copy
    chiyoda = reference.municipality_by_code("131016")
    assert (chiyoda.name_ja, chiyoda.name_kana, chiyoda.verified) == ("千代田区", "ちよだく", True)
    assert 35 < chiyoda.latitude < 36 and 139 < chiyoda.longitude < 140


def test_names_resolve_across_japan_and_wards_by_short_name():
    assert [m.lg_code for m in reference.find_municipalities_anywhere("府中市")] == [
        "132063",
        "342084",
    ]
    assert find_municipality("01", "札幌市中央区").lg_code == "011011"
    assert find_municipality("01", "中央区").lg_code == "011011"  # the only 中央区 of Hokkaido
    assert find_municipality("14", "緑区") is None  # Yokohama and Sagamihara both have one
    assert find_municipality("14", "横浜市緑区").lg_code == "141135"
    assert find_municipality("13", "大島町").lg_code == "133612"


@pytest.mark.parametrize(
    "text, jis",
    [
        ("東京都", "13"),
        ("東京", "13"),
        ("Tokyo", "13"),
        ("13", "13"),
        ("１３", "13"),
        ("JP-13", "13"),
        ("ＪＰ－１３", "13"),
        ("1", "01"),
        ("北海道", "01"),
        ("kyoto-fu", "26"),
        ("京都府", "26"),
        (" 神奈川県 ", "14"),
    ],
)
def test_find_prefecture(text, jis):
    assert find_prefecture(text).jis == jis


@pytest.mark.parametrize("text", ["東京市", "48", "JP-48", "", "Atlantis", "'; DROP"])
def test_unknown_prefecture(text):
    assert find_prefecture(text) is None


def test_find_municipality_within_its_prefecture_only():
    assert find_municipality("14", "三浦市").lg_code == "142107"
    assert find_municipality("14", "Miura").lg_code == "142107"
    assert find_municipality("13", "三浦市") is None  # not in Tokyo


def test_reference_graph_covers_everything():
    minter = Minter("https://example.org/iac")
    g = reference_graph(minter)
    assert len(set(g.subjects(RDF.type, IAC.Prefecture))) == 47
    assert len(set(g.subjects(RDF.type, IAC.BasicConcept))) == 47
    assert len(set(g.subjects(RDF.type, IAC.Municipality))) == len(reference.municipalities())
    chiyoda = minter.municipality("131016")
    assert Literal("ちよだく", lang="ja-Hrkt") in set(g.objects(chiyoda, RDFS.label))
    wgs = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    assert 139 < float(g.value(chiyoda, URIRef(wgs + "long"))) < 140
    assert 35 < float(g.value(chiyoda, URIRef(wgs + "lat"))) < 36
    assert str(g.value(chiyoda, IAC.referenceSource)) == "japancode 0.1.0"
    act = minter.act("2007-39")
    assert str(g.value(act, IAC.validFrom)) == "2007-06-29"
    assert str(g.value(act, IAC.validUntil)) == "2020-09-30"
    assert (minter.act("2020-58"), IAC.repeals, act) in g
    assert all(str(s).startswith("https://example.org/iac/id/") for s in g.subjects())


def _mic_workbook(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "R6.1.1現在の団体"
    headers = ["団体コード", "都道府県名\n（漢字）", "市区町村名\n（漢字）", "都道府県名\n（カナ）"]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_official_codes(tmp_path, monkeypatch):
    src = tmp_path / "codes.xlsx"
    _mic_workbook(
        src,
        [
            ["130001", "東京都", None, "ﾄｳｷｮｳﾄ"],
            ["131016", "東京都", "千代田区", "ﾄｳｷｮｳﾄ"],
            ["141003", "神奈川県", "横浜市", "ｶﾅｶﾞﾜｹﾝ"],
            ["141011", "神奈川県", "鶴見区", "ｶﾅｶﾞﾜｹﾝ"],
        ],
    )
    out = tmp_path / "municipalities.csv"
    assert main(["reference", "import-codes", str(src), "-o", str(out)]) == 0
    rows = {r["lg_code"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert set(rows) == {"131016", "141003", "141011"}
    assert rows["141011"]["parent_code"] == "141003"
    assert rows["131016"]["kind"] == "special-ward"
    assert rows["131016"]["verified"] == "true"
    # the imported list is used for look-ups once named
    monkeypatch.setenv("IACKG_MUNICIPALITIES", str(out))
    reference.municipalities.cache_clear()
    reference._municipality_index.cache_clear()
    try:
        assert find_municipality("14", "鶴見区").lg_code == "141011"
    finally:
        monkeypatch.delenv("IACKG_MUNICIPALITIES")
        reference.municipalities.cache_clear()
        reference._municipality_index.cache_clear()


def test_import_rejects_bad_codes_naming_row_and_column(tmp_path, capsys):
    src = tmp_path / "codes.xlsx"
    _mic_workbook(src, [["131017", "東京都", "千代田区"], ["141003", "東京都", "横浜市"]])
    with pytest.raises(InputError) as err:
        import_municipality_codes(src)
    rows = {(p.row, p.column) for p in err.value.problems}
    assert rows == {(2, "団体コード"), (3, "都道府県名(漢字)")}
    assert main(["reference", "import-codes", str(src), "-o", str(tmp_path / "x.csv")]) == 2
    assert "131017" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_import_rejects_a_file_without_the_headers(tmp_path):
    src = tmp_path / "other.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no municipality rows"):
        import_municipality_codes(src)
