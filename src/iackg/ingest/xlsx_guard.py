"""Look inside an XLSX before openpyxl expands it, and refuse what would exhaust the machine.

An XLSX is a zip of XML parts. openpyxl trusts what they declare: a 5 KB sheet declaring
`A1:XFD1048576` makes it pad 17 billion empty cells, and an 820 KB shared-strings part can
inflate to gigabytes in memory. `check_workbook()` reads only the zip directory, the head of
every XML part (to refuse DOCTYPE and entity declarations: no XXE, no billion laughs) and the
shared strings as a stream (to count them), so it runs in bounded time and memory. The limits
are documented in docs/input-tables.md ("Limits").

Python's zipfile never inflates a member past its declared size (a lying header ends in a CRC
error), so checking the declared sizes bounds what openpyxl will read.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from iackg.errors import InputError, Problem

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    members: int = 5_000  # parts in the zip
    total_bytes: int = 1024 * MiB  # all parts, uncompressed
    sheet_bytes: int = 256 * MiB  # one worksheet part (streamed by openpyxl)
    part_bytes: int = 32 * MiB  # any other XML part (parsed whole by openpyxl)
    shared_strings_bytes: int = 64 * MiB  # the shared-strings part
    shared_strings: int = 2_000_000  # distinct strings
    rows: int = 1_048_576  # Excel's own maximum
    columns: int = 1_000  # declared or used columns of one sheet
    cells: int = 20_000_000  # declared rows x columns of one sheet


LIMITS = Limits()
_CHUNK = 1 << 16
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


class _Stop(Exception):
    """Enough of the part has been read."""


class _Refused(Exception):
    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en


def refuse(path: Path, ja: str, en: str, row: int | None = None, column: str | None = None):
    return InputError(Problem(path.name, row, column, ja, en))


def check_workbook(path: Path, limits: Limits = LIMITS) -> None:
    """Raise InputError (file named, ja/en) if the workbook is beyond the limits or unsafe."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(archive, limits)
    except _Refused as exc:
        raise refuse(path, exc.ja, exc.en) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise refuse(
            path,
            f"XLSXファイルとして開けません: {exc}",
            f"cannot open as an XLSX workbook: {exc}",
        ) from None


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise _Refused(
            f"XLSX の部品が多すぎます（{len(members)}、上限 {limits.members}）",
            f"the XLSX has too many parts ({len(members)}; the limit is {limits.members})",
        )
    total = sum(m.file_size for m in members)
    if total > limits.total_bytes:
        raise _Refused(
            f"XLSX の展開後の大きさが上限を超えます（{total // MiB} MiB、上限 "
            f"{limits.total_bytes // MiB} MiB）",
            f"the XLSX would inflate to {total // MiB} MiB (the limit is "
            f"{limits.total_bytes // MiB} MiB)",
        )
    for member in members:
        name = member.filename
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = name.startswith("xl/worksheets/")
        is_strings = name.endswith("sharedStrings.xml")
        cap = (
            limits.sheet_bytes
            if is_sheet
            else limits.shared_strings_bytes
            if is_strings
            else limits.part_bytes
        )
        if member.file_size > cap:
            raise _Refused(
                f"XLSX の部品 {name} が大きすぎます（展開後 {member.file_size // MiB} MiB、"
                f"上限 {cap // MiB} MiB）",
                f"the XLSX part {name} inflates to {member.file_size // MiB} MiB "
                f"(the limit is {cap // MiB} MiB)",
            )
        if is_strings:
            _check_shared_strings(archive, member, limits)
        elif is_sheet:
            _check_dimension(archive, member, limits)
        else:
            _scan(archive, member, _stop_at_first_element)


def _parser(on_start) -> expat.XMLParserType:
    """An expat parser that refuses any DOCTYPE or entity declaration (so no entity can be
    expanded and nothing external is fetched) and calls on_start(local name, attributes)."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_args) -> None:
        raise _Refused(
            "XLSX の中に DOCTYPE 宣言があります（XXE 対策のため読みません）",
            "the XLSX contains a DOCTYPE declaration (refused: XXE risk)",
        )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = lambda name, attrs: on_start(name.rpartition(" ")[2], attrs)
    return parser


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, on_start) -> None:
    parser = _parser(on_start)
    try:
        with archive.open(member) as stream:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return
    except expat.ExpatError as exc:
        raise _Refused(
            f"XLSX の部品 {member.filename} が XML として読めません: {exc}",
            f"the XLSX part {member.filename} is not well-formed XML: {exc}",
        ) from None


def _stop_at_first_element(_name: str, _attrs) -> None:
    raise _Stop


def _check_shared_strings(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits
) -> None:
    count = 0

    def on_start(name: str, attrs) -> None:
        nonlocal count
        if name == "sst":
            declared = attrs.get("uniqueCount") or "0"
            if declared.isdigit() and int(declared) > limits.shared_strings:
                raise _too_many_strings(int(declared), limits)
        elif name == "si":
            count += 1
            if count > limits.shared_strings:
                raise _too_many_strings(count, limits)

    _scan(archive, member, on_start)


def _too_many_strings(count: int, limits: Limits) -> _Refused:
    return _Refused(
        f"XLSX の共有文字列が多すぎます（{count} 個以上、上限 {limits.shared_strings}）",
        f"the XLSX has too many shared strings ({count} or more; the limit is "
        f"{limits.shared_strings})",
    )


def _check_dimension(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    def on_start(name: str, attrs) -> None:
        if name == "dimension":
            _check_range(attrs.get("ref", ""), member.filename, limits)
            raise _Stop
        if name == "sheetData":
            raise _Stop

    _scan(archive, member, on_start)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _check_range(ref: str, part: str, limits: Limits = LIMITS) -> None:
    """Refuse a declared sheet range (`A1:XFD1048576`) beyond the row, column or cell limits."""
    corners = [_REF.match(c) for c in ref.strip().upper().split(":")]
    if not ref or len(corners) > 2 or not all(corners):
        return  # openpyxl ignores a range it cannot read; so do we
    columns = [column_number(m.group(1)) for m in corners if m]
    rows = [int(m.group(2)) for m in corners if m]
    width = max(columns) - min(columns) + 1
    height = max(rows) - min(rows) + 1
    if max(columns) > limits.columns or max(rows) > limits.rows or width * height > limits.cells:
        raise _Refused(
            f"シート {part} の範囲 {ref} が大きすぎます（{height}行×{width}列; 上限は "
            f"{limits.rows}行・{limits.columns}列・{limits.cells}セル）。使っていない行と列を"
            "削除して保存し直してください",
            f"the sheet {part} declares the range {ref} ({height} rows x {width} columns; the "
            f"limits are {limits.rows} rows, {limits.columns} columns, {limits.cells} cells); "
            "delete the unused rows and columns and save it again",
        )
