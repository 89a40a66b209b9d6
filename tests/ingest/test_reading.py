"""Encodings detected without being told, XLSX, and rows numbered as a spreadsheet shows them."""

import datetime as dt

import pytest

from iackg.ingest import ingest_files
from iackg.ingest.reading import open_table
from iackg.iris import Minter
from iackg.vocab import PROV

M = Minter()
ROWS = [
    ["都道府県", "区分", "名称", "関連市町村", "指定日"],
    ["東京都", "鉱工業品", "髙島屋①の切子㈱", "江東区", "Ｈ１９．８．３１"],
]


@pytest.mark.parametrize(
    ("encoding", "detected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp932", "cp932")]
)
def test_encodings_are_detected(tables, encoding, detected):
    path = tables.csv(f"t-{encoding}.csv", ROWS, encoding)
    assert open_table(path).encoding == detected
    result = ingest_files([path])
    labels = {str(o) for o in result.sources[0].graph.objects()}
    assert "髙島屋①の切子㈱" in labels  # CP932-only characters survive (plain shift_jis would fail)
    assert result.sources[0].encoding == detected


def test_cp932_and_utf8_files_give_the_same_data(tables):
    a = ingest_files([tables.csv("a.csv", ROWS, "cp932")]).sources[0].graph
    b = ingest_files([tables.csv("b.csv", ROWS, "utf-8")]).sources[0].graph
    assert set(a) == set(b)


def test_a_utf8_file_with_a_bad_byte_late_is_reported_at_that_row(tables):
    path = tables.root / "late.csv"
    body = "\n".join(",".join(r) for r in ROWS) + "\n"
    body += "東京都,鉱工業品,江戸切子,江東区,2007-08-31\n" * 3000
    path.write_bytes(body.encode("utf-8") + b"\xe6\x9d,x,y,z,w\n")
    from iackg.errors import InputError

    with pytest.raises(InputError) as info:
        ingest_files([path])
    assert info.value.problems[0].row == 3003


def test_xlsx_with_date_cells_numbers_and_blank_rows(tables):
    path = tables.xlsx(
        "d.xlsx",
        [
            ["都道府県", "区分", "名称", "関連市町村", "指定日"],
            ["東京都", "industrial", "江戸切子", "江東区", dt.datetime(2007, 8, 31)],
            [None, None, None, None, None],
            [13, "tourism", "高尾山", "", dt.date(2016, 4, 1)],
        ],
    )
    result = ingest_files([path])
    source = result.sources[0]
    assert source.encoding == "xlsx" and source.rows == 2
    sha = source.sha256
    assert result.provenance.value(M.resource("13", "高尾山"), PROV.wasDerivedFrom) == M.source_row(
        sha, 4
    )


def test_a_file_that_is_not_really_xlsx(tables):
    from iackg.errors import InputError

    path = tables.root / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(InputError) as info:
        ingest_files([path])
    assert "XLSX" in info.value.problems[0].message_en


def test_blank_templates_are_recognised_with_every_column():
    from iackg.ingest.headers import missing_required, recognise
    from iackg.paths import bundled

    folder = bundled("data") / "templates"
    found = {}
    for path in sorted(folder.glob("*.csv")):
        _, cells = next(open_table(path).rows())
        kind, columns = recognise(cells)
        assert missing_required(kind, columns) == []
        assert len(columns) == len(cells), path.name  # no header goes unread
        found[path.name] = kind
    assert sorted(set(found.values())) == ["designations", "enterprises", "plans"]
    assert len(found) == 6


def test_xlsx_cover_sheet_is_skipped(tables):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "表紙"
    book.active.append(["神奈川県の地域産業資源（説明）"])
    sheet = book.create_sheet("一覧")
    sheet.append(["都道府県", "区分", "名称", "関連市町村", "指定日"])
    sheet.append(["神奈川県", "観光資源", "箱根温泉", "箱根町", "H19.8.31"])
    path = tables.root / "cover.xlsx"
    book.save(path)
    result = ingest_files([path])
    assert result.sources[0].rows == 1 and result.sources[0].kind == "designations"
