"""The numbers behind the report's figures, computed from records read by SPARQL.

Fiscal years (年度) run from April 1 to March 31: a date in January-March 2008 belongs to fiscal
2007. Designations are counted in the fiscal year of their designation date, plans in the fiscal
year of their certification (or, without one, of their start).

"Plans" are business plans (事業計画, the ones with an activity type), as in `iackg build`'s
summary; support-project plans (支援事業計画, added by the 2015 amendment, made by associations
to support SMEs) are counted apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from iackg.export.records import ACTIVITY_TYPES, CATEGORIES, Records
from iackg.export.views import plans_per_resource
from iackg.report import timeline


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
    plans_by_year: Counter  # fiscal year -> business plans
    category_mix: Counter  # category key -> resources
    activity_mix: Counter  # activity key -> business plans
    top_resources: list[tuple[str, str, str, int]]  # (iri, label, prefecture, plans)
    ic_profile: dict[str, dict[str, float]]  # JIS code -> IC dimension -> items (1/k each)
    ic_dimensions: list[str]  # IC dimension labels ("ja / en") in a stable order
    totals: dict[str, int]
    ic_items: dict[str, int] = field(default_factory=dict)  # JIS code -> n behind the shares
    # (longitude, latitude, JIS code, resources) per municipality with coordinates
    resource_points: list[tuple[float, float, str, int]] = field(default_factory=list)
    # JIS code -> fiscal year -> [designations added, removed] (`report.timeline`)
    timeline: dict[str, dict[int, list[int]]] = field(default_factory=dict)

    def total_by_prefecture(self) -> dict[str, int]:
        """Resources per prefecture in the data (0 for a prefecture with none); a prefecture
        outside the data (not loaded, or filtered out) is absent: "no data"."""
        return {jis: sum(c.values()) for jis, c in self.resources_by_prefecture.items()}


def _jis_of(rec: Records) -> dict[str, str]:
    return {iri: p.jis for iri, p in rec.prefectures.items() if p.jis}


def _resource_counts(rec: Records, jis_of: dict[str, str]) -> tuple[dict, Counter, Counter]:
    """(JIS -> category -> resources, category mix, designations per fiscal year)."""
    by_pref: dict[str, Counter] = {jis: Counter() for jis in jis_of.values()}
    mix: Counter = Counter()
    designations: Counter = Counter()
    for res in rec.resources.values():
        key = CATEGORIES.get(res.category, ("unknown",))[0]
        mix[key] += 1
        if res.prefecture in jis_of:
            by_pref[jis_of[res.prefecture]][key] += 1
        fy = fiscal_year(res.designated_on)
        if fy is not None:
            designations[fy] += 1
    return by_pref, mix, designations


def _plan_counts(rec: Records) -> tuple[Counter, Counter]:
    """(business plans per fiscal year, business plans per activity type)."""
    by_year: Counter = Counter()
    activity_mix: Counter = Counter()
    for plan in rec.plans.values():
        if plan.support:
            continue
        fy = fiscal_year(plan.certified_on or plan.valid_from)
        if fy is not None:
            by_year[fy] += 1
        activity_mix[ACTIVITY_TYPES.get(plan.activity_type, ("unknown",))[0]] += 1
    return by_year, activity_mix


def _top_resources(rec: Records, uses: Counter, top: int) -> list[tuple[str, str, str, int]]:
    ranked = sorted(uses.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    rows = []
    for iri, n in ranked:
        res = rec.resources[iri]
        pref = rec.prefectures.get(res.prefecture)
        rows.append((iri, res.label(), pref.label() if pref else "", n))
    return rows


def _ic_profile(rec: Records, jis_of: dict[str, str]) -> tuple[dict, list[str], dict]:
    """(JIS -> dimension -> share-weighted items, dimension labels, JIS -> items counted)."""
    dim_label = {
        iri: " / ".join(x for x in (ja, en) if x) or iri.rsplit("#", 1)[-1]
        for iri, (ja, en) in rec.ic_labels.items()
    }
    profile: dict[str, defaultdict[str, float]] = {}
    items: Counter = Counter()
    things = [(r.category, r.prefecture) for r in rec.resources.values()]
    things += [(p.activity_type, p.prefecture) for p in rec.plans.values() if not p.support]
    for concept, pref in things:
        dims = rec.ic_dimensions.get(concept, ())
        if dims and pref in jis_of:
            jis = jis_of[pref]
            items[jis] += 1
            for dim in dims:  # an item mapped to k dimensions adds 1/k to each
                profile.setdefault(jis, defaultdict(float))[dim_label[dim]] += 1 / len(dims)
    labels = sorted({dim_label[d] for ds in rec.ic_dimensions.values() for d in ds})
    return dict(profile), labels, dict(items)


def _resource_points(rec: Records, jis_of: dict[str, str]) -> list[tuple[float, float, str, int]]:
    """Resources per municipality, placed at the municipality's coordinates (those without
    coordinates, such as names kept without a code, are not placed)."""
    per_municipality: Counter = Counter()
    for res in rec.resources.values():
        per_municipality.update(res.municipalities)
    points = []
    for iri, n in sorted(per_municipality.items()):
        m = rec.municipalities.get(iri)
        if m is None or m.latitude is None or m.longitude is None:
            continue
        points.append((m.longitude, m.latitude, jis_of.get(m.prefecture, ""), n))
    return points


def _totals(rec: Records, uses: Counter) -> dict[str, int]:
    business = [p for p in rec.plans.values() if not p.support]
    made_up = rec.illustrative & (rec.resources.keys() | rec.plans.keys() | rec.enterprises.keys())
    return {
        "prefectures": len(rec.prefectures),
        "resources": len(rec.resources),
        "plans": len(business),
        "support_plans": len(rec.plans) - len(business),
        "enterprises": len(rec.enterprises),
        "resources_used": len(uses),
        "illustrative": len(made_up),
    }


def aggregate(rec: Records, top: int = 15) -> Aggregates:
    jis_of = _jis_of(rec)
    names = {p.jis: (p.label_ja, p.label_en) for p in rec.prefectures.values() if p.jis}
    by_pref, category_mix, designations = _resource_counts(rec, jis_of)
    plans_by_year, activity_mix = _plan_counts(rec)
    uses = plans_per_resource(rec)
    profile, dimensions, items = _ic_profile(rec, jis_of)
    return Aggregates(
        resources_by_prefecture=by_pref,
        prefecture_names=names,
        designations_by_year=designations,
        plans_by_year=plans_by_year,
        category_mix=category_mix,
        activity_mix=activity_mix,
        top_resources=_top_resources(rec, uses, top),
        ic_profile=profile,
        ic_dimensions=dimensions,
        totals=_totals(rec, uses),
        ic_items=items,
        resource_points=_resource_points(rec, jis_of),
        timeline=timeline.per_prefecture(rec, jis_of),
    )
