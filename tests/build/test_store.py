"""Stores: round trips, atomic replacement, idempotent builds, bound values, errors."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

from iackg.build import build
from iackg.errors import InputError, QueryError, StoreError
from iackg.store import EmbeddedStore, open_store
from iackg.store.sparqltext import inject_values

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"
SAMPLE = Path(__file__).parents[2] / "data" / "sample"
G1 = URIRef("http://example.org/graph/one")
G2 = URIRef("http://example.org/graph/two")
EX = "http://example.org/"
HOSTILE = 'x" } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\\u0022 <>'


def sample_graph() -> Graph:
    g = Graph()
    s = URIRef(EX + "s")
    g.add((s, RDFS.label, Literal("三崎のまぐろ", lang="ja")))
    g.add((s, RDFS.label, Literal(HOSTILE)))
    g.add((s, URIRef(EX + "n"), Literal(42)))
    g.add((s, URIRef(EX + "d"), Literal("2007-08-31", datatype=XSD.date)))
    g.add((s, URIRef(EX + "b"), BNode("b0")))
    g.add((BNode("b0"), RDFS.label, Literal("blank")))
    return g


@pytest.fixture(params=["memory", "folder"])
def store(request, tmp_path):
    return open_store("memory:" if request.param == "memory" else tmp_path / "store")


def graph_of(store, name) -> Graph:
    return store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graphs=[name])


def test_round_trip(store):
    store.replace_graph(G1, sample_graph())
    assert store.graph_names() == [G1]
    assert store.count(G1) == 6
    assert isomorphic(graph_of(store, G1), sample_graph())
    rows = store.select(
        "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    )
    assert Literal(HOSTILE) in [r["l"] for r in rows]
    assert store.ask("ASK { ?s ?p 42 }")


def test_replace_graph_replaces_only_that_graph(store):
    store.replace_graph(G1, sample_graph())
    store.replace_graph(G2, [(URIRef(EX + "a"), URIRef(EX + "p"), Literal("two"))])
    store.replace_graph(G1, [(URIRef(EX + "a"), URIRef(EX + "p"), Literal("one"))])
    assert store.count(G1) == 1 and store.count(G2) == 1
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [str(r["o"]) for r in rows] == ["one", "two"]  # default graph = union


def test_failed_replace_leaves_the_graph(store):
    store.replace_graph(G1, sample_graph())

    def broken():
        yield (URIRef(EX + "a"), URIRef(EX + "p"), Literal("half"))
        raise RuntimeError("the input broke half-way")

    with pytest.raises(RuntimeError):
        store.replace_graph(G1, broken())
    assert isomorphic(graph_of(store, G1), sample_graph())


def test_bindings_are_values_not_text(store):
    store.replace_graph(G1, sample_graph())
    before = len(store.oxigraph)
    query = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    rows = store.select(query, {"label": Literal(HOSTILE)})
    assert [r["s"] for r in rows] == [URIRef(EX + "s")]
    assert store.select(query, {"label": Literal(HOSTILE + "x")}) == []
    assert len(store.oxigraph) == before
    with pytest.raises(QueryError):
        store.select(query, {"label } DROP ALL": Literal("x")})


def test_malformed_and_wrong_form_queries(store):
    with pytest.raises(QueryError, match="malformed"):
        store.select("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError):
        store.ask("SELECT * WHERE { ?s ?p ?o }")


def test_inject_values_skips_strings_iris_and_comments():
    text = (
        "PREFIX ex: <http://e/#{}> # WHERE {\n"
        "SELECT ?x WHERE { ?x ex:p \"WHERE { }\" ; ex:q '''{''' }"
    )
    out = inject_values(text, {"x": URIRef("http://e/a")})
    assert 'WHERE { VALUES (?x) { (<http://e/a>) }  ?x ex:p "WHERE { }"' in out
    assert inject_values("ASK { ?s ?p ?o }", {"s": Literal(1)}).startswith(
        'ASK { VALUES (?s) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    )


def test_missing_store_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "nothing", must_exist=True)
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="neither an iackg store"):
        open_store(tmp_path / "junk")


def quads(store) -> set:
    return {str(q) for q in store.oxigraph}


def test_build_twice_changes_nothing(tmp_path):
    location = tmp_path / "store"
    first = build([CONTRACT], location)
    snapshot = quads(first.store)
    first.store.close()
    second = build([CONTRACT], location)
    assert quads(second.store) == snapshot
    assert second.asserted == first.asserted and second.inferred == first.inferred
    generations = [p.name for p in location.iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1  # the old generation is gone


def test_failed_build_leaves_the_store_as_it_was(tmp_path):
    location = tmp_path / "store"
    built = build([CONTRACT], location)
    snapshot = quads(built.store)
    built.store.close()
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/b> ", encoding="utf-8")
    with pytest.raises(InputError):
        build([CONTRACT, broken], location, validate=False)
    assert quads(open_store(location)) == snapshot


def test_table_failing_after_another_stops_the_validation_too(tmp_path):
    """The first table has gone to the store and to the copy being validated when the second
    fails: the build raises the input error (the validating thread is told to give up, or the
    build would wait for it for ever) and leaves the store as it was."""
    location = tmp_path / "store"
    built = build([CONTRACT], location)
    snapshot = quads(built.store)
    built.store.close()
    good = SAMPLE / "designations-central.csv"
    broken = tmp_path / "designations-broken.csv"
    lines = good.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1].replace("2016-01-29", "2016-13-45")]) + "\n")
    with pytest.raises(InputError) as error:
        build([good, broken], location)
    assert error.value.problems[0].row == 2
    assert quads(open_store(location)) == snapshot


def test_failure_while_loading_leaves_the_store(tmp_path):
    """A failure in the middle of writing the new generation: store unchanged, scratch gone."""
    location = tmp_path / "store"
    store = open_store(location)
    store.replace_graph(G1, sample_graph())
    before = quads(store)
    scratch = store.scratch()

    def broken():
        yield (URIRef(EX + "a"), URIRef(EX + "p"), Literal("half"))
        raise OSError("disk full")

    with pytest.raises(StoreError):
        scratch.add_triples(G2, broken(), bulk=True)
    scratch.discard()
    assert quads(store) == before
    assert len([p for p in location.iterdir() if p.name.startswith("gen-")]) == 1


def test_install_keeps_graphs_outside_the_prefix(tmp_path):
    store = open_store(tmp_path / "store")
    store.replace_graph(URIRef("http://other.example/g"), sample_graph())
    store.replace_graph(URIRef(EX + "graph/old"), sample_graph())
    scratch = store.scratch()
    scratch.add_triples(URIRef(EX + "graph/new"), [(URIRef(EX + "a"), RDFS.label, Literal("n"))])
    store.install(scratch, prefix=EX + "graph/")
    assert store.graph_names() == [URIRef(EX + "graph/new"), URIRef("http://other.example/g")]
    store.close()
    reopened = open_store(tmp_path / "store")
    assert reopened.count(URIRef("http://other.example/g")) == 6


def test_bare_oxigraph_folder_is_used_as_is(tmp_path):
    bare = ox.Store(str(tmp_path / "bare"))
    a, p = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p")
    bare.add(ox.Quad(a, p, ox.Literal("x"), ox.NamedNode(G1)))
    bare.add(ox.Quad(a, p, ox.Literal("y"), ox.NamedNode("http://other.example/g")))
    bare.flush()
    del bare
    store = open_store(tmp_path / "bare", must_exist=True)
    assert isinstance(store, EmbeddedStore) and not store.generations
    scratch = store.scratch()
    scratch.add_triples(URIRef(EX + "graph/new"), [(URIRef(EX + "a"), RDFS.label, Literal("n"))])
    store.install(scratch, prefix=EX + "graph/")
    assert store.graph_names() == [URIRef(EX + "graph/new"), URIRef("http://other.example/g")]


def test_violations_stop_the_build_and_leave_the_store(tmp_path):
    from iackg.build import ValidationFailed

    location = tmp_path / "store"
    built = build([CONTRACT], location)
    snapshot = quads(built.store)
    built.store.close()
    bad = tmp_path / "late.ttl"
    text = CONTRACT.read_text(encoding="utf-8")
    bad.write_text(text.replace('designatedOn "2016-04-01"', 'designatedOn "2021-04-01"'), "utf-8")
    with pytest.raises(ValidationFailed) as failure:
        build([bad], location)
    assert not failure.value.report.conforms
    assert quads(open_store(location)) == snapshot


def test_values_go_into_optional_groups_only_when_asked():
    from rdflib import Literal

    from iackg.store.sparqltext import inject_values

    query = (
        'SELECT ?x ?n WHERE { ?x ?p "OPTIONAL { not a group }" '
        "OPTIONAL { ?x <urn:label> ?n FILTER(LANG(?n) = ?lang) } }"
    )
    block = 'VALUES (?lang) { ("ja") }'
    plain = inject_values(query, {"lang": Literal("ja")})
    assert plain.count(block) == 1
    both = inject_values(query, {"lang": Literal("ja")}, into_optionals=True)
    assert both.count(block) == 2
    assert f"OPTIONAL {{ {block}  ?x <urn:label>" in both
    assert '"OPTIONAL { not a group }"' in both  # strings are left alone
    # the same answers on the embedded store, with and without the extra blocks
    import pyoxigraph as ox

    store = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    label = ox.NamedNode("urn:label")
    store.add(ox.Quad(s, p, ox.Literal("OPTIONAL { not a group }")))
    store.add(ox.Quad(s, label, ox.Literal("名前", language="ja")))
    store.add(ox.Quad(s, label, ox.Literal("name", language="en")))

    def rows(text):
        return sorted(str(r["n"]) for r in store.query(text))

    assert rows(plain) == rows(both) == ['"名前"@ja']


def test_query_rows_convert_each_term_as_the_plain_conversion_does():
    """`memo_to_rdflib` reuses IRIs and typed literals: the rows must equal term for term (and
    in kind, datatype and language) what `to_rdflib` gives for each value alone."""
    import pyoxigraph as ox

    from iackg.store.terms import memo_to_rdflib, to_rdflib

    xsd = "http://www.w3.org/2001/XMLSchema#"
    terms = [
        ox.NamedNode("https://w3id.org/iackg/id/resource/13-1"),
        ox.BlankNode("b0"),
        ox.Literal("富山", language="ja"),
        ox.Literal("plain"),
        ox.Literal("2008-03-01", datatype=ox.NamedNode(xsd + "date")),
        ox.Literal("01", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")),  # same value, another term
        ox.Literal("1", datatype=ox.NamedNode(xsd + "decimal")),  # same form, another type
        ox.Literal("none", datatype=ox.NamedNode(xsd + "boolean")),  # ill-typed, kept as written
        None,
    ]
    convert = memo_to_rdflib()
    for _ in range(2):  # the second round comes from the memo
        for term in terms:
            got, expected = convert(term), to_rdflib(term)
            assert got == expected and type(got) is type(expected), term
            if expected is not None and hasattr(expected, "datatype"):
                assert (got.datatype, got.language, str(got)) == (
                    expected.datatype,
                    expected.language,
                    str(expected),
                )
