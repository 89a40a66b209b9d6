import datetime as dt

import pytest

from iackg.ingest.eradates import DateError, parse_date, to_era

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2007-08-31", D(2007, 8, 31)),
        ("2007/8/31", D(2007, 8, 31)),
        ("2007年8月31日", D(2007, 8, 31)),
        ("２００７－０８－３１", D(2007, 8, 31)),
        ("2007-08-31 00:00:00", D(2007, 8, 31)),
        ("平成19年8月31日", D(2007, 8, 31)),
        ("平成１９年８月３１日", D(2007, 8, 31)),
        ("平成 19 年 8 月 31 日", D(2007, 8, 31)),
        ("H19.8.31", D(2007, 8, 31)),
        ("h19.8.31", D(2007, 8, 31)),
        ("Ｈ１９．８．３１", D(2007, 8, 31)),
        ("H19/8/31", D(2007, 8, 31)),
        ("R2.8.25", D(2020, 8, 25)),
        ("令和2年8月25日", D(2020, 8, 25)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("S64.1.7", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("T15.12.24", D(1926, 12, 24)),
        ("明治45年7月29日", D(1912, 7, 29)),
        ("M1.10.23", D(1868, 10, 23)),
        ("平成28年2月29日", D(2016, 2, 29)),
    ],
)
def test_accepted(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("平成31年5月1日", "令和"),  # Reiwa had begun
        ("令和元年4月30日", "令和"),  # Reiwa had not begun
        ("R1.4.30", "令和"),
        ("昭和64年1月8日", "平成"),
        ("平成元年1月7日", "平成"),
        ("大正元年7月29日", "大正"),
        ("明治元年1月1日", "明治"),  # before the era's standard start date
        ("平成27年2月29日", "存在しない"),  # not a leap year
        ("2019-02-30", "存在しない"),
        ("平成19年13月1日", "存在しない"),
        ("平成0年1月1日", "1以上"),
        ("平成十九年八月三十一日", "読めません"),  # kanji numerals are not supported
        ("2007-08", "読めません"),
        ("X19.8.31", "読めません"),
        ("", "空"),
    ],
)
def test_rejected_with_reason_in_both_languages(text, why):
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert why in info.value.message_ja
    assert info.value.message_en


def test_impossible_era_dates_name_the_real_era_in_english():
    with pytest.raises(DateError) as info:
        parse_date("平成31年5月1日")
    assert "2019-05-01" in info.value.message_en and "does not exist" in info.value.message_en


def test_round_trip_every_day_of_the_act():
    day = D(2007, 6, 29)
    while day <= D(2020, 9, 30):
        assert parse_date(to_era(day)) == day
        assert parse_date(to_era(day, "letter")) == day
        day += dt.timedelta(days=1)


def test_to_era_uses_gannen():
    assert to_era(D(2019, 5, 1)) == "令和元年5月1日"
    assert to_era(D(2019, 4, 30), "letter") == "H31.4.30"
