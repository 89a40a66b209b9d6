"""The one rule for several names in one cell."""

import pytest

from iackg.ingest.namelist import split_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("三浦市、横須賀市，鎌倉市・逗子市;葉山町,大磯町；二宮町", None),
        ("大島町\n八丈町\r\n三宅村", ["大島町", "八丈町", "三宅村"]),
        (" 江東区 、　墨田区 ", ["江東区", "墨田区"]),
        ("", []),
        ("、、", []),
    ],
)
def test_separators(text, names):
    expected = (
        names
        if names is not None
        else ["三浦市", "横須賀市", "鎌倉市", "逗子市", "葉山町", "大磯町", "二宮町"]
    )
    assert split_names(text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("あわび（黒、赤）、ひじき", ["あわび（黒、赤）", "ひじき"]),
        ("あわび(黒・赤)・ひじき", ["あわび(黒・赤)", "ひじき"]),
        ("「桜、梅」の里、温泉", ["「桜、梅」の里", "温泉"]),
        ("『山・川』、【海、空】、［雪,月］", ["『山・川』", "【海、空】", "［雪,月］"]),
        ("外（内（深、い）、まだ内）、次", ["外（内（深、い）、まだ内）", "次"]),
    ],
)
def test_never_splits_inside_brackets(text, names):
    assert split_names(text) == names


def test_a_designated_whole_name_is_kept_whole():
    whole = {"松阪牛・伊賀牛"}
    assert split_names("松阪牛・伊賀牛、鮎", whole) == ["松阪牛・伊賀牛", "鮎"]
    assert split_names("鮎、松阪牛・伊賀牛", whole) == ["鮎", "松阪牛・伊賀牛"]
    # without the designation the same text is two names
    assert split_names("松阪牛・伊賀牛、鮎") == ["松阪牛", "伊賀牛", "鮎"]
    # whole names match after NFKC and blanks, and the longest one wins
    assert split_names("Ａ・Ｂ・Ｃ", {"A・B", "A・B・C"}) == ["Ａ・Ｂ・Ｃ"]
    assert split_names("A・B・C", {"B・C"}) == ["A", "B・C"]
