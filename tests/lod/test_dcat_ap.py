"""The published catalogue and VoID description pass the DCAT-AP 3.0.0 SHACL shapes (core and
ranges, vendored in `dcat-ap-3/` with their licence) with zero violations, and carry what a
harvester needs: contact point, themes, catalogue dates, the endpoint as a data service, typed
media types, checksums and licences, one VoID subset per named graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD

from iackg.publish.publication import publish

SHAPES = Path(__file__).parent / "dcat-ap-3"
BASE = "https://w3id.org/iackg"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ENDPOINT = "https://example.org/iackg/sparql"


@pytest.fixture(scope="module")
def site(store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dcat") / "out"
    publish(store, out, base=BASE, modified="2026-11-28", issued="2026-04-01", endpoint=ENDPOINT)
    return out


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES / "shapes.ttl").parse(SHAPES / "range.ttl")


def violations(data: Graph, shapes: Graph) -> list[str]:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) == SH.Violation:
            found.append(
                f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                f"{report.value(result, SH.resultMessage)}"
            )
    return sorted(found)


def test_catalogue_has_no_dcat_ap_violation(site, shapes):
    catalog = Graph().parse(site / "catalog.ttl")
    assert violations(catalog, shapes) == []


def test_the_shapes_do_catch_an_untyped_licence(site, shapes):
    # The check is real: the catalogue as iackg wrote it before (a licence IRI without its
    # dct:LicenseDocument class, a byte size as xsd:nonNegativeInteger) is refused.
    catalog = Graph().parse(site / "catalog.ttl")
    catalog.remove((None, RDF.type, DCTERMS.LicenseDocument))
    dist = next(catalog.subjects(RDF.type, DCAT.Distribution))
    catalog.set((dist, DCAT.byteSize, Literal(5, datatype=XSD.nonNegativeInteger)))
    found = violations(catalog, shapes)
    assert any("license" in v for v in found) and any("byteSize" in v for v in found)


def test_catalogue_tells_a_harvester_what_it_needs(site):
    g = Graph().parse(site / "catalog.ttl")
    catalog = next(g.subjects(RDF.type, DCAT.Catalog))
    dataset = next(g.subjects(RDF.type, DCAT.Dataset))
    assert g.value(catalog, DCTERMS.issued) == Literal("2026-04-01", datatype=XSD.date)
    assert g.value(catalog, DCTERMS.modified) == Literal("2026-11-28", datatype=XSD.date)
    contact = g.value(dataset, DCAT.contactPoint)
    assert contact is not None and (contact, None, None) in g
    themes = set(g.objects(dataset, DCAT.theme))
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON") in themes
    service = next(g.subjects(RDF.type, DCAT.DataService))
    assert g.value(service, DCAT.endpointURL) == URIRef(ENDPOINT)
    assert g.value(service, DCAT.servesDataset) == dataset
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        media = g.value(dist, DCAT.mediaType)
        if media is None:
            continue  # the endpoint's distribution
        assert str(media).startswith("http://www.iana.org/assignments/media-types/")
        assert (media, RDF.type, DCTERMS.MediaType) in g
        checksum = g.value(dist, SPDX.checksum)
        assert (checksum, RDF.type, SPDX.Checksum) in g
        assert g.value(checksum, SPDX.checksumValue).datatype == XSD.hexBinary


def test_void_has_one_subset_per_named_graph(site, store):
    void = Graph().parse(site / "void.ttl")
    dataset = URIRef(f"{BASE}/void.ttl#dataset")
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    expected = {str(r["g"]): int(r["n"]) for r in rows}
    subsets = {
        str(void.value(part, SD.name)): int(void.value(part, VOID.triples))
        for part in void.objects(dataset, VOID.subset)
        if (part, RDF.type, VOID.Linkset) not in void  # linksets are subsets too (docs/links.md)
    }
    assert subsets == expected
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    assert len(dumps) == 12 and any(d.endswith(".nq.gz") for d in dumps)
