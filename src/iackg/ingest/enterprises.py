"""An enterprises row (法人番号, 名称, 業種, 資本金, 従業員数 …) as an organisation."""

from __future__ import annotations

import unicodedata

from iackg.ingest import terms as t
from iackg.ingest.context import Batch, Row, flag, municipality_node, resolve_prefecture
from iackg.ingest.values import ValueProblem, ascii_digits, parse_count, parse_yen
from iackg.iris import normalise

# The cooperatives the Act counts as SMEs (Art. 2(1) and Cabinet Order Art. 1): SME
# Cooperatives Act, SME Organisations Act, Shopping District Promotion Association Act, Act on
# Sanitation Business, Liquor Tax Act associations, coastal shipping and research associations.
_SME_COOPERATIVES = (
    "事業協同小組合",
    "事業協同組合",
    "協同組合連合会",
    "企業組合",
    "協業組合",
    "商工組合連合会",
    "商工組合",
    "商店街振興組合連合会",
    "商店街振興組合",
    "生活衛生同業組合連合会",
    "生活衛生同業小組合",
    "生活衛生同業組合",
    "酒造組合",
    "酒販組合",
    "内航海運組合",
    "技術研究組合",
)
# 組合 outside that list, checked first (農業協同組合連合会 must not match 協同組合連合会).
_OTHER_ASSOCIATIONS = (
    "農業協同組合",
    "漁業協同組合",
    "水産加工業協同組合",
    "森林組合",
    "消費生活協同組合",
    "生活協同組合",
    "労働組合",
    "土地改良区",
)

# Legal form from the name, most specific first: (marker in the name, form, class).
_FORM_MARKERS = (
    ("特定非営利活動法人", "FormNPO", "NonProfitOrganization"),
    ("NPO法人", "FormNPO", "NonProfitOrganization"),
    ("一般社団法人", "FormGeneralAssociation", "NonProfitOrganization"),
    ("一般財団法人", "FormGeneralFoundation", "NonProfitOrganization"),
    ("公益社団法人", "FormGeneralAssociation", "NonProfitOrganization"),
    ("公益財団法人", "FormGeneralFoundation", "NonProfitOrganization"),
    # 組合 that are not SME cooperatives under the Act (Art. 2(1)): judged by form, not exempt
    *((m, "FormOtherAssociation", "Organization") for m in _OTHER_ASSOCIATIONS),
    # the cooperative kinds the Act and its Cabinet Order count as SMEs, longest first
    *((m, "FormCooperative", "Cooperative") for m in _SME_COOPERATIVES),
    ("組合", "FormOtherAssociation", "Organization"),  # any other 組合: not exempt
    ("株式会社", "FormCorporation", "Enterprise"),
    ("有限会社", "FormCorporation", "Enterprise"),
    ("合同会社", "FormCorporation", "Enterprise"),
    ("合資会社", "FormCorporation", "Enterprise"),
    ("合名会社", "FormCorporation", "Enterprise"),
    ("(株)", "FormCorporation", "Enterprise"),
    ("(有)", "FormCorporation", "Enterprise"),
    ("㈱", "FormCorporation", "Enterprise"),
    ("㈲", "FormCorporation", "Enterprise"),
)
_FORM_CLASS = {
    "FormCorporation": "Enterprise",
    "FormSoleProprietor": "Enterprise",
    "FormCooperative": "Cooperative",
    "FormGeneralAssociation": "NonProfitOrganization",
    "FormGeneralFoundation": "NonProfitOrganization",
    "FormNPO": "NonProfitOrganization",
    "FormOtherAssociation": "Organization",
}
_FORM_ALIASES = {
    "FormCorporation": ("会社", "株式会社", "有限会社", "合同会社", "corporation", "company"),
    "FormSoleProprietor": ("個人", "個人事業主", "sole_proprietor", "individual"),
    "FormCooperative": ("組合", "協同組合", *_SME_COOPERATIVES, "cooperative"),
    "FormOtherAssociation": (*_OTHER_ASSOCIATIONS, "その他の団体", "other_association"),
    "FormGeneralAssociation": ("一般社団法人", "社団法人", "general_association"),
    "FormGeneralFoundation": ("一般財団法人", "財団法人", "general_foundation"),
    "FormNPO": ("特定非営利活動法人", "npo法人", "npo"),
}
_FORM = {normalise(a): form for form, aliases in _FORM_ALIASES.items() for a in aliases}

_SECTOR_ALIASES = {
    "SectorManufacturing": (
        "製造業",
        "製造",
        "建設業",
        "運輸業",
        "その他",
        "manufacturing",
        "construction",
        "transport",
        "other",
    ),
    "SectorWholesale": ("卸売業", "卸売", "wholesale"),
    "SectorRetail": ("小売業", "小売", "retail"),
    "SectorServices": ("サービス業", "サービス", "services", "service"),
    # the Cabinet Order's sectors, with limits of their own (ontology/schemes.ttl)
    "SectorRubberProducts": ("ゴム製品製造業", "rubber_products", "rubber products"),
    "SectorSoftware": (
        "ソフトウェア業・情報処理サービス業",
        "ソフトウェア業",
        "情報処理サービス業",
        "software",
        "information processing",
    ),
    "SectorInnsHotels": ("旅館業", "inns_hotels", "hotels", "inns"),
}
_SECTOR = {normalise(a): s for s, aliases in _SECTOR_ALIASES.items() for a in aliases}


