"""The numbers behind the report's figures, computed from records read by SPARQL.

Fiscal years (年度) run from April 1 to March 31: a date in January-March 2008 belongs to fiscal
2007. Designations are counted in the fiscal year of their designation date, plans in the fiscal
year of their certification (or, without one, of their start).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from iackg.export.records import ACTIVITY_TYPES, CATEGORIES, Records
from iackg.export.views import plans_per_resource


def fiscal_year(iso_date: str) -> int | None:
    """年度 of an ISO date: `2008-03-31` -> 2007, `2008-04-01` -> 2008."""
    if len(iso_date) < 7 or not iso_date[:4].isdigit():
        return None
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    return year if month >= 4 else year - 1


@dataclass
class Aggregates:
    resources_by_prefecture: dict[str, Counter]  # JIS code -> category key -> count
    prefecture_names: dict[str, tuple[str, str]]  # JIS code -> (ja, en)
    designations_by_year: Counter  # fiscal year -> designations
    plans_by_year: Counter  # fiscal year -> plans
    category_mix: Counter  # category key -> resources
    activity_mix: Counter  # activity key -> plans
    top_resources: list[tuple[str, str, str, int]]  # (iri, label, prefecture, plans)
    ic_profile: dict[str, Counter]  # JIS code -> IC dimension label -> resources + plans (shares)
    ic_dimensions: list[str]  # IC dimension labels in a stable order
    totals: dict[str, int]

    def total_by_prefecture(self) -> dict[str, int]:
        return {jis: sum(c.values()) for jis, c in self.resources_by_prefecture.items()}


def aggregate(rec: Records, top: int = 15) -> Aggregates:
    jis_of = {iri: p.jis for iri, p in rec.prefectures.items() if p.jis}
    names = {p.jis: (p.label_ja, p.label_en) for p in rec.prefectures.values() if p.jis}
    by_pref: dict[str, Counter] = {jis: Counter() for jis in names}
    category_mix: Counter = Counter()
    designations: Counter = Counter()
    for res in rec.resources.values():
        key = CATEGORIES.get(res.category, ("unknown",))[0]
        category_mix[key] += 1
        if res.prefecture in jis_of:
            by_pref[jis_of[res.prefecture]][key] += 1
        fy = fiscal_year(res.designated_on)
        if fy is not None:
            designations[fy] += 1
    plans_by_year: Counter = Counter()
    activity_mix: Counter = Counter()
    for plan in rec.plans.values():
        fy = fiscal_year(plan.certified_on or plan.valid_from)
        if fy is not None:
            plans_by_year[fy] += 1
        activity_mix[ACTIVITY_TYPES.get(plan.activity_type, ("unknown",))[0]] += 1

    uses = plans_per_resource(rec)
    ranked = sorted(uses.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    top_resources = []
    for iri, n in ranked:
        res = rec.resources[iri]
        pref = rec.prefectures.get(res.prefecture)
        top_resources.append((iri, res.label(), pref.label() if pref else "", n))

    dim_label = {
        iri: (ja or en or iri.rsplit("#", 1)[-1]) for iri, (ja, en) in rec.ic_labels.items()
    }
    ic_profile: dict[str, Counter] = {}
    items = [(r.category, r.prefecture) for r in rec.resources.values()]
    items += [(p.activity_type, p.prefecture) for p in rec.plans.values()]
    for concept, pref in items:
        dims = rec.ic_dimensions.get(concept, ())
        if dims and pref in jis_of:
            profile = ic_profile.setdefault(jis_of[pref], Counter())
            for dim in dims:  # an item mapped to k dimensions adds 1/k to each
                profile[dim_label[dim]] += 1 / len(dims)
    dims = sorted({dim_label[d] for ds in rec.ic_dimensions.values() for d in ds})
    totals = {
        "prefectures": len(rec.prefectures),
        "resources": len(rec.resources),
        "plans": len(rec.plans),
        "enterprises": len(rec.enterprises),
        "resources_used": len(uses),
        "illustrative": len(
            rec.illustrative & (rec.resources.keys() | rec.plans.keys() | rec.enterprises.keys())
        ),
    }
    return Aggregates(
        by_pref,
        names,
        designations,
        plans_by_year,
        category_mix,
        activity_mix,
        top_resources,
        ic_profile,
        dims,
        totals,
    )
