"""What the network views are made of: plain records of prefectures, municipalities, resources,
plans and enterprises (filled by `iackg.export.records`), and the category and activity-type
names."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from iackg.vocab import IAC

# Keys are plain strings (an rdflib URIRef never equals a str).
CATEGORIES = {
    str(IAC.CatAgricultural): (
        "agricultural",
        "農林水産物",
        "Agricultural, forestry and fishery products",
    ),
    str(IAC.CatIndustrial): ("industrial", "鉱工業品", "Mining and manufactured products"),
    str(IAC.CatTechnique): ("technique", "鉱工業品の生産に係る技術", "Production techniques"),
    str(IAC.CatTourism): ("tourism", "観光資源", "Tourism resources"),
}
CATEGORY_BY_KEY = {key: iri for iri, (key, _, _) in CATEGORIES.items()}

ACTIVITY_TYPES = {
    str(IAC.ActivityProducts): (
        "products",
        "農林水産物・鉱工業品を活用",
        "Goods using a product resource",
    ),
    str(IAC.ActivityTechnique): ("technique", "技術を活用", "Goods made with a technique"),
    str(IAC.ActivityTourism): ("tourism", "観光資源を活用", "Goods or services using tourism"),
}


def local_name(iri: URIRef | str) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Labelled:
    iri: str
    label_ja: str = ""
    label_en: str = ""

    def label(self) -> str:
        return self.label_ja or self.label_en or local_name(self.iri)


@dataclass
class Prefecture(Labelled):
    jis: str = ""
    region: str = ""


@dataclass
class Municipality(Labelled):
    prefecture: str = ""  # prefecture IRI
    code: str = ""
    latitude: float | None = None  # WGS84, from the reference data where it has them
    longitude: float | None = None
    valid_from: str = ""  # ISO dates of its existence, where known (mergers end it)
    valid_until: str = ""
    successor: str = ""  # municipality IRI that took its area (iac:succeededBy)


@dataclass
class Resource(Labelled):
    category: str = ""  # concept IRI
    prefecture: str = ""  # prefecture IRI (designating prefecture)
    designated_on: str = ""  # earliest designation date, ISO
    valid_from: str = ""
    valid_until: str = ""
    municipalities: set[str] = field(default_factory=set)
    produces: set[str] = field(default_factory=set)  # technique -> industrial product


@dataclass
class Plan(Labelled):
    plan_id: str = ""
    prefecture: str = ""
    activity_type: str = ""
    valid_from: str = ""
    valid_until: str = ""
    certified_on: str = ""
    resources: set[str] = field(default_factory=set)
    applicants: set[str] = field(default_factory=set)
    support: bool = (
        False  # a support-project plan (支援事業計画, 2015 amendment), not a business plan
    )


@dataclass
class Enterprise(Labelled):
    prefecture: str = ""
    municipality: str = ""
    corporate_number: str = ""


@dataclass
class Records:
    prefectures: dict[str, Prefecture]
    municipalities: dict[str, Municipality]
    resources: dict[str, Resource]
    plans: dict[str, Plan]
    enterprises: dict[str, Enterprise]
    ic_dimensions: dict[str, tuple[str, ...]]  # category / activity-type IRI -> IC dimensions
    ic_labels: dict[str, tuple[str, str]]  # IC dimension IRI -> (ja, en)
    illustrative: frozenset[str] = frozenset()  # IRIs marked iac:illustrative true (made up)
