"""Published-list fixtures, written at test time in the shapes prefectures publish (see
tests/data/published/SOURCE.md for the names used)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ISLANDS = ["大島町", "利島村", "新島村", "神津島村", "三宅村", "御蔵島村", "八丈町", "青ヶ島村"]
GLUED = [f"{54 + i}{town}" for i, town in enumerate(ISLANDS)]  # the list's own numbers


def long_list(path: Path) -> Path:
    """Tokyo's list as one row per resource and municipality: a title, a two-row merged header
    (地域産業資源 over 名称 | ふりがな), merged cells down a resource's rows, glued list
    numbers, abbreviated categories, notes below, a red-font (new) row, a hidden column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(["東京都 地域産業資源一覧（平成20年3月31日現在）"])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["番号", "地域産業資源", None, "区分", "関係市町村"])
    sheet.append([None, "名称", "ふりがな", None, None])
    sheet.merge_cells("B3:C3")
    sheet.append([1, "江戸切子", "えどきりこ", "鉱工業品", "江東区"])
    sheet.append([1, None, None, None, "墨田区"])
    first = sheet.max_row + 1
    for i, town in enumerate(GLUED):
        if i == 0:
            sheet.append([2, "島焼酎", "しましょうちゅう", "鉱", town])
        else:
            sheet.append([2, None, None, None, town])
    sheet.merge_cells(f"B{first}:B{first + 7}")
    sheet.append([3, "黄八丈", "きはちじょう", "鉱工業品", "60八丈町"])
    sheet.append([4, "くさや（青むろ、むろあじ）", "くさや", "農", "新島村"])
    sheet.append([5, "高尾山", "たかおさん", "観光資源", "八王子市"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(color="FFFF0000")
    # a working column the prefecture hid: read, its dates would be wrong
    sheet["F3"] = "指定日"
    for row in range(5, sheet.max_row + 1):
        sheet.cell(row, 6, "要確認")
    sheet.column_dimensions["F"].hidden = True
    sheet.append([])
    sheet.append(["※ 番号は東京都の整理番号。赤字は今回の新規指定。"])
    book.save(path)
    return path


def per_municipality_list(path: Path) -> Path:
    """One row per municipality, one column per category, names listed in the cells."""
    rows = [
        ["地域産業資源（市町村別）"],
        ["市町村名", "農林水産物", "鉱工業品", "観光資源"],
        ["大島町", "椿油、あしたば（明日葉、八丈草）", "島焼酎", "三原山・波浮港"],
        ["八丈町", "あしたば（明日葉、八丈草）\nくさや", "黄八丈、島焼酎", "八丈富士"],
        ["三宅村", "", "島焼酎", ""],
    ]
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def sectioned_list(path: Path) -> Path:
    """Category given by heading rows 【…】, numbered rows under each."""
    text = "\n".join(
        [
            "番号,名称,ふりがな,市町村",
            "【農林水産物】,,,",
            "1,あしたば,あしたば,八丈町",
            "2,くさや,くさや,新島村",
            "【観光資源】,,,",
            "1,高尾山,たかおさん,八王子市",
            "",
        ]
    )
    path.write_text(text, encoding="cp932")
    return path


def pdf_long_list(path: Path, rows: list[list[str]], title: str = "地域産業資源一覧") -> Path:
    """A text PDF like a prefecture's: a title, then a ruled table whose header repeats on
    every page (reportlab, with a Japanese CID font so no font file is needed)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = "HeiseiKakuGo-W5"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    header = ["番号", "地域産業資源の名称", "ふりがな", "区分", "市町村"]
    table = Table([header, *rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ]
        )
    )
    heading = Paragraph(title, ParagraphStyle("title", fontName=font, fontSize=12))
    SimpleDocTemplate(str(path), pagesize=A4).build([heading, table])
    return path


def scanned_pdf(path: Path) -> Path:
    """A page with only a picture-like drawing and no text: what a scanner produces."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    for i in range(20):
        page.rect(50, 50 + i * 30, 400, 20, fill=1)
    page.showPage()
    page.save()
    return path
