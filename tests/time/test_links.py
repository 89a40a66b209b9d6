"""`iackg link --wikidata`: links from a reconciliation result, with their provenance."""

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import VOID

from iackg.build import build
from iackg.cli import main

ID = "https://w3id.org/iackg/id/"
A = ID + "resource/16-aaaa"
B = ID + "resource/16-bbbb"


def test_links_from_an_openrefine_export(tmp_path, capsys):
    table = tmp_path / "reconciled.csv"
    table.write_text(
        "名称,iackg,wikidata\n"
        f"黒部丸いも,{A},Q123\n"
        f"富山A柿,{B},http://www.wikidata.org/entity/Q456\n"
        f"未照合,{ID}resource/16-cccc,\n",
        encoding="utf-8",
    )
    out = tmp_path / "links.ttl"
    assert main(["link", "--wikidata", str(table), "-o", str(out)]) == 0
    assert "2 Wikidata link(s)" in capsys.readouterr().err
    graph = Graph().parse(out)
    links = Graph()
    for triple in graph.triples((None, SKOS.closeMatch, None)):
        links.add(triple)
    expected = Graph()
    expected.add((URIRef(A), SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q123")))
    expected.add((URIRef(B), SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q456")))
    assert isomorphic(links, expected)
    (linkset,) = graph.subjects(RDF.type, VOID.Linkset)
    assert graph.value(linkset, VOID.triples) == Literal(2)
    assert str(graph.value(linkset, URIRef("http://purl.org/dc/terms/source"))) == "reconciled.csv"
    # the Turtle loads with the tables
    assert build([out], "memory:", validate=False).store.ask(
        "ASK { ?r <http://www.w3.org/2004/02/skos/core#closeMatch> ?q }"
    )


def test_a_bad_qid_or_a_foreign_iri_is_refused(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"iackg,wikidata\n{A},Q12x\n", encoding="utf-8")
    assert main(["link", "--wikidata", str(bad)]) == 2
    assert "Wikidata ids" in capsys.readouterr().err
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("iri,wikidata\nhttps://example.org/x,Q1\n", encoding="utf-8")
    assert main(["link", "--wikidata", str(foreign)]) == 2
    assert "our IRIs" in capsys.readouterr().err
    assert main(["link", "--wikidata", str(tmp_path / "missing.csv")]) == 2


def test_a_wikidata_column_in_the_designations_table(tmp_path, capsys):
    # Q999999991 is a made-up id: the loader checks the form, never the network
    table = tmp_path / "designations.csv"
    table.write_text(
        "prefecture,category,name,municipalities,designated_on,wikidata\n"
        "16,agricultural,黒部丸いも,黒部市,2019-05-17,Q999999991\n",
        encoding="utf-8",
    )
    store = build([table], "memory:", validate=False).store
    assert store.ask(
        "ASK { ?r <http://www.w3.org/2000/01/rdf-schema#label> '黒部丸いも'@ja ; "
        "<http://www.w3.org/2004/02/skos/core#closeMatch> "
        "<http://www.wikidata.org/entity/Q999999991> }"
    )
    table.write_text(
        "prefecture,category,name,municipalities,designated_on,wikidata\n"
        "16,agricultural,黒部丸いも,黒部市,2019-05-17,黒部\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(table), "-o", str(tmp_path / "out.nq")]) == 2
    assert "designations.csv:2 [wikidata" in capsys.readouterr().err


def test_gi_and_trademark_columns_as_prefectures_write_them(tmp_path, capsys):
    # made-up registration numbers (fixtures): the loader checks the form, never the network
    table = tmp_path / "designations.csv"
    table.write_text(
        "都道府県,区分,名称,関連市町村,指定日,GI登録番号,地域団体商標登録番号\n"
        "16,農林水産物,黒部丸いも,黒部市,2019-05-17,第１６８号,登録第５０１２３４５号\n"
        "16,農林水産物,富山A柿,富山市,2019-05-17,,\n",
        encoding="utf-8",
    )
    store = build([table], "memory:", validate=False).store
    rows = store.select(
        "SELECT ?match ?number WHERE { ?r <http://www.w3.org/2000/01/rdf-schema#label> "
        "'黒部丸いも'@ja ; <http://www.w3.org/2004/02/skos/core#exactMatch> ?match ; "
        "<https://w3id.org/iackg/ontology#regionalTrademarkNumber> ?number }"
    )
    assert [(str(r["match"]), str(r["number"])) for r in rows] == [
        ("https://www.maff.go.jp/j/shokusan/gi_act/register/0168/index.html", "5012345")
    ]
    assert not store.ask(
        "ASK { ?r <http://www.w3.org/2000/01/rdf-schema#label> '富山A柿'@ja ; "
        "<http://www.w3.org/2004/02/skos/core#exactMatch> ?m }"
    )


def test_a_bad_registration_number_names_row_and_column(tmp_path, capsys):
    table = tmp_path / "designations.csv"
    for column, value in (("gi_number", "GI-abc"), ("trademark_number", "50123")):
        table.write_text(
            f"prefecture,category,name,municipalities,designated_on,{column}\n"
            f"16,agricultural,黒部丸いも,黒部市,2019-05-17,{value}\n",
            encoding="utf-8",
        )
        out = tmp_path / "out.nq"
        assert main(["ingest", str(table), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"designations.csv:2 [{column}" in err and "registration number" in err
        assert not out.exists()  # nothing half-written


def _published(tmp_path, table_text: str):
    """The publication of a designations table (built without validation)."""
    from iackg.publish.publication import publish

    table = tmp_path / "designations.csv"
    table.write_text(table_text, encoding="utf-8")
    store = build([table], "memory:", validate=False).store
    site = tmp_path / "site"
    publish(store, site, base="https://w3id.org/iackg", modified="2026-11-28")
    return site


def test_links_out_are_counted_in_void_linksets(tmp_path):
    site = _published(
        tmp_path,
        "prefecture,category,name,municipalities,designated_on,gi_number,wikidata\n"
        "16,agricultural,黒部丸いも,黒部市,2019-05-17,168,Q999999991\n"
        "16,agricultural,富山A柿,富山市,2019-05-17,第12号,\n",
    )
    void = Graph().parse(site / "void.ttl")
    dataset = URIRef("https://w3id.org/iackg/void.ttl#dataset")
    counts = {}
    for linkset in void.subjects(RDF.type, VOID.Linkset):
        assert (dataset, VOID.subset, linkset) in void
        assert (linkset, VOID.subjectsTarget, dataset) in void
        predicate = void.value(linkset, VOID.linkPredicate)
        counts[str(void.value(linkset, VOID.objectsTarget)), str(predicate)] = int(
            void.value(linkset, VOID.triples)
        )
    gi = "https://www.maff.go.jp/j/shokusan/gi_act/register/index.html"
    assert counts[gi, str(SKOS.exactMatch)] == 2
    assert counts["http://www.wikidata.org/", str(SKOS.closeMatch)] == 1
    # the reference data links the 47 prefectures to Wikidata with schema:sameAs
    assert counts["http://www.wikidata.org/", "https://schema.org/sameAs"] == 47


def test_resource_pages_name_the_registers_they_link_to(tmp_path):
    site = _published(
        tmp_path,
        "prefecture,category,name,municipalities,designated_on,gi_number,trademark_number,"
        "wikidata\n16,agricultural,黒部丸いも,黒部市,2019-05-17,168,5012345,Q999999991\n",
    )
    page = next(
        p for p in (site / "doc" / "resource").glob("*.html") if "黒部丸いも" in p.read_text()
    )
    html = page.read_text()
    section = html[html.index("Links to other registers") :]
    assert (
        '<a href="https://www.maff.go.jp/j/shokusan/gi_act/register/0168/index.html">'
        "地理的表示(GI)登録 第168号 MAFF geographical indication No. 168</a>" in section
    )
    assert '<a href="http://www.wikidata.org/entity/Q999999991">' in section
    assert "地域団体商標 登録第5012345号 Regional collective trademark No. 5012345" in section
