"""The six network views, each a function from records to a networkx graph.

Node keys are IRIs. Node attributes: `id` (the IRI), `label` (Japanese if known, else English),
`label_ja`, `label_en`, `type`, and where they apply `category`, `prefecture`, `prefecture_code`,
`region` and dates as ISO strings. Edge attributes: `relation` and `weight`. Missing values are
left out (never None), so every format can write them. See docs/networks.md.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx

from iackg.export.records import ACTIVITY_TYPES, CATEGORIES, Records, local_name


def _clean(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def _flags(rec: Records, iri: str) -> dict:
    return {"illustrative": True} if iri in rec.illustrative else {}


def _labelled(thing, type_: str) -> dict:
    return {
        "id": thing.iri,
        "label": thing.label(),
        "label_ja": thing.label_ja,
        "label_en": thing.label_en,
        "type": type_,
    }


def _place(rec: Records, pref_iri: str) -> dict:
    pref = rec.prefectures.get(pref_iri)
    if pref is None:
        return {}
    return {"prefecture": pref.label(), "prefecture_code": pref.jis, "region": pref.region}


def prefecture_node(rec: Records, iri: str) -> dict:
    pref = rec.prefectures[iri]
    return _clean({**_labelled(pref, "Prefecture"), **_place(rec, iri)})


def municipality_node(rec: Records, iri: str) -> dict:
    muni = rec.municipalities[iri]
    attrs = {**_labelled(muni, "Municipality"), **_place(rec, muni.prefecture)}
    attrs["local_government_code"] = muni.code
    return _clean(attrs)


def resource_node(rec: Records, iri: str) -> dict:
    res = rec.resources[iri]
    attrs = {**_labelled(res, "RegionalResource"), **_place(rec, res.prefecture)}
    if res.category in CATEGORIES:
        attrs["category"] = CATEGORIES[res.category][0]
        attrs["category_ja"] = CATEGORIES[res.category][1]
    attrs.update(
        designated_on=res.designated_on, valid_from=res.valid_from, valid_until=res.valid_until
    )
    attrs.update(_flags(rec, iri))
    return _clean(attrs)


def plan_node(rec: Records, iri: str) -> dict:
    plan = rec.plans[iri]
    attrs = {**_labelled(plan, "BusinessPlan"), **_place(rec, plan.prefecture)}
    if plan.activity_type in ACTIVITY_TYPES:
        attrs["activity_type"] = ACTIVITY_TYPES[plan.activity_type][0]
    attrs.update(_flags(rec, iri))
    attrs.update(
        plan_id=plan.plan_id,
        certified_on=plan.certified_on,
        valid_from=plan.valid_from,
        valid_until=plan.valid_until,
    )
    return _clean(attrs)


def enterprise_node(rec: Records, iri: str) -> dict:
    ent = rec.enterprises[iri]
    attrs = {**_labelled(ent, "Enterprise"), **_place(rec, ent.prefecture)}
    attrs["corporate_number"] = ent.corporate_number
    attrs.update(_flags(rec, iri))
    return _clean(attrs)


def category_node(iri: str) -> dict:
    key, ja, en = CATEGORIES[iri]
    return {
        "id": iri,
        "label": ja,
        "label_ja": ja,
        "label_en": en,
        "type": "Category",
        "category": key,
    }


def _graph(view: str) -> nx.Graph:
    graph: nx.Graph = nx.Graph()
    graph.graph["view"] = view
    return graph


def _add_edge(graph: nx.Graph, u: str, v: str, relation: str, weight: float = 1) -> None:
    if graph.has_edge(u, v):
        data = graph.edges[u, v]
        if relation not in data["relation"].split("|"):
            data["relation"] += "|" + relation
        return
    graph.add_edge(u, v, relation=relation, weight=weight)


def entity_graph(rec: Records) -> nx.DiGraph:
    """Every prefecture, municipality, resource, plan and enterprise; relations as typed edges.

    A designation is folded into its resource: its prefecture becomes a `designatedBy` edge, its
    area a `coversMunicipality` edge per municipality, its dates resource attributes.
    """
    g: nx.DiGraph = nx.DiGraph()
    g.graph["view"] = "entity"
    for iri in rec.prefectures:
        g.add_node(iri, **prefecture_node(rec, iri))
    for iri in rec.municipalities:
        g.add_node(iri, **municipality_node(rec, iri))
    for iri in rec.resources:
        g.add_node(iri, **resource_node(rec, iri))
    for iri in rec.plans:
        g.add_node(iri, **plan_node(rec, iri))
    for iri in rec.enterprises:
        g.add_node(iri, **enterprise_node(rec, iri))

    def link(u: str, v: str, relation: str) -> None:
        if u in g and v in g:
            _add_edge(g, u, v, relation)

    for iri, municipality in rec.municipalities.items():
        link(iri, municipality.prefecture, "inPrefecture")
    for iri, resource in rec.resources.items():
        link(iri, resource.prefecture, "designatedBy")
        for muni in sorted(resource.municipalities):
            link(iri, muni, "coversMunicipality")
        for product in sorted(resource.produces):
            link(iri, product, "producesProduct")
    for iri, plan in rec.plans.items():
        link(iri, plan.prefecture, "planPrefecture")
        for res in sorted(plan.resources):
            link(iri, res, "usesResource")
        for ent in sorted(plan.applicants):
            link(iri, ent, "applicant")
    for iri, enterprise in rec.enterprises.items():
        link(iri, enterprise.municipality or enterprise.prefecture, "locatedIn")
    return g


def category_counts(rec: Records) -> Counter:
    """(prefecture IRI, category IRI) -> number of resources."""
    return Counter(
        (r.prefecture, r.category)
        for r in rec.resources.values()
        if r.prefecture in rec.prefectures and r.category in CATEGORIES
    )


def prefecture_category(rec: Records) -> nx.Graph:
    """Bipartite: prefectures (bipartite=0) and categories (bipartite=1); weight = resources."""
    g = _graph("prefecture-category")
    counts = category_counts(rec)
    for pref, cat in sorted(counts):
        if pref not in g:
            g.add_node(pref, **prefecture_node(rec, pref), bipartite=0)
        if cat not in g:
            g.add_node(cat, **category_node(cat), bipartite=1)
        g.add_edge(pref, cat, relation="designatedResources", weight=counts[pref, cat])
    return g


def resource_plan(rec: Records) -> nx.Graph:
    """Bipartite: plans (bipartite=0) and the resources they use (bipartite=1); weight 1."""
    g = _graph("resource-plan")
    for iri, plan in sorted(rec.plans.items()):
        used = sorted(r for r in plan.resources if r in rec.resources)
        if not used:
            continue
        g.add_node(iri, **plan_node(rec, iri), bipartite=0)
        for res in used:
            if res not in g:
                g.add_node(res, **resource_node(rec, res), bipartite=1)
            g.add_edge(iri, res, relation="usesResource", weight=1)
    return g


def plans_per_resource(rec: Records) -> Counter:
    return Counter(r for p in rec.plans.values() for r in p.resources if r in rec.resources)


def resource_co_use(rec: Records) -> nx.Graph:
    """Resources used by at least one plan; linked when a plan uses both; weight = such plans."""
    g = _graph("resource-co-use")
    uses = plans_per_resource(rec)
    for res in sorted(uses):
        g.add_node(res, **resource_node(rec, res), plans=uses[res])
    pairs: Counter[tuple[str, str]] = Counter()
    for plan in rec.plans.values():
        pairs.update(combinations(sorted(r for r in plan.resources if r in rec.resources), 2))
    for (a, b), n in sorted(pairs.items()):
        g.add_edge(a, b, relation="coUsed", weight=n)
    return g


def _cosine(a: list[int], b: list[int]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def prefecture_similarity(rec: Records) -> nx.Graph:
    """Prefectures with resources; weight = cosine similarity of their category-count vectors."""
    g = _graph("prefecture-similarity")
    counts = category_counts(rec)
    cats = list(CATEGORIES)
    prefs = sorted({p for p, _ in counts})
    vectors = {p: [counts[p, c] for c in cats] for p in prefs}
    for pref in prefs:
        mix = {f"n_{CATEGORIES[c][0]}": counts[pref, c] for c in cats}
        g.add_node(pref, **prefecture_node(rec, pref), resources=sum(vectors[pref]), **mix)
    for a, b in combinations(prefs, 2):
        sim = round(_cosine(vectors[a], vectors[b]), 6)
        if sim > 0:
            g.add_edge(a, b, relation="categoryMixCosine", weight=sim)
    return g


def enterprise_collaboration(rec: Records) -> nx.Graph:
    """Applicants of plans; linked when they applied for a plan jointly; weight = joint plans."""
    g = _graph("enterprise-collaboration")
    plans_of = Counter(e for p in rec.plans.values() for e in p.applicants)
    for ent in sorted(plans_of):
        if ent in rec.enterprises:
            g.add_node(ent, **enterprise_node(rec, ent), plans=plans_of[ent])
        else:
            g.add_node(ent, id=ent, label=local_name(ent), type="Organization", plans=plans_of[ent])
    pairs: Counter[tuple[str, str]] = Counter()
    for plan in rec.plans.values():
        pairs.update(combinations(sorted(plan.applicants), 2))
    for (a, b), n in sorted(pairs.items()):
        g.add_edge(a, b, relation="jointPlans", weight=n)
    return g


VIEWS = {
    "entity": entity_graph,
    "prefecture-category": prefecture_category,
    "resource-plan": resource_plan,
    "resource-co-use": resource_co_use,
    "prefecture-similarity": prefecture_similarity,
    "enterprise-collaboration": enterprise_collaboration,
}
