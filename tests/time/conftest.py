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
