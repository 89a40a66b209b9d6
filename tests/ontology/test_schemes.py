"""The concept schemes carry the rules as data a query or shape can read."""

from rdflib import RDF, SKOS, Literal, URIRef, Variable

from iackg.vocab import IAC

PREFIXES = """
PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def test_sme_thresholds_readable_by_sparql(ontology):
    rows = ontology.query(
        PREFIXES
        + """
SELECT ?sector ?capital ?employees WHERE {
  ?sector skos:inScheme iac:IndustrySectorScheme ;
          iac:capitalLimitYen ?capital ; iac:employeeLimit ?employees .
} ORDER BY ?sector"""
    )
    got = {
        str(r.sector).split("#")[1]: (r.capital.toPython(), r.employees.toPython()) for r in rows
    }
    assert got == {
        "SectorManufacturing": (300_000_000, 300),
        "SectorWholesale": (100_000_000, 100),
        "SectorServices": (50_000_000, 100),
        "SectorRetail": (50_000_000, 50),
        # the Cabinet Order's sectors
        "SectorRubberProducts": (300_000_000, 900),
        "SectorSoftware": (300_000_000, 300),
        "SectorInnsHotels": (50_000_000, 200),
    }


def test_sme_rule_as_a_query(ontology):
    """An enterprise is an SME if capital OR employees are within its sector's limits."""
    query = (
        PREFIXES
        + """
ASK { ?sector iac:capitalLimitYen ?cl ; iac:employeeLimit ?el .
      FILTER (?capital <= ?cl || ?employees <= ?el) }"""
    )

    def is_sme(sector, capital, employees):
        bindings = {
            Variable("sector"): sector,
            Variable("capital"): Literal(capital),
            Variable("employees"): Literal(employees),
        }
        return ontology.query(query, initBindings=bindings).askAnswer

    assert is_sme(IAC.SectorRetail, 50_000_000, 51)  # capital within the limit
    assert is_sme(IAC.SectorRetail, 60_000_000, 50)  # employees within the limit
    assert not is_sme(IAC.SectorRetail, 50_000_001, 51)
    assert is_sme(IAC.SectorManufacturing, 300_000_000, 1000)
    assert not is_sme(IAC.SectorWholesale, 100_000_001, 101)


def test_categories_roll_up_to_three_statutory_groups(ontology):
    groups = {
        c: ontology.value(c, IAC.statutoryGroup)
        for c in ontology.subjects(SKOS.inScheme, IAC.CategoryScheme)
    }
    assert groups == {
        IAC.CatAgricultural: IAC.GroupAgricultural,
        IAC.CatIndustrial: IAC.GroupIndustrial,
        IAC.CatTechnique: IAC.GroupIndustrial,
        IAC.CatTourism: IAC.GroupTourism,
    }
    assert set(ontology.subjects(SKOS.inScheme, IAC.StatutoryGroupScheme)) == set(groups.values())


def test_activity_types_name_the_categories_they_use(ontology):
    uses = {(a, c) for a, c in ontology.subject_objects(IAC.usesCategory)}
    assert uses == {
        (IAC.ActivityProducts, IAC.CatAgricultural),
        (IAC.ActivityProducts, IAC.CatIndustrial),
        (IAC.ActivityTechnique, IAC.CatTechnique),
        (IAC.ActivityTourism, IAC.CatTourism),
    }


def test_every_category_and_activity_type_maps_to_an_ic_dimension(ontology):
    dimensions = set(ontology.subjects(SKOS.inScheme, IAC.ICDimensionScheme))
    assert dimensions == {IAC.HumanCapital, IAC.StructuralCapital, IAC.RelationalCapital}
    for scheme in (IAC.CategoryScheme, IAC.ActivityTypeScheme):
        for concept in ontology.subjects(SKOS.inScheme, scheme):
            mapped = set(ontology.objects(concept, IAC.icDimension))
            assert mapped and mapped <= dimensions, concept
    assert set(ontology.objects(IAC.CatTechnique, IAC.icDimension)) == {IAC.HumanCapital}
    # every dimension is used by something
    assert {o for _, o in ontology.subject_objects(IAC.icDimension)} == dimensions


def test_every_concept_is_in_exactly_one_scheme_and_is_a_top_concept(ontology):
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        if not str(concept).startswith(str(IAC)):
            continue
        schemes = set(ontology.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1, concept
        scheme = schemes.pop()
        assert (scheme, SKOS.hasTopConcept, concept) in ontology
        assert (concept, SKOS.topConceptOf, scheme) in ontology
        assert sorted(o.language for o in ontology.objects(concept, SKOS.prefLabel)) == ["en", "ja"]
        assert ontology.value(concept, SKOS.notation) is not None


def test_category_and_class_imply_each_other(ontology):
    from rdflib import Graph

    from iackg.consistency import owl_rl_closure

    ex = "https://example.org/"
    g = Graph()
    g += ontology
    by_category, by_class, coop = URIRef(ex + "a"), URIRef(ex + "b"), URIRef(ex + "c")
    g.add((by_category, IAC.category, IAC.CatTechnique))
    g.add((by_class, RDF.type, IAC.TourismResource))
    g.add((coop, IAC.legalForm, IAC.FormCooperative))
    closure = owl_rl_closure(g)
    assert (by_category, RDF.type, IAC.ProductionTechnique) in closure
    assert (by_category, RDF.type, IAC.RegionalResource) in closure
    assert (by_class, IAC.category, IAC.CatTourism) in closure
    assert (coop, RDF.type, IAC.Cooperative) in closure
    assert (coop, RDF.type, IAC.Enterprise) not in closure
