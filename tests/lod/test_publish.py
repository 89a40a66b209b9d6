"""`iackg publish`: dumps equal the store, VoID and DCAT tell the truth, pages are complete,
escaped and linked, and the output is the same bytes every time."""

from __future__ import annotations

import gc
import gzip
import hashlib
import html.parser
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lod_support import fill, plain_graph
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from iackg.cli import main
from iackg.publish.publication import publish
from iackg.store import open_store

BASE = "https://w3id.org/iackg"
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IAC = Namespace("https://w3id.org/iackg/ontology#")
ALL = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def site(store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    publish(
        store,
        out,
        base=BASE,
        modified="2026-11-28",
        issued="2026-04-01",
        endpoint="https://example.org/iackg/sparql",
    )
    return out


def store_graph(store, layer: str) -> Graph:
    graph = Graph()
    for row in store.select(ALL):
        g = str(row["g"])
        this = (
            "inferred"
            if g.endswith("/graph/inferred")
            else "ontology"
            if g.endswith("/graph/ontology")
            else "asserted"
        )
        if this == layer:
            graph.add((row["s"], row["p"], row["o"]))
    return graph


@pytest.mark.parametrize("layer", ["asserted", "ontology", "inferred"])
def test_dumps_equal_the_store(site, store, layer):
    expected = plain_graph(store_graph(store, layer))
    ttl = Graph().parse(site / "dumps" / f"{layer}.ttl", format="turtle")
    nt = Graph().parse(
        data=gzip.decompress((site / "dumps" / f"{layer}.nt.gz").read_bytes()), format="nt"
    )
    context = json.loads((site / "context.jsonld").read_text())["@context"]
    doc = json.loads((site / "dumps" / f"{layer}.jsonld").read_text())
    assert doc["@context"] == "../context.jsonld"
    doc["@context"] = context  # the published context, inlined so no fetching is needed
    jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    for graph in (ttl, nt, jsonld):
        assert isomorphic(plain_graph(graph), expected)


def test_nquads_keep_the_named_graphs(site, store):
    dataset = Dataset()
    dataset.parse(
        data=gzip.decompress((site / "dumps" / "asserted.nq.gz").read_bytes()), format="nquads"
    )
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert f"{BASE}/graph/source/contract-example" in names
    assert f"{BASE}/graph/source/hostile" in names
    assert f"{BASE}/graph/ontology" not in names


def test_void_statistics_are_true(site, store):
    void = Graph().parse(site / "void.ttl")
    ds = URIRef("https://w3id.org/iackg/void.ttl#dataset")
    total = len({(r["s"], r["p"], r["o"]) for r in store.select(ALL)})
    assert int(void.value(ds, VOID.triples)) == total
    entities = {r["s"] for r in store.select(ALL) if str(r["s"]).startswith(f"{BASE}/id/")}
    assert int(void.value(ds, VOID.entities)) == len(entities)
    resources = len(
        store.select(
            "SELECT DISTINCT ?r WHERE { ?r a <https://w3id.org/iackg/ontology#RegionalResource> }"
        )
    )
    partitions = {
        void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
        for p in void.objects(ds, VOID.classPartition)
    }
    assert partitions[IAC.RegionalResource] == resources >= 5
    props = {
        void.value(p, VOID.property): int(void.value(p, VOID.triples))
        for p in void.objects(ds, VOID.propertyPartition)
    }
    designated = store.select(
        "SELECT ?d ?p WHERE { ?d <https://w3id.org/iackg/ontology#designatedBy> ?p }"
    )
    assert props[IAC.designatedBy] == len(designated) >= 2
    dumps = {str(d) for d in void.objects(ds, VOID.dataDump)}
    assert f"{BASE}/dumps/asserted.nt.gz" in dumps and len(dumps) == 12
    assert void.value(ds, VOID.sparqlEndpoint) == URIRef("https://example.org/iackg/sparql")


def test_dcat_catalogue(site):
    dcat = Graph().parse(site / "catalog.ttl")
    ds = URIRef("https://w3id.org/iackg/void.ttl#dataset")
    assert (ds, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in dcat
    titles = {t.language for t in dcat.objects(ds, DCTERMS.title)}
    descriptions = {t.language for t in dcat.objects(ds, DCTERMS.description)}
    assert titles == descriptions == {"ja", "en"}
    assert dcat.value(ds, DCTERMS.issued) == Literal("2026-04-01", datatype=XSD.date)
    assert dcat.value(ds, DCTERMS.modified) == Literal("2026-11-28", datatype=XSD.date)
    assert dcat.value(ds, DCTERMS.publisher) is not None
    downloads = 0
    for dist in dcat.objects(ds, DCAT.distribution):
        url = dcat.value(dist, DCAT.downloadURL)
        if url is None:
            assert dcat.value(dist, DCAT.accessService) is not None  # the SPARQL endpoint
            continue
        downloads += 1
        path = site / str(url)[len(BASE) + 1 :]
        data = path.read_bytes()
        assert int(dcat.value(dist, DCAT.byteSize)) == len(data)
        checksum = dcat.value(dist, SPDX.checksum)
        assert str(dcat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        media = str(dcat.value(dist, DCAT.mediaType))
        assert media.startswith("http://www.iana.org/assignments/media-types/")  # as DCAT-AP
        assert {t.language for t in dcat.objects(dist, DCTERMS.title)} == {"ja", "en"}
    assert downloads == 12
    doc = json.loads((site / "catalog.jsonld").read_text())
    doc["@context"] = json.loads((site / "context.jsonld").read_text())["@context"]
    as_jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert isomorphic(plain_graph(as_jsonld), plain_graph(dcat))


def test_attribution_credits_the_sources(site):
    text = (site / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "出典：「designations-kanagawa.csv」を加工して作成" in text
    assert "CC BY 4.0" in text
    dcat = Graph().parse(site / "catalog.ttl")
    rights = str(dcat.value(URIRef("https://w3id.org/iackg/void.ttl#dataset"), DCTERMS.rights))
    assert "designations-kanagawa.csv" in rights


@pytest.mark.parametrize(
    "kind, cls",
    [
        ("resource", "RegionalResource"),
        ("plan", "BusinessPlan"),
        ("enterprise", "Enterprise"),
        ("prefecture", "Prefecture"),
        ("municipality", "Municipality"),
    ],
)
def test_one_page_per_thing_with_turtle_and_jsonld(site, store, kind, cls):
    things = [r["x"] for r in store.select(f"SELECT DISTINCT ?x WHERE {{ ?x a <{IAC[cls]}> }}")]
    assert things
    for iri in things:
        key = str(iri).rsplit("/", 1)[1]
        page = (site / "doc" / kind / f"{key}.html").read_text(encoding="utf-8")
        for label in store.select(
            "SELECT ?x ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }", {"x": iri}
        ):
            assert html.escape(str(label["l"]), quote=True) in page
        ttl = Graph().parse(site / "doc" / kind / f"{key}.ttl")
        assert (iri, RDF.type, IAC[cls]) in ttl
        doc = json.loads((site / "doc" / kind / f"{key}.jsonld").read_text())
        assert doc["@context"] == "../../context.jsonld"


def test_pages_show_inverse_links_and_provenance(site):
    page = (site / "doc" / "resource" / "14-0123456789.html").read_text(encoding="utf-8")
    assert 'href="../../doc/designation/14-0123456789.html"' in page  # inverse: designated by
    assert 'href="../../doc/plan/14-K-2008-001.html"' in page  # inverse: the plan using it
    assert "行 row 2" in page  # provenance: the source row


def test_hostile_names_are_escaped_everywhere(site):
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert 'href="javascript:' not in text.lower(), path


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def test_every_relative_link_resolves(site):
    checked = 0
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#"):
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(site)} links to missing {href}"
            if parts.fragment and target.name == "ontology.html":
                assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), href
            checked += 1
    assert checked > 100


def test_index_has_counts_and_category_map(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "分類マップ Category map" in text and ">神奈川県</a>" in text
    assert 'href="doc/prefecture/14.html"' in text
    assert 'href="doc/resource.html"' in text


def test_ontology_page_documents_every_term_in_both_languages(site, store):
    text = (site / "ontology.html").read_text(encoding="utf-8")
    terms = store.select(
        "SELECT DISTINCT ?t WHERE { { ?t a ?k } "
        "VALUES ?k { <http://www.w3.org/2002/07/owl#Class> "
        "<http://www.w3.org/2002/07/owl#ObjectProperty> "
        "<http://www.w3.org/2002/07/owl#DatatypeProperty> } "
        "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/iackg/ontology#')) }"
    )
    assert terms
    for row in terms:
        local = str(row["t"]).split("#")[1]
        assert f'id="{local}"' in text
    assert "地域産業資源" in text and "regional industrial resource" in text
    assert "定義域 Domain" in text and "値域 Range" in text


def test_server_config_files(site):
    # What they do is tested against real Apache and nginx in test_webservers.py; here: they are
    # written, and every document has its Apache type map.
    assert "R=303" in (site / ".htaccess").read_text()
    directives = [line.split()[0] for line in (site / ".htaccess").read_text().splitlines() if line]
    assert "Options" not in directives  # not allowed under AllowOverride FileInfo
    assert "return 303 /doc/$1/$2" in (site / "nginx.conf").read_text()
    assert "export default" in (site / "nginx-conneg.js").read_text()
    pages = sorted((site / "doc").glob("*/*.html"))
    assert pages and all(p.with_suffix(".var").is_file() for p in pages)


SCRIPT = """
import sys
sys.path.insert(0, {support!r})
from lod_support import fill
from iackg.store import open_store
from iackg.publish.publication import publish
store = open_store("memory:")
fill(store)
publish(store, sys.argv[1], base="https://w3id.org/iackg", modified="2026-11-28")
"""


def test_output_is_deterministic_across_hash_seeds(tmp_path):
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": os.pathsep.join(
                [str(Path(__file__).parents[2] / "src"), os.environ.get("PYTHONPATH", "")]
            ),
        }
        script = SCRIPT.format(support=str(Path(__file__).parent))
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, timeout=60)
        digests.append(
            {
                str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        )
    assert digests[0] == digests[1]
    assert len(digests[0]) > 50


def test_cli_refuses_a_non_empty_folder_unless_forced(tmp_path, capsys):
    folder = tmp_path / "store"
    store = open_store(folder)
    fill(store)
    store.close()
    del store
    gc.collect()
    out = tmp_path / "site"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    assert main(["publish", str(out), "--store", str(folder)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (
        main(["publish", str(out), "--store", str(folder), "--force", "--modified", "2026-11-28"])
        == 0
    )
    assert (out / "mine.txt").read_text() == "keep me"  # not ours: never deleted
    assert (out / "index.html").is_file()
    assert main(["publish", str(out), "--store", str(folder), "--modified", "yesterday"]) == 2
    assert main(["publish", str(tmp_path / "x"), "--store", str(tmp_path / "none")]) == 2
