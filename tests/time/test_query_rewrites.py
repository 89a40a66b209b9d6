"""Library queries rewritten for speed give exactly the rows of their former text
(tests/time/queries_before/): on a made-up merger (a town whose resources move to its successor
on a date) and on synthetic national-shaped tables with the whole reference data, for several
values of their parameter."""

from pathlib import Path

import pytest

from iackg import queries
from iackg.build import build
from iackg.synth import generate

DATA = Path(__file__).parent / "data"
MERGER = [DATA / "made-up-merger-designations.csv", DATA / "made-up-merger.ttl"]
BEFORE = Path(__file__).parent / "queries_before"
REWRITTEN = sorted(p.stem for p in BEFORE.glob("*.rq"))
DATES = ("2007-06-29", "2008-03-01", "2010-03-31", "2010-04-01", "2014-01-01", "2020-09-30")
NAMES = ("まぐろ", "焼", "温泉", "TUNA", "茶", "和紙", "富山", "存在しない名前")
PREFECTURES = [{}, {"prefecture": "13"}, {"prefecture": "富山県"}, {"prefecture": "47"}]
LABELLED = [*PREFECTURES, {"lang": "en"}, {"prefecture": "01", "lang": "en"}]
PARAMETERS = {  # each rewritten query's parameter values
    "resources-per-municipality-as-of": [{"as_of": d} for d in DATES]
    + [{"as_of": "2020-09-30", "prefecture": "13", "lang": "en"}],
    "resource-search": [{"name": n} for n in NAMES],
    "category-mix-per-prefecture": PREFECTURES,
    "designations-per-fiscal-year": [
        *PREFECTURES,
        {"category": "CatTourism"},
        {"category": "CatTechnique", "prefecture": "01"},
    ],
    "intellectual-capital-profile": PREFECTURES,
    "municipalities-with-most-resources": LABELLED,
    "resources-per-prefecture": LABELLED,
    "resources-per-statutory-group": LABELLED,
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rewrites")
    synthetic = folder / "synth"
    generate(synthetic, scale=0.2, seed=3)
    tables = sorted(p for p in synthetic.iterdir() if p.suffix in (".csv", ".xlsx"))
    return {
        "merger": build(MERGER, "memory:").store,
        "synthetic": build(tables, "memory:", validate=False).store,
    }


@pytest.mark.parametrize("name", REWRITTEN)
@pytest.mark.parametrize("data", ["merger", "synthetic"])
def test_a_rewritten_query_gives_the_rows_of_its_former_text(stores, name, data):
    query = queries.get(name)
    before = (BEFORE / f"{name}.rq").read_text(encoding="utf-8")
    assert before != query.text  # the library's text really is the new one
    store = stores[data]
    counts = set()
    for values in PARAMETERS[name]:
        bindings = query.bindings(values, minter=None)
        rows = store.select(query.text, bindings)
        assert rows == store.select(before, bindings), values  # same rows, same order
        counts.add(len(rows))
    assert len(counts) > 1  # the values really give different answers
