"""Every view against independent SPARQL queries over the same store."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from iackg.errors import UsageError
from iackg.export import VIEWS, view

P = """PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def col(store, query, name, bindings=None):
    return [str(r[name]) for r in store.select(P + query, bindings)]


def pairs(store, query):
    return {(str(r["a"]), str(r["b"])) for r in store.select(P + query)}


def test_every_view_is_registered():
    assert set(VIEWS) == {
        "entity",
        "prefecture-category",
        "resource-plan",
        "resource-co-use",
        "prefecture-similarity",
        "enterprise-collaboration",
    }


def test_entity_graph_nodes_and_edges(any_store):
    g = view(any_store, "entity")
    expected_nodes = set(
        col(
            any_store,
            """SELECT DISTINCT ?s WHERE {
        { VALUES ?c { iac:Prefecture iac:Municipality iac:RegionalResource iac:BusinessPlan
                      iac:SupportProjectPlan iac:Enterprise iac:Cooperative
                      iac:NonProfitOrganization } ?s a ?c }
        UNION { ?plan iac:applicant ?s } }""",
            "s",
        )
    )
    assert set(g.nodes) == expected_nodes
    # ministries, bureaus and certifying bodies are organisations but not enterprises
    government = set(
        col(
            any_store,
            """SELECT ?s WHERE { VALUES ?c { iac:RegionalBureau iac:Ministry iac:GovernmentBody }
            ?s a ?c }""",
            "s",
        )
    )
    assert government and not government & set(g.nodes)
    # no literal ever becomes a node
    literals = col(any_store, "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER isLiteral(?o) }", "o")
    assert not set(literals) & set(g.nodes)
    # edges: object-property triples between node IRIs, designations folded onto resources
    expected = pairs(
        any_store,
        """SELECT ?a ?b WHERE {
        { ?a iac:usesResource|iac:applicant|iac:planPrefecture|iac:inPrefecture
             |iac:locatedIn|iac:producesProduct ?b }
        UNION { ?d iac:designates ?a ; iac:designatedBy|iac:coversMunicipality ?b } }""",
    )
    assert set(g.edges) == expected
    assert g.number_of_edges() == len(expected)


def test_entity_graph_attributes(store):
    g = view(store, "entity")
    row = store.select(
        P
        + """SELECT ?r ?ja ?en ?on WHERE { ?r rdfs:label "三崎のまぐろ"@ja ;
        rdfs:label ?ja , ?en . ?d iac:designates ?r ; iac:designatedOn ?on
        FILTER(lang(?ja) = "ja" && lang(?en) = "en") }"""
    )[0]
    attrs = g.nodes[str(row["r"])]
    assert attrs["id"] == str(row["r"])
    assert attrs["label_ja"] == str(row["ja"]) and attrs["label_en"] == str(row["en"])
    assert attrs["type"] == "RegionalResource"
    assert attrs["category"] == "agricultural"
    assert attrs["prefecture"] == "神奈川県" and attrs["region"] == "Kanto"
    assert attrs["designated_on"] == str(row["on"])
    plan = store.select(P + 'SELECT ?p WHERE { ?p iac:planId "K-2008-001" }')[0]["p"]
    assert g.edges[str(plan), str(row["r"])]["relation"] == "usesResource"
    for _, data in g.nodes(data=True):
        assert all(v is not None and v != "" for v in data.values())


def test_prefecture_category_weights_are_counts(any_store):
    g = view(any_store, "prefecture-category")
    rows = any_store.select(
        P
        + """SELECT ?pref ?cat (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?d iac:designates ?r ; iac:designatedBy ?pref . ?r iac:category ?cat }
        GROUP BY ?pref ?cat"""
    )
    assert g.number_of_edges() == len(rows)
    for row in rows:
        assert g.edges[str(row["pref"]), str(row["cat"])]["weight"] == int(row["n"])
    assert {d["bipartite"] for _, d in g.nodes(data=True)} == {0, 1}
    assert g.nodes["https://w3id.org/iackg/ontology#CatTourism"]["label_ja"] == "観光資源"
    assert g.number_of_edges() > 0


