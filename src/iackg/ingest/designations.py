"""A designations row (都道府県, 区分, 名称, 関連市町村, 指定日 …) as a resource and its
designation."""

from __future__ import annotations

import datetime as dt
import unicodedata

from rdflib import SKOS

from iackg.ingest import terms as t
from iackg.ingest.context import Batch, Row, flag, municipality_node, resolve_prefecture
from iackg.ingest.eradates import DateError, parse_date
from iackg.ingest.namelist import split_names
from iackg.ingest.values import split_list
from iackg.iris import normalise
from iackg.links import gi_iri, trademark_number, wikidata_iri

DIRECT_DESIGNATION_FROM = dt.date(2015, 8, 10)  # Act No. 57 of 2015 in force
VALID_UNTIL = dt.date(2020, 9, 30)  # the Act was repealed on 2020-10-01

# category key -> (class, concept)
CATEGORIES = {
    "agricultural": ("AgriculturalProduct", "CatAgricultural"),
    "industrial": ("IndustrialProduct", "CatIndustrial"),
    "technique": ("ProductionTechnique", "CatTechnique"),
    "tourism": ("TourismResource", "CatTourism"),
}
_CATEGORY_ALIASES = {
    "agricultural": (
        "農林水産物",
        "農林水産品",
        "農産物",
        "農林",
        "農",
        "agricultural",
        "agriculture",
        "1",
    ),
    "industrial": ("鉱工業品", "工業品", "鉱工", "鉱", "industrial", "industry", "2"),
    "technique": (
        "鉱工業品の生産に係る技術",
        "技術",
        "生産技術",
        "技",
        "technique",
        "technology",
        "3",
    ),
    "tourism": ("観光資源", "観光", "観", "tourism", "4"),
}
_CATEGORY = {normalise(a): key for key, aliases in _CATEGORY_ALIASES.items() for a in aliases}

_TOURISM_KINDS = {
    "TourismCulturalProperty": ("文化財", "cultural_property", "cultural property"),
    "TourismScenicSite": ("自然の風景地", "風景地", "scenic_site", "scenic site"),
    "TourismHotSpring": ("温泉", "hot_spring", "hot spring", "onsen"),
    "TourismOther": ("その他", "other"),
}
_TOURISM = {normalise(a): key for key, aliases in _TOURISM_KINDS.items() for a in aliases}
_WHOLE = {
    normalise(w)
    for w in (
        "全域",
        "県内全域",
        "全県",
        "府内全域",
        "都内全域",
        "道内全域",
        "全市町村",
        "whole prefecture",
        "all",
    )
}


def category_key(text: str) -> str | None:
    return _CATEGORY.get(normalise(text))


def convert(row: Row, batch: Batch) -> tuple[list, list]:
    """(triples, minted nodes) for one row; problems are reported on the row."""
    jis = resolve_prefecture(row)
    name = row.required("name")
    category_text = row.required("category")
    category = category_key(category_text) if category_text else None
    if category_text and category is None:
        row.error(
            "category",
            f"区分が分かりません（農林水産物・鉱工業品・技術・観光資源）: {category_text}",
            f"unknown category (agricultural, industrial, technique, tourism): {category_text!r}",
        )
    date_text = row.required("designated_on")
    designated_on = None
    if date_text:
        try:
            designated_on = parse_date(date_text)
        except DateError as exc:
            row.error("designated_on", exc.message_ja, exc.message_en)
    removed_on = _removed_on(row, designated_on)
    wikidata = _identifier(
        row,
        "wikidata",
        wikidata_iri,
        "ウィキデータの ID ではありません(Q123 の形)",
        "not a Wikidata item id (Q123 or its URL)",
    )
    gi = _identifier(
        row,
        "gi_number",
        gi_iri,
        "地理的表示(GI)の登録番号ではありません(第12号 の形)",
        "not a geographical indication (GI) registration number (12 or 第12号)",
    )
    trademark = _identifier(
        row,
        "trademark_number",
        trademark_number,
        "地域団体商標の登録番号ではありません(7 桁、第5012345号 の形)",
        "not a trademark registration number (7 digits, 5012345 or 第5012345号)",
    )
    illustrative = flag(row)
    if row.rejected or jis is None or category is None or designated_on is None:
        return [], []
    fate = batch.timeline.fate(jis, name) if batch.timeline else None
    designated_on = (fate and fate.designated_on) or designated_on

    m = batch
    resource = m.cached("resource", jis, name)
    designation = m.cached("designation", jis, name)
    cls, concept = CATEGORIES[category]
    triples = [
        (resource, t.A, t.iac("RegionalResource")),
        (resource, t.A, t.iac(cls)),
        (resource, t.LABEL, t.ja(name)),
        (resource, t.iac("category"), t.iac(concept)),
        (designation, t.A, t.iac("Designation")),
        (designation, t.iac("designates"), resource),
        (designation, t.iac("designatedBy"), m.cached("prefecture", jis)),
        (designation, t.iac("designatedOn"), t.date(designated_on)),
        (designation, t.iac("validFrom"), t.date((fate and fate.valid_from) or designated_on)),
        (designation, t.iac("validUntil"), t.date(valid_until(removed_on, fate))),
        (designation, t.iac("legalBasis"), m.act),
    ]
    if removed_on is not None:
        triples.append((designation, t.iac("removedOn"), t.date(removed_on)))
    if fate and fate.superseded_by and valid_until(removed_on, fate) < valid_until(removed_on):
        triples.append((designation, t.iac("supersededBy"), fate.superseded_by))
    if fate and fate.renamed_to:
        triples.append((resource, t.iac("renamedTo"), m.cached("resource", jis, fate.renamed_to)))
    if wikidata is not None:
        triples.append((resource, t.node(SKOS.closeMatch), t.node(wikidata)))
    if gi is not None:
        triples.append((resource, t.node(SKOS.exactMatch), t.node(gi)))
    if trademark is not None:
        triples.append((resource, t.iac("regionalTrademarkNumber"), t.string(trademark)))
    if designated_on < DIRECT_DESIGNATION_FROM:
        triples += [
            (designation, t.A, t.iac("BasicConceptDesignation")),
            (designation, t.iac("underBasicConcept"), m.basic_concept(jis)),
        ]
    else:
        triples.append((designation, t.A, t.iac("DirectDesignation")))
    name_en = row.get("name_en")
    if name_en:
        triples.append((resource, t.LABEL, t.en(name_en)))
    kana = row.get("name_kana")
    if kana:
        triples.append((resource, t.LABEL, t.Literal(kana, language="ja-Hrkt")))
    if flag(row, "newly_designated"):
        triples.append((designation, t.iac("newlyDesignatedInList"), t.TRUE))
    note = row.get("note")
    if note:
        triples.append((resource, t.NOTE, t.string(note)))
    if illustrative:
        triples.append((designation, t.iac("illustrative"), t.TRUE))
    minted = [resource, designation]
    _area(row, m, jis, designation, triples, minted, designated_on.isoformat())
    if category == "tourism":
        kind = _tourism_kind(row, name)
        if kind:
            triples.append((resource, t.iac("tourismKind"), t.iac(kind)))
    product = row.get("technique_for")
    if product:
        if category == "technique":  # 浄法寺塗、秀衡塗: two products (わかめ・昆布 stays one)
            for name_of_product in split_names(product, m.resource_prefectures):
                node = m.cached("resource", jis, name_of_product)
                triples.append((resource, t.iac("producesProduct"), node))
        else:
            row.warn(
                "technique_for",
                "技術以外の資源の対象鉱工業品は無視します",
                "technique_for is only read for techniques; ignored on this row",
            )
    m.remember_resource(jis, name)
    return triples, minted


