"""Read what the network views need from a store, by SPARQL only, into plain records.

One query per kind of thing; the views (`iackg.export.views`) join the records in Python. Every
query declares its own prefixes and binds nothing it did not validate (there are no user values
in these queries at all: filters are applied to the records afterwards).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef

from iackg.export.model import (
    ACTIVITY_TYPES,
    CATEGORIES,
    CATEGORY_BY_KEY,
    Enterprise,
    Municipality,
    Plan,
    Prefecture,
    Records,
    Resource,
    local_name,
)
from iackg.store import Store
from iackg.vocab import IAC, IAC_NS

__all__ = [
    "ACTIVITY_TYPES",
    "CATEGORIES",
    "CATEGORY_BY_KEY",
    "Records",
    "local_name",
    "read_records",
]

PREFIXES = f"""\
PREFIX iac: <{IAC_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _s(term) -> str:
    return "" if term is None else str(term)


def _values(*terms: URIRef) -> str:
    """A VALUES block of ontology terms (never user input: each must be an `iac:` IRI).

    Binding a class through `bindings` makes Oxigraph scan every typed node (100x slower)."""
    for term in terms:
        if not str(term).startswith(IAC_NS) or not str(term)[len(IAC_NS) :].isalnum():
            raise ValueError(f"not an iac: term: {term}")
    return " ".join(f"<{t}>" for t in terms)


def _labels(store: Store, *classes: URIRef) -> dict[str, tuple[str, str]]:
    """Node IRI -> (Japanese label, English label) for nodes of the given classes. Of several
    labels in one language the smallest wins (stable); an untagged label counts as Japanese."""
    rows = store.select(
        PREFIXES
        + "SELECT DISTINCT ?s ?label WHERE { VALUES ?cls { "
        + _values(*classes)
        + " } ?s a ?cls ; rdfs:label ?label }"
    )
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        label = row["label"]
        lang = (label.language or "") if isinstance(label, Literal) else ""
        slot = found[str(row["s"])]
        text = str(label)
        if lang in ("ja", "en", ""):
            slot[lang] = min(slot.get(lang, text), text)
    return {k: (v.get("ja") or v.get("", ""), v.get("en", "")) for k, v in found.items()}


def _earliest(a: str, b: str) -> str:
    return min(x for x in (a, b) if x) if (a or b) else ""


def _latest(a: str, b: str) -> str:
    return max(x for x in (a, b) if x) if (a or b) else ""


def read_prefectures(store: Store) -> dict[str, Prefecture]:
    labels = _labels(store, IAC.Prefecture)
    rows = store.select(
        PREFIXES
        + """SELECT ?p ?jis ?region WHERE { ?p a iac:Prefecture .
             OPTIONAL { ?p iac:jisCode ?jis } OPTIONAL { ?p iac:region ?region } } ORDER BY ?p"""
    )
    out = {}
    for row in rows:
        iri = str(row["p"])
        ja, en = labels.get(iri, ("", ""))
        if iri not in out:
            out[iri] = Prefecture(iri, ja, en, _s(row["jis"]), _s(row["region"]))
    return out


def read_municipalities(store: Store) -> dict[str, Municipality]:
    labels = _labels(store, IAC.Municipality)
    rows = store.select(
        PREFIXES
        + """PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
             SELECT ?m ?pref ?code ?lat ?long ?from ?until ?next WHERE { ?m a iac:Municipality .
             OPTIONAL { ?m iac:inPrefecture ?pref } OPTIONAL { ?m iac:localGovernmentCode ?code }
             OPTIONAL { ?m geo:lat ?lat ; geo:long ?long }
             OPTIONAL { ?m iac:validFrom ?from } OPTIONAL { ?m iac:validUntil ?until }
             OPTIONAL { ?m iac:succeededBy ?next } }
             ORDER BY ?m"""
    )
    out: dict[str, Municipality] = {}
    for row in rows:
        iri = str(row["m"])
        ja, en = labels.get(iri, ("", ""))
        lat, long = row["lat"], row["long"]
        out.setdefault(
            iri,
            Municipality(
                iri,
                ja,
                en,
                _s(row["pref"]),
                _s(row["code"]),
                latitude=float(str(lat)) if lat is not None else None,
                longitude=float(str(long)) if long is not None else None,
                valid_from=_s(row["from"]),
                valid_until=_s(row["until"]),
                successor=_s(row["next"]),
            ),
        )
    return out


def read_resources(store: Store) -> dict[str, Resource]:
    labels = _labels(store, IAC.RegionalResource)
    out: dict[str, Resource] = {}
    for row in store.select(
        PREFIXES
        + """SELECT ?r ?cat WHERE {
               ?r a iac:RegionalResource . OPTIONAL { ?r iac:category ?cat } }"""
    ):
        iri = str(row["r"])
        ja, en = labels.get(iri, ("", ""))
        res = out.setdefault(iri, Resource(iri, ja, en))
        if row["cat"] is not None:  # several categories (should not happen): the smallest IRI
            cat = str(row["cat"])
            res.category = min(res.category, cat) if res.category else cat
    for row in store.select(
        PREFIXES
        + """SELECT ?r ?pref (STR(?on_) AS ?on) (STR(?from_) AS ?from)
                    (STR(?until_) AS ?until) ?muni WHERE {
               ?r a iac:RegionalResource .
               { ?d iac:designates ?r } UNION { ?r iac:hasDesignation ?d }
               OPTIONAL { ?d iac:designatedBy ?pref }
               OPTIONAL { ?d iac:designatedOn ?on_ }
               OPTIONAL { ?d iac:validFrom ?from_ }
               OPTIONAL { ?d iac:validUntil ?until_ }
               OPTIONAL { ?d iac:coversMunicipality ?muni }
             }"""
    ):
        res = out[str(row["r"])]
        if row["pref"] is not None:  # several designating prefectures: the lowest IRI, stably
            pref = str(row["pref"])
            res.prefecture = min(res.prefecture, pref) if res.prefecture else pref
        res.designated_on = _earliest(res.designated_on, _s(row["on"]))
        res.valid_from = _earliest(res.valid_from, _s(row["from"]) or _s(row["on"]))
        res.valid_until = _latest(res.valid_until, _s(row["until"]))
        if row["muni"] is not None:
            res.municipalities.add(str(row["muni"]))
    for row in store.select(
        PREFIXES + """SELECT ?t ?p WHERE { ?t iac:producesProduct ?p } ORDER BY ?t ?p"""
    ):
        if str(row["t"]) in out:
            out[str(row["t"])].produces.add(str(row["p"]))
    return out


def read_plans(store: Store) -> dict[str, Plan]:
    labels = _labels(store, IAC.BusinessPlan, IAC.SupportProjectPlan)
    out: dict[str, Plan] = {}
    for row in store.select(
        PREFIXES
        + """SELECT ?p ?cls (STR(?id_) AS ?id) ?pref ?act (STR(?from_) AS ?from)
                    (STR(?until_) AS ?until) (STR(?cert_) AS ?cert) WHERE {
               VALUES ?cls { iac:BusinessPlan iac:SupportProjectPlan }
               ?p a ?cls .
               OPTIONAL { ?p iac:planId ?id_ } OPTIONAL { ?p iac:planPrefecture ?pref }
               OPTIONAL { ?p iac:activityType ?act }
               OPTIONAL { ?p iac:validFrom ?from_ } OPTIONAL { ?p iac:validUntil ?until_ }
               OPTIONAL { ?c iac:certifies ?p ; iac:certifiedOn ?cert_ }
             } ORDER BY ?p ?id"""
    ):
        iri = str(row["p"])
        ja, en = labels.get(iri, ("", ""))
        plan = out.setdefault(iri, Plan(iri, ja, en))
        plan.support = plan.support or row["cls"] == IAC.SupportProjectPlan
        plan.plan_id = plan.plan_id or _s(row["id"])
        plan.prefecture = plan.prefecture or _s(row["pref"])
        plan.activity_type = plan.activity_type or _s(row["act"])
        plan.valid_from = _earliest(plan.valid_from, _s(row["from"]))
        plan.valid_until = _latest(plan.valid_until, _s(row["until"]))
        plan.certified_on = _earliest(plan.certified_on, _s(row["cert"]))
    for row in store.select(
        PREFIXES + """SELECT DISTINCT ?p ?r WHERE { ?p iac:usesResource ?r } ORDER BY ?p ?r"""
    ):
        if str(row["p"]) in out:
            out[str(row["p"])].resources.add(str(row["r"]))
    for row in store.select(
        PREFIXES
        + """SELECT DISTINCT ?p ?e WHERE { { ?p iac:applicant ?e } UNION { ?e iac:applicantOf ?p } }
             ORDER BY ?p ?e"""
    ):
        if str(row["p"]) in out:
            out[str(row["p"])].applicants.add(str(row["e"]))
    return out


def read_enterprises(store: Store) -> dict[str, Enterprise]:
    labels = _labels(
        store, IAC.Organization, IAC.Enterprise, IAC.Cooperative, IAC.NonProfitOrganization
    )
    out: dict[str, Enterprise] = {}
    for row in store.select(
        PREFIXES
        + """SELECT ?e ?area ?pref ?num WHERE {
               { ?e a iac:Enterprise } UNION { ?e a iac:Cooperative }
               UNION { ?e a iac:NonProfitOrganization }
               UNION { ?p iac:applicant ?e } UNION { ?e iac:applicantOf ?p }
               FILTER NOT EXISTS { VALUES ?gov { iac:GovernmentBody iac:Ministry
                                                 iac:RegionalBureau } ?e a ?gov }
               OPTIONAL { ?e iac:corporateNumber ?num }
               OPTIONAL { ?e iac:locatedIn ?area .
                          OPTIONAL { ?area iac:inPrefecture ?inpref }
                          OPTIONAL { ?area a iac:Prefecture . BIND(?area AS ?ispref) } }
               BIND(COALESCE(?inpref, ?ispref) AS ?pref)
             } ORDER BY ?e"""
    ):
        iri = str(row["e"])
        ja, en = labels.get(iri, ("", ""))
        ent = out.setdefault(iri, Enterprise(iri, ja, en))
        ent.prefecture = ent.prefecture or _s(row["pref"])
        if row["area"] is not None and str(row["area"]) != ent.prefecture:
            ent.municipality = ent.municipality or str(row["area"])
        ent.corporate_number = ent.corporate_number or _s(row["num"])
    return out


def read_ic_dimensions(
    store: Store,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, str]]]:
    """Category and activity-type concepts mapped to IC dimensions by `iac:icDimension` (a
    concept may map to several)."""
    mapping: dict[str, set[str]] = {}
    labels: dict[str, list[str]] = {}
    for row in store.select(
        PREFIXES
        + """SELECT ?concept ?dim ?label WHERE { ?concept iac:icDimension ?dim .
             OPTIONAL { ?dim rdfs:label|skos:prefLabel ?label } } ORDER BY ?concept ?dim ?label"""
    ):
        mapping.setdefault(str(row["concept"]), set()).add(str(row["dim"]))
        slot = labels.setdefault(str(row["dim"]), ["", ""])
        label = row["label"]
        if isinstance(label, Literal):
            if label.language == "en" and not slot[1]:
                slot[1] = str(label)
            elif label.language in ("ja", None) and not slot[0]:
                slot[0] = str(label)
    return (
        {k: tuple(sorted(v)) for k, v in mapping.items()},
        {k: (v[0], v[1]) for k, v in labels.items()},
    )


def read_illustrative(store: Store) -> frozenset[str]:
    """Things marked as made up (`iac:illustrative true`), e.g. the sample's plans."""
    rows = store.select(
        PREFIXES + "SELECT DISTINCT ?s WHERE { ?s iac:illustrative ?flag FILTER(?flag = true) }"
    )
    return frozenset(str(row["s"]) for row in rows)


def read_records(store: Store) -> Records:
    ic, ic_labels = read_ic_dimensions(store)
    return Records(
        prefectures=read_prefectures(store),
        municipalities=read_municipalities(store),
        resources=read_resources(store),
        plans=read_plans(store),
        enterprises=read_enterprises(store),
        ic_dimensions=ic,
        ic_labels=ic_labels,
        illustrative=read_illustrative(store),
    )