def test_resource_plan(any_store):
    g = view(any_store, "resource-plan")
    expected = pairs(any_store, "SELECT ?a ?b WHERE { ?a iac:usesResource ?b }")
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in expected}
    assert set(g.nodes) == {x for e in expected for x in e}
    plans = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert plans == {a for a, _ in expected}


def test_resource_co_use_weights(any_store):
    g = view(any_store, "resource-co-use")
    uses = {}
    for row in any_store.select(P + "SELECT ?p ?r WHERE { ?p iac:usesResource ?r }"):
        uses.setdefault(str(row["p"]), set()).add(str(row["r"]))
    expected = Counter(
        frozenset(pair) for rs in uses.values() for pair in combinations(sorted(rs), 2)
    )
    assert {frozenset(e): d["weight"] for *e, d in g.edges(data=True)} == expected
    assert set(g.nodes) == {r for rs in uses.values() for r in rs}
    assert g.number_of_edges() > 0


def test_resource_co_use_exact_edge(store):
    g = view(store, "resource-co-use")
    # the pair used by two plans: 三崎のまぐろ and 湘南しらす
    both = store.select(
        P
        + """SELECT ?a ?b (COUNT(?p) AS ?n) WHERE {
        ?a rdfs:label "三崎のまぐろ"@ja . ?b rdfs:label "湘南しらす"@ja .
        ?p iac:usesResource ?a , ?b } GROUP BY ?a ?b"""
    )[0]
    assert g.edges[str(both["a"]), str(both["b"])]["weight"] == int(both["n"]) == 2


def test_prefecture_similarity_is_cosine(any_store):
    g = view(any_store, "prefecture-similarity")
    rows = any_store.select(
        P
        + """SELECT ?pref ?cat (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?d iac:designates ?r ; iac:designatedBy ?pref . ?r iac:category ?cat }
        GROUP BY ?pref ?cat"""
    )
    vec: dict[str, Counter] = {}
    for row in rows:
        vec.setdefault(str(row["pref"]), Counter())[str(row["cat"])] = int(row["n"])
    assert set(g.nodes) == set(vec)
    for a, b in combinations(sorted(vec), 2):
        dot = sum(vec[a][c] * vec[b][c] for c in vec[a])
        norm = (sum(x * x for x in vec[a].values()) * sum(x * x for x in vec[b].values())) ** 0.5
        if dot:
            assert g.edges[a, b]["weight"] == pytest.approx(dot / norm, abs=1e-6)
        else:
            assert not g.has_edge(a, b)
    assert g.number_of_edges() >= 1


def test_enterprise_collaboration(any_store):
    g = view(any_store, "enterprise-collaboration")
    applicants = {}
    for row in any_store.select(P + "SELECT ?p ?e WHERE { ?p iac:applicant ?e }"):
        applicants.setdefault(str(row["p"]), set()).add(str(row["e"]))
    expected = Counter(
        frozenset(pair) for es in applicants.values() for pair in combinations(sorted(es), 2)
    )
    assert {frozenset(e): d["weight"] for *e, d in g.edges(data=True)} == expected
    assert set(g.nodes) == {e for es in applicants.values() for e in es}
    assert g.number_of_edges() > 0


def test_enterprise_collaboration_exact_edges(store):
    g = view(store, "enterprise-collaboration")
    rows = store.select(
        P
        + """SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?n) WHERE {
        ?p iac:applicant ?a , ?b . FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b"""
    )
    assert {(str(r["a"]), str(r["b"])): int(r["n"]) for r in rows} == {
        tuple(sorted((u, v))): d["weight"] for u, v, d in g.edges(data=True)
    }
    assert max(int(r["n"]) for r in rows) == 2  # two enterprises applied jointly twice


