from pathlib import Path

import pytest
from rdflib import Graph

from iackg import ontology_checks as oc
from iackg.iris import Minter
from iackg.paths import ontology_files

CONTRACT_EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "contract-example.ttl"


@pytest.fixture(scope="session")
def files():
    return oc.read_files(ontology_files())


@pytest.fixture(scope="session")
def ontology(files):
    return oc.union(files)


@pytest.fixture(scope="session")
def reference():
    from iackg.reference import reference_graph

    return reference_graph(Minter())


@pytest.fixture(scope="session")
def contract_example():
    return Graph().parse(CONTRACT_EXAMPLE)


@pytest.fixture(scope="session")
def closure(ontology, reference, contract_example):
    """Ontology + reference data + the contract example, closed under OWL 2 RL (owlrl)."""
    from iackg.consistency import owl_rl_closure

    return owl_rl_closure(ontology + reference + contract_example)
