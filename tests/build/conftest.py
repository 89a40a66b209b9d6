from pathlib import Path

import pytest

from iackg.build import build

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"


@pytest.fixture(scope="module")
def contract_build():
    """The contract example built (with the ontology and reference data) into memory, validated."""
    return build([CONTRACT], "memory:")
