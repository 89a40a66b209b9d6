"""The bundled sample loads cleanly and obeys the Act's rules (issue 4's list), checked here
directly on the loaded graph so a bad sample row cannot wait for the validator to be noticed."""

import datetime as dt
from pathlib import Path

import pytest
from rdflib import RDF, Literal

from iackg.ingest import ingest_files
from iackg.ingest.values import corporate_number_ok
from iackg.paths import bundled
from iackg.vocab import IAC

SME = {
    IAC.SectorManufacturing: (300_000_000, 300),
    IAC.SectorWholesale: (100_000_000, 100),
    IAC.SectorRetail: (50_000_000, 50),
    IAC.SectorServices: (50_000_000, 100),
}
ACT = (dt.date(2007, 6, 29), dt.date(2020, 9, 30))
ACTIVITY = {
    IAC.ActivityProducts: {IAC.CatAgricultural, IAC.CatIndustrial},
    IAC.ActivityTechnique: {IAC.CatTechnique},
    IAC.ActivityTourism: {IAC.CatTourism},
}


@pytest.fixture(scope="module")
def sample():
    folder = bundled("data") / "sample"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
    result = ingest_files(files)
    graph = result.sources[0].graph
    for source in result.sources[1:]:
        graph = graph + source.graph
    return result, graph


def years(start: dt.date, end: dt.date) -> float:
    return ((end - start).days + 1) / 365.25


def test_sample_loads_without_problems(sample):
    result, _ = sample
    assert result.problems == []
    kinds = sorted(s.kind for s in result.sources)
    assert kinds.count("designations") >= 3 and "plans" in kinds and "enterprises" in kinds
    assert {s.encoding for s in result.sources} >= {"cp932", "utf-8", "xlsx"}


def test_every_example_resource_is_in_the_sample_with_its_note(sample):
    import csv

    _, g = sample
    notes = {str(o) for o in g.objects(None, None) if isinstance(o, Literal)}
    path = bundled("data") / "sample" / "SOURCE.md"
    assert "illustrative" in path.read_text(encoding="utf-8").lower()
    labels = {
        str(o) for o in g.objects(None, None) if isinstance(o, Literal) and o.language == "ja"
    }
    example = Path(__file__).parent / "data" / "example-resources.csv"  # shared/reference copy
    rows = list(csv.DictReader(example.open(encoding="utf-8")))
    assert len(rows) == 38
    for row in rows:
        assert row["name_ja"] in labels
        assert any(n.startswith(row["note_source"]) for n in notes)


def test_designations_obey_the_act(sample):
    _, g = sample
    for d in g.subjects(RDF.type, IAC.Designation):
        day = g.value(d, IAC.designatedOn).toPython()
        assert ACT[0] <= day <= ACT[1]
        direct = (d, RDF.type, IAC.DirectDesignation) in g
        assert direct == (day >= dt.date(2015, 8, 10))
        assert direct or g.value(d, IAC.underBasicConcept) is not None
    for t in g.subjects(RDF.type, IAC.ProductionTechnique):
        product = g.value(t, IAC.producesProduct)
        assert (product, RDF.type, IAC.IndustrialProduct) in g


def test_plans_obey_the_act(sample):
    _, g = sample
    plans = set(g.subjects(RDF.type, IAC.BusinessPlan)) | set(
        g.subjects(RDF.type, IAC.SupportProjectPlan)
    )
    assert len(plans) >= 12
    designated = {
        g.value(d, IAC.designates): g.value(d, IAC.designatedOn).toPython()
        for d in g.subjects(RDF.type, IAC.Designation)
    }
    joint = cross = 0
    for plan in plans:
        cert = next(g.subjects(IAC.certifies, plan))
        certified = g.value(cert, IAC.certifiedOn).toPython()
        start, end = (g.value(plan, p).toPython() for p in (IAC.validFrom, IAC.validUntil))
        assert ACT[0] <= certified <= ACT[1]
        assert 3 <= round(years(start, end), 2) <= 5, plan
        resources = set(g.objects(plan, IAC.usesResource))
        assert resources
        for r in resources:
            assert designated[r] <= certified, (plan, r)
        activity = g.value(plan, IAC.activityType)
        if activity is not None:
            assert {g.value(r, IAC.category) for r in resources} <= ACTIVITY[activity]
        pref = g.value(plan, IAC.planPrefecture)
        cross += any(str(r).split("/")[-1][:2] != str(pref)[-2:] for r in resources)
        applicants = set(g.objects(plan, IAC.applicant))
        joint += len(applicants) > 1
        for a in applicants:
            if (plan, RDF.type, IAC.SupportProjectPlan) in g:
                assert g.value(a, IAC.legalForm) in (
                    IAC.FormGeneralAssociation,
                    IAC.FormGeneralFoundation,
                    IAC.FormNPO,
                )
                assert certified >= dt.date(2015, 8, 10)
                continue
            if (a, RDF.type, IAC.Cooperative) in g:
                continue
            capital_limit, employee_limit = SME[g.value(a, IAC.industrySector)]
            capital, employees = g.value(a, IAC.capitalYen), g.value(a, IAC.employees)
            assert (capital is not None and capital.toPython() <= capital_limit) or (
                employees is not None and employees.toPython() <= employee_limit
            ), a
        assert g.value(cert, IAC.certifiedBy) is not None
    assert joint >= 1 and cross >= 1
    assert {g.value(p, IAC.activityType) for p in plans} >= set(ACTIVITY)
    assert {g.value(p, IAC.planStyle) for p in plans} >= {IAC.StyleDevelopment, IAC.StyleDemand}
    assert any((p, RDF.type, IAC.SupportProjectPlan) in g for p in plans)


def test_sample_breaks_no_rule_of_the_act(sample, check_act):
    _, g = sample
    assert check_act(g) == set()


def test_corporate_numbers_are_valid_and_everything_made_up_is_marked(sample):
    _, g = sample
    numbers = list(g.objects(None, IAC.corporateNumber))
    assert numbers and all(corporate_number_ok(str(n)) for n in numbers)
    for kind in (IAC.Organization, IAC.BusinessPlan, IAC.SupportProjectPlan, IAC.Certification):
        for node in g.subjects(RDF.type, kind):
            assert g.value(node, IAC.illustrative) == Literal(True), node


def test_every_reference_node_the_sample_points_at_exists(sample):
    from iackg.iris import Minter
    from iackg.reference import reference_graph

    _, g = sample
    known = set(reference_graph(Minter()).subjects())
    for p in (
        IAC.underBasicConcept,
        IAC.coversMunicipality,
        IAC.designatedBy,
        IAC.locatedIn,
        IAC.certifiedBy,
        IAC.legalBasis,
        IAC.planPrefecture,
    ):
        for node in g.objects(None, p):
            assert node in known, (p, node)
