"""Matching keys and ranking on a small index whose answers are known (kana readings tagged
ja-Hrkt, as published lists give them; English names; namesakes in two prefectures)."""

import pytest
from rdflib import Literal, URIRef

from iackg.reconcile.folding import fold, keys, latin_key, romaji
from iackg.reconcile.index import IAC, load

ID = "https://w3id.org/iackg/id/"
YUBARI = ID + "resource/01-melon"
ARITA = ID + "resource/41-arita"
TANADA_16, TANADA_17 = ID + "resource/16-tanada", ID + "resource/17-tanada"
P01, P16, P17, P41 = (ID + f"prefecture/{c}" for c in ("01", "16", "17", "41"))


def rows():
    def row(entity, cls, label, lang=None, prefecture=None, category=None):
        return {
            "entity": URIRef(entity),
            "class": URIRef(IAC + cls),
            "label": Literal(label, lang=lang),
            "prefecture": URIRef(prefecture) if prefecture else None,
            "category": URIRef(IAC + category) if category else None,
            "code": None,
        }

    return [
        row(P01, "Prefecture", "北海道", "ja"),
        row(P01, "Prefecture", "Hokkaido", "en"),
        row(P16, "Prefecture", "富山県", "ja"),
        row(P17, "Prefecture", "石川県", "ja"),
        row(P41, "Prefecture", "佐賀県", "ja"),
        row(YUBARI, "RegionalResource", "夕張メロン", "ja", P01, "CatAgricultural"),
        row(YUBARI, "RegionalResource", "ゆうばりめろん", "ja-Hrkt", P01, "CatAgricultural"),
        row(YUBARI, "RegionalResource", "Yubari melon", "en", P01, "CatAgricultural"),
        row(ARITA, "RegionalResource", "有田焼（伊万里焼）", "ja", P41, "CatIndustrial"),
        row(TANADA_16, "RegionalResource", "東谷棚田", "ja", P16, "CatTourism"),
        row(TANADA_17, "RegionalResource", "東谷棚田", "ja", P17, "CatTourism"),
    ]


@pytest.fixture(scope="module")
def index():
    return load(lambda query: rows() if "rdfs:label" in query else [])


def test_keys_fold_width_script_small_kana_long_vowels_and_old_forms():
    assert fold("ﾕｳﾊﾞﾘ・メロン") == fold("ゆうばりめろん") == fold("ユウバリ メロン")
    assert fold("キャベツ") == fold("きやべつ")  # small kana as full size
    assert fold("メローン") == fold("メロン")
    assert fold("髙﨑") == fold("高崎")
    assert romaji("ゆうばりめろん") == latin_key("Yūbari Melon") == latin_key("yuubari meron")
    assert romaji("いっちゃ") == "itcha"
    assert {"有田焼", "伊万里焼"} <= keys("有田焼（伊万里焼）")


@pytest.mark.parametrize(
    "text",
    [
        "夕張メロン",
        "ﾕｳﾊﾞﾘﾒﾛﾝ",
        "ユウバリメロン",
        "yubari meron",
        "Yūbari Melon",
        "YUUBARI MELON",
        "北海道 夕張メロン",
        "夕張メローン",
    ],
)
def test_variants_find_the_one_resource_as_a_match(index, text):
    found = index.search(text)
    assert found[0].entity.id == YUBARI and found[0].match, [(c.entity.id, c.score) for c in found]


def test_bracketed_alias_and_the_name_without_it(index):
    assert index.search("伊万里焼")[0].entity.id == ARITA
    assert index.search("有田焼")[0].entity.id == ARITA


def test_namesakes_need_a_prefecture(index):
    both = index.search("東谷棚田")
    assert {c.entity.id for c in both[:2]} == {TANADA_16, TANADA_17}
    assert not any(c.match for c in both)  # two exact namesakes: no automatic match
    assert index.search("東谷棚田", prefecture=P17)[0].entity.id == TANADA_17
    assert index.search("東谷棚田", prefecture=P17)[0].match
    assert index.search("富山県 東谷棚田")[0].entity.id == TANADA_16


def test_type_and_category_filters(index):
    assert all(c.entity.type == "resource" for c in index.search("北海道", types=["resource"]))
    assert index.search("北海道", types=["prefecture"])[0].entity.id == P01
    assert index.search("夕張メロン", category=IAC + "CatTourism") == []


def test_an_unrelated_name_is_no_match(index):
    assert not any(c.match for c in index.search("全く関係のない名前"))
