"""Reference data: prefectures, municipalities, acts, ministries and bureaus, support measures.

The facts live in CSV files under `data/reference/` (each described in its SOURCE.md); this
module reads them, answers look-ups for the loader, and turns them into the reference graph.
Set `IACKG_MUNICIPALITIES` to a CSV made by `iackg reference import-codes` to use the official
municipality code list instead of (in addition to) the bundled one.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rdflib import XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from iackg.iris import Minter, normalise
from iackg.paths import reference_dir
from iackg.vocab import IAC, SCHEMA, WD

WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

BASIC_CONCEPTS_APPROVED_ON = "2007-08-31"
APPROVING_MINISTRIES = ("meti", "mic", "mof", "mhlw", "maff", "mlit")
ACT_2007 = "2007-39"


@dataclass(frozen=True)
class Prefecture:
    jis: str
    iso: str
    name_ja: str
    name_en: str
    region: str
    wikidata: str
    lg_code: str


@dataclass(frozen=True)
class Municipality:
    lg_code: str
    jis: str
    name_ja: str
    name_en: str
    kind: str
    parent_code: str
    verified: bool
    note: str
    name_kana: str = ""
    latitude: float | None = None
    longitude: float | None = None
    valid_from: str = ""  # ISO dates; empty: since before 2007 / still in force
    valid_until: str = ""
    successor_code: str = ""
    source: str = ""

    def valid_on(self, day: str) -> bool:
        """In force on that ISO date (a merged-away town is valid up to its last day)."""
        return (not self.valid_from or self.valid_from <= day) and (
            not self.valid_until or day <= self.valid_until
        )


@dataclass(frozen=True)
class Organization:
    key: str
    kind: str  # "ministry" or "bureau"
    name_ja: str
    name_en: str
    parent: str
    prefectures: tuple[str, ...]


def lg_check_digit(five: str) -> str:
    """Check digit of a local government code body: (11 - Σ(6..2 × digit) mod 11) mod 10."""
    if not re.fullmatch(r"\d{5}", five):
        raise ValueError(f"a local government code body is five digits: {five!r}")
    total = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), five, strict=True))
    return str((11 - total % 11) % 10)


def valid_lg_code(code: str) -> bool:
    """True if `code` is six digits whose last digit is the check digit of the first five."""
    return bool(re.fullmatch(r"\d{6}", code)) and lg_check_digit(code[:5]) == code[5]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def prefectures() -> tuple[Prefecture, ...]:
    return tuple(
        Prefecture(
            jis=r["jis_code"],
            iso=r["iso_code"],
            name_ja=r["name_ja"],
            name_en=r["name_en"],
            region=r["region_en"],
            wikidata=r["wikidata_qid"],
            lg_code=r["lg_code"],
        )
        for r in _rows(reference_dir() / "prefectures.csv")
    )


@cache
def _prefecture_index() -> dict[str, Prefecture]:
    index: dict[str, Prefecture] = {}
    for p in prefectures():
        short_ja = p.name_ja if p.name_ja == "北海道" else p.name_ja[:-1]
        for key in (p.jis, str(int(p.jis)), p.iso, p.name_ja, short_ja, p.name_en, p.lg_code):
            index[normalise(key)] = p
        for suffix in ("prefecture", "-ken", "-fu", "-to", "ken", "fu", "to"):
            index.setdefault(normalise(p.name_en + suffix), p)
    return index


def find_prefecture(text: str) -> Prefecture | None:
    """A prefecture from its name (ja with or without 都/府/県, or en), JIS code or ISO code."""
    return _prefecture_index().get(normalise(str(text)))


def prefecture_by_jis(jis: str) -> Prefecture:
    found = find_prefecture(jis)
    if found is None:
        raise KeyError(f"no prefecture with JIS code {jis!r}")
    return found


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _read_municipalities(path: Path) -> list[Municipality]:
    return [
        Municipality(
            lg_code=r["lg_code"],
            jis=r["prefecture_jis"],
            name_ja=r["name_ja"],
            name_en=r.get("name_en") or "",
            kind=r.get("kind") or "",
            parent_code=r.get("parent_code") or "",
            verified=(r.get("verified") or "false").strip().lower() == "true",
            note=r.get("note") or "",
            name_kana=r.get("name_kana") or "",
            latitude=_float(r.get("latitude")),
            longitude=_float(r.get("longitude")),
            valid_from=r.get("valid_from") or "",
            valid_until=r.get("valid_until") or "",
            successor_code=r.get("successor_code") or "",
            source=r.get("source") or "",
        )
        for r in _rows(path)
    ]


@cache
def municipalities() -> tuple[Municipality, ...]:
    """The bundled municipalities, overridden by the file named in IACKG_MUNICIPALITIES."""
    by_code = {m.lg_code: m for m in _read_municipalities(reference_dir() / "municipalities.csv")}
    extra = os.environ.get("IACKG_MUNICIPALITIES")
    if extra:  # the official list wins; reading and coordinates stay from the bundled row
        for m in _read_municipalities(Path(extra)):
            known = by_code.get(m.lg_code)
            if known and not m.name_kana and m.latitude is None:
                m = replace(
                    m, name_kana=known.name_kana, latitude=known.latitude, longitude=known.longitude
                )
            by_code[m.lg_code] = m
    return tuple(sorted(by_code.values(), key=lambda m: m.lg_code))


def _names(m: Municipality, by_code: dict[str, Municipality]) -> list[str]:
    names = [m.name_ja, m.name_en, m.lg_code]
    parent = by_code.get(m.parent_code)
    if parent and m.name_ja.startswith(parent.name_ja):  # 札幌市中央区 is also 中央区
        names.append(m.name_ja[len(parent.name_ja) :])
    return [normalise(n) for n in names if n]


@cache
def _municipality_index() -> dict[tuple[str, str], tuple[Municipality, ...]]:
    """(prefecture, name key) -> the municipalities of that name, also under prefecture ''."""
    by_code = {m.lg_code: m for m in municipalities()}
    index: dict[tuple[str, str], tuple[Municipality, ...]] = {}
    for m in municipalities():
        for key in dict.fromkeys(_names(m, by_code)):
            for jis in (m.jis, ""):
                index[(jis, key)] = (*index.get((jis, key), ()), m)
    return index


def _pick(found: tuple[Municipality, ...], on: str | None) -> Municipality | None:
    """The one municipality meant: in force on the date when one is given, then the
    municipality over its wards; None when still ambiguous."""
    if on:
        found = tuple(m for m in found if m.valid_on(on)) or found
    if len(found) > 1:
        found = tuple(m for m in found if m.kind != "ward") or found
    return found[0] if len(found) == 1 else None


def find_municipality(jis: str, name: str, on: str | None = None) -> Municipality | None:
    """A municipality of one prefecture by its name (ja or en) or its 6-digit code; `on` (an
    ISO date) prefers the one in force that day when a name was used twice."""
    return _pick(_municipality_index().get((jis, normalise(name)), ()), on)


def find_municipalities_anywhere(name: str) -> tuple[Municipality, ...]:
    """Every municipality of Japan with that name or code (a name can be in several
    prefectures: 府中市 is in Tokyo and Hiroshima)."""
    return _municipality_index().get(("", normalise(name)), ())


def municipality_by_code(code: str) -> Municipality | None:
    found = _municipality_index().get(("", normalise(code)), ())
    return next((m for m in found if m.lg_code == code), None)


@cache
def organizations() -> tuple[Organization, ...]:
    return tuple(
        Organization(
            key=r["key"],
            kind=r["kind"],
            name_ja=r["name_ja"],
            name_en=r["name_en"],
            parent=r["parent"],
            prefectures=tuple(r["prefectures"].split()),
        )
        for r in _rows(reference_dir() / "organizations.csv")
    )


def find_organization(text: str) -> Organization | None:
    """A ministry or bureau by key, Japanese or English name."""
    key = normalise(text)
    for org in organizations():
        if key in (normalise(org.key), normalise(org.name_ja), normalise(org.name_en)):
            return org
    return None


def bureaus_for(jis: str) -> list[Organization]:
    """The regional bureaus whose area includes the prefecture (METI first, then MAFF)."""
    return [o for o in organizations() if o.kind == "bureau" and jis in o.prefectures]


class _Triples(dict):
    """Triples in the order they are added, each once: a Graph's `add` without the indexes
    (the build hands the reference data straight to Oxigraph)."""

    def add(self, triple: tuple) -> None:
        self[triple] = None


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def _labels(graph: _Triples, node: URIRef, ja: str, en: str) -> None:
    graph.add((node, RDFS.label, Literal(ja, lang="ja")))
    if en:
        graph.add((node, RDFS.label, Literal(en, lang="en")))


def reference_graph(minter: Minter | None = None) -> Graph:
    """Prefectures, municipalities, basic concepts, acts, ministries and bureaus, measures."""
    graph = Graph()
    for triple in reference_triples(minter):
        graph.add(triple)
    return graph


def reference_triples(minter: Minter | None = None) -> list[tuple]:
    """The reference data as a list of rdflib triples (no duplicates), without building a Graph."""
    minter = minter or Minter()
    g = _Triples()
    for p in prefectures():
        node = minter.prefecture(p.jis)
        g.add((node, RDF.type, IAC.Prefecture))
        _labels(g, node, p.name_ja, p.name_en)
        g.add((node, IAC.jisCode, Literal(p.jis)))
        g.add((node, IAC.isoCode, Literal(p.iso)))
        g.add((node, IAC.localGovernmentCode, Literal(p.lg_code)))
        g.add((node, IAC.region, Literal(p.region)))
        g.add((node, SCHEMA.sameAs, WD[p.wikidata]))
        concept = minter.basic_concept(p.jis, BASIC_CONCEPTS_APPROVED_ON)
        g.add((concept, RDF.type, IAC.BasicConcept))
        _labels(g, concept, f"{p.name_ja}地域産業資源活用基本構想", f"{p.name_en} basic concept")
        g.add((concept, IAC.basicConceptOf, node))
        g.add((concept, IAC.approvedOn, _date(BASIC_CONCEPTS_APPROVED_ON)))
        g.add((concept, IAC.legalBasis, minter.act(ACT_2007)))
        for ministry in APPROVING_MINISTRIES:
            g.add((concept, IAC.approvedBy, minter.organization(ministry)))
    for m in municipalities():
        node = minter.municipality(m.lg_code)
        g.add((node, RDF.type, IAC.Municipality))
        _labels(g, node, m.name_ja, m.name_en)
        g.add((node, IAC.localGovernmentCode, Literal(m.lg_code)))
        g.add((node, IAC.codeVerified, Literal(m.verified)))
        g.add((node, IAC.inPrefecture, minter.prefecture(m.jis)))
        if m.name_kana:
            g.add((node, RDFS.label, Literal(m.name_kana, lang="ja-Hrkt")))
        if m.parent_code:
            g.add((node, IAC.within, minter.municipality(m.parent_code)))
        if m.note:
            g.add((node, SKOS.note, Literal(m.note, lang="en")))
        if m.source:
            g.add((node, IAC.referenceSource, Literal(m.source)))
        for column, prop in (("valid_from", IAC.validFrom), ("valid_until", IAC.validUntil)):
            if getattr(m, column):
                g.add((node, prop, _date(getattr(m, column))))
        if m.successor_code:
            g.add((node, IAC.succeededBy, minter.municipality(m.successor_code)))
        if m.latitude is not None and m.longitude is not None:
            _point(g, node, m)
    _acts(g, minter)
    for o in organizations():
        node = minter.organization(o.key)
        g.add((node, RDF.type, IAC.Ministry if o.kind == "ministry" else IAC.RegionalBureau))
        _labels(g, node, o.name_ja, o.name_en)
        g.add((node, SKOS.notation, Literal(o.key)))  # rules find the METI side by key
        if o.parent:
            g.add((node, IAC.parentMinistry, minter.organization(o.parent)))
        for jis in o.prefectures:
            g.add((node, IAC.hasJurisdictionOver, minter.prefecture(jis)))
    for r in _rows(reference_dir() / "support-measures.csv"):
        node = minter.support_measure(r["key"])
        g.add((node, RDF.type, IAC.SupportMeasure))
        _labels(g, node, r["name_ja"], r["name_en"])
        if r["note"]:
            g.add((node, SKOS.note, Literal(r["note"], lang="en")))
    return list(g)


def _point(g: _Triples, node: URIRef, m: Municipality) -> None:
    """The municipality's office location as W3C WGS84 latitude and longitude (decimal)."""
    g.add((node, WGS84.lat, Literal(str(m.latitude), datatype=XSD.decimal)))
    g.add((node, WGS84.long, Literal(str(m.longitude), datatype=XSD.decimal)))


def _acts(g: _Triples, minter: Minter) -> None:
    for r in _rows(reference_dir() / "acts.csv"):
        node = minter.act(r["key"])
        g.add((node, RDF.type, IAC.Act))
        _labels(g, node, r["title_ja"], r["title_en"])
        g.add((node, IAC.lawNumber, Literal(r["law_number_ja"])))
        for column, prop in (
            ("promulgated_on", IAC.promulgatedOn),
            ("valid_from", IAC.validFrom),
            ("valid_until", IAC.validUntil),
        ):
            if r[column]:
                g.add((node, prop, _date(r[column])))
        if r["amends"]:
            g.add((node, IAC.amends, minter.act(r["amends"])))
        if r["repeals"]:
            g.add((node, IAC.repeals, minter.act(r["repeals"])))
        if r["egov_law_id"]:
            g.add((node, RDFS.seeAlso, URIRef(f"https://laws.e-gov.go.jp/law/{r['egov_law_id']}")))
        if r["note"]:
            g.add((node, SKOS.note, Literal(r["note"], lang="en")))
