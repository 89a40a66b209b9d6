"""One list of table columns: the loader's (`iackg.ingest.headers.COLUMNS`). The synthetic
tables name only which of its columns they fill, and their headers come from it."""

from __future__ import annotations

import pytest

from iackg.ingest.headers import COLUMNS, recognise, template_headers
from iackg.synth import tables


def test_template_headers_refuse_a_column_the_loader_does_not_know():
    with pytest.raises(ValueError, match="no plans column budget_yen"):
        template_headers("plans", ("plan_id", "budget_yen"), "en")


@pytest.mark.parametrize(
    "kind, headers, columns",
    [
        ("designations", tables.DESIGNATION_HEADERS["ja"], tables.DESIGNATION_COLUMNS),
        ("designations", tables.DESIGNATION_HEADERS["en"], tables.DESIGNATION_COLUMNS),
        ("plans", tables.PLAN_HEADERS_JA, tables.PLAN_COLUMNS),
        ("enterprises", tables.ENTERPRISE_HEADERS, tables.ENTERPRISE_COLUMNS),
    ],
)
def test_synthetic_headers_are_read_back_as_the_same_columns(kind, headers, columns):
    found = recognise(headers)
    assert found is not None
    found_kind, positions = found
    assert found_kind == kind
    assert set(columns) <= set(positions) <= set(COLUMNS[kind])
    assert [positions[c] for c in columns] == list(range(len(columns)))
