import csv
from pathlib import Path

import pytest

DESIGNATION_HEADER = ["都道府県", "区分", "名称", "名称（英語）", "関連市町村", "指定日", "対象鉱工業品", "備考"]  # noqa: E501
GOOD_ROW = ["神奈川県", "農林水産物", "三崎のまぐろ", "Misaki tuna", "三浦市", "平成19年8月31日", "", ""]  # noqa: E501
PLAN_HEADER = ["plan_id", "title", "prefecture", "activity_type", "plan_style", "resources",
               "applicants", "certified_on", "starts_on", "ends_on", "certified_by", "plan_kind"]
ENTERPRISE_HEADER = ["corporate_number", "name", "industry", "capital_yen", "employees",
                     "prefecture", "municipality", "legal_form"]


class Tables:
    def __init__(self, root: Path):
        self.root = root

    def csv(self, name: str, rows, encoding: str = "utf-8") -> Path:
        path = self.root / name
        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path

    def designations(self, *rows, name="designations.csv", encoding="utf-8") -> Path:
        return self.csv(name, [DESIGNATION_HEADER, *rows], encoding)

    def xlsx(self, name: str, rows) -> Path:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        path = self.root / name
        book.save(path)
        return path


@pytest.fixture
def tables(tmp_path) -> Tables:
    folder = tmp_path / "in"
    folder.mkdir()
    return Tables(folder)


@pytest.fixture
def good_row():
    return list(GOOD_ROW)
