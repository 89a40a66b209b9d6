"""iackg.notebook: library queries and own SPARQL as typed DataFrames with labels; networks;
maps."""

from __future__ import annotations

import sys

import networkx as nx
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD

import iackg.notebook as ik
from iackg import queries
from iackg.errors import IackgError, UsageError
from iackg.report.japan_map import NO_DATA

KANAGAWA = "https://w3id.org/iackg/id/prefecture/14"


@pytest.fixture(scope="module")
def store():
    return ik.sample()


def label_of(store, iri: str, lang: str) -> str:
    rows = store.select(
        "SELECT ?l WHERE { ?s ?p ?l FILTER(LANG(?l) = ?lang) }",
        {"s": URIRef(iri), "p": RDFS.label, "lang": Literal(lang)},
    )
    return str(rows[0]["l"])


def test_library_listing_names_every_query():
    table = ik.queries()
    assert list(table["name"]) == sorted(queries.library())
    assert table.loc[table["name"] == "resource-search", "params"].item().startswith("name (")


def test_library_query_gives_typed_columns_and_labels(store):
    table = ik.query(store, "resources-per-prefecture", lang="en")
    assert str(table["resources"].dtype) == "Int64"
    assert str(table["category"].dtype) == "string"
    # the label column sits right after its IRI column and holds the store's label
    columns = list(table.columns)
    assert columns[columns.index("category") + 1] == "category_label"
    row = table.iloc[0]
    assert row["category_label"] == label_of(store, row["category"], "en")
    # the query returns prefectureName itself: no second label column for prefecture
    assert "prefecture_label" not in columns
    embedded = queries.get("resources-per-prefecture").run(store, lang="en")
    assert int(table["resources"].sum()) == sum(int(r["resources"]) for r in embedded)


def test_parameters_are_bound_by_keyword(store):
    everywhere = ik.query(store, "resources-per-prefecture")
    kanagawa = ik.query(store, "resources-per-prefecture", prefecture="神奈川県")
    assert set(kanagawa["prefecture"]) == {KANAGAWA}
    assert len(kanagawa) < len(everywhere)
    assert ik.query(store, "resources-per-prefecture", prefecture="14").equals(kanagawa)


def test_dates_become_datetimes(store):
    active = ik.query(store, "plans-active-on-date", as_of="2015-04-01")
    assert len(active) > 0
    assert pd.api.types.is_datetime64_any_dtype(active["validFrom"])
    day = pd.Timestamp("2015-04-01")
    assert ((active["validFrom"] <= day) & (day <= active["validUntil"])).all()


def test_bad_parameters_are_usage_errors(store):
    with pytest.raises(UsageError, match="date"):
        ik.query(store, "plans-active-on-date", as_of="yesterday")
    with pytest.raises(UsageError, match="no parameter 'colour'"):
        ik.query(store, "resources-per-prefecture", colour="red")


def test_own_sparql_with_bindings_and_a_hostile_value(store):
    text = "SELECT ?s ?n WHERE { ?s ?p ?n FILTER(?n = ?value) }"
    hostile = Literal('x" } ; DROP ALL ; { "')
    assert ik.sparql(store, text, {"value": hostile}).empty
    table = ik.sparql(
        store,
        "SELECT (COUNT(*) AS ?n) (1.5 AS ?d) (true AS ?b) WHERE { ?s ?p ?o }",
        labels=False,
    )
    assert [str(t) for t in table.dtypes] == ["Int64", "Float64", "boolean"]
    assert table["n"].item() > 1000


def test_unbound_cells_stay_missing(store):
    text = """SELECT ?s ?x WHERE { VALUES (?s ?x) { (<urn:a> 1) (<urn:b> UNDEF) } }"""
    table = ik.sparql(store, text)
    assert str(table["x"].dtype) == "Int64" and pd.isna(table["x"].iloc[1])
    assert pd.isna(table["s_label"]).all()  # urn:a has no label in the store


def test_mixed_columns_fall_back_to_text(store):
    values = f'1 "a" {Literal("2020-01-01", datatype=XSD.date).n3()}'
    table = ik.sparql(store, f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}")
    assert str(table["x"].dtype) == "string"
    assert list(table["x"]) == ["1", "a", "2020-01-01"]


def test_network_is_a_networkx_graph_with_filters(store):
    whole = ik.network(store, "resource-plan")
    kanagawa = ik.network(store, "resource-plan", prefecture="神奈川県")
    assert isinstance(whole, nx.Graph) and whole.number_of_edges() > 0
    assert kanagawa.number_of_nodes() < whole.number_of_nodes()
    figure = ik.draw_network(whole, title="資源と計画")
    assert figure.axes[0].get_title() == "資源と計画"


def test_prefecture_map_colours_the_given_prefectures(store):
    totals = ik.query(store, "resources-per-prefecture").groupby("prefecture")["resources"].sum()
    figure = ik.prefecture_map(totals, title="資源数")
    patches = {p.get_gid(): p.get_facecolor() for p in figure.axes[0].patches}
    assert len(patches) == 47
    coloured = {f"JP-{iri.rsplit('/', 1)[-1]}" for iri in totals.index}
    no_data = to_rgba(NO_DATA)
    assert 0 < len(coloured) < 47
    for gid, face in patches.items():
        assert (face == no_data) is (gid not in coloured), gid
    with pytest.raises(UsageError, match="not a prefecture"):
        ik.prefecture_map({"99": 1})


def test_missing_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(IackgError, match=r"iackg\[notebook\]"):
        ik.queries()