def valid_until(removed_on: dt.date | None, fate=None) -> dt.date:
    """The last day of a designation: the day before its removal or before the first later
    list without it (`snapshots.Fate`), else the Act's last day."""
    ends = [VALID_UNTIL]
    if removed_on is not None:
        ends.append(removed_on - dt.timedelta(days=1))
    if fate is not None and fate.valid_until is not None:
        ends.append(fate.valid_until)
    return min(ends)


def _identifier(row: Row, column: str, parse, ja: str, en: str) -> str | None:
    """An optional identifier column (docs/links.md): its parsed value, None when empty, or an
    error naming the row and column when `parse` does not recognise it."""
    text = row.get(column)
    if not text:
        return None
    value = parse(text)
    if value is None:
        row.error(column, f"{ja}: {text}", f"{en}: {text!r}")
        return None
    return str(value)


def _removed_on(row: Row, designated_on: dt.date | None) -> dt.date | None:
    text = row.get("removed_on")
    if not text:
        return None
    try:
        removed_on = parse_date(text)
    except DateError as exc:
        row.error("removed_on", exc.message_ja, exc.message_en)
        return None
    if designated_on is not None and removed_on <= designated_on:
        row.error(
            "removed_on",
            f"指定解除日が指定日より前です: {text}",
            f"removed on {removed_on.isoformat()}, not after the designation "
            f"({designated_on.isoformat()})",
        )
        return None
    return removed_on


def _area(
    row: Row, batch: Batch, jis: str, designation, triples: list, minted: list, on: str
) -> None:
    text = row.get("municipalities")
    names = split_list(text)
    if not names or any(normalise(n) in _WHOLE for n in names):
        triples.append((designation, t.iac("coversWholePrefecture"), t.TRUE))
        names = [n for n in names if normalise(n) not in _WHOLE]
    for name in names:
        before = len(triples)
        municipality = municipality_node(row, batch, jis, name, "municipalities", triples, on)
        if len(triples) > before:
            minted.append(municipality)
        triples.append((designation, t.iac("coversMunicipality"), municipality))


def _tourism_kind(row: Row, name: str) -> str | None:
    text = row.get("tourism_kind")
    if text:
        kind = _TOURISM.get(normalise(text))
        if kind is None:
            row.warn(
                "tourism_kind",
                f"観光資源の種類が分かりません（文化財・自然の風景地・温泉・その他）: {text}",
                f"unknown tourism kind (cultural_property, scenic_site, hot_spring, "
                f"other); ignored: {text!r}",
            )
        return kind
    return "TourismHotSpring" if "温泉" in unicodedata.normalize("NFKC", name) else None


def fingerprint(row: Row) -> tuple[str, ...]:
    """What two rows naming the same resource must agree on."""
    return (
        normalise(row.get("category")),
        normalise(row.get("designated_on")),
        normalise(row.get("removed_on")),
        normalise(row.get("technique_for")),
    )
