"""The query library: headers, parameters, hostile values, and golden rows.

Golden rows for the contract example are worked out by hand from tests/data/contract-example.ttl
(see the comments); every query is also checked against rdflib's own SPARQL engine on the same
quads, a second, independent implementation."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from iackg import queries
from iackg.errors import ResourceNotFound, UsageError
from iackg.iris import Minter
from iackg.store.sparqltext import inject_values
from iackg.vocab import IAC

LIBRARY = queries.library()
CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"
ID = "https://w3id.org/iackg/id/"
K14 = ID + "prefecture/14"
TUNA = ID + "resource/14-0123456789"
ONSEN = ID + "resource/14-9876543210"
PLAN = ID + "plan/14-K-2008-001"
K17 = ID + "prefecture/17"  # Ishikawa: the technique 輪島塗の製造技術 and its product 輪島塗
TECHNIQUE = ID + "resource/17-aaaaaaaaaa"
PRODUCT = ID + "resource/17-bbbbbbbbbb"


def norm(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return round(float(value), 6)
        return str(term)
    return str(term)


def rows_of(rows, columns=None):
    columns = columns or (list(rows[0]) if rows else [])
    return sorted((tuple(norm(r.get(c)) for c in columns) for r in rows), key=repr)


def test_library_has_at_least_15_queries_with_headers():
    assert len(LIBRARY) >= 15
    for name, query in LIBRARY.items():
        assert query.titles.get("ja") and query.titles.get("en"), name
        assert query.description and query.returns, name
        body = "\n".join(ln for ln in query.text.splitlines() if not ln.startswith("#"))
        assert body.strip().splitlines()[-1].startswith("ORDER BY"), name
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", body)) - {"http", "https"}
        declared = set(re.findall(r"PREFIX\s+([a-z]+):", body))
        assert used <= declared, f"{name} uses undeclared prefixes {used - declared}"
        returns = [c.strip() for c in query.returns.split(",")]
        projected = re.search(r"SELECT(.*?)WHERE", body, re.S).group(1)
        for column in returns:
            assert f"?{column}" in projected, f"{name}: returns {column} but does not select it"
        for param in query.params:
            assert f"?{param.name}" in body, f"{name}: parameter {param.name} is never used"


def test_violation_queries_exist():
    assert sum(q.is_violation for q in LIBRARY.values()) >= 3


def test_parameter_values_become_typed_terms():
    query = LIBRARY["resources-per-prefecture"]
    minter = Minter()
    assert query.bindings({"prefecture": "14"}, minter=minter)["prefecture"] == URIRef(K14)
    assert query.bindings({"prefecture": "1"}, minter=minter)["prefecture"] == URIRef(
        ID + "prefecture/01"
    )
    assert query.bindings({"prefecture": "神奈川県"}, minter=minter)["prefecture"] == URIRef(K14)
    assert query.bindings({}, minter=minter) == {"lang": Literal("ja")}
    dated = LIBRARY["plans-active-on-date"].bindings({"as_of": "2015-04-01"}, minter=minter)
    assert dated["as_of"] == Literal("2015-04-01", datatype=XSD.date)
    cat = LIBRARY["designations-per-fiscal-year"].bindings({"category": "CatTourism"}, minter=None)
    assert cat["category"] == IAC.CatTourism


@pytest.mark.parametrize(
    "name, values, message",
    [
        ("resources-per-prefecture", {"prefecture": "48"}, "not a prefecture"),
        ("resources-per-prefecture", {"prefecture": "<http://x> } DROP ALL"}, "not a prefecture"),
        ("resources-per-prefecture", {"colour": "red"}, "no parameter 'colour'"),
        ("plans-active-on-date", {"as_of": "2015-13-01"}, "not a date"),
        ("plans-active-on-date", {"as_of": "平成27年"}, "not a date"),
        ("most-used-resources", {"minimum": "1; DROP ALL"}, "not an integer"),
        ("designations-per-fiscal-year", {"category": "Cat Tourism"}, "not an iac: concept"),
        ("resource-search", {}, "needs --param name"),
    ],
)
def test_bad_parameter_values_are_usage_errors(name, values, message):
    with pytest.raises(UsageError, match=message):
        LIBRARY[name].bindings(values, minter=Minter())


def test_unknown_query_is_an_error():
    with pytest.raises(ResourceNotFound, match="no query named"):
        queries.get("resources-per-planet")


def test_hostile_search_text_is_a_value(contract_build):
    store = contract_build.store
    before = store.count()
    search = LIBRARY["resource-search"]
    for hostile in ['") } DROP ALL; #', "' || true || '", "\\", "}}}}", "?label"]:
        assert search.run(store, {"name": hostile}) == []
    assert store.count() == before
    # and a label that really contains such text is found by it
    odd = URIRef(ID + "resource/99-odd")
    label = Literal('x") } DROP ALL; #')
    store.replace_graph(
        URIRef("https://w3id.org/iackg/graph/source/odd"),
        [
            (odd, URIRef(str(IAC.category)), IAC.CatTourism),
            (odd, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), label),
            (odd, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), IAC.RegionalResource),
        ],
    )
    rows = search.run(store, {"name": '") } DROP ALL; #'})
    assert [r["resource"] for r in rows] == [odd]
    store.replace_graph(URIRef("https://w3id.org/iackg/graph/source/odd"), [])


# Worked out by hand from tests/data/contract-example.ttl: Kanagawa (14) designates Misaki tuna
# (agricultural, 2007-08-31, covers Miura 142107) and Hakone onsen (tourism, hot spring,
# 2016-04-01, covers Hakone 143821); the Wajima technique and product have no designation; one
# plan (type 1, certified 2008-02-15 = fiscal 2007, 2008-04-01..2011-03-31) uses the tuna; its
# applicant has capital 10,000,000 yen and 25 employees. The ontology maps agricultural to
# relational capital, tourism and type-1 plans to relational and structural capital.
GOLDEN = {
    "resources-per-prefecture": (
        {},
        [
            (K14, "神奈川県", str(IAC.GroupAgricultural), str(IAC.CatAgricultural), 1.0),
            (K14, "神奈川県", str(IAC.GroupTourism), str(IAC.CatTourism), 1.0),
            (K17, "石川県", str(IAC.GroupIndustrial), str(IAC.CatIndustrial), 1.0),
            (K17, "石川県", str(IAC.GroupIndustrial), str(IAC.CatTechnique), 1.0),
        ],
    ),
    "resources-per-statutory-group": (
        {"lang": "en"},
        [
            (K14, "Kanagawa", str(IAC.GroupAgricultural), 1.0),
            (K14, "Kanagawa", str(IAC.GroupTourism), 1.0),
            (K17, "Ishikawa", str(IAC.GroupIndustrial), 2.0),  # the technique and its product
        ],
    ),
    "designations-per-fiscal-year": (
        {},
        [
            (2007.0, str(IAC.CatAgricultural), 1.0),
            (2007.0, str(IAC.CatIndustrial), 1.0),  # 2007-08-31, fiscal 2007
            (2007.0, str(IAC.CatTechnique), 1.0),
            (2016.0, str(IAC.CatTourism), 1.0),
        ],
    ),
    "tourism-resources-by-kind": ({}, [(K14, str(IAC.TourismHotSpring), "温泉", 1.0)]),
    "techniques-and-products": (
        {},
        [
            (K17, TECHNIQUE, "輪島塗の製造技術", PRODUCT, "輪島塗"),
        ],
    ),
    "plans-per-activity-type": ({}, [(str(IAC.ActivityProducts), 2007.0, 1.0)]),
    "most-used-resources": ({}, [(TUNA, "三崎のまぐろ", K14, 1.0)]),
    "unused-designated-resources": (
        {},
        [
            (K14, str(IAC.CatTourism), ONSEN, "箱根温泉"),
            (K17, str(IAC.CatIndustrial), PRODUCT, "輪島塗"),
            (K17, str(IAC.CatTechnique), TECHNIQUE, "輪島塗の製造技術"),
        ],
    ),
    "cross-prefecture-plans": ({}, []),
    "resources-per-municipality-as-of": (
        {"as_of": "2010-01-01"},  # the onsen of 箱根町 (2016) is not yet designated
        [
            (ID + "municipality/142107", "三浦市", K14, 1.0),
            (ID + "municipality/172049", "輪島市", K17, 2.0),
        ],
    ),
    "municipalities-with-most-resources": (
        {},
        [
            (ID + "municipality/142107", "三浦市", K14, 1.0),
            (ID + "municipality/143821", "箱根町", K14, 1.0),
            (ID + "municipality/172049", "輪島市", K17, 2.0),
        ],
    ),
    "enterprise-size-by-activity-type": (
        {},
        [(str(IAC.ActivityProducts), 1.0, 10000000.0, 10000000.0, 25.0, 25.0)],
    ),
    "resources-used-together": ({}, []),
    "category-mix-per-prefecture": (
        {},
        [
            (K14, str(IAC.CatAgricultural), 1.0, 0.5),
            (K14, str(IAC.CatTourism), 1.0, 0.5),
            (K17, str(IAC.CatIndustrial), 1.0, 0.5),
            (K17, str(IAC.CatTechnique), 1.0, 0.5),
        ],
    ),
    "intellectual-capital-profile": (
        {},
        [
            (K14, str(IAC.RelationalCapital), 2.0, 1.0),
            (K14, str(IAC.StructuralCapital), 1.0, 1.0),
            # technique: human capital; industrial product: relational and structural
            (K17, str(IAC.HumanCapital), 1.0, 0.0),
            (K17, str(IAC.RelationalCapital), 1.0, 0.0),
            (K17, str(IAC.StructuralCapital), 1.0, 0.0),
        ],
    ),
    "plans-active-on-date": (
        {},  # default 2010-04-01
        [(PLAN, "K-2008-001", K14, str(IAC.ActivityProducts), "2008-04-01", "2011-03-31")],
    ),
    "designated-as-of": (
        {"as_of": "2010-01-01"},  # the onsen (2016) is not yet designated
        [
            (TUNA, "三崎のまぐろ", str(IAC.CatAgricultural), K14, "2007-08-31", "2020-09-30"),
            (TECHNIQUE, "輪島塗の製造技術", str(IAC.CatTechnique), K17, "2007-08-31", "2020-09-30"),
            (PRODUCT, "輪島塗", str(IAC.CatIndustrial), K17, "2007-08-31", "2020-09-30"),
        ],
    ),
    "designations-changed-between": (
        {"from": "2015-08-10", "to": "2016-04-01"},  # the tuna is in force on both days
        [("added", ONSEN, "箱根温泉", None, None, K14, "2016-04-01", "2020-09-30")],
    ),
    "designations-added-between": (
        {"from": "2015-08-10", "to": "2020-09-30"},
        [(ONSEN, "箱根温泉", str(IAC.CatTourism), K14, "2016-04-01")],
    ),
    "resource-search": ({"name": "TUNA"}, [(TUNA, "Misaki tuna", str(IAC.CatAgricultural), K14)]),
    "designation-outside-regime-violation": ({}, []),
    "plan-uses-undesignated-resource-violation": ({}, []),
    "certification-before-designation-violation": ({}, []),
}


def test_every_query_has_a_golden():
    assert sorted(GOLDEN) == sorted(LIBRARY)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_golden_rows_on_the_contract_example(contract_build, name):
    values, expected = GOLDEN[name]
    query = LIBRARY[name]
    columns, rows = contract_build.store.select_table(
        query.text, query.bindings(values, minter=Minter())
    )
    assert rows_of(rows, columns) == sorted(expected, key=repr)


def rdflib_dataset(store) -> Dataset:
    dataset = Dataset(default_union=True)
    for quad in store.oxigraph:
        from iackg.store.terms import to_rdflib

        graph = dataset.graph(URIRef(quad.graph_name.value))
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


@pytest.fixture(scope="module")
def second_opinion(contract_build):
    return rdflib_dataset(contract_build.store)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_rdflib_agrees(contract_build, second_opinion, name):
    values, _ = GOLDEN[name]
    query = LIBRARY[name]
    bindings = query.bindings(values, minter=Minter())
    columns, ours = contract_build.store.select_table(query.text, bindings)
    text = inject_values(query.text, bindings) if bindings else query.text
    result = second_opinion.query(text)
    theirs = [{str(v): row[v] for v in result.vars} for row in result]
    assert rows_of(ours, columns) == rows_of(theirs, columns)


def test_prefecture_parameter_filters(contract_build):
    query = LIBRARY["resources-per-prefecture"]
    assert len(query.run(contract_build.store, {"prefecture": "14"})) == 2
    assert query.run(contract_build.store, {"prefecture": "13"}) == []
    dated = LIBRARY["plans-active-on-date"]
    assert dated.run(contract_build.store, {"as_of": "2011-03-31"})  # inclusive end
    assert dated.run(contract_build.store, {"as_of": "2011-04-01"}) == []


def test_docs_list_every_query():
    from pathlib import Path

    docs = Path(__file__).parents[2] / "docs" / "queries.md"
    assert docs.read_text(encoding="utf-8") == queries.markdown(), (
        "docs/queries.md is stale: regenerate it with iackg.queries.markdown()"
    )


# Each *-violation query on the contract example with one defect added: it returns exactly the
# defective node (and nothing on the valid example, see GOLDEN).
DEFECTS = {
    "designation-outside-regime-violation": (
        # the tuna's designation dated after the Act was repealed
        f'<{ID}designation/14-0123456789> <{IAC}designatedOn> "2021-04-01"^^<{XSD.date}> .',
        [(ID + "designation/14-0123456789", "2021-04-01")],
    ),
    "plan-uses-undesignated-resource-violation": (
        f"<{PLAN}> <{IAC}usesResource> <{ID}resource/14-5555555555> .",
        [(PLAN, ID + "resource/14-5555555555")],
    ),
    "certification-before-designation-violation": (
        # the plan also uses the onsen, designated 2016-04-01, after its 2008 certification
        f"<{PLAN}> <{IAC}usesResource> <{ONSEN}> .",
        [(PLAN, "2008-02-15", ONSEN, "2016-04-01")],
    ),
}


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_violation_query_finds_its_defect(tmp_path, name):
    from iackg.build import build

    defect, expected = DEFECTS[name]
    broken = tmp_path / "defect.ttl"
    broken.write_text(defect + "\n", encoding="utf-8")
    built = build([CONTRACT, broken], "memory:", validate=False)  # the defect must get in
    query = LIBRARY[name]
    columns, rows = built.store.select_table(query.text, query.bindings({}, minter=Minter()))
    assert rows_of(rows, columns) == sorted(expected, key=repr)


def test_every_violation_query_has_a_defect_case():
    assert sorted(DEFECTS) == sorted(n for n, q in LIBRARY.items() if q.is_violation)
