"""Issue 10, finding 5: hostile XLSX files are refused before openpyxl expands them.

Every bomb is built here, at test time, and is small on disk; each refusal goes through
`main(argv)`, exits 2 and names the file (and the row and column where there is one)."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from iackg.cli import main
from iackg.ingest.reading import open_table
from iackg.ingest.xlsx_guard import LIMITS

HEADER = [
    "都道府県",
    "区分",
    "名称",
    "名称（英語）",
    "関連市町村",
    "指定日",
    "対象鉱工業品",
    "備考",
]
ROW = ["神奈川県", "農林水産物", "三崎のまぐろ", "Misaki tuna", "三浦市", "2007-08-31", "", ""]


def workbook(path: Path, rows=(HEADER, ROW)) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def rewrite(path: Path, member: str, transform=None, add: dict | None = None) -> Path:
    """The same workbook with one part changed (transform(bytes) -> bytes) or parts added,
    written with streaming compression so that a huge part costs little memory or disk."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    out = path.with_name("hostile-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in parts.items():
            if name == member and transform:
                data = transform(data)
            target.writestr(name, data)
        for name, chunks in (add or {}).items():
            with target.open(name, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return out


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if openpyxl is asked to open the workbook at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a workbook the guard must refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_a_declared_range_of_the_whole_sheet_is_refused_before_openpyxl(
    tmp_path, capsys, no_openpyxl
):
    def declare_everything(xml: bytes) -> bytes:
        start = xml.index(b"<dimension")
        end = xml.index(b"/>", start) + 2
        return xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[end:]

    path = rewrite(workbook(tmp_path / "d.xlsx"), "xl/worksheets/sheet1.xml", declare_everything)
    assert path.stat().st_size < 10_000
    code, err = run(capsys, "ingest", str(path))
    assert code == 2
    assert "hostile-d.xlsx" in err and "A1:XFD1048576" in err and "16384 columns" in err
    code, err = run(capsys, "ingest", str(path), "--lang", "ja")
    assert code == 2 and "大きすぎます" in err


def test_a_range_within_the_limits_is_read_and_not_padded(tmp_path, capsys):
    def declare(xml: bytes) -> bytes:
        start = xml.index(b"<dimension")
        end = xml.index(b"/>", start) + 2
        return xml[:start] + b'<dimension ref="A1:ALL10000"/>' + xml[end:]  # 1000 x 10000

    path = rewrite(workbook(tmp_path / "ok.xlsx"), "xl/worksheets/sheet1.xml", declare)
    table = open_table(path)
    rows = list(table.rows())
    assert [n for n, _ in rows] == [1, 2]
    assert all(len(cells) == len(HEADER) for _, cells in rows)  # no padding to 1,000 columns
    assert main(["ingest", str(path)]) == 0


def test_a_row_reaching_past_the_column_limit_is_refused_at_its_row_and_column(tmp_path, capsys):
    def far_cell(xml: bytes) -> bytes:  # the declared range stays small: the sheet lies
        return xml.replace(
            b"</row></sheetData>",
            b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    path = rewrite(workbook(tmp_path / "wide.xlsx"), "xl/worksheets/sheet1.xml", far_cell)
    code, err = run(capsys, "ingest", str(path))
    assert code == 2
    assert "hostile-wide.xlsx:2 [XFD]" in err and f"limit is {LIMITS.columns}" in err


def test_an_inflating_shared_strings_part_is_refused_fast_and_in_bounded_memory(
    tmp_path, capsys, no_openpyxl
):
    # 80 MiB of shared strings that deflate to well under a megabyte
    chunk = b"<si><t>bomb</t></si>" * 50_000
    parts = [
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ]
    parts += [chunk] * (80 * 2**20 // len(chunk)) + [b"</sst>"]
    path = rewrite(workbook(tmp_path / "s.xlsx"), "", add={"xl/sharedStrings.xml": parts})
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        code, err = run(capsys, "ingest", str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2
    assert "hostile-s.xlsx" in err and "xl/sharedStrings.xml" in err and "64 MiB" in err
    assert peak < 50 * 2**20


def test_too_many_shared_strings_are_counted_as_a_stream_and_refused(tmp_path, capsys, no_openpyxl):
    count = LIMITS.shared_strings + 1
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    parts = [head, b"<si/>" * count, b"</sst>"]
    path = rewrite(workbook(tmp_path / "n.xlsx"), "", add={"xl/sharedStrings.xml": parts})
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "too many shared strings" in err and "hostile-n.xlsx" in err
    # the declared count alone is enough to refuse
    parts = [b'<sst xmlns="x" uniqueCount="999999999">', b"<si/>", b"</sst>"]
    path = rewrite(workbook(tmp_path / "m.xlsx"), "", add={"xl/sharedStrings.xml": parts})
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "999999999" in err


def test_a_part_whose_header_understates_its_size_stops_at_the_declared_size(tmp_path, capsys):
    """The guard checks declared sizes; a header that lies cannot make anything inflate further."""
    chunk = b"<si><t>bomb</t></si>" * 50_000
    parts = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    parts += [chunk] * (80 * 2**20 // len(chunk)) + [b"</sst>"]
    path = rewrite(workbook(tmp_path / "lie.xlsx"), "", add={"xl/sharedStrings.xml": parts})
    data = bytearray(path.read_bytes())
    name = b"xl/sharedStrings.xml"
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")  # declared: 1000 bytes
    path.write_bytes(bytes(data))
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "hostile-lie.xlsx" in err and "CRC" in err


def test_a_doctype_in_any_part_is_refused(tmp_path, capsys, no_openpyxl):
    def doctype(xml: bytes) -> bytes:
        declaration = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        return xml[:end] + declaration + xml[end:]

    path = rewrite(workbook(tmp_path / "x.xlsx"), "xl/workbook.xml", doctype)
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "DOCTYPE" in err and "hostile-x.xlsx" in err


def test_an_array_formula_is_refused_at_its_row_and_column_never_stored_as_a_repr(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["C2"] = ArrayFormula("C2:C2", "=UPPER(D2)")
    path = tmp_path / "array.xlsx"
    book.save(path)
    out = tmp_path / "out.nq"
    code, err = run(capsys, "ingest", str(path), "-o", str(out))
    assert code == 2 and not out.exists()
    assert "array.xlsx:2 [name (名称)]" in err and "formula" in err and "UPPER(D2)" in err
    # even when rejected rows are skipped, no object repr reaches the graph
    code, err = run(capsys, "ingest", str(path), "-o", str(out), "--no-strict")
    assert "object at 0x" not in out.read_text(encoding="utf-8")
    assert "array.xlsx:2 [name (名称)]" in err


def test_a_formula_with_its_cached_value_is_still_refused_as_a_formula(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet["C2"] = '=CONCAT("三崎","のまぐろ")'
    path = tmp_path / "formula.xlsx"
    book.save(path)
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "formula.xlsx:2 [name (名称)]" in err and "paste it as a value" in err


def test_a_forbidden_character_in_an_xlsx_cell_is_refused_with_the_file_named(tmp_path, capsys):
    """U+FFFE cannot be in well-formed XML: the sheet itself is broken (no traceback)."""
    row = list(ROW)
    row[2] = "三崎\ufffeのまぐろ"
    path = workbook(tmp_path / "fffe.xlsx", (HEADER, row))
    code, err = run(capsys, "ingest", str(path))
    assert code == 2 and "fffe.xlsx" in err and "not well-formed" in err
    assert "Traceback" not in err
