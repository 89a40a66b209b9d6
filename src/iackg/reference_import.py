"""Import the official municipality code list (全国地方公共団体コード) that a user supplies.

MIC publishes the list as an Excel workbook: one sheet of prefectures and municipalities and one
of the wards of designated cities, with the columns 団体コード, 都道府県名（漢字） and
市区町村名（漢字） (header cells may contain line breaks). A CSV with the same
headers works too. Every code is checked (six digits, valid check digit) before anything is
written.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import asdict
from pathlib import Path

from iackg.errors import InputError, Problem
from iackg.reference import Municipality, find_prefecture, valid_lg_code

CODE, PREF, NAME = "団体コード", "都道府県名(漢字)", "市区町村名(漢字)"
FIELDS = (
    "lg_code",
    "prefecture_jis",
    "name_ja",
    "name_kana",
    "name_en",
    "kind",
    "parent_code",
    "latitude",
    "longitude",
    "valid_from",
    "valid_until",
    "successor_code",
    "verified",
    "source",
    "note",
)


def _header(cell: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(cell or "")).split())


def _sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheets: list[tuple[str, list[list[object]]]] = [
            (ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book
        ]
        book.close()
        return sheets
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows: list[list[object]] = [list(r) for r in csv.reader(handle)]
        return [(path.name, rows)]


def _kind(name: str, code: str) -> str:
    if name.endswith("区"):
        return "special-ward" if code.startswith("131") else "ward"
    return {"市": "city", "町": "town", "村": "village"}.get(name[-1:], "")


def import_municipality_codes(path: Path) -> list[Municipality]:
    """Read the official list; raise InputError naming every bad row and column."""
    found: dict[str, Municipality] = {}
    problems: list[Problem] = []
    for sheet, rows in _sheets(path):
        where = path.name if sheet == path.name else f"{path.name}[{sheet}]"
        found.update(_read_sheet(where, rows, path.name, problems))
    if problems:
        raise InputError(problems)
    if not found:
        raise InputError(
            Problem(
                path.name,
                None,
                CODE,
                "市区町村の行が見つかりません",
                "no municipality rows found (is this the MIC code list?)",
            )
        )
    return sorted(found.values(), key=lambda m: m.lg_code)


def _read_sheet(
    where: str, rows: list[list[object]], source: str, problems: list[Problem]
) -> dict[str, Municipality]:
    """The municipalities of one sheet (none if it has no code column); bad rows go to
    `problems`."""
    header_at = next((i for i, r in enumerate(rows[:10]) if CODE in map(_header, r)), None)
    if header_at is None:
        return {}
    columns = [_header(c) for c in rows[header_at]]
    if PREF not in columns or NAME not in columns:
        problems.append(
            Problem(
                where,
                header_at + 1,
                NAME,
                f"列「{PREF}」と「{NAME}」が必要です",
                f"columns {PREF!r} and {NAME!r} are required",
            )
        )
        return {}
    ci, pi, ni = columns.index(CODE), columns.index(PREF), columns.index(NAME)
    found: dict[str, Municipality] = {}
    last_city = ""
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = [unicodedata.normalize("NFKC", str(c or "")).strip() for c in row]
        if not any(cells) or len(cells) <= max(ci, pi, ni) or not cells[ni]:
            continue  # blank line or a prefecture's own row
        code = cells[ci].zfill(6) if cells[ci].isdigit() and len(cells[ci]) == 5 else cells[ci]
        jis = _checked_prefecture(where, number, code, cells[pi], problems)
        if jis is None:
            continue
        kind = _kind(cells[ni], code)
        parent = last_city if kind == "ward" else ""
        if kind == "city":
            last_city = code
        name = str(row[ni]).strip()
        note = f"imported from {source}"
        found[code] = Municipality(
            code, jis, name, "", kind, parent, True, note, source=f"MIC code list {source}"
        )
    return found


def _checked_prefecture(
    where: str, number: int, code: str, pref_name: str, problems: list[Problem]
) -> str | None:
    """The prefecture code of a row whose code and prefecture agree; else a problem and None."""
    if not valid_lg_code(code):
        problems.append(
            Problem(
                where,
                number,
                CODE,
                f"団体コード {code!r} は6桁でないか検査数字が誤っています",
                f"code {code!r} lacks six digits or a valid check digit",
            )
        )
        return None
    prefecture = find_prefecture(pref_name) or find_prefecture(code[:2])
    if prefecture is None or prefecture.jis != code[:2]:
        problems.append(
            Problem(
                where,
                number,
                PREF,
                f"都道府県名 {pref_name!r} が団体コードと一致しません",
                f"prefecture {pref_name!r} does not match the code",
            )
        )
        return None
    return prefecture.jis


def write_municipalities(items: list[Municipality], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FIELDS)
        for m in items:
            values = {**asdict(m), "prefecture_jis": m.jis, "verified": str(m.verified).lower()}
            writer.writerow(["" if values[f] is None else values[f] for f in FIELDS])
