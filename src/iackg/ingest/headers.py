"""Column headers in Japanese or English, and recognising which kind of table a file is.

Every column has an English canonical name (`designated_on`) and aliases (`指定日`, `指定年月日`,
`date`, ...). Headers are matched after NFKC, lower-casing and removing spaces, so `名称（英語）`,
`名称(英語)` and `Name_EN` all work. `column_for(kind, predicate)` maps a property back to the
column its value came from, so the validator can point at a cell.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import RDFS, SKOS, URIRef

from iackg.vocab import IAC

KINDS = ("designations", "plans", "enterprises")

# canonical -> aliases (the canonical name and its Japanese template name come first).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "designations": {
        "prefecture": ("都道府県", "都道府県名", "prefecture", "pref"),
        "category": ("区分", "分類", "類型", "資源区分", "種別", "資源の類型", "category", "type"),
        "name": (
            "名称",
            "地域産業資源名",
            "資源名",
            "品名",
            "name",
            "name_ja",
            "名称(日本語)",
            "地域産業資源",
            "地域産業資源の名称",
            "資源の名称",
            "資源名称",
        ),
        "name_kana": (
            "ふりがな",
            "フリガナ",
            "よみがな",
            "ヨミガナ",
            "読み仮名",
            "よみ",
            "name_kana",
        ),
        "number": (
            "番号",
            "No",
            "No.",
            "№",
            "資源番号",
            "整理番号",
            "通し番号",
            "指定番号",
            "number",
        ),
        "name_en": ("名称(英語)", "英語名称", "英名", "name_en", "english_name", "name(en)"),
        "municipalities": (
            "関連市町村",
            "市町村",
            "市町村名",
            "対象市町村",
            "関係市町村",
            "所在市町村",
            "市町村等",
            "対象地域",
            "地域",
            "municipalities",
            "municipality",
            "area",
        ),
        "designated_on": (
            "指定日",
            "指定年月日",
            "追加日",
            "designated_on",
            "designation_date",
            "date",
        ),
        "wikidata": ("ウィキデータ", "wikidata", "wikidata_id", "qid"),
        "gi_number": (
            "GI登録番号",
            "地理的表示登録番号",
            "地理的表示(GI)登録番号",
            "GI番号",
            "gi_number",
            "gi_registration",
        ),
        "trademark_number": (
            "地域団体商標登録番号",
            "地域団体商標",
            "商標登録番号",
            "trademark_number",
            "regional_trademark",
        ),
        "removed_on": ("指定解除日", "削除日", "指定取消日", "removed_on", "removal_date"),
        "technique_for": ("対象鉱工業品", "技術の対象鉱工業品", "technique_for", "produces"),
        "tourism_kind": ("観光資源の種類", "観光資源種別", "tourism_kind"),
        "note": ("備考", "注記", "note", "notes", "remarks"),
        "illustrative": ("例示", "架空", "illustrative"),
        "newly_designated": ("新規指定", "newly_designated"),
    },
    "plans": {
        "plan_id": ("計画番号", "認定番号", "plan_id", "plan_no", "id"),
        "title": ("事業名", "計画名", "事業計画名", "テーマ", "title", "plan_title"),
        "prefecture": ("都道府県", "都道府県名", "prefecture", "pref"),
        "activity_type": ("事業類型", "事業の類型", "activity_type", "activity"),
        "plan_style": ("計画類型", "事業形態", "plan_style", "style"),
        "plan_kind": ("計画種別", "計画の種類", "plan_kind"),
        "resources": ("活用する地域産業資源", "地域産業資源", "活用資源", "resources", "resource"),
        "applicants": ("申請者", "事業者", "事業者名", "applicants", "applicant"),
        "certified_on": ("認定日", "認定年月日", "certified_on", "certification_date"),
        "starts_on": ("開始日", "計画開始日", "事業開始日", "starts_on", "start", "start_date"),
        "ends_on": ("終了日", "計画終了日", "事業終了日", "ends_on", "end", "end_date"),
        "certified_by": ("認定機関", "認定者", "certified_by", "authority"),
        "note": ("備考", "note", "notes"),
        "illustrative": ("例示", "架空", "illustrative"),
    },
    "enterprises": {
        "corporate_number": ("法人番号", "corporate_number", "corporate_no", "houjin_bangou"),
        "name": ("名称", "事業者名", "企業名", "法人名", "name"),
        "legal_form": ("法人格", "組織形態", "legal_form"),
        "industry": ("業種", "主たる業種", "industry", "sector"),
        "capital_yen": ("資本金", "資本金(円)", "資本金額", "capital_yen", "capital"),
        "employees": ("従業員数", "常時使用する従業員数", "従業員", "employees"),
        "prefecture": ("都道府県", "都道府県名", "所在都道府県", "prefecture", "pref"),
        "municipality": ("市町村", "所在市町村", "municipality"),
        "note": ("備考", "note", "notes"),
        "illustrative": ("例示", "架空", "illustrative"),
    },
}

REQUIRED = {
    "designations": ("prefecture", "category", "name", "designated_on"),
    "plans": (
        "plan_id",
        "title",
        "prefecture",
        "activity_type",
        "resources",
        "applicants",
        "certified_on",
        "starts_on",
        "ends_on",
    ),
    "enterprises": ("name", "prefecture"),
}

# Columns only one kind of table has: they decide the kind.
SIGNATURE = {
    "designations": ("category", "designated_on", "municipalities", "technique_for"),
    "plans": (
        "plan_id",
        "title",
        "activity_type",
        "resources",
        "applicants",
        "certified_on",
        "starts_on",
        "ends_on",
    ),
    "enterprises": ("corporate_number", "industry", "capital_yen", "employees", "legal_form"),
}


def template_headers(kind: str, columns: tuple[str, ...], lang: str = "ja") -> list[str]:
    """Header cells of a template: each column's Japanese template name, or its English name.
    A column the loader does not know is a ValueError: this table is the one list of columns."""
    unknown = [c for c in columns if c not in COLUMNS[kind]]
    if unknown:
        raise ValueError(f"the loader has no {kind} column {', '.join(unknown)}")
    return [COLUMNS[kind][c][0] if lang == "ja" else c for c in columns]


def header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s*※＊]", "", text)


_LOOKUP = {
    kind: {header_key(alias): canonical for canonical, aliases in cols.items() for alias in aliases}
    for kind, cols in COLUMNS.items()
}


def japanese(kind: str, canonical: str) -> str:
    """The Japanese template name of a column, e.g. 指定日 for designated_on."""
    return COLUMNS[kind][canonical][0]


def match_header(kind: str, cells: list[str]) -> dict[str, int]:
    """canonical column -> index, for the cells of a header row (first occurrence wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        canonical = _LOOKUP[kind].get(header_key(cell))
        if canonical and canonical not in found:
            found[canonical] = index
    return found


def recognise(cells: list[str]) -> tuple[str, dict[str, int]] | None:
    """(kind, columns) for a header row, or None when no kind's signature columns are there."""
    best = None
    for kind in KINDS:
        columns = match_header(kind, cells)
        score = sum(1 for c in SIGNATURE[kind] if c in columns)
        if score and (best is None or score > best[0]):
            best = (score, kind, columns)
    return (best[1], best[2]) if best else None


def missing_required(kind: str, columns: dict[str, int]) -> list[str]:
    return [c for c in REQUIRED[kind] if c not in columns]


_PREDICATE_COLUMN = {
    "designations": {
        RDFS.label: "name",
        IAC.category: "category",
        IAC.designatedOn: "designated_on",
        IAC.validFrom: "designated_on",
        IAC.validUntil: "designated_on",
        IAC.removedOn: "removed_on",
        SKOS.closeMatch: "wikidata",
        SKOS.exactMatch: "gi_number",
        IAC.regionalTrademarkNumber: "trademark_number",
        IAC.underBasicConcept: "designated_on",
        IAC.coversMunicipality: "municipalities",
        IAC.coversWholePrefecture: "municipalities",
        IAC.designatedBy: "prefecture",
        IAC.producesProduct: "technique_for",
        IAC.tourismKind: "tourism_kind",
        IAC.newlyDesignatedInList: "newly_designated",
        SKOS.note: "note",
        IAC.illustrative: "illustrative",
        IAC.designates: "name",
        IAC.hasDesignation: "name",
        IAC.legalBasis: "designated_on",
    },
    "plans": {
        RDFS.label: "title",
        IAC.planId: "plan_id",
        IAC.planPrefecture: "prefecture",
        IAC.activityType: "activity_type",
        IAC.planStyle: "plan_style",
        IAC.usesResource: "resources",
        IAC.applicant: "applicants",
        IAC.certifiedOn: "certified_on",
        IAC.validFrom: "starts_on",
        IAC.validUntil: "ends_on",
        IAC.certifiedBy: "certified_by",
        IAC.certifies: "plan_id",
        IAC.legalBasis: "certified_on",
        IAC.legalArticle: "plan_kind",
        SKOS.note: "note",
        IAC.illustrative: "illustrative",
    },
    "enterprises": {
        RDFS.label: "name",
        IAC.corporateNumber: "corporate_number",
        IAC.legalForm: "legal_form",
        IAC.industrySector: "industry",
        IAC.capitalYen: "capital_yen",
        IAC.employees: "employees",
        IAC.locatedIn: "municipality",
        SKOS.note: "note",
        IAC.illustrative: "illustrative",
        IAC.applicantOf: "name",
    },
}


def column_for(kind: str, predicate: str | URIRef) -> str | None:
    """The English canonical column a property's value came from in a table of that kind."""
    return _PREDICATE_COLUMN.get(kind, {}).get(URIRef(str(predicate)))
