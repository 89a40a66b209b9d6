"""What a published workbook says by formatting rather than by values: red font (new
designations) and hidden columns (working columns a prefecture did not mean to publish).

openpyxl's streaming reader has no styles, so this opens the workbook fully; only for
workbooks small enough that this is cheap (published lists are a few hundred rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_STYLED_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Marks:
    red_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()  # 0-based indexes
    read: bool = False  # False: the workbook was too big or unreadable for styles


def _red(color) -> bool:
    rgb = getattr(color, "rgb", None) if color is not None else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return False  # theme and indexed colours are not resolved
    red, green, blue = (int(rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    return red >= 0xC0 and green <= 0x50 and blue <= 0x50


def read_marks(path: Path, sheet: str | None, size: int) -> Marks:
    if size > MAX_STYLED_BYTES:
        return Marks()
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string

    try:
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        # (an XML ParseError is a SyntaxError) the streaming reader reports what is wrong
        return Marks()
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        hidden = frozenset(
            column_index_from_string(letter) - 1
            for letter, dim in ws.column_dimensions.items()
            if dim.hidden
            for letter in _span(letter, dim)
        )
        red = frozenset(
            int(row[0].row or 0)
            for row in ws.iter_rows()
            if any(c.value not in (None, "") and c.font and _red(c.font.color) for c in row)
        )
        return Marks(red, hidden, True)
    finally:
        book.close()


def _span(letter: str, dim) -> list[str]:
    """Column dimensions may group a range (min..max) under their first letter."""
    from openpyxl.utils import get_column_letter

    low, high = getattr(dim, "min", None), getattr(dim, "max", None)
    if low and high and high >= low and high - low < 1000:
        return [get_column_letter(i) for i in range(low, high + 1)]
    return [letter]
