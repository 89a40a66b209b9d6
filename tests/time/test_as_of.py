"""Validity intervals and the time queries, on data whose answers are known for each date."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from iackg import queries
from iackg.cli import main
from iackg.errors import UsageError
from iackg.vocab import IAC


def labels(rows, column="label"):
    return sorted(str(r[column]) for r in rows)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2007-08-30", []),
        ("2007-08-31", ["富山A柿", "富山B漆器"]),
        ("2012-03-31", ["富山A柿", "富山B漆器", "神奈川Fまぐろ"]),
        ("2012-04-01", ["富山A柿", "神奈川Fまぐろ"]),  # B removed on this day
        ("2015-08-09", ["富山A柿", "富山D温泉", "神奈川Fまぐろ"]),
        ("2015-08-10", ["富山A柿", "富山C芋", "富山D温泉", "神奈川Fまぐろ"]),
        ("2020-09-30", ["富山A柿", "富山C芋", "富山D温泉", "富山E鋳物", "神奈川Fまぐろ"]),
        ("2020-10-01", []),  # the Act was repealed
    ],
)
def test_designated_as_of(timed_build, as_of, expected):
    rows = queries.get("designated-as-of").run(timed_build.store, {"as_of": as_of})
    assert labels(rows) == expected


def test_designated_as_of_one_prefecture(timed_build):
    query = queries.get("designated-as-of")
    rows = query.run(timed_build.store, {"as_of": "2012-04-01", "prefecture": "14"})
    assert labels(rows) == ["神奈川Fまぐろ"]
    rows = query.run(timed_build.store, {"as_of": "2012-03-31", "prefecture": "富山県"})
    assert labels(rows) == ["富山A柿", "富山B漆器"]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2007-08-31", "2015-08-09", ["富山A柿", "富山B漆器", "富山D温泉", "神奈川Fまぐろ"]),
        ("2015-08-10", "2020-09-30", ["富山C芋", "富山E鋳物"]),
        ("2015-08-10", "2015-08-10", ["富山C芋"]),
        ("2020-10-01", "2030-12-31", []),
    ],
)
def test_added_between(timed_build, first, last, expected):
    rows = queries.get("designations-added-between").run(
        timed_build.store, {"from": first, "to": last}
    )
    assert labels(rows) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2007-10-12", []),
        ("2008-04-01", ["P-1"]),
        ("2011-03-31", ["P-1"]),
        ("2011-04-01", []),
        ("2015-08-10", []),
        ("2020-10-01", ["P-2"]),  # certified plans kept their own end dates after the repeal
        ("2021-02-01", []),
    ],
)
def test_active_plans_as_of(timed_build, as_of, expected):
    rows = queries.get("plans-active-on-date").run(timed_build.store, {"as_of": as_of})
    assert labels(rows, "planId") == expected


def test_removal_ends_the_interval_the_day_before(timed_build):
    store = timed_build.store
    rows = store.select(
        "PREFIX iac: <https://w3id.org/iackg/ontology#> "
        "SELECT ?until ?removed WHERE { ?d iac:removedOn ?removed ; iac:validUntil ?until }"
    )
    assert [(r["until"], r["removed"]) for r in rows] == [
        (Literal("2012-03-31", datatype=XSD.date), Literal("2012-04-01", datatype=XSD.date))
    ]
    assert IAC.removedOn == URIRef("https://w3id.org/iackg/ontology#removedOn")


def test_as_of_on_the_command_line(timed_tables, tmp_path, capsys):
    location = tmp_path / "store"
    build_args = ["build", *map(str, timed_tables), "--store", str(location), "--no-validate"]
    assert main([*build_args, "-q"]) == 0
    capsys.readouterr()
    args = ["query", "designated-as-of", "--store", str(location), "--format", "csv"]
    assert main([*args, "--as-of", "2012-04-01"]) == 0
    out = capsys.readouterr().out
    assert "富山A柿" in out and "神奈川Fまぐろ" in out and "富山B漆器" not in out
    # a query without a date refuses --as-of (exit 2), and so does a malformed date
    assert (
        main(
            ["query", "resources-per-prefecture", "--store", str(location), "--as-of", "2012-04-01"]
        )
        == 2
    )
    assert "takes no --as-of" in capsys.readouterr().err
    assert main([*args, "--as-of", "2012-13-01"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_as_of_given_twice_is_refused():
    query = queries.get("designated-as-of")
    with pytest.raises(UsageError, match="once"):
        queries.with_as_of(query, {"as_of": "2010-01-01"}, "2011-01-01")


def test_removal_before_designation_is_refused_on_its_cell(tmp_path, capsys):
    table = tmp_path / "bad.csv"
    table.write_text(
        "prefecture,category,name,municipalities,designated_on,removed_on\n"
        "16,agricultural,X柿,富山市,2010-01-01,2009-01-01\n",
        encoding="utf-8",
    )
    assert main(["ingest", str(table), "-o", str(tmp_path / "out.nq")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2 [removed_on" in err and "not after the designation" in err


@pytest.mark.parametrize(
    ("first", "last", "prefecture", "expected"),
    [
        (
            "2012-03-31",
            "2015-08-10",
            "16",
            [("added", "富山C芋"), ("added", "富山D温泉"), ("removed", "富山B漆器")],
        ),
        ("2015-08-09", "2015-08-10", "富山県", [("added", "富山C芋")]),
        (
            "2020-09-30",
            "2020-10-01",
            "16",
            [
                ("removed", "富山A柿"),
                ("removed", "富山C芋"),
                ("removed", "富山D温泉"),
                ("removed", "富山E鋳物"),
            ],
        ),
        ("2012-03-31", "2015-08-10", "14", []),
    ],
)
def test_changes_between_two_dates(timed_build, first, last, prefecture, expected):
    rows = queries.get("designations-changed-between").run(
        timed_build.store, {"from": first, "to": last, "prefecture": prefecture}
    )
    assert sorted((str(r["change"]), str(r["label"])) for r in rows) == expected


def test_diff_on_the_command_line(timed_tables, tmp_path, capsys):
    location = tmp_path / "store"
    assert (
        main(["build", *map(str, timed_tables), "--store", str(location), "--no-validate", "-q"])
        == 0
    )
    capsys.readouterr()
    args = ["diff", "富山県", "--store", str(location), "--format", "csv"]
    assert main([*args, "--from", "2012-03-31", "--to", "2015-08-10"]) == 0
    out = capsys.readouterr().out
    assert "removed" in out and "富山B漆器" in out and "富山C芋" in out and "富山A柿" not in out
    assert main([*args, "--from", "2015-08-10", "--to", "2012-03-31"]) == 2
    assert "after --to" in capsys.readouterr().err
    assert main([*args, "--from", "2015", "--to", "2016-01-01"]) == 2


@pytest.mark.parametrize(
    ("as_of", "resources", "plans"),
    [
        ("2012-04-01", ["富山A柿", "神奈川Fまぐろ"], []),
        ("2010-01-01", ["富山A柿", "富山B漆器", "神奈川Fまぐろ"], ["P-1"]),
        ("2020-10-01", [], ["P-2"]),
    ],
)
def test_export_records_as_of(timed_build, as_of, resources, plans):
    from iackg.export import read_records
    from iackg.export.filters import apply_filters, parse_filters

    records = read_records(timed_build.store)
    kept = apply_filters(records, parse_filters([], records, as_of))
    assert sorted(r.label_ja for r in kept.resources.values()) == resources
    assert sorted(p.plan_id for p in kept.plans.values()) == plans


def test_as_of_on_export_stats_and_report_is_checked(tmp_path, capsys):
    for command in (["export", "entity", "--format", "json"], ["stats", "entity"], ["report"]):
        assert main([*command, "--store", "memory:", "--as-of", "2012-02-30"]) == 2, command
        assert "not a date" in capsys.readouterr().err
