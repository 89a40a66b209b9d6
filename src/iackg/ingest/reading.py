"""Reading tables: CSV (UTF-8, UTF-8 with BOM or CP932, detected) and XLSX, streamed row by row.

A table is read twice at most: once in binary to hash it and find its encoding (a strict decode,
chunk by chunk, so memory stays flat), then once to yield rows. Rows are numbered as a spreadsheet
shows them (the first line is row 1), so messages and provenance point at what a user sees.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iackg.errors import InputError, Problem
from iackg.ingest.xlsx_guard import LIMITS, check_workbook, refuse

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
    try:
        return _open_table(path)
    except OSError as exc:  # unreadable (permissions), vanished, a device error
        raise unreadable(path, exc) from None


def unreadable(path: Path, exc: OSError) -> InputError:
    """The error for a file the operating system will not let us read."""
    reason = exc.strerror or type(exc).__name__
    return _problem(
        path,
        None,
        None,
        f"ファイルを読めません（{reason}）: {path}",
        f"cannot read {path}: {reason}",
    )


def _open_table(path: Path) -> RawTable:
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
        check_workbook(path)
        return RawTable(path, digest.hexdigest(), "xlsx", size)
    return RawTable(path, digest.hexdigest(), _detect_encoding(path, head), size)


def _detect_encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        failure = _first_failure(path, "utf-8-sig")
        if failure is None:
            return "utf-8-sig"
        raise _undecodable(path, "utf-8-sig", failure)
    return _one_encoding(path)


def _one_encoding(path: Path) -> str:
    """UTF-8 or CP932, whichever every line is in; a file mixing the two is refused at the first
    line that differs (CP932 would read UTF-8 rows as mojibake without any error)."""
    first: dict[str, int] = {}  # encoding -> first line (number) with non-ASCII text in it
    offset = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.isascii():
                encoding = _line_encoding(line)
                if encoding is None:
                    likely = next(iter(first), "utf-8")  # the encoding of the lines before
                    raise _undecodable(path, likely, offset + _bad_byte(line))
                first.setdefault(encoding, number)
                if len(first) == 2:
                    raise _mixed(path, first)
            offset += len(line)
    return "cp932" if "cp932" in first else "utf-8"


def _line_encoding(line: bytes) -> str | None:
    for encoding in ENCODINGS:
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _bad_byte(line: bytes) -> int:
    """Offset in the line of the first byte neither UTF-8 nor CP932 can read past."""
    furthest = 0
    for encoding in ENCODINGS:
        try:
            line.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    return furthest


def _mixed(path: Path, first: dict[str, int]) -> InputError:
    (one, one_line), (other, bad_line) = sorted(first.items(), key=lambda item: item[1])
    names = {"utf-8": "UTF-8", "cp932": "CP932 (Shift_JIS)"}
    return _problem(
        path,
        bad_line,
        None,
        f"文字コードが混在しています: {one_line}行目は{names[one]}、{bad_line}行目は"
        f"{names[other]}です。ファイル全体を一つの文字コード（UTF-8推奨）で保存し直してください",
        f"the file mixes encodings: line {one_line} is {names[one]} but line {bad_line} is "
        f"{names[other]}; save the whole file in one encoding (UTF-8 preferred)",
    )


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
    try:
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise unreadable(path, exc) from None
    with handle:
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


class _NotAValue(Exception):
    """An XLSX cell holding something other than a value iackg can read as text."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    # Array and data-table formulas come as objects: keep them formulas, so that the row check
    # rejects them ("paste as values") instead of storing the object's repr.
    text = getattr(value, "text", None)
    if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return "=" + (str(text or "").lstrip("=") or type(value).__name__)
    raise _NotAValue(type(value).__name__)


def _open_workbook(path: Path):
    """openpyxl's read-only workbook. Call only on a file `open_table` accepted: it has checked
    the parts' sizes and the declared ranges (xlsx_guard) that openpyxl would trust."""
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
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
        # Never pad to the declared range: only the cells the sheet really has are read.
        worksheet.reset_dimensions()
        for number, values in _sheet_values(path, worksheet):
            if len(values) > LIMITS.columns:
                raise refuse(
                    path,
                    f"列が多すぎます（{len(values)}列、上限 {LIMITS.columns}列）",
                    f"the row has {len(values)} columns (the limit is {LIMITS.columns})",
                    number,
                    column_letter(len(values)),
                )
            cells = []
            for index, value in enumerate(values, start=1):
                try:
                    cells.append(_cell_text(value))
                except _NotAValue as exc:
                    raise refuse(
                        path,
                        f"値として読めないセルです（{exc}）。値として貼り付けてください",
                        f"the cell holds a {exc}, not a value; paste it as a value",
                        number,
                        column_letter(index),
                    ) from None
            if any(c.strip() for c in cells):
                yield number, cells
    finally:
        book.close()


def _sheet_values(path: Path, worksheet) -> Iterator[tuple[int, tuple]]:
    """(row number, values) from openpyxl; a sheet it cannot parse is an InputError there."""
    import zipfile

    rows = worksheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except (SyntaxError, ValueError, KeyError, TypeError, EOFError, OSError,
                zipfile.BadZipFile) as exc:  # fmt: skip
            raise refuse(
                path,
                f"シートを読めません（{number + 1}行目付近）: {exc}",
                f"cannot read the sheet (near row {number + 1}): {exc}",
                number + 1,
                None,
            ) from None
        number += 1
        yield number, values


def column_letter(number: int) -> str:
    """Spreadsheet column letters: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_formula(cell: str) -> bool:
    """A cell that holds a formula (=SUM(...)), not a value: we never evaluate formulas."""
    return cell.lstrip().startswith("=") and len(cell.strip()) > 1


# Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE and
# U+FFFF), plus DEL. Refused at ingest, for every input format, so every output (GraphML, GEXF,
# RDF/XML, SPARQL XML results) stays well-formed XML.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> str | None:
    """The first character XML forbids in `text`, as U+XXXX, or None."""
    found = FORBIDDEN_CHARACTERS.search(text)
    return f"U+{ord(found.group()):04X}" if found else None
