"""A store holding the contract example plus hand-written co-use and joint-plan triples.

When the build pipeline lands on main, this fixture switches to `build()` of the bundled sample.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from iackg.iris import Minter
from iackg.paths import ontology_files
from iackg.reference import reference_graph
from iackg.store import open_store

HERE = Path(__file__).resolve().parent
CONTRACT = HERE.parent / "data" / "contract-example.ttl"
EXTRA = HERE / "data" / "networks-extra.ttl"


def load(store, *paths: Path) -> None:
    minter = Minter()
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path)
    store.replace_graph(minter.graph("ontology"), ontology)
    store.replace_graph(minter.graph("reference"), reference_graph(minter))
    graph = Graph()
    for path in paths:
        graph.parse(path)
    store.replace_graph(minter.graph("source/networks-test"), graph)


@pytest.fixture(scope="session")
def store():
    s = open_store("memory:")
    load(s, CONTRACT, EXTRA)
    return s


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory):
    """The same data in an on-disk store, for the CLI."""
    folder = tmp_path_factory.mktemp("store")
    s = open_store(folder)
    load(s, CONTRACT, EXTRA)
    s.close()
    del s
    return folder


@pytest.fixture(scope="session")
def fresh_store():
    """A factory: a new memory store with the same data, to add triples to."""

    def make():
        s = open_store("memory:")
        load(s, CONTRACT, EXTRA)
        return s

    return make
