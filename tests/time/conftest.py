"""A small graph whose answers through time are known: designations and plans of Toyama (16)
and Kanagawa (14) on dates around 2007-08-31 (first designations), 2015-08-10 (direct
designation by prefectures) and 2020-10-01 (repeal)."""

from pathlib import Path

import pytest

from iackg.build import build

DESIGNATIONS = """\
prefecture,category,name,municipalities,designated_on,removed_on
16,agricultural,富山A柿,富山市,2007-08-31,
16,industrial,富山B漆器,高岡市,2007-08-31,2012-04-01
16,agricultural,富山C芋,黒部市,2015-08-10,
16,tourism,富山D温泉,富山市,2015-08-09,
16,industrial,富山E鋳物,高岡市,2019-05-17,
14,agricultural,神奈川Fまぐろ,三浦市,2008-03-01,
"""

PLANS = """\
plan_id,title,prefecture,activity_type,resources,applicants,certified_on,starts_on,ends_on
P-1,A柿の加工品,16,1,富山A柿,株式会社富山加工,2008-02-15,2008-04-01,2011-03-31
P-2,C芋の菓子,16,1,富山C芋,株式会社富山菓子,2016-01-10,2016-02-01,2021-01-31
"""

ID = "https://w3id.org/iackg/id/"


@pytest.fixture(scope="session")
def timed_tables(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("time")
    (folder / "designations.csv").write_text(DESIGNATIONS, encoding="utf-8")
    (folder / "plans.csv").write_text(PLANS, encoding="utf-8")
    return [folder / "designations.csv", folder / "plans.csv"]


@pytest.fixture(scope="session")
def timed_build(timed_tables):
    return build(timed_tables, "memory:", validate=False)


# ---- snapshots: three dated lists of Toyama, shaped as the prefecture publishes them ---------
# A long list (番号, 名称, ふりがな, 区分, 関係市町村) under a title with its "as of" date; no date
# column, so a resource's designation date is the date of the first list it is on.
SNAPSHOTS = {
    "toyama-h19.xlsx": (
        "富山県 地域産業資源一覧（平成19年8月31日現在）",
        [
            [1, "富山A柿", "とやまあがき", "農林水産物", "富山市"],
            [2, "富山B漆器", "とやまびしっき", "鉱工業品", "高岡市"],
            [None, None, None, None, "射水市"],  # a second municipality: merged cells
            [3, "富山X飴", "とやまえっくすあめ", "鉱工業品", "黒部市"],
        ],
    ),
    "toyama-h27.xlsx": (
        "富山県 地域産業資源一覧（平成27年8月10日現在）",
        [
            [1, "富山A柿", "とやまあがき", "農林水産物", "富山市"],
            [3, "富山X水飴", "とやまえっくすあめ", "鉱工業品", "黒部市"],  # renamed
            [4, "富山C芋", "とやましーいも", "農林水産物", "黒部市"],
        ],
    ),
    "toyama-r1.xlsx": (
        "富山県 地域産業資源一覧（令和元年5月17日現在）",
        [
            [1, "富山A柿", "とやまあがき", "農林水産物", "富山市"],
            [3, "富山X水飴", "とやまえっくすあめ", "鉱工業品", "黒部市"],
            [5, "富山E鋳物", "とやまいいもの", "鉱工業品", "高岡市"],  # same place as B, not B
        ],
    ),
}


def published_list(path: Path, title: str, rows: list) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["番号", "名称", "ふりがな", "区分", "関係市町村"])
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["※ 番号は県の整理番号"])
    book.save(path)
    return path


@pytest.fixture(scope="session")
def snapshot_lists(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("snapshots")
    return [published_list(folder / name, *spec) for name, spec in SNAPSHOTS.items()]


@pytest.fixture(scope="session")
def snapshot_build(snapshot_lists):
    from iackg.ingest import ListOptions

    return build(snapshot_lists, "memory:", options=ListOptions("16"))
