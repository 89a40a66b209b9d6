from pathlib import Path

import pytest

from iackg.build import build

CONTRACT = Path(__file__).parents[1] / "data" / "contract-example.ttl"


@pytest.fixture(scope="module")
def contract_build():
    """The contract example built (with the ontology and reference data) into memory, validated."""
    return build([CONTRACT], "memory:")


def _with_required_dates(query, values: dict[str, str]) -> dict[str, str]:
    """`values` and a value for each of the query's required dates: the whole regime, so that
    the answers are not empty (from the Act's entry into force to the day before its repeal)."""
    dates = {
        p.name: "2007-06-29" if p.name == "from" else "2020-09-30"
        for p in query.params
        if p.required and p.type == "date"
    }
    return dates | values


@pytest.fixture(scope="session")
def with_required_dates():
    return _with_required_dates
