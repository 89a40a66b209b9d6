"""Tables in text-based PDFs, as prefectures publish their lists, read into rows for the same
layout logic as spreadsheets (optional extra `pdf`: pdfplumber).

Every table on every page is read in order; rows are numbered through the document (1, 2, …)
and each row remembers its page, so a refused row is named by file, page, row and column. A
header repeated at the top of each page is dropped by the layout. A PDF without a text layer (a
scan) is refused with a clear error: OCR it first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iackg.errors import InputError, Problem
from iackg.ingest.reading import RawTable

PDF_SUFFIXES = (".pdf",)


def _pdfplumber():
    try:
        import pdfplumber
    except ImportError:
        raise InputError(
            Problem(
                "",
                None,
                None,
                "PDFを読むには追加パッケージが必要です: pip install 'iackg[pdf]'",
                "reading PDF lists needs the pdf extra: pip install 'iackg[pdf]'",
            )
        ) from None
    return pdfplumber


@dataclass
class PdfTable(RawTable):
    """A PDF's table rows (text, with their page), read once when the file is opened."""

    pages: dict[int, int] = field(default_factory=dict)  # row number -> page
    _rows: list[list[str]] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(self._rows, start=1):
            if any(c.strip() for c in cells):
                yield number, cells

    def where(self, number: int) -> str:
        """The file and page of a row, for messages: `tokyo.pdf p.2`."""
        return f"{self.path.name} p.{self.pages.get(number, '?')}"


def _problem(path: Path, ja: str, en: str) -> InputError:
    return InputError(Problem(path.name, None, None, ja, en))


def open_pdf(path: Path) -> PdfTable:
    path = Path(path)
    if not path.is_file():
        raise _problem(path, f"ファイルがありません: {path}", f"no such file: {path}")
    data = path.read_bytes()
    pdfplumber = _pdfplumber()
    rows: list[list[str]] = []
    pages: dict[int, int] = {}
    text_found = False
    try:
        with pdfplumber.open(path) as pdf:
            for page_number, page in enumerate(pdf.pages, start=1):
                text_found = text_found or bool(page.chars)
                for table in page.extract_tables():
                    for row in table:
                        rows.append(["" if c is None else str(c) for c in row])
                        pages[len(rows)] = page_number
                page.close()
    except Exception as exc:  # pdfminer raises many kinds of parse error
        raise _problem(
            path, f"PDFとして読めません: {exc}", f"cannot read as a PDF: {exc}"
        ) from None
    if not text_found:
        raise _problem(
            path,
            "PDFに文字情報がありません（画像をスキャンしたPDF）。OCRで文字を付けてから読み込んでください",
            "the PDF has no text layer (a scanned image): run OCR on it first, or use the "
            "prefecture's Excel or CSV version of the list",
        )
    if not rows:
        raise _problem(
            path,
            "PDFに表が見つかりません（罫線のある表が必要です）",
            "no table found in the PDF (tables with ruled lines are read)",
        )
    table = PdfTable(path, hashlib.sha256(data).hexdigest(), "pdf", len(data))
    table.pages, table._rows = pages, rows
    return table
