"""What a person wants to read after a build: counts per prefecture and category with the
three statutory groups, plans per activity type, triples asserted and inferred."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Node

from iackg import queries
from iackg.iris import Minter
from iackg.store import Store
from iackg.vocab import IAC

CATEGORIES = (IAC.CatAgricultural, IAC.CatIndustrial, IAC.CatTechnique, IAC.CatTourism)
GROUPS = (IAC.GroupAgricultural, IAC.GroupIndustrial, IAC.GroupTourism)
CATEGORY_GROUP = {
    str(IAC.CatAgricultural): str(IAC.GroupAgricultural),
    str(IAC.CatIndustrial): str(IAC.GroupIndustrial),
    str(IAC.CatTechnique): str(IAC.GroupIndustrial),
    str(IAC.CatTourism): str(IAC.GroupTourism),
}
HEADINGS = {
    "en": ("prefecture", "agri", "indus", "tech", "tour", "|agri", "ind+tech", "tour", "|total"),
    "ja": ("都道府県", "農林水産", "鉱工業", "技術", "観光", "|農林", "鉱工+技術", "観光", "|計"),
}


PREFECTURE_NAMES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?name WHERE {
  ?p a iac:Prefecture ; rdfs:label ?name . FILTER(LANG(?name) = "ja" || LANG(?name) = "en")
}"""


ACTIVITY_TYPE_LABELS = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?type ?label ?notation WHERE {
  ?type skos:inScheme iac:ActivityTypeScheme ; skos:prefLabel ?label ; skos:notation ?notation .
}"""


@dataclass
class Summary:
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # prefecture -> lang -> name
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # prefecture -> category -> n
    plans: dict[str, int] = field(default_factory=dict)  # activity type IRI -> plans
    type_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # IRI -> lang -> label

    def plan_rows(self, lang: str = "en") -> list[tuple[str, int]]:
        """(type N: label, plans) in the order of the Act's types."""
        rows = []
        for iri, n in self.plans.items():
            labels = self.type_labels.get(iri, {})
            notation = labels.get("notation", "")
            label = labels.get(lang) or labels.get("ja") or iri.rsplit("#", 1)[-1]
            prefix = (
                (f"type {notation}: " if lang == "en" else f"類型{notation}: ") if notation else ""
            )
            rows.append((notation, prefix + label, n))
        return [(label, n) for _, label, n in sorted(rows)]

    def groups(self, prefecture: str) -> dict[str, int]:
        totals: defaultdict[str, int] = defaultdict(int)
        for category, n in self.counts.get(prefecture, {}).items():
            totals[CATEGORY_GROUP.get(category, category)] += n
        return totals

    def table(self, lang: str = "en") -> list[tuple]:
        rows = []
        for prefecture in sorted(self.counts):
            names = self.names.get(prefecture, {})
            name = names.get(lang) or names.get("ja") or prefecture.rsplit("/", 1)[-1]
            by_category = self.counts[prefecture]
            groups = self.groups(prefecture)
            per_category = [by_category.get(str(c), 0) for c in CATEGORIES]
            per_group = [groups.get(str(g), 0) for g in GROUPS]
            rows.append((name, *per_category, *per_group, sum(by_category.values())))
        return rows


def _language(term: Node | None) -> str:
    return (term.language or "") if isinstance(term, Literal) else ""


def summarise(store: Store, minter: Minter) -> Summary:
    summary = Summary()
    library = queries.library()
    for row in library["resources-per-prefecture"].run(store, lang="ja", minter=minter):
        prefecture = str(row["prefecture"])
        counts = summary.counts.setdefault(prefecture, {})
        counts[str(row["category"])] = int(str(row["resources"]))
    for row in store.select(PREFECTURE_NAMES):
        summary.names.setdefault(str(row["p"]), {})[_language(row["name"])] = str(row["name"])
    for row in library["plans-per-activity-type"].run(store, minter=minter):
        kind = str(row["activityType"])
        summary.plans[kind] = summary.plans.get(kind, 0) + int(str(row["plans"]))
    for row in store.select(ACTIVITY_TYPE_LABELS):
        labels = summary.type_labels.setdefault(str(row["type"]), {})
        labels[_language(row["label"])] = str(row["label"])
        labels["notation"] = str(row["notation"])
    return summary
