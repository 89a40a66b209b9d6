"""CSV and TSV for spreadsheets: every table iackg writes goes through `writer()`.

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|'/C calc'!A0`).
Following OWASP's advice on CSV injection, such a cell is written with a single quote in front
and inside double quotes, so a spreadsheet shows it as text. A plain number (`-12.5`, `+3`,
`1e-3`) cannot be a formula and is written as it is, so numeric columns stay numeric.

    out = writer(handle)                  # like csv.writer(handle, lineterminator="\\n")
    out.writerow(["Id", "=1+1"])          # Id,"'=1+1"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """The cell as a spreadsheet must receive it: a formula-like text gets a leading `'`."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_row(cells: Iterable[Any], delimiter: str = ",", lineterminator: str = "\n") -> str:
    """One CSV/TSV line: cells neutralised, quoted when neutralised or when they hold the
    delimiter, a quote or a line break (doubling inner quotes, as RFC 4180 does)."""
    out = []
    for value in cells:
        text = cell_text(value)
        safe = neutralise(text)
        if safe is not text or any(c in text for c in (delimiter, '"', "\n", "\r")):
            safe = '"' + safe.replace('"', '""') + '"'
        out.append(safe)
    if len(out) == 1 and out[0] == "":
        out[0] = '""'  # a lone empty cell, written so the line is not read as blank
    return delimiter.join(out) + lineterminator


class SafeWriter:
    """A drop-in for `csv.writer` (writerow, writerows) that neutralises formula-like cells."""

    def __init__(self, handle: TextIO, delimiter: str = ",", lineterminator: str = "\n"):
        self._handle = handle
        self._delimiter = delimiter
        self._lineterminator = lineterminator

    def writerow(self, cells: Iterable[Any]) -> None:
        self._handle.write(format_row(cells, self._delimiter, self._lineterminator))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for cells in rows:
            self.writerow(cells)


def writer(handle: TextIO, delimiter: str = ",", lineterminator: str = "\n") -> SafeWriter:
    return SafeWriter(handle, delimiter, lineterminator)
