"""A plans row (計画番号, 事業名, 事業類型, 活用する地域産業資源, 申請者, 認定日 …) as a
plan and its certification. Resources and applicants are named; names resolve against what the
same batch loaded (designations, enterprises) and otherwise against the plan's prefecture."""

from __future__ import annotations

import re

from iackg import reference
from iackg.ingest import terms as t
from iackg.ingest.context import Batch, Row, flag, prefecture_jis, resolve_prefecture
from iackg.ingest.eradates import DateError, parse_date
from iackg.ingest.namelist import split_names
from iackg.ingest.values import ascii_digits, split_list
from iackg.iris import normalise, readable_key

BUSINESS_PLAN_ARTICLE = "第6条第1項"

_ACTIVITY_ALIASES = {
    "ActivityProducts": (
        "1",
        "products",
        "product",
        "第1号",
        "農林水産物・鉱工業品活用型",
        "農林水産物又は鉱工業品を活用",
        "資源活用型",
    ),
    "ActivityTechnique": (
        "2",
        "technique",
        "第2号",
        "技術活用型",
        "生産技術活用型",
        "鉱工業品の生産に係る技術を活用",
    ),
    "ActivityTourism": ("3", "tourism", "第3号", "観光資源活用型", "観光資源を活用"),
}
_ACTIVITY = {normalise(a): k for k, aliases in _ACTIVITY_ALIASES.items() for a in aliases}
_STYLE_ALIASES = {
    "StyleDevelopment": ("開発・生産型", "開発生産型", "開発型", "development", "production"),
    "StyleDemand": ("需要開拓型", "需要開拓", "demand", "demand_cultivation"),
}
_STYLE = {normalise(a): k for k, aliases in _STYLE_ALIASES.items() for a in aliases}
_SUPPORT = {
    normalise(a)
    for a in (
        "支援事業計画",
        "地域産業資源活用支援事業計画",
        "支援事業",
        "support",
        "support_project",
        "support_project_plan",
    )
}
_BUSINESS = {
    normalise(a) for a in ("事業計画", "地域産業資源活用事業計画", "business", "business_plan")
}
_QUALIFIED = re.compile(r"^(?P<pref>[^:：]+)[:：](?P<name>.+)$")


def convert(row: Row, batch: Batch) -> tuple[list, list]:
    plan_id = row.required("plan_id")
    title = row.required("title")
    jis = resolve_prefecture(row)
    support = _support(row)
    activity = _choice(
        row,
        "activity_type",
        _ACTIVITY,
        required=not support,
        ja="事業類型が分かりません（1・2・3 または products・technique・tourism）",
        en="unknown activity type (1, 2, 3 or products, technique, tourism)",
    )
    style = _choice(
        row,
        "plan_style",
        _STYLE,
        required=False,
        ja="計画類型が分かりません（開発・生産型・需要開拓型）",
        en="unknown plan style (development or demand)",
    )
    dates = {c: _date(row, c) for c in ("certified_on", "starts_on", "ends_on")}
    resources_text = row.required("resources")
    applicants_text = row.required("applicants")
    illustrative = flag(row)
    if row.rejected or jis is None:
        return [], []

    plan = batch.cached("plan", jis, plan_id)
    cert = batch.cached("certification", jis, plan_id)
    triples = [
        (plan, t.A, t.iac("SupportProjectPlan" if support else "BusinessPlan")),
        (plan, t.LABEL, t.ja(title)),
        (plan, t.iac("planId"), t.string(plan_id)),
        (plan, t.iac("planPrefecture"), batch.cached("prefecture", jis)),
        (plan, t.iac("validFrom"), t.date(dates["starts_on"])),
        (plan, t.iac("validUntil"), t.date(dates["ends_on"])),
        (plan, t.iac("legalBasis"), batch.act),
        (cert, t.A, t.iac("Certification")),
        (cert, t.iac("certifies"), plan),
        (cert, t.iac("certifiedOn"), t.date(dates["certified_on"])),
    ]
    if not support:
        triples.append((cert, t.iac("legalArticle"), t.string(BUSINESS_PLAN_ARTICLE)))
    if activity:
        triples.append((plan, t.iac("activityType"), t.iac(activity)))
    if style:
        triples.append((plan, t.iac("planStyle"), t.iac(style)))
    # a designated name that contains a separator (わかめ・昆布) stays one resource
    for name in split_names(resources_text, batch.resource_prefectures):
        triples.append((plan, t.iac("usesResource"), _resource(row, batch, jis, name)))
    for name in split_list(applicants_text):
        triples.append((plan, t.iac("applicant"), _applicant(row, batch, jis, name)))
    minted = [plan, cert]
    for name in split_list(row.get("certified_by")):
        org = reference.find_organization(name)
        if org is None:
            # not a government body by our word: rule R12 then reports it (a prefecture or
            # an unknown name cannot certify a plan; only a national body can)
            iri = batch.cached("organization", f"name-{readable_key(name)}")
            triples += [(iri, t.A, t.iac("Organization")), (iri, t.LABEL, t.ja(name))]
            minted.append(iri)
            row.warn(
                "certified_by",
                "参照データにない認定機関です。名称のまま残します"
                f"（国の機関として扱いません）: {name}",
                f"certifying body not in the reference data; kept by name, not taken for a "
                f"national body: {name!r}",
            )
        else:
            iri = batch.cached("organization", org.key)
        triples.append((cert, t.iac("certifiedBy"), iri))
    note = row.get("note")
    if note:
        triples.append((plan, t.NOTE, t.string(note)))
    if illustrative:
        triples += [(plan, t.iac("illustrative"), t.TRUE), (cert, t.iac("illustrative"), t.TRUE)]
    return triples, minted


