"""A final ORDER BY of plain variables is sorted by the embedded folder store itself
(`iackg.store.ordering`): the rows and their order must be the engine's own, up to the order
of rows that tie (which SPARQL leaves open), and anything whose order is not certain is left
to the engine."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from iackg import queries
from iackg.build import build
from iackg.store import EmbeddedStore
from iackg.store.ordering import sort_rows, split_order
from iackg.store.sparqltext import inject_values
from iackg.store.terms import to_rdflib
from iackg.synth import generate

XSD = "http://www.w3.org/2001/XMLSchema#"


def _engine_rows(store: EmbeddedStore, text: str) -> list[dict]:
    """The rows as Oxigraph itself sorts them."""
    result = store.oxigraph.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: to_rdflib(v) for n, v in zip(names, s, strict=True)} for s in result]


def _same_up_to_ties(ours: list[dict], engine: list[dict], keys: list[str]) -> None:
    assert [[r[k] for k in keys] for r in ours] == [[r[k] for k in keys] for r in engine]
    assert sorted(map(repr, ours)) == sorted(map(repr, engine))


@pytest.fixture(scope="module")
def national_shaped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ordering")
    generate(folder / "tables", scale=0.2, seed=5)
    tables = sorted(p for p in (folder / "tables").iterdir() if p.suffix in (".csv", ".xlsx"))
    return build(tables, folder / "store", validate=False).store


GIVEN = {"as_of": "2012-04-01", "from": "2008-01-01", "to": "2016-03-31", "name": "焼"}


@pytest.mark.parametrize("name", sorted(queries.library()))
def test_every_library_query_keeps_the_engines_order(national_shaped, name):
    query = queries.get(name)
    values = {p.name: GIVEN[p.name] for p in query.params if p.name in GIVEN}
    bindings = query.bindings(values, minter=None)
    text = inject_values(query.text, bindings) if bindings else query.text
    split = split_order(query.text)
    ours = national_shaped.select(query.text, bindings)
    engine = _engine_rows(national_shaped, text)
    keys = [variable for variable, _ in split[1]] if split else []
    _same_up_to_ties(ours, engine, keys)
    names, rows = national_shaped._solutions_of(split[0], bindings, None)
    assert sort_rows(names, rows, split[1])  # sorted here, not left to the engine


def test_the_library_queries_that_sort_are_sorted_here():
    """Every library query ends in an ORDER BY of plain variables (the case this is for)."""
    assert all(split_order(q.text) for q in queries.library().values())


@pytest.fixture
def small(tmp_path):
    store = EmbeddedStore(tmp_path / "store")  # on disk: in memory the engine sorts
    p, q = ox.NamedNode("http://e/p"), ox.NamedNode("http://e/q")
    graph = ox.NamedNode("http://e/g")
    values = [
        ox.NamedNode("http://e/b"),
        ox.NamedNode("http://e/a"),
        ox.Literal("10", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("9", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer")),
    ]
    quads = [ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, v, graph) for i, v in enumerate(values)]
    quads.append(ox.Quad(ox.NamedNode("http://e/s9"), q, ox.Literal("x"), graph))  # no ?o
    for i, (text, lang) in enumerate([("b", "ja"), ("a", "en"), ("a", "ja"), ("あ", "ja")]):
        quads.append(ox.Quad(ox.NamedNode(f"http://e/l{i}"), ox.NamedNode("http://e/label"),
                             ox.Literal(text, language=lang), graph))  # fmt: skip
    store.add_quads(quads)
    return store


SMALL = "SELECT ?s ?o WHERE { ?s ?any ?x OPTIONAL { ?s <http://e/p> ?o } }"


@pytest.mark.parametrize(
    "order",
    ["?o ?s", "DESC(?o) ?s", "ASC(?o) DESC(?s)", "?s"],
)
def test_unbound_iris_and_integers_in_sparql_order(small, order):
    text = f"{SMALL} ORDER BY {order}"
    ours = small.select(text)
    engine = _engine_rows(small, text)
    assert ours == engine
    ascending = [r["o"] for r in small.select(f"{SMALL} ORDER BY ?o ?s")]
    assert ascending[:5] == [None] * 5  # unbound first (s9 and the labels' subjects)
    assert [str(v) for v in ascending[5:]] == ["http://e/a", "http://e/b", "-3", "9", "10"]


def test_language_tagged_strings_by_text_then_tag(small):
    text = "SELECT ?l ?s WHERE { ?s <http://e/label> ?l } ORDER BY ?l"
    ours = small.select(text)
    assert ours == _engine_rows(small, text)
    assert [(str(r["l"]), r["l"].language) for r in ours] == [
        ("a", "en"), ("a", "ja"), ("b", "ja"), ("あ", "ja")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3",  # LIMIT after it
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s OFFSET 1",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY STR(?s)",  # an expression
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }",  # inside
        "SELECT ?s WHERE { ?s ?p ?o } # ORDER BY ?s",  # a comment
        'SELECT ?s WHERE { ?s ?p "ORDER BY ?s" }',  # a string
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY",  # broken: the engine says so
        "SELECT ?s WHERE { ?s ?p \\u003Fo } ORDER BY ?s",  # an escape
    ],
)
def test_what_is_not_a_final_order_of_variables_is_left_to_the_engine(text):
    assert split_order(text) is None


def test_a_mix_of_literal_kinds_or_an_unreturned_variable_is_sorted_by_the_engine(small):
    mixed = "SELECT ?o WHERE { ?s ?any ?o } ORDER BY ?o"  # strings, integers, language tags
    hidden = "SELECT ?s WHERE { ?s <http://e/p> ?o } ORDER BY DESC(?o)"
    for text in (mixed, hidden):
        head, conditions = split_order(text) or ("", [])
        names, rows = small._solutions_of(head, None, None)
        assert conditions and not sort_rows(names, rows, conditions)  # not sorted here
        assert small.select(text) == _engine_rows(small, text)


def test_a_syntax_error_is_still_reported(small):
    from iackg.errors import QueryError

    with pytest.raises(QueryError):
        small.select("SELECT ?s WHERE { ?s ?p } ORDER BY ?s")