def legal_form_from_name(name: str) -> tuple[str, str] | None:
    """(Form* concept, class) inferred from markers in the name, or None."""
    folded = unicodedata.normalize("NFKC", name)
    for marker, form, cls in _FORM_MARKERS:
        if unicodedata.normalize("NFKC", marker) in folded:
            return form, cls
    return None


def corporate_number(row: Row, column: str, text: str) -> str | None:
    """The 13 digits as given (full-width folded); anything else is an error."""
    digits = ascii_digits(text)
    if len(digits) != 13 or not digits.isdigit():
        row.error(
            column,
            f"法人番号は13桁の数字です: {text}",
            f"a corporate number is 13 digits: {text!r}",
        )
        return None
    return digits


def enterprise_node(batch: Batch, number: str | None, jis: str, name: str):
    return batch.cached("enterprise", number or None, jis, name)


def convert(row: Row, batch: Batch) -> tuple[list, list]:
    jis = resolve_prefecture(row)
    name = row.required("name")
    number_text = row.get("corporate_number")
    number = corporate_number(row, "corporate_number", number_text) if number_text else None
    form, cls = _legal_form(row, name, number)
    sector = None
    industry = row.get("industry")
    if industry:
        sector = _SECTOR.get(normalise(industry))
        if sector is None:
            row.error(
                "industry",
                f"業種が分かりません（製造業・卸売業・小売業・サービス業・ゴム製品製造業・"
                f"ソフトウェア業・旅館業）: {industry}",
                f"unknown industry (manufacturing, wholesale, retail, services, rubber_products, "
                f"software, inns_hotels): {industry!r}",
            )
    capital = _number(row, "capital_yen", parse_yen)
    employees = _number(row, "employees", parse_count)
    illustrative = flag(row)
    if row.rejected or jis is None:
        return [], []

    iri = enterprise_node(batch, number, jis, name)
    triples = [
        (iri, t.A, t.iac("Organization")),
        (iri, t.A, t.iac(cls)),
        (iri, t.LABEL, t.ja(name)),
    ]
    if number:
        triples.append((iri, t.iac("corporateNumber"), t.string(number)))
    if form:
        triples.append((iri, t.iac("legalForm"), t.iac(form)))
    if sector:
        triples.append((iri, t.iac("industrySector"), t.iac(sector)))
    if capital is not None:
        triples.append((iri, t.iac("capitalYen"), t.integer(capital)))
    if employees is not None:
        triples.append((iri, t.iac("employees"), t.integer(employees)))
    minted = [iri]
    town = row.get("municipality")
    if town:
        before = len(triples)
        place = municipality_node(row, batch, jis, town, "municipality", triples)
        if len(triples) > before:
            minted.append(place)
    else:
        place = batch.cached("prefecture", jis)
    triples.append((iri, t.iac("locatedIn"), place))
    note = row.get("note")
    if note:
        triples.append((iri, t.NOTE, t.string(note)))
    if illustrative:
        triples.append((iri, t.iac("illustrative"), t.TRUE))
    batch.remember_enterprise(name, iri)
    return triples, minted


def _legal_form(row: Row, name: str, number: str | None) -> tuple[str | None, str]:
    text = row.get("legal_form")
    if text:
        form = _FORM.get(normalise(text))
        if form is None:
            row.error(
                "legal_form",
                f"法人格が分かりません（会社・個人・組合・"
                f"一般社団法人・一般財団法人・NPO・その他の団体）: {text}",
                f"unknown legal form (corporation, sole_proprietor, cooperative, "
                f"general_association, general_foundation, npo, other_association): {text!r}",
            )
            return None, "Enterprise"
        return form, _FORM_CLASS[form]
    inferred = legal_form_from_name(name) if name else None
    if inferred:
        return inferred
    if not number:  # no corporate number and no corporate marker: an individual
        return "FormSoleProprietor", "Enterprise"
    return None, "Enterprise"


def _number(row: Row, column: str, parse):
    text = row.get(column)
    if not text:
        return None
    try:
        return parse(text)
    except ValueProblem as exc:
        row.error(column, exc.message_ja, exc.message_en)
        return None


def fingerprint(row: Row) -> tuple[str, ...]:
    return (
        normalise(row.get("name")),
        normalise(row.get("capital_yen")),
        normalise(row.get("employees")),
        normalise(row.get("industry")),
    )


def key(row: Row) -> str:
    number = ascii_digits(row.get("corporate_number"))
    return number or f"{normalise(row.get('prefecture'))}|{normalise(row.get('name'))}"