def test_filters_by_prefecture_category_and_years(store):
    ishikawa = view(store, "entity", ["prefecture=石川県"])
    expected = set(
        col(
            store,
            """SELECT ?r WHERE { ?d iac:designates ?r ;
        iac:designatedBy ?p . ?p iac:jisCode "17" }""",
            "r",
        )
    )
    got = {n for n, d in ishikawa.nodes(data=True) if d["type"] == "RegionalResource"}
    assert got == expected
    assert {d.get("prefecture") for _, d in ishikawa.nodes(data=True)} == {"石川県"}
    tourism = view(store, "resource-plan", ["category=観光資源"])
    assert {d.get("category") for _, d in tourism.nodes(data=True)} - {None} == {"tourism"}
    # fiscal 2013 = 2013-04-01 .. 2014-03-31: 湘南しらす (designated 2014-01-20) is in,
    # nothing designated from fiscal 2014 on is
    fy2013 = view(store, "entity", ["years=2013"])
    labels = {d["label"] for _, d in fy2013.nodes(data=True)}
    assert "湘南しらす" in labels and "和倉温泉" not in labels and "箱根温泉" not in labels
    fy2007 = view(store, "entity", ["years=2007-2007", "prefecture=14"])
    assert "湘南しらす" not in {d["label"] for _, d in fy2007.nodes(data=True)}


@pytest.mark.parametrize(
    "spec",
    [
        "prefecture=アトランティス",
        "category=gold",
        "years=2012-2008",
        "years=20x8",
        "colour=red",
        "prefecture=",
        "years=1900-1901",
        "nonsense",
        'prefecture=" } DROP ALL #',
        "category=" + "x" * 100_000,
        "years=2008-2012-2016",
    ],
)
def test_bad_filters_are_usage_errors(store, spec):
    with pytest.raises(UsageError):
        view(store, "entity", [spec])


def test_unknown_view(store):
    with pytest.raises(UsageError):
        view(store, "friendship")


def test_views_unchanged_by_inferred_triples(store, fresh_store):
    """Inverse properties and superclass types (what reasoning adds in graph/inferred) must not
    add nodes, edges or weight."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from iackg.iris import Minter

    iac = "https://w3id.org/iackg/ontology#"
    inferred = Graph()
    for row in store.select(P + "SELECT ?d ?r WHERE { ?d iac:designates ?r }"):
        inferred.add((row["r"], URIRef(iac + "hasDesignation"), row["d"]))
    for row in store.select(P + "SELECT ?p ?e WHERE { ?p iac:applicant ?e }"):
        inferred.add((row["e"], URIRef(iac + "applicantOf"), row["p"]))
    for row in store.select(P + "SELECT ?s WHERE { ?s a iac:RegionalBureau }"):
        inferred.add((row["s"], RDF.type, URIRef(iac + "Organization")))
    reasoned = fresh_store()
    reasoned.replace_graph(Minter().graph("inferred"), inferred)
    for name in VIEWS:
        a, b = view(store, name), view(reasoned, name)
        assert set(a.nodes) == set(b.nodes), name
        assert dict(a.edges) == dict(b.edges), name


def test_class_values_refuse_non_ontology_terms():
    from rdflib import URIRef

    from iackg.export.records import _values

    assert _values(URIRef("https://w3id.org/iackg/ontology#Prefecture"))
    for bad in ("https://w3id.org/iackg/ontology#X> } DROP ALL {", "http://example.org/Thing"):
        with pytest.raises(ValueError):
            _values(URIRef(bad))


def test_illustrative_flag_is_a_node_attribute(any_store):
    flagged = set(col(any_store, "SELECT ?s WHERE { ?s iac:illustrative true }", "s"))
    g = view(any_store, "entity")
    marked = {n for n, d in g.nodes(data=True) if d.get("illustrative") is True}
    assert marked == flagged & set(g.nodes) and marked
