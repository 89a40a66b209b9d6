"""The rules every ontology file and term keeps, checked on the real files."""

import re

from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS

from iackg import __version__
from iackg import ontology_checks as oc
from iackg.paths import ontology_files
from iackg.vocab import IAC, IAC_NS, ONTOLOGY_IRI

MODULES = {"core", "schemes", "alignments"}


def test_there_are_ontology_files_and_each_parses(files):
    names = {f.path.stem for f in files}
    assert MODULES | {"iac"} <= names
    for f in files:
        assert f.graph is not None, f"{f.path.name}: {f.error}"
        assert len(f.graph) > 10


def test_exactly_one_ontology_per_file(files):
    for f in files:
        assert len(set(f.graph.subjects(RDF.type, OWL.Ontology))) == 1, f.path.name


def test_version_iri_matches_package_version(files):
    for f in files:
        onto = next(f.graph.subjects(RDF.type, OWL.Ontology))
        version_iri = str(f.graph.value(onto, OWL.versionIRI))
        assert re.fullmatch(
            rf"https://w3id\.org/iackg/ontology/{re.escape(__version__)}(/[a-z]+)?", version_iri
        ), version_iri
        assert str(f.graph.value(onto, OWL.versionInfo)) == __version__


def test_main_ontology_imports_every_module(ontology):
    imports = set(ontology.objects(ONTOLOGY_IRI, OWL.imports))
    assert imports == {URIRef(f"{ONTOLOGY_IRI}/{m}") for m in MODULES}
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        f"https://w3id.org/iackg/ontology/{__version__}"
    )
    # every import names an ontology that one of the files declares
    declared = set(ontology.subjects(RDF.type, OWL.Ontology))
    assert set(ontology.objects(None, OWL.imports)) <= declared


def test_full_metadata_on_every_ontology(files):
    assert oc.check_metadata(files) == []
    for f in files:
        onto = next(f.graph.subjects(RDF.type, OWL.Ontology))
        assert f.graph.value(onto, DCTERMS.license) == URIRef(
            "https://creativecommons.org/licenses/by/4.0/"
        )


def test_one_label_and_definition_per_language(ontology):
    assert oc.check_labels(ontology) == []
    terms = oc.iac_terms(ontology)
    assert len(terms) > 100  # the check above really looked at the terms
    for term in terms:
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)]
        assert sorted(o.language for o in labels) == ["en", "ja"], term


def test_object_properties_have_domain_and_range(ontology):
    props = oc.iac_terms(ontology) & set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert len(props) >= 30
    for p in props:
        assert ontology.value(p, RDFS.domain) is not None, p
        assert ontology.value(p, RDFS.range) is not None, p
    assert oc.check_domain_range(ontology) == []


def test_vocab_and_ontology_list_the_same_terms(ontology):
    declared = oc.iac_terms(ontology)
    listed = {IAC[name] for name in IAC.__annotations__}
    assert listed - declared == set(), "in vocab.py, not in the ontology"
    assert declared - listed == set(), "in the ontology, not in vocab.py"
    assert oc.check_vocab_sync(ontology) == []


def test_only_owl2_rl_constructs(ontology):
    assert oc.check_rl_constructs(ontology) == []
    # class expressions on the left of equivalences are hasValue restrictions only (RL-safe)
    for cls, expr in ontology.subject_objects(OWL.equivalentClass):
        assert (expr, OWL.hasValue, None) in ontology, (cls, expr)


def test_required_axioms(ontology):
    assert (IAC.within, RDF.type, OWL.TransitiveProperty) in ontology
    assert (IAC.inPrefecture, RDFS.subPropertyOf, IAC.within) in ontology
    assert (IAC.hasDesignation, OWL.inverseOf, IAC.designates) in ontology
    assert (IAC.applicantOf, OWL.inverseOf, IAC.applicant) in ontology
    assert (IAC.statutoryGroup, RDFS.subPropertyOf, SKOS.broader) in ontology
    assert (IAC.Municipality, OWL.disjointWith, IAC.Prefecture) in ontology
    from iackg.consistency import disjoint_pairs

    pairs = disjoint_pairs(ontology)
    resources = [
        IAC.AgriculturalProduct,
        IAC.IndustrialProduct,
        IAC.ProductionTechnique,
        IAC.TourismResource,
    ]
    for i, a in enumerate(resources):
        for b in resources[i + 1 :]:
            assert frozenset((a, b)) in pairs


def test_alignments_use_the_named_vocabularies(files):
    alignments = next(f.graph for f in files if f.path.stem == "alignments")
    objects = {str(o) for o in alignments.objects() if isinstance(o, URIRef)}
    for ns in (
        "https://schema.org/",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/ns/dcat#",
        "http://www.opengis.net/ont/geosparql#",
        "http://imi.go.jp/ns/core/rdf#",
    ):
        assert any(o.startswith(ns) for o in objects), ns
    prov = "http://www.w3.org/ns/prov#"
    assert (IAC.Designation, RDFS.subClassOf, URIRef(prov + "Activity")) in alignments
    assert (IAC.Certification, RDFS.subClassOf, URIRef(prov + "Activity")) in alignments


def test_ontology_iri_lives_in_the_namespace_it_declares():
    assert str(ONTOLOGY_IRI) + "#" == IAC_NS
    assert ontology_files()  # the bundled folder resolves in a checkout


def test_a_second_parser_reads_the_same_triples(files):
    """pyoxigraph (the store's parser) reads every file to the same number of triples."""
    import pyoxigraph

    for f in files:
        with open(f.path, "rb") as stream:
            triples = list(pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(f.graph), f.path.name


def test_every_term_is_defined_by_the_ontology(ontology):
    for term in oc.iac_terms(ontology):
        assert list(ontology.objects(term, RDFS.isDefinedBy)) == [ONTOLOGY_IRI], term
