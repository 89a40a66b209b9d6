"""`iackg build` of the bundled sample (data/sample, from the loader): facts stated in
data/sample/SOURCE.md, violations empty, and rdflib's SPARQL engine agreeing on every query."""

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import URIRef

from iackg import queries
from iackg.build import build
from iackg.iris import Minter
from iackg.store.sparqltext import inject_values
from iackg.vocab import IAC

LIBRARY = queries.library()
ID = "https://w3id.org/iackg/id/"


@pytest.fixture(scope="module")
def sample():
    return build(None, "memory:", validate=False)


def test_sample_counts_from_source_md(sample):
    """SOURCE.md: 38 listed resources plus 2 added products; 13 plans, one a support-project
    plan; a plan in Tokyo uses Saga's 有田焼; some resources are used by more than one plan."""
    per_category = LIBRARY["resources-per-prefecture"].run(sample.store)
    assert sum(int(r["resources"]) for r in per_category) == 40
    groups = LIBRARY["resources-per-statutory-group"].run(sample.store)
    assert sum(int(r["resources"]) for r in groups) == 40  # the roll-up loses nothing
    plans = sample.store.select(
        "PREFIX iac: <https://w3id.org/iackg/ontology#> "
        "SELECT DISTINCT ?p WHERE { { ?p a iac:BusinessPlan } UNION "
        "{ ?p a iac:SupportProjectPlan } }"
    )
    assert len(plans) == 13
    cross = LIBRARY["cross-prefecture-plans"].run(sample.store)
    assert [(str(r["planPrefecture"]), str(r["resourcePrefecture"])) for r in cross] == [
        (ID + "prefecture/13", ID + "prefecture/41")
    ]
    assert int(LIBRARY["most-used-resources"].run(sample.store)[0]["plans"]) >= 2
    techniques = LIBRARY["techniques-and-products"].run(sample.store)
    assert techniques and all(r["product"] is not None for r in techniques)


@pytest.mark.parametrize("name", sorted(n for n in LIBRARY if n.endswith("-violation")))
def test_violations_are_empty_on_the_sample(sample, name):
    assert LIBRARY[name].run(sample.store) == []


@pytest.fixture(scope="module")
def sample_in_rdflib(sample):
    from rdflib import Dataset

    from iackg.store.terms import to_rdflib

    dataset = Dataset(default_union=True)
    for quad in sample.store.oxigraph:
        dataset.graph(URIRef(quad.graph_name.value)).add(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        )
    return dataset


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_rdflib_agrees_on_the_sample(sample, sample_in_rdflib, name, with_required_dates):
    query = LIBRARY[name]
    values = {"name": "温泉"} if name == "resource-search" else {}
    bindings = query.bindings(with_required_dates(query, values), minter=Minter())
    columns, ours = sample.store.select_table(query.text, bindings)
    result = sample_in_rdflib.query(inject_values(query.text, bindings) if bindings else query.text)
    theirs = [{str(v): row[v] for v in result.vars} for row in result]

    def key(rows):
        def norm(term):
            if term is None:
                return None
            value = getattr(term, "toPython", lambda: term)()
            return round(float(value), 6) if isinstance(value, int | float | Decimal) else str(term)

        return sorted((tuple(norm(r.get(c)) for c in columns) for r in rows), key=repr)

    assert key(ours) == key(theirs)


def test_sample_summary_rolls_up(sample):
    table = sample.summary.table("en")
    for name, agri, indus, tech, tour, g_agri, g_ind, g_tour, total in table:
        assert (g_agri, g_ind, g_tour) == (agri, indus + tech, tour), name
        assert total == agri + indus + tech + tour
    assert sum(row[-1] for row in table) == 40
    assert str(IAC.ActivityProducts) in sample.summary.plans


def test_build_without_arguments_prints_the_summary(tmp_path, capsys, monkeypatch):
    from iackg.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["build", "--no-validate", "-q"]) == 0
    out = capsys.readouterr().out
    assert "Designated resources" in out and "iackg-store" in out
    assert (Path(tmp_path) / "iackg-store" / "current").is_symlink()


FILTERS = [
    (name, param.name)
    for name, query in sorted(LIBRARY.items())
    for param in query.params
    if param.type in ("prefecture", "concept")
]


# Queries that return their parameter under another column name.
COLUMN = {("cross-prefecture-plans", "prefecture"): "planPrefecture"}
ALL_VALUES = {
    "prefecture": [f"{code:02d}" for code in range(1, 48)],
    "concept": ["CatAgricultural", "CatIndustrial", "CatTechnique", "CatTourism"],
}


def _table(store, query, values):
    return store.select_table(query.text, query.bindings(values, minter=Minter()))


@pytest.mark.parametrize("name, param", FILTERS, ids=[f"{n}:{p}" for n, p in FILTERS])
def test_filtered_rows_are_the_unfiltered_rows_of_that_value(
    sample, name, param, with_required_dates
):
    """A parameter filters, never relabels. Returned as a column: for every value, the
    filtered rows are exactly the unfiltered rows with that value. Not returned (counts per
    year): the filtered counts over every value add up to the unfiltered counts."""
    query = LIBRARY[name]
    kind = next(p.type for p in query.params if p.name == param)
    column = COLUMN.get((name, param), param)
    columns, everything = _table(sample.store, query, with_required_dates(query, {}))
    assert everything, f"the sample gives {name} nothing to filter"

    def key(rows):
        return sorted(tuple(str(r.get(c)) for c in columns) for r in rows)

    if column in columns:
        for raw in ALL_VALUES[kind]:
            wanted = query.bindings(with_required_dates(query, {param: raw}), minter=Minter())[
                param
            ]
            _, filtered = _table(sample.store, query, with_required_dates(query, {param: raw}))
            expected = [r for r in everything if r.get(column) == wanted]
            assert key(filtered) == key(expected), f"{name} --param {param}={raw}"
        return
    counts = columns[-1:]  # the count is the last column of these queries
    assert counts, f"{name}: no count column to add up"
    totals: dict[tuple, int] = {}
    for raw in ALL_VALUES[kind]:
        for row in _table(sample.store, query, with_required_dates(query, {param: raw}))[1]:
            group = tuple(str(row.get(c)) for c in columns if c not in counts)
            totals[group] = totals.get(group, 0) + int(str(row[counts[0]]))
    unfiltered = {
        tuple(str(r.get(c)) for c in columns if c not in counts): int(str(r[counts[0]]))
        for r in everything
    }
    assert totals == unfiltered, name
