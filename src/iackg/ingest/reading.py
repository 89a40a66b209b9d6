"""Reading tables: CSV (UTF-8, UTF-8 with BOM or CP932, detected) and XLSX, streamed row by row.

A table is read twice at most: once in binary to hash it and find its encoding (a strict decode,
chunk by chunk, so memory stays flat), then once to yield rows. Rows are numbered as a spreadsheet
shows them (the first line is row 1), so messages and provenance point at what a user sees.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iackg.errors import InputError, Problem

_CHUNK = 1 << 20
# Tried in this order. CP932 (Microsoft's Shift_JIS) is what Japanese government CSVs are;
# plain shift_jis lacks the NEC/IBM extensions (①, ㈱, 髙) and would fail on real files.
ENCODINGS = ("utf-8", "cp932")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawTable:
    """A table file before its headers are interpreted."""

    path: Path
    sha256: str
    encoding: str  # "utf-8", "utf-8-sig", "cp932" or "xlsx"
    size: int
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row number, cells as text), blank rows skipped."""
        if self.encoding == "xlsx":
            yield from _xlsx_rows(self.path, self.sheet)
        else:
            yield from _csv_rows(self.path, self.encoding)


def _problem(path: Path, row, column, ja: str, en: str) -> InputError:
    return InputError(Problem(path.name, row, column, ja, en))


def open_table(path: Path) -> RawTable:
    """Hash the file, find how to read it, and fail early (InputError) if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise _problem(path, None, None, f"ファイルがありません: {path}", f"no such file: {path}")
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        head = handle.read(8)
        handle.seek(0)
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    if size == 0:
        raise _problem(
            path,
            1,
            None,
            "ファイルが空です（見出し行が必要です）",
            "the file is empty (a header row is needed)",
        )
    if path.suffix.lower() in XLSX_SUFFIXES or head.startswith(b"PK\x03\x04"):
        return RawTable(path, digest.hexdigest(), "xlsx", size)
    return RawTable(path, digest.hexdigest(), _detect_encoding(path, head), size)


def _detect_encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        failure = _first_failure(path, "utf-8-sig")
        if failure is None:
            return "utf-8-sig"
        raise _undecodable(path, "utf-8-sig", failure)
    failures = {}
    for encoding in ENCODINGS:
        failure = _first_failure(path, encoding)
        if failure is None:
            return encoding
        failures[encoding] = failure
    # Report against the encoding that got furthest: the likeliest one the author meant.
    encoding = max(failures, key=lambda e: failures[e])
    raise _undecodable(path, encoding, failures[encoding])


def _first_failure(path: Path, encoding: str) -> int | None:
    """Byte offset of the first undecodable byte, or None if the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # the decoder may hold back a partial character from the previous chunk
                return max(0, offset + exc.start - len(decoder.getstate()[0]))
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset
    return None


def _undecodable(path: Path, encoding: str, offset: int) -> InputError:
    with path.open("rb") as handle:
        before = handle.read(offset)
        bad = handle.read(4)
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    header_end = before.find(b"\n")
    column = None
    try:
        prefix = before[start:].decode(encoding, "replace")
        header_bytes = before[:header_end] if header_end >= 0 else before
        header = next(csv.reader([header_bytes.decode(encoding, "replace").lstrip("\ufeff")]))
        index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
        if line > 1 and 0 <= index < len(header):
            column = header[index].strip()
    except (csv.Error, StopIteration):
        pass
    return _problem(
        path,
        line,
        column,
        f"文字コードを判別できません（UTF-8・CP932のどちらでも読めないバイト {bad[:2].hex(' ')} が"
        f"{offset}バイト目にあります）。UTF-8かCP932で保存し直してください",
        f"cannot decode the file: byte(s) {bad[:2].hex(' ')} at offset {offset} are neither "
        f"UTF-8 nor CP932; save it again as UTF-8 or CP932 (Shift_JIS)",
    )


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        number = 0
        try:
            for cells in reader:
                number += 1
                if any(c.strip() for c in cells):
                    yield number, cells
        except csv.Error as exc:
            raise _problem(
                path, number + 1, None, f"CSVとして読めません: {exc}", f"not valid CSV: {exc}"
            ) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _open_workbook(path: Path):
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _problem(
            path,
            None,
            None,
            f"XLSXファイルとして開けません: {exc}",
            f"cannot open as an XLSX workbook: {exc}",
        ) from None


def sheet_names(path: Path) -> list[str]:
    book = _open_workbook(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    book = _open_workbook(path)
    try:
        worksheet = book[sheet] if sheet else book.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, cells
    finally:
        book.close()


def is_formula(cell: str) -> bool:
    """A cell that holds a formula (=SUM(...)), not a value: we never evaluate formulas."""
    return cell.lstrip().startswith("=") and len(cell.strip()) > 1
