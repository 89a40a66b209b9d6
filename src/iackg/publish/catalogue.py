"""VoID (statistics, partitions, dumps, endpoint) and DCAT (catalogue in ja and en), plus the
source attribution that Japan's public-data terms (政府標準利用規約 2.0 / PDL 1.0) ask for:
「出典：…を加工して作成」."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from iackg.links import GI_REGISTER, WIKIDATA_ENTITY
from iackg.publish import rdfwrite
from iackg.publish.dumps import LAYERS, Dump

RDF_TYPE = rdfwrite.RDF_TYPE
NS = rdfwrite.PREFIXES
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "http://www.iana.org/assignments/media-types/"  # the IRIs DCAT-AP uses for media types
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
LANGUAGES = (EU_AUTHORITY + "language/JPN", EU_AUTHORITY + "language/ENG")
# EU data themes (DCAT-AP's theme vocabulary) with their English labels
THEMES = {
    EU_AUTHORITY + "data-theme/ECON": "Economy and finance",
    EU_AUTHORITY + "data-theme/REGI": "Regions and cities",
    EU_AUTHORITY + "data-theme/AGRI": "Agriculture, fisheries, forestry and food",
}
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
JAPAN = URIRef("http://www.wikidata.org/entity/Q17")
TITLE = {
    "ja": "地域産業資源ナレッジグラフ (iackg)",
    "en": "Knowledge graph of Intellectual Assets in Communities (iackg)",
}
DESCRIPTION = {
    "ja": "中小企業地域資源活用促進法（平成19年法律第39号）に基づき都道府県が指定した"
    "地域産業資源と、それを活用する認定事業計画・事業者・地域の関係を表すリンクトオープンデータ。",
    "en": "Linked open data on the regional industrial resources designated by Japan's "
    "prefectures under the 2007 SME Regional Resources Act (Act No. 39 of 2007), the "
    "certified business plans that use them, their enterprises and places.",
}


def u(prefix: str, local: str) -> URIRef:
    return URIRef(NS[prefix] + local)


@dataclass
class Settings:
    site: str  # where the folder is served, e.g. https://w3id.org/iackg
    base: str  # base of the data IRIs
    endpoint: str | None
    publisher: str
    modified: str  # YYYY-MM-DD
    issued: str
    attributions: list[str] = field(default_factory=list)


def attribution_lines(source_files: list[str], extra: list[str]) -> list[str]:
    lines = [f"出典：「{name}」を加工して作成" for name in sorted(set(source_files))]
    lines += list(extra)
    lines.append(
        "都道府県・市区町村の名称とコード：iackg 参照データ"
        "（data/reference/SOURCE.md 参照）を加工して作成"
    )
    return lines


def attribution_text(lines: list[str], settings: Settings) -> str:
    return "\n".join(
        [
            "# 出典・クレジット / Attribution",
            "",
            "本データセットは、以下の資料を加工して作成したものです（政府標準利用規約（第2.0版）・"
            "公共データ利用規約（PDL1.0）の出典記載に従っています）。",
            "This dataset was made by processing the sources below (credited as Japan's "
            "public-data terms require). The processing is ours; the original publishers do not "
            "endorse it.",
            "",
            *[f"- {line}" for line in lines],
            "",
            f"License of this dataset: CC BY 4.0 ({LICENSE}), publisher: {settings.publisher}.",
            "",
        ]
    )


def void_triples(quads, settings: Settings, dumps: list[Dump]) -> set:
    site = settings.site
    ds = URIRef(f"{site}/void.ttl#dataset")
    triples: set[tuple[Node, Node, Node]] = {(ds, RDF_TYPE, u("void", "Dataset"))}
    for lang, text in TITLE.items():
        triples.add((ds, u("dct", "title"), Literal(text, lang=lang)))
    all_triples = {(s, p, o) for s, p, o, _ in quads}
    subjects = {s for s, _, _ in all_triples}
    entities = {s for s in subjects if str(s).startswith(f"{settings.base}/id/")}
    classes = Counter(o for s, p, o in all_triples if p == RDF_TYPE)
    properties = Counter(p for _, p, _ in all_triples)

    def count(pred: str, n: int):
        return (ds, u("void", pred), Literal(n, datatype=XSD.integer))

    triples |= {
        count("triples", len(all_triples)),
        count("entities", len(entities)),
        count("distinctSubjects", len(subjects)),
        count("classes", len(classes)),
        count("properties", len(properties)),
        count("distinctObjects", len({o for _, _, o in all_triples})),
    }
    triples.add((ds, u("void", "uriSpace"), Literal(f"{settings.base}/id/")))
    triples.add((ds, u("void", "vocabulary"), URIRef(NS["iac"])))
    triples.add((ds, u("dct", "license"), LICENSE))
    triples.add((ds, u("void", "feature"), URIRef("http://www.w3.org/ns/formats/Turtle")))
    if settings.endpoint:
        triples.add((ds, u("void", "sparqlEndpoint"), URIRef(settings.endpoint)))
    for dump in dumps:
        triples.add((ds, u("void", "dataDump"), URIRef(f"{site}/{dump.path}")))
    triples |= graph_subsets(ds, quads, settings)
    triples |= linksets(ds, all_triples, settings)
    for example in sorted(entities, key=rdfwrite.sort_key)[:3]:
        triples.add((ds, u("void", "exampleResource"), example))
    for cls, n in classes.items():
        part = URIRef(f"{site}/void.ttl#class-{_fragment(cls)}")
        triples |= {
            (ds, u("void", "classPartition"), part),
            (part, u("void", "class"), cls),
            (part, u("void", "entities"), Literal(n, datatype=XSD.integer)),
        }
    for prop, n in properties.items():
        part = URIRef(f"{site}/void.ttl#property-{_fragment(prop)}")
        triples |= {
            (ds, u("void", "propertyPartition"), part),
            (part, u("void", "property"), prop),
            (part, u("void", "triples"), Literal(n, datatype=XSD.integer)),
        }
    return triples


# Links out (docs/links.md): (name, predicate, IRI prefix of the objects, the target dataset)
LINK_TARGETS = (
    ("wikidata", u("skos", "closeMatch"), WIKIDATA_ENTITY, URIRef("http://www.wikidata.org/")),
    ("wikidata-sameas", u("schema", "sameAs"), WIKIDATA_ENTITY, URIRef("http://www.wikidata.org/")),
    ("maff-gi", u("skos", "exactMatch"), GI_REGISTER, URIRef(f"{GI_REGISTER}index.html")),
)


def linksets(ds: URIRef, all_triples: set, settings: Settings) -> set:
    """One `void:Linkset` per register our resources link to, with the number of links, as a
    subset of the dataset (VoID section 5)."""
    predicates = {predicate for _, predicate, _, _ in LINK_TARGETS}
    found = Counter(
        name
        for _, p, o in all_triples
        if p in predicates
        for name, predicate, prefix, _ in LINK_TARGETS
        if p == predicate and str(o).startswith(prefix)
    )
    triples: set = set()
    for name, predicate, _, target in LINK_TARGETS:
        n = found[name]
        if not n:
            continue
        part = URIRef(f"{settings.site}/void.ttl#linkset-{name}")
        triples |= {
            (ds, u("void", "subset"), part),
            (part, RDF_TYPE, u("void", "Linkset")),
            (part, u("void", "linkPredicate"), predicate),
            (part, u("void", "subjectsTarget"), ds),
            (part, u("void", "objectsTarget"), target),
            (part, u("void", "triples"), Literal(n, datatype=XSD.integer)),
        }
    return triples


def graph_subsets(ds: URIRef, quads, settings: Settings) -> set:
    """One `void:subset` per named graph (`sd:name` its IRI) with its triple count, so that a
    harvester can see what each source, the reference data and the inferences contribute."""
    counts = Counter(g for *_, g in quads)
    triples: set[tuple[Node, Node, Node]] = set()
    for graph, n in counts.items():
        part = URIRef(f"{settings.site}/void.ttl#graph-{_fragment(graph)}")
        triples |= {
            (ds, u("void", "subset"), part),
            (part, RDF_TYPE, u("void", "Dataset")),
            (part, u("sd", "name"), graph),
            (part, u("void", "triples"), Literal(n, datatype=XSD.integer)),
        }
    return triples


def _fragment(iri) -> str:
    import hashlib

    text = str(iri)
    local = text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    safe = "".join(c for c in local if c.isascii() and (c.isalnum() or c in "-_"))
    return f"{safe}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"


def dcat_triples(settings: Settings, dumps: list[Dump], attribution: list[str]) -> set:
    site = settings.site
    catalog, ds = URIRef(f"{site}/catalog.ttl#catalog"), URIRef(f"{site}/void.ttl#dataset")
    publisher = URIRef(f"{site}/catalog.ttl#publisher")
    contact = URIRef(f"{site}/catalog.ttl#contact")
    home = URIRef(f"{site}/index.html")
    date = XSD.date
    issued = Literal(settings.issued, datatype=date)
    modified = Literal(settings.modified, datatype=date)
    t: set[tuple[Node, Node, Node]] = {
        (catalog, RDF_TYPE, u("dcat", "Catalog")),
        (catalog, u("dcat", "dataset"), ds),
        (catalog, u("dct", "publisher"), publisher),
        (catalog, u("dct", "license"), LICENSE),
        (catalog, u("foaf", "homepage"), home),
        (catalog, u("dct", "issued"), issued),
        (catalog, u("dct", "modified"), modified),
        (catalog, u("dct", "spatial"), JAPAN),
        (ds, RDF_TYPE, u("dcat", "Dataset")),
        (ds, u("dct", "publisher"), publisher),
        (ds, u("dct", "license"), LICENSE),
        (ds, u("dct", "issued"), issued),
        (ds, u("dct", "modified"), modified),
        (ds, u("dcat", "landingPage"), home),
        (ds, u("dct", "spatial"), JAPAN),
        (ds, u("dcat", "contactPoint"), contact),
        (contact, RDF_TYPE, u("vcard", "Kind")),
        (contact, u("vcard", "fn"), Literal(settings.publisher)),
        (contact, u("vcard", "hasURL"), home),
        (publisher, RDF_TYPE, u("foaf", "Agent")),
        (publisher, u("foaf", "name"), Literal(settings.publisher)),
        # the classes DCAT-AP 3 expects of these values (its range.ttl)
        (LICENSE, RDF_TYPE, u("dct", "LicenseDocument")),
        (home, RDF_TYPE, u("foaf", "Document")),
        (JAPAN, RDF_TYPE, u("dct", "Location")),
    }
    for language in LANGUAGES:
        t |= {
            (ds, u("dct", "language"), URIRef(language)),
            (catalog, u("dct", "language"), URIRef(language)),
            (URIRef(language), RDF_TYPE, u("dct", "LinguisticSystem")),
        }
    for theme, label in THEMES.items():
        t |= {
            (ds, u("dcat", "theme"), URIRef(theme)),
            (URIRef(theme), RDF_TYPE, u("skos", "Concept")),
            (URIRef(theme), u("skos", "prefLabel"), Literal(label, lang="en")),
        }
    for lang in ("ja", "en"):
        for node in (catalog, ds):
            t.add((node, u("dct", "title"), Literal(TITLE[lang], lang=lang)))
            t.add((node, u("dct", "description"), Literal(DESCRIPTION[lang], lang=lang)))
    for word, lang in [
        ("地域産業資源", "ja"),
        ("linked open data", "en"),
        ("regional industrial resources", "en"),
        ("中小企業", "ja"),
    ]:
        t.add((ds, u("dcat", "keyword"), Literal(word, lang=lang)))
    t.add((ds, u("dct", "rights"), Literal("\n".join(attribution), lang="ja")))
    for dump in dumps:
        dist = URIRef(f"{site}/catalog.ttl#{dump.path.replace('/', '-')}")
        ja, en = LAYERS[dump.layer]
        checksum = BNode(f"checksum{dump.sha256[:16]}")
        t |= {
            (ds, u("dcat", "distribution"), dist),
            (dist, RDF_TYPE, u("dcat", "Distribution")),
            (dist, u("dct", "title"), Literal(f"{ja}（{dump.title}）", lang="ja")),
            (dist, u("dct", "title"), Literal(f"{en} ({dump.title})", lang="en")),
            (dist, u("dcat", "downloadURL"), URIRef(f"{site}/{dump.path}")),
            (dist, u("dcat", "accessURL"), URIRef(f"{site}/{dump.path}")),
            (dist, u("dcat", "mediaType"), URIRef(IANA + dump.media_type)),
            (URIRef(IANA + dump.media_type), RDF_TYPE, u("dct", "MediaType")),
            (dist, u("dct", "format"), URIRef(dump.format_iri)),
            (URIRef(dump.format_iri), RDF_TYPE, u("dct", "MediaTypeOrExtent")),
            # DCAT-AP 3 types the size as xsd:decimal
            (dist, u("dcat", "byteSize"), Literal(str(dump.byte_size), datatype=XSD.decimal)),
            (dist, u("dct", "license"), LICENSE),
            (dist, u("spdx", "checksum"), checksum),
            (checksum, RDF_TYPE, u("spdx", "Checksum")),
            (checksum, u("spdx", "algorithm"), u("spdx", "checksumAlgorithm_sha256")),
            (checksum, u("spdx", "checksumValue"), Literal(dump.sha256, datatype=XSD.hexBinary)),
        }
        if dump.path.endswith(".gz"):
            gzip = URIRef(IANA + "application/gzip")
            t |= {
                (dist, u("dcat", "compressFormat"), gzip),
                (gzip, RDF_TYPE, u("dct", "MediaType")),
            }
    if settings.endpoint:
        service = URIRef(f"{site}/catalog.ttl#sparql")
        t |= {
            (ds, u("dcat", "distribution"), URIRef(f"{site}/catalog.ttl#sparql-distribution")),
            (
                URIRef(f"{site}/catalog.ttl#sparql-distribution"),
                RDF_TYPE,
                u("dcat", "Distribution"),
            ),
            (
                URIRef(f"{site}/catalog.ttl#sparql-distribution"),
                u("dcat", "accessService"),
                service,
            ),
            (
                URIRef(f"{site}/catalog.ttl#sparql-distribution"),
                u("dcat", "accessURL"),
                URIRef(settings.endpoint),
            ),
            (service, RDF_TYPE, u("dcat", "DataService")),
            (service, u("dcat", "endpointURL"), URIRef(settings.endpoint)),
            (service, u("dcat", "servesDataset"), ds),
            (service, u("dct", "conformsTo"), SPARQL_PROTOCOL),
            (SPARQL_PROTOCOL, RDF_TYPE, u("dct", "Standard")),
            (service, u("dct", "title"), Literal("SPARQL エンドポイント", lang="ja")),
            (service, u("dct", "title"), Literal("SPARQL endpoint", lang="en")),
        }
    return t
