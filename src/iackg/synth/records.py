"""Synthetic records: resources, enterprises and plans with a realistic shape, and defects.

Deterministic for (scale, seed): one `random.Random(seed)` drives every choice.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from iackg import reference
from iackg.ingest.values import with_check_digit

NATIONAL_RESOURCES = 14_000
NATIONAL_PLANS = 1_800
# Published totals per prefecture (shared/reference/designation-counts.csv: tiiki.jp 2009-06 and
# later prefectural pages; tourism-only 2007 counts scaled by the national tourism share 0.48).
# Prefectures without a published figure share the rest of the national total equally.
PUBLISHED = {
    "01": 1091,
    "02": 181,
    "03": 221,
    "04": 238,
    "05": 124,
    "06": 136,
    "07": 374,
    "08": 257,
    "09": 172,
    "14": 174,
    "16": 337,
    "26": 390,
    "28": 850,
    "29": 427,
    "31": 241,
    "35": 301,
    "42": 274,
    "47": 348,
}
# National category mix (2009-06: 3573 agricultural, 2530 industrial incl. technique, 5629
# tourism); techniques taken as a seventh of the industrial group (unpublished).
CATEGORY_MIX = (
    ("agricultural", 3573),
    ("industrial", 2530 * 6 // 7),
    ("technique", 2530 // 7),
    ("tourism", 5629),
)
ITEMS = {
    "agricultural": (
        "りんご",
        "米",
        "茶",
        "和牛",
        "かき",
        "ぶどう",
        "なす",
        "わかめ",
        "まぐろ",
        "そば",
        "しいたけ",
        "みかん",
        "ねぎ",
        "ほたて",
        "たけのこ",
    ),
    "industrial": (
        "焼",
        "塗",
        "織",
        "鉄器",
        "和紙",
        "刃物",
        "家具",
        "人形",
        "漆器",
        "染",
        "石材",
        "竹細工",
        "箪笥",
        "瓦",
        "硝子",
    ),
    "tourism": (
        "温泉",
        "城跡",
        "渓谷",
        "湖",
        "高原",
        "神社",
        "祭り",
        "滝",
        "海岸",
        "古道",
        "棚田",
        "鍾乳洞",
        "岬",
        "宿場町",
        "庭園",
    ),
}
TOWNS_PER_PREFECTURE = 30
PLACE_CHARS = "青赤白黒金銀東西南北山川谷里野原森浜島沢田村岡崎松竹梅桜花月星風雪石岩"
START, END = dt.date(2007, 6, 29), dt.date(2020, 9, 30)
BASIC_CONCEPT_DAY = dt.date(2007, 8, 31)
AMENDMENT = dt.date(2015, 8, 10)
ACTIVITY = {"agricultural": "1", "industrial": "1", "technique": "2", "tourism": "3"}
SECTORS = (
    ("製造業", 300_000_000, 300),
    ("卸売業", 100_000_000, 100),
    ("小売業", 50_000_000, 50),
    ("サービス業", 50_000_000, 100),
)
DEFECT_KINDS = {
    "designation-outside-act": ("4", "designations", "designated_on"),
    "technique-product-not-industrial": ("7", "designations", "technique_for"),
    "applicant-not-sme": ("8", "plans", "applicants"),
    "activity-type-mismatch": ("9", "plans", "activity_type"),
    "resource-designated-after-certification": ("10", "plans", "resources"),
    "plan-too-long": ("11", "plans", "ends_on"),
    "plan-too-short": ("11", "plans", "ends_on"),
    "bad-corporate-number": ("13", "enterprises", "corporate_number"),
    "support-plan-before-amendment": ("14", "plans", "certified_on"),
}


@dataclass
class Resource:
    jis: str
    name: str
    name_en: str
    category: str
    towns: list[str]
    designated_on: dt.date
    product: str = ""


@dataclass
class Generated:
    resources: list[Resource] = field(default_factory=list)
    enterprises: list[dict] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)
    defects: list[dict] = field(default_factory=list)


def _years_later(day: dt.date, years: int) -> dt.date:
    """The last day of a plan of `years` years starting on `day` (counted inclusively)."""
    try:
        return day.replace(year=day.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _prefecture_counts(total: int) -> dict[str, int]:
    jis_codes = [p.jis for p in reference.prefectures()]
    known = sum(PUBLISHED.values())
    rest = (NATIONAL_RESOURCES - known) / (len(jis_codes) - len(PUBLISHED))
    weights = {j: PUBLISHED.get(j, rest) for j in jis_codes}
    scale = total / sum(weights.values())
    return {j: max(1, round(w * scale)) for j, w in weights.items()}


def _designation_day(rng: random.Random) -> dt.date:
    roll = rng.random()
    if roll < 0.6:
        return BASIC_CONCEPT_DAY
    if roll < 0.8:
        span = (AMENDMENT - BASIC_CONCEPT_DAY).days
        return BASIC_CONCEPT_DAY + dt.timedelta(days=rng.randrange(span))
    return AMENDMENT + dt.timedelta(days=rng.randrange((END - AMENDMENT).days))


def _resources(rng: random.Random, scale: float) -> list[Resource]:
    categories = [c for c, _ in CATEGORY_MIX]
    weights = [w for _, w in CATEGORY_MIX]
    out: list[Resource] = []
    towns: dict[str, list[str]] = {}
    for m in reference.municipalities():
        towns.setdefault(m.jis, []).append(m.name_ja)
    real = {name for names in towns.values() for name in names}
    for jis, count in _prefecture_counts(round(NATIONAL_RESOURCES * scale)).items():
        used: set[str] = set()
        industrial: list[Resource] = []
        # a prefecture has a few dozen municipalities: the reference ones, then made-up names
        # (in no prefecture's reference list: they load with a warning, as merged-away towns
        # do, and never resolve to a real municipality of another prefecture)
        local = list(towns.get(jis, []))
        while len(local) < TOWNS_PER_PREFECTURE:
            made_up = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice("町村市")
            if made_up not in local and made_up not in real:
                local.append(made_up)
        for n in range(count):
            category = rng.choices(categories, weights)[0]
            if category == "technique" and not industrial:
                category = "industrial"
            place = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)
            product = ""
            if category == "technique":
                made = rng.choice(industrial)
                name, product = f"{made.name}の製造技術", made.name
            else:
                name = place + rng.choice(ITEMS[category])
            while name in used:
                name += "新"
            used.add(name)
            picks = [rng.choice(local) for _ in range(rng.choice((0, 1, 1, 1, 2, 3)))]
            day = _designation_day(rng)
            if category == "technique":
                made = next(r for r in industrial if r.name == product)
                day = max(day, made.designated_on)
            res = Resource(
                jis,
                name,
                f"Synthetic {category} resource {jis}-{n + 1}",
                category,
                sorted(set(picks)),
                day,
                product,
            )
            out.append(res)
            if category == "industrial":
                industrial.append(res)
    return out


def _enterprise(
    rng: random.Random,
    serial: int,
    jis: str,
    *,
    cooperative=False,
    npo=False,
    sme=True,
    bad_number=False,
) -> dict:
    sector, capital_limit, employee_limit = rng.choice(SECTORS)
    capital: int | None
    if npo:
        name, number = f"一般社団法人地域資源振興会{serial}", with_check_digit(f"8{serial:011d}")
    elif cooperative:
        name, number = f"地域産品事業協同組合{serial}", with_check_digit(f"7{serial:011d}")
    elif rng.random() < 0.05:
        name, number = f"個人事業主{serial}", ""
    else:
        name = f"{rng.choice(('株式会社', '有限会社', '合同会社'))}地域資源{serial}"
        number = with_check_digit(f"9{serial:011d}")
    if bad_number:
        number = str((int(number[0]) + 1) % 10) + number[1:]  # wrong check digit
    if sme:
        capital = rng.randrange(1, capital_limit // 1_000_000 + 1) * 1_000_000
        employees = rng.randrange(1, employee_limit + 1)
    else:
        sector, capital, employees = "製造業", 1_000_000_000, 1_000
    if npo:
        capital = None
    return {
        "corporate_number": number,
        "name": name,
        "industry": sector,
        "capital_yen": capital,
        "employees": employees,
        "prefecture": jis,
    }


def _plan(
    rng: random.Random,
    serial: int,
    jis: str,
    uses: list[Resource],
    applicants: list[dict],
    *,
    support=False,
    certified: dt.date | None = None,
    years: int | None = None,
) -> dict:
    latest = max(r.designated_on for r in uses)
    floor = max(latest, AMENDMENT if support else START)
    if certified is None:
        certified = floor + dt.timedelta(days=rng.randrange(max(1, (END - floor).days)))
    starts = certified + dt.timedelta(days=rng.randrange(0, 60))
    ends = _years_later(starts, years or rng.choice((3, 4, 5)))
    names = [
        r.name if r.jis == jis else f"{reference.prefecture_by_jis(r.jis).name_ja}:{r.name}"
        for r in uses
    ]
    bureaus = reference.bureaus_for(jis)
    return {
        "plan_id": f"SYN-{serial:06d}",
        "title": f"{uses[0].name}を活用した事業{serial}",
        "prefecture": jis,
        "activity_type": "" if support else ACTIVITY[uses[0].category],
        "plan_style": rng.choice(("開発・生産型", "需要開拓型")),
        "resources": "、".join(names),
        "applicants": "、".join(a["corporate_number"] or a["name"] for a in applicants),
        "certified_on": certified,
        "starts_on": starts,
        "ends_on": ends,
        "certified_by": "、".join(b.name_ja for b in bureaus[:2]),
        "plan_kind": "支援事業計画" if support else "",
    }


def build(scale: float = 1.0, seed: int = 0, defects: int = 0) -> Generated:
    """All records in memory (small: tens of thousands), deterministic for (scale, seed)."""
    rng = random.Random(seed)
    gen = Generated(resources=_resources(rng, scale))
    by_pref: dict[str, list[Resource]] = {}
    for r in gen.resources:
        by_pref.setdefault(r.jis, []).append(r)
    serial = 0

    def new_enterprise(jis, **kw):
        nonlocal serial
        serial += 1
        ent = _enterprise(rng, serial, jis, **kw)
        gen.enterprises.append(ent)
        return ent

    pool = [r for r in gen.resources if r.designated_on < END - dt.timedelta(days=30)]
    for n in range(round(NATIONAL_PLANS * scale)):
        first = rng.choice(pool)
        group = [
            r
            for r in (
                by_pref[first.jis] if rng.random() < 0.9 else rng.choice(list(by_pref.values()))
            )
            if ACTIVITY[r.category] == ACTIVITY[first.category]
        ]
        uses = [first] + ([rng.choice(group)] if rng.random() < 0.2 else [])
        uses = list({r.name + r.jis: r for r in uses}.values())
        if max(r.designated_on for r in uses) >= END - dt.timedelta(days=30):
            uses = [first]
        support = rng.random() < 0.03 and first.designated_on < END - dt.timedelta(days=60)
        if support:
            applicants = [new_enterprise(first.jis, npo=True)]
        else:
            applicants = [
                new_enterprise(first.jis, cooperative=rng.random() < 0.05)
                for _ in range(2 if rng.random() < 0.1 else 1)
            ]
        gen.plans.append(_plan(rng, n + 1, first.jis, uses, applicants, support=support))
    _inject(gen, rng, defects, new_enterprise, by_pref)
    return gen


def _inject(gen: Generated, rng, count: int, new_enterprise, by_pref) -> None:
    """Append `count` rows of each defect kind; each row breaks exactly one rule."""
    plans_base = len(gen.plans)
    for kind in DEFECT_KINDS:
        for k in range(count):
            jis = rng.choice(sorted(by_pref))
            record: Resource | dict
            if kind in ("designation-outside-act", "technique-product-not-industrial"):
                record = _resource_defect(gen, kind, jis, k + 1, by_pref[jis])
            elif kind == "bad-corporate-number":
                record = new_enterprise(jis, bad_number=True)
            else:
                serial = plans_base + len(gen.plans) + 1
                record = _plan_defect(
                    gen, rng, kind, jis, k + 1, serial, new_enterprise, by_pref[jis]
                )
                gen.plans.append(record)
            gen.defects.append({"kind": kind, "record": record})


def _resource_defect(
    gen: Generated, kind: str, jis: str, number: int, local: list[Resource]
) -> Resource:
    """A designation outside the Act's dates, or a technique whose product is not industrial."""
    if kind == "designation-outside-act":
        res = Resource(
            jis,
            f"範囲外指定資源{number}",
            f"Out-of-range {number}",
            "tourism",
            [],
            dt.date(2021, 4, 1),
        )
    else:
        farm = next((r for r in local if r.category == "agricultural"), None)
        if farm is None:
            farm = Resource(
                jis,
                f"技術対象農産物{number}",
                "Synthetic farm product",
                "agricultural",
                [],
                BASIC_CONCEPT_DAY,
            )
            gen.resources.append(farm)
        res = Resource(
            jis,
            f"{farm.name}の加工技術{number}",
            f"Bad technique {number}",
            "technique",
            [],
            BASIC_CONCEPT_DAY,
            farm.name,
        )
    gen.resources.append(res)
    return res


