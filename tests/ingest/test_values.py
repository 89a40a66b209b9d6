import pytest

from iackg.ingest.values import (
    ValueProblem,
    corporate_number_ok,
    parse_bool,
    parse_count,
    parse_yen,
    split_list,
    with_check_digit,
)


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("10000000", 10_000_000),
        ("10,000,000", 10_000_000),
        ("１０，０００，０００", 10_000_000),
        ("10,000,000円", 10_000_000),
        ("1000万円", 10_000_000),
        ("1,000万円", 10_000_000),
        ("１０００万円", 10_000_000),
        ("3億円", 300_000_000),
        ("1億2000万円", 120_000_000),
        ("0.5億円", 50_000_000),
        ("1億", 100_000_000),
        ("5000万", 50_000_000),
        ("0", 0),
        ("1万5000円", 15_000),
    ],
)
def test_yen(text, yen):
    assert parse_yen(text) == yen


@pytest.mark.parametrize(
    "text", ["", "abc", "万円", "1億億円", "-5", "10.5", "1.23456万円", "1万50000円"]
)
def test_yen_rejected(text):
    with pytest.raises(ValueProblem):
        parse_yen(text)


def test_counts_and_bools():
    assert parse_count("２５") == 25 and parse_count("1,200人") == 1200 and parse_count("7名") == 7
    with pytest.raises(ValueProblem):
        parse_count("about 20")
    assert parse_bool("TRUE") and parse_bool("はい") and not parse_bool("false")
    with pytest.raises(ValueProblem):
        parse_bool("maybe")


def test_split_list_keeps_originals():
    assert split_list("三浦市、横須賀市，鎌倉市・逗子市;葉山町,大磯町；二宮町") == [
        "三浦市",
        "横須賀市",
        "鎌倉市",
        "逗子市",
        "葉山町",
        "大磯町",
        "二宮町",
    ]
    assert split_list(" 江東区 、　墨田区 ") == ["江東区", "墨田区"]
    assert split_list("") == []


def test_corporate_number_check_digit_against_a_real_number():
    assert corporate_number_ok("7000012050002")  # 国税庁 (National Tax Agency)
    assert not corporate_number_ok("6000012050002")
    assert not corporate_number_ok("700001205000")
    assert not corporate_number_ok("７０００１２０５０００２")  # full-width must be folded first
    assert with_check_digit("000012050002") == "7000012050002"
    for body in ("123456789012", "990014000001", "000000000000"):
        assert corporate_number_ok(with_check_digit(body))