def _support(row: Row) -> bool:
    text = row.get("plan_kind")
    if not text:
        return False
    key = normalise(text)
    if key in _SUPPORT:
        return True
    if key not in _BUSINESS:
        row.error(
            "plan_kind",
            f"計画種別が分かりません（事業計画・支援事業計画）: {text}",
            f"unknown plan kind (business_plan or support_project_plan): {text!r}",
        )
    return False


def _choice(row: Row, column: str, table: dict, *, required: bool, ja: str, en: str):
    text = row.required(column) if required else row.get(column)
    if not text:
        return None
    found = table.get(normalise(text))
    if found is None:
        row.error(column, f"{ja}: {text}", f"{en}: {text!r}")
    return found


def _date(row: Row, column: str):
    text = row.required(column)
    if not text:
        return None
    try:
        return parse_date(text)
    except DateError as exc:
        row.error(column, exc.message_ja, exc.message_en)
        return None


def _resource(row: Row, batch: Batch, jis: str, name: str):
    """A resource by name: `県名:名称` names its prefecture; else the one prefecture of this batch
    that designated that name (the plan's own first), else the plan's prefecture."""
    match = _QUALIFIED.match(name)
    if match and prefecture_jis(match.group("pref").strip()):
        return batch.cached(
            "resource", prefecture_jis(match.group("pref").strip()), match.group("name").strip()
        )
    known = batch.resource_prefectures.get(normalise(name))
    if known and jis not in known:
        if len(known) == 1:
            return batch.cached("resource", next(iter(known)), name)
        row.warn(
            "resources",
            f"複数の都道府県が指定した名称です。「県名:名称」で指定してください: {name}",
            f"several prefectures designated this name; write it as 'prefecture:name': {name!r}",
        )
    elif not known and batch.resource_prefectures:
        row.warn(
            "resources",
            f"同時に読み込んだ指定表にない地域産業資源です: {name}",
            f"resource not among the designations loaded with this table: {name!r}",
        )
    return batch.cached("resource", jis, name)


def _applicant(row: Row, batch: Batch, jis: str, name: str):
    digits = ascii_digits(name)
    if digits.isdigit():
        if len(digits) != 13:
            row.warn(
                "applicants",
                f"法人番号は13桁の数字です: {name}",
                f"a corporate number is 13 digits: {name!r}",
            )
            return batch.cached("enterprise", None, jis, name)
        return batch.cached("enterprise", digits, jis, name)
    found = batch.enterprise_by_name.get(normalise(name))
    if found is not None:
        return found
    if normalise(name) in batch.enterprise_by_name:
        row.warn(
            "applicants",
            f"同名の事業者が複数あります。法人番号で指定してください: {name}",
            f"several enterprises have this name; use the corporate number: {name!r}",
        )
    return batch.cached("enterprise", None, jis, name)


def fingerprint(row: Row) -> tuple[str, ...]:
    return tuple(normalise(row.get(c)) for c in ("title", "certified_on", "starts_on", "ends_on"))
