"""The one name-list rule: separators, brackets, whole names; and the loader using it."""

from __future__ import annotations

from rdflib import URIRef

from iackg.ingest import ingest_files
from iackg.ingest.namelist import split_names
from iackg.vocab import IAC


def test_separators_and_blanks():
    assert split_names("浄法寺塗、秀衡塗") == ["浄法寺塗", "秀衡塗"]
    assert split_names("a,b，c\nd・e") == ["a", "b", "c", "d", "e"]
    assert split_names("、 x 、\u3000") == ["x"]
    assert split_names("") == []


def test_never_inside_brackets():
    assert split_names("山田錦（酒米・食用）、三浦だいこん") == [
        "山田錦（酒米・食用）",
        "三浦だいこん",
    ]
    assert split_names("「わかめ、昆布」セット") == ["「わかめ、昆布」セット"]


def test_a_whole_name_is_kept():
    assert split_names("わかめ・昆布、ひじき", ["わかめ・昆布"]) == ["わかめ・昆布", "ひじき"]
    assert split_names("わかめ・昆布、ひじき") == ["わかめ", "昆布", "ひじき"]
    assert split_names("ワカメ・昆布", ["わかめ・昆布"]) == ["ワカメ", "昆布"]  # kana differ
    assert split_names("Ａ・Ｂ", ["A・B"]) == ["Ａ・Ｂ"]  # full width folded for matching only


DESIGNATIONS = """\
prefecture,category,name,name_en,municipalities,designated_on,technique_for
岩手県,鉱工業品,浄法寺塗,Joboji lacquerware,,2007-08-31,
岩手県,鉱工業品,秀衡塗,Hidehira lacquerware,,2007-08-31,
岩手県,技術,岩手の漆塗りの技術,Iwate lacquering technique,,2007-08-31,浄法寺塗、秀衡塗
岩手県,農林水産物,わかめ・昆布,Wakame and kombu,,2007-08-31,
"""
PLANS = """\
plan_id,title,prefecture,activity_type,resources,applicants,certified_on,starts_on,ends_on,certified_by
I-1,海藻の加工,岩手県,1,わかめ・昆布,株式会社三陸加工,2008-02-15,2008-04-01,2011-03-31,東北経済産業局
"""


def test_the_loader_splits_products_and_keeps_designated_names(tmp_path):
    (tmp_path / "designations.csv").write_text(DESIGNATIONS, encoding="utf-8")
    (tmp_path / "plans.csv").write_text(PLANS, encoding="utf-8")
    result = ingest_files([tmp_path / "designations.csv", tmp_path / "plans.csv"])
    graph = result.sources[0].graph
    technique = next(graph.subjects(IAC.producesProduct, None))
    products = set(graph.objects(technique, IAC.producesProduct))
    names = {
        str(graph.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for p in products
    }
    assert names == {"浄法寺塗", "秀衡塗"}
    plans = result.sources[1].graph
    used = list(plans.objects(None, IAC.usesResource))
    assert len(used) == 1
    seaweed = next(graph.subjects(IAC.category, IAC.CatAgricultural))
    assert used == [seaweed]
