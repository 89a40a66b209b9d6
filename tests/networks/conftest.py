"""Stores for the network tests.

- `store`: the contract example plus hand-written co-use and joint-plan triples
  (tests/networks/data/networks-extra.ttl), the ontology and the reference data.
- `sample_store`: `build()` of the bundled sample (data/sample), inferred graph included.
- `any_store`: both, for the tests that hold for any data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from iackg.build import build
from iackg.iris import Minter
from iackg.paths import ontology_files
from iackg.reference import reference_graph
from iackg.store import open_store

HERE = Path(__file__).resolve().parent
CONTRACT = HERE.parent / "data" / "contract-example.ttl"
EXTRA = HERE / "data" / "networks-extra.ttl"


def load_base(store) -> None:
    minter = Minter()
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path)
    store.replace_graph(minter.graph("ontology"), ontology)
    store.replace_graph(minter.graph("reference"), reference_graph(minter))


def load(store, *paths: Path) -> None:
    load_base(store)
    graph = Graph()
    for path in paths:
        graph.parse(path)
    store.replace_graph(Minter().graph("source/networks-test"), graph)


@pytest.fixture(scope="session")
def store():
    s = open_store("memory:")
    load(s, CONTRACT, EXTRA)
    return s


@pytest.fixture(scope="session")
def sample_store():
    """`build()` of the bundled sample: ontology, reference, data and the inferred graph."""
    return build(store="memory:").store


@pytest.fixture(scope="session", params=["contract", "sample"])
def any_store(request, store, sample_store):
    return store if request.param == "contract" else sample_store


@pytest.fixture(scope="session")
def fresh_store():
    """A factory: a new memory store with the contract data, to add triples to."""

    def make():
        s = open_store("memory:")
        load(s, CONTRACT, EXTRA)
        return s

    return make


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory):
    """The contract data in an on-disk store, for the CLI."""
    folder = tmp_path_factory.mktemp("store")
    s = open_store(folder)
    load(s, CONTRACT, EXTRA)
    s.close()
    del s
    return folder
