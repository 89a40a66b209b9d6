"""iackg's reasoner against owlrl, the reference, on small graphs."""

from pathlib import Path

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from iackg.iris import Minter
from iackg.reasoning import reason
from iackg.store import open_store

DATA = Path(__file__).parent / "data"
CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"
NOISE_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, OWL.Nothing}
W3C = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")


def owlrl_closure(graph: Graph) -> Graph:
    closed = Graph()
    for t in graph:
        closed.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def meaningful(triples, ontology_terms):
    """owlrl's output without its noise: sameAs, literal/blank subjects, blank objects, types
    to owl:Thing & co, and triples about ontology terms themselves."""
    kept = set()
    for s, p, o in triples:
        if p == OWL.sameAs or isinstance(s, Literal | BNode) or isinstance(o, BNode):
            continue
        if o in NOISE_OBJECTS or s in ontology_terms or str(s).startswith(W3C):
            continue  # axiomatic triples are about the W3C vocabularies themselves
        kept.add((s, p, o))
    return kept


def iackg_inferred(ontology: Graph, data: Graph) -> set:
    minter = Minter("http://example.org")
    store = open_store("memory:")
    store.replace_graph(minter.graph("ontology"), ontology)
    store.replace_graph(minter.graph("source/test"), data)
    result = reason(store, minter=minter)
    inferred = store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graphs=[minter.graph("inferred")]
    )
    assert len(inferred) == result.inferred
    return set(inferred)


def compare(ontology: Graph, data: Graph):
    union = ontology + data
    reference = owlrl_closure(union)
    ontology_terms = set(ontology.subjects()) | set(ontology.objects())
    expected = meaningful(set(reference) - set(union), ontology_terms)
    ours = iackg_inferred(ontology, data)
    abox_ours = {t for t in ours if t[0] not in ontology_terms}
    missing = expected - abox_ours
    assert not missing, f"owlrl derives, iackg does not: {sorted(missing)[:10]}"
    unsound = ours - set(reference)
    assert not unsound, f"iackg derives, owlrl does not: {sorted(unsound)[:10]}"
    assert not ours & set(union), "the inferred graph repeats asserted triples"
    return expected, ours


def test_mini_ontology_matches_owlrl():
    ontology = Graph().parse(DATA / "mini-ontology.ttl")
    data = Graph().parse(DATA / "mini-data.ttl")
    expected, ours = compare(ontology, data)
    ex = "http://example.org/ont#"
    d = "http://example.org/id/"
    # the constructs one by one, so a failure names the rule
    for triple in [
        (d + "r1", RDF.type, ex + "Agri"),  # cls-hv2 + equivalentClass
        (d + "r2", ex + "category", ex + "CatTour"),  # cls-hv1
        (d + "r1", ex + "hasDesignation", d + "des1"),  # inverse
        (d + "des3", ex + "designates", d + "r3"),  # inverse, other direction
        (d + "co1", RDF.type, ex + "Org"),  # hasValue in subclass position, then sco
        (d + "co2", RDF.type, ex + "Company"),  # equivalent named classes
        (d + "m1", ex + "within", d + "country"),  # sub-property then transitive
        (d + "m1", ex + "sfWithin", d + "country"),  # super-property of a transitive edge
        (d + "m1", RDF.type, ex + "Area"),  # domain then subclass
        (d + "region1", RDF.type, ex + "Area"),  # range of the transitive property
        (d + "m2", ex + "near", d + "m1"),  # symmetric
        (d + "p1", ex + "employs", d + "r2"),  # equivalent property
        (d + "p2", ex + "uses", d + "r3"),
        (d + "r3", RDF.type, ex + "Thing2"),  # range through equivalent property, then sco
        (d + "des1", RDF.type, ex + "Designation"),  # domain of a datatype property
    ]:
        triple = tuple(URIRef(t) for t in triple)
        assert triple in expected, f"test premise: owlrl derives {triple}"
        assert triple in ours, triple
    assert not any(isinstance(s, Literal) for s, _, _ in ours)
    assert not any(p == OWL.sameAs for _, p, _ in ours)
    assert (URIRef(ex + "Agri"), RDFS.subClassOf, URIRef(ex + "Thing2")) in ours


def test_reasoning_twice_gives_the_same_graph():
    ontology = Graph().parse(DATA / "mini-ontology.ttl")
    data = Graph().parse(DATA / "mini-data.ttl")
    minter = Minter("http://example.org")
    store = open_store("memory:")
    store.replace_graph(minter.graph("ontology"), ontology)
    store.replace_graph(minter.graph("source/test"), data)
    first = reason(store, minter=minter).inferred
    size = len(store)
    second = reason(store, minter=minter).inferred
    assert first == second and len(store) == size


def test_long_transitive_chain():
    ontology = Graph().parse(DATA / "mini-ontology.ttl")
    ex, d = "http://example.org/ont#", "http://example.org/id/"
    data = Graph()
    for i in range(12):
        data.add((URIRef(f"{d}a{i}"), URIRef(ex + "within"), URIRef(f"{d}a{i + 1}")))
    ours = iackg_inferred(ontology, data)
    within = {(s, o) for s, p, o in ours if p == URIRef(ex + "within")}
    assert len(within) == 13 * 12 // 2 - 12  # every pair i < j, minus the asserted ones


def _bundled_ontology() -> Graph:
    from iackg.paths import ontology_files

    files = ontology_files()
    assert files, "no ontology files found"
    graph = Graph()
    for f in files:
        graph.parse(f)
    return graph


def test_bundled_ontology_on_the_contract_example_matches_owlrl():
    ontology = _bundled_ontology()
    data = Graph().parse(CONTRACT)
    expected, ours = compare(ontology, data)
    assert expected and ours  # the example exercises the ontology at all
