"""Municipalities as they were on a date: a made-up merger (tests/time/data/made-up-merger.ttl,
a test fixture: 架空町 merged into 富山市 on 2010-04-01) moves its resources to the successor."""

from pathlib import Path

import pytest

from iackg import queries
from iackg.build import build
from iackg.cli import main
from iackg.iris import Minter

MERGER = Path(__file__).parent / "data" / "made-up-merger.ttl"
DESIGNATIONS = Path(__file__).parent / "data" / "made-up-merger-designations.csv"
M = Minter()
TOWN = str(M.unknown_municipality("16", "架空町"))
CITY = str(M.municipality("162019"))
TAKAOKA = str(M.municipality("162027"))


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    return DESIGNATIONS, build([DESIGNATIONS, MERGER], "memory:")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2008-02-29", []),
        ("2009-01-01", [(CITY, "富山市", 2), (TOWN, "架空町", 2)]),
        ("2010-03-31", [(CITY, "富山市", 2), (TOWN, "架空町", 2)]),
        ("2010-04-01", [(CITY, "富山市", 3)]),  # the town is gone: its resources are the city's
        ("2016-04-01", [(CITY, "富山市", 3), (TAKAOKA, "高岡市", 1)]),
        ("2020-10-01", []),
    ],
)
def test_resources_per_municipality_as_they_were(merged, as_of, expected):
    _, result = merged
    rows = queries.get("resources-per-municipality-as-of").run(result.store, {"as_of": as_of})
    got = sorted(
        (str(r["municipality"]), str(r["municipalityName"]), int(r["resources"])) for r in rows
    )
    assert got == sorted(expected)


def test_the_fixture_merger_is_valid_data(merged):
    _, result = merged
    assert result.validation.conforms  # R20: the town existed on its designation date


def test_municipalities_as_of_on_the_command_line(merged, tmp_path, capsys):
    table, _ = merged
    location = tmp_path / "store"
    build_args = ["build", str(table), str(MERGER), "--store", str(location), "--no-validate"]
    assert main([*build_args, "-q"]) == 0
    capsys.readouterr()
    args = ["query", "resources-per-municipality-as-of", "--store", str(location), "-f", "csv"]
    assert main([*args, "--as-of", "2009-01-01", "--param", "prefecture=富山県"]) == 0
    assert "架空町" in capsys.readouterr().out
    assert main([*args, "--as-of", "2012-01-01"]) == 0
    out = capsys.readouterr().out
    assert "架空町" not in out and "富山市" in out


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2009-01-01", {"富山G梨": {TOWN}, "富山H和紙": {CITY}, "富山J峡谷": {TOWN, CITY}}),
        ("2012-01-01", {"富山G梨": {CITY}, "富山H和紙": {CITY}, "富山J峡谷": {CITY}}),
    ],
)
def test_export_stats_and_report_see_municipalities_as_they_were(merged, as_of, expected):
    from iackg.export import read_records
    from iackg.export.filters import apply_filters, parse_filters

    _, result = merged
    records = read_records(result.store)
    kept = apply_filters(records, parse_filters([], records, as_of))
    assert {r.label_ja: r.municipalities for r in kept.resources.values()} == expected
    # without a date, the municipalities the lists name
    assert records.resources[str(M.resource("16", "富山G梨"))].municipalities == {TOWN}
