"""Ontology + reference data (+ the contract example) are consistent under OWL 2 RL, and the
check really catches inconsistent graphs."""

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from iackg.consistency import check_consistency, inconsistencies
from iackg.vocab import IAC

EX = "https://example.org/"


def test_reference_data_really_is_in_the_closure(closure, reference):
    prefectures = set(closure.subjects(RDF.type, IAC.Prefecture))
    assert len(prefectures) == 47
    assert len(reference) > 500


def test_ontology_reference_and_contract_example_are_consistent(closure):
    assert inconsistencies(closure) == []


def test_closure_infers_what_the_ontology_promises(closure):
    # every municipality is within its prefecture, a region of the contract example included
    miura = URIRef("https://w3id.org/iackg/id/municipality/142107")
    kanagawa = URIRef("https://w3id.org/iackg/id/prefecture/14")
    assert (miura, IAC.within, kanagawa) in closure
    assert (miura, RDF.type, IAC.AdministrativeArea) in closure
    # designation <-> resource, category <-> class
    tuna = URIRef("https://w3id.org/iackg/id/resource/14-0123456789")
    designation = URIRef("https://w3id.org/iackg/id/designation/14-0123456789")
    assert (tuna, IAC.hasDesignation, designation) in closure
    enterprise = URIRef("https://w3id.org/iackg/id/enterprise/9234567890123")
    plan = URIRef("https://w3id.org/iackg/id/plan/14-K-2008-001")
    assert (enterprise, IAC.applicantOf, plan) in closure
    # technique class from the category alone
    assert (
        IAC.CatTechnique,
        URIRef("http://www.w3.org/2004/02/skos/core#broader"),
        IAC.GroupIndustrial,
    ) in closure


def _with_ontology(ontology, turtle: str) -> Graph:
    g = Graph()
    g += ontology
    prefixes = (
        "@prefix iac: <https://w3id.org/iackg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"@prefix ex: <{EX}> .\n"
    )
    g.parse(data=prefixes + turtle, format="turtle")
    return g


BROKEN = {
    # a resource stated to be industrial but given the agricultural category
    "r": "ex:r a iac:IndustrialProduct ; iac:category iac:CatAgricultural .",
    # a municipality used as the prefecture of another municipality (range Prefecture)
    "m": "ex:m a iac:Municipality . ex:n iac:inPrefecture ex:m .",
    # a designation's target is a prefecture (range RegionalResource vs AdministrativeArea)
    "p": "ex:d iac:designates ex:p . ex:p a iac:Prefecture .",
    # a government body whose legal form makes it an enterprise
    "o": "ex:o a iac:Ministry ; iac:legalForm iac:FormCorporation .",
    # a basic-concept designation that is also a direct designation
    "d2": "ex:d2 a iac:DirectDesignation ; iac:underBasicConcept ex:bc .",
}


@pytest.fixture(scope="module")
def broken_findings(ontology):
    """One closure over every broken case at once (each case uses its own nodes)."""
    graph = _with_ontology(ontology, "\n".join([*BROKEN.values(), "ex:z a owl:Nothing ."]))
    return check_consistency(graph)


@pytest.mark.parametrize("culprit", sorted(BROKEN))
def test_inconsistent_data_is_caught(broken_findings, culprit):
    assert any(i.rule == "disjoint-classes" and i.node == EX + culprit for i in broken_findings), (
        BROKEN[culprit],
        broken_findings,
    )


def test_owl_nothing_is_caught(broken_findings):
    assert "nothing" in {i.rule for i in broken_findings if i.node == EX + "z"}


def test_innocent_nodes_are_not_blamed(broken_findings):
    blamed = {i.node for i in broken_findings if i.rule == "disjoint-classes"}
    assert blamed == {EX + c for c in BROKEN} | {EX + "z"}


def test_check_works_without_owlrl_help():
    """The own check finds a disjointness violation in a graph owlrl has not touched."""
    g = Graph()
    a, b, x = URIRef(EX + "A"), URIRef(EX + "B"), URIRef(EX + "x")
    g.add((a, OWL.disjointWith, b))
    g.add((x, RDF.type, a))
    g.add((x, RDF.type, b))
    assert [i.rule for i in inconsistencies(g)] == ["disjoint-classes"]
    g.remove((x, RDF.type, b))
    assert inconsistencies(g) == []


def test_same_and_different(ontology):
    g = Graph()
    x, y = URIRef(EX + "x"), URIRef(EX + "y")
    g.add((x, OWL.sameAs, y))
    g.add((x, OWL.differentFrom, y))
    assert "same-and-different" in {i.rule for i in inconsistencies(g)}


def test_consistent_small_graph_stays_consistent(ontology):
    g = _with_ontology(
        ontology,
        """
ex:t a iac:ProductionTechnique ; iac:category iac:CatTechnique ; iac:producesProduct ex:p .
ex:p iac:category iac:CatIndustrial .
ex:o iac:legalForm iac:FormCooperative ; iac:capitalYen 1000 .
""",
    )
    assert check_consistency(g) == []
    assert Literal(1000) in set(g.objects(URIRef(EX + "o"), IAC.capitalYen))


def test_within_is_transitive_and_in_prefecture_is_within(ontology):
    from iackg.consistency import owl_rl_closure

    g = _with_ontology(
        ontology,
        """
ex:ward iac:within ex:city . ex:city iac:inPrefecture ex:pref .
""",
    )
    closure = owl_rl_closure(g)
    ward, city, pref = (URIRef(EX + n) for n in ("ward", "city", "pref"))
    assert (city, IAC.within, pref) in closure
    assert (ward, IAC.within, pref) in closure
    assert (pref, RDF.type, IAC.Prefecture) in closure
    assert (ward, IAC.inPrefecture, pref) not in closure  # only within, not a direct member
