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