def _plan_defect(
    gen: Generated,
    rng: random.Random,
    kind: str,
    jis: str,
    number: int,
    serial: int,
    new_enterprise: Callable[..., dict],
    local: list[Resource],
) -> dict:
    """A plan that breaks the one rule `kind` names."""
    early = [r for r in local if r.designated_on == BASIC_CONCEPT_DAY]
    uses = [rng.choice(early or local)]
    applicants = [new_enterprise(jis, sme=kind != "applicant-not-sme")]
    years: int | None = None
    certified: dt.date | None = None
    if kind == "plan-too-long":
        years = 6
    elif kind == "plan-too-short":
        years = 2
    elif kind == "support-plan-before-amendment":
        applicants = [new_enterprise(jis, npo=True)]
        certified = dt.date(2012, 4, 2)
    elif kind == "resource-designated-after-certification":
        uses = [_later_resource(gen, jis, number)]
        certified = uses[0].designated_on - dt.timedelta(days=90)
    plan = _plan(
        rng,
        serial,
        jis,
        uses,
        applicants,
        support=kind.startswith("support"),
        certified=certified,
        years=years,
    )
    if kind == "activity-type-mismatch":
        plan["activity_type"] = {"1": "3", "2": "1", "3": "1"}[ACTIVITY[uses[0].category]]
    return plan


def _later_resource(gen: Generated, jis: str, number: int) -> Resource:
    """A resource of `jis` designated after 2009 (made if there is none) for a plan to predate."""
    later = [
        r
        for r in gen.resources
        if r.jis == jis
        and dt.date(2009, 1, 1) < r.designated_on < END
        and r.category != "technique"
    ]
    if later:
        return later[0]
    res = Resource(
        jis, f"後日指定資源{number}", "Later resource", "agricultural", [], dt.date(2016, 4, 1)
    )
    gen.resources.append(res)
    return res
