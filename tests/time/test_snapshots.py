"""Dated lists of one prefecture loaded together (2007-08-31, 2015-08-10, 2019-05-17): each its
own graph, superseded designations, renamings, the first designation date kept."""

import shutil

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from iackg import queries
from iackg.cli import main
from iackg.errors import InputError
from iackg.ingest import ListOptions, ingest_files
from iackg.iris import Minter
from iackg.vocab import IAC

from .conftest import SNAPSHOTS, published_list

M = Minter()
TOYAMA = ListOptions("16")
PREFIX = "PREFIX iac: <https://w3id.org/iackg/ontology#> "


def labels(rows, column="label"):
    return sorted(str(r[column]) for r in rows)


def test_the_lists_conform_and_each_is_its_own_graph(snapshot_build):
    assert snapshot_build.validation.conforms
    sources = [g for _, g in snapshot_build.sources]
    assert len(sources) == 3 and len(set(sources)) == 3
    rows = snapshot_build.store.select(
        PREFIX + "SELECT ?name ?date WHERE { ?s iac:fileName ?name ; iac:listDate ?date }"
    )
    assert sorted((str(r["name"]), str(r["date"])) for r in rows) == [
        ("toyama-h19.xlsx", "2007-08-31"),
        ("toyama-h27.xlsx", "2015-08-10"),
        ("toyama-r1.xlsx", "2019-05-17"),
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2007-08-30", []),
        ("2007-08-31", ["富山A柿", "富山B漆器", "富山X飴"]),
        ("2015-08-09", ["富山A柿", "富山B漆器", "富山X飴"]),
        ("2015-08-10", ["富山A柿", "富山C芋", "富山X水飴"]),  # B gone, X renamed, C new
        ("2019-05-16", ["富山A柿", "富山C芋", "富山X水飴"]),
        ("2019-05-17", ["富山A柿", "富山E鋳物", "富山X水飴"]),
        ("2020-09-30", ["富山A柿", "富山E鋳物", "富山X水飴"]),
        ("2020-10-01", []),
    ],
)
def test_designated_as_of_follows_the_lists(snapshot_build, as_of, expected):
    rows = queries.get("designated-as-of").run(snapshot_build.store, {"as_of": as_of})
    assert labels(rows) == expected


def test_a_resource_on_every_list_keeps_one_iri_and_its_first_date(snapshot_build):
    designation = M.designation("16", "富山A柿")
    rows = snapshot_build.store.select(
        PREFIX + "SELECT ?g ?on ?from ?until WHERE { GRAPH ?g { ?d iac:designatedOn ?on ; "
        "iac:validFrom ?from ; iac:validUntil ?until } }",
        {"d": designation},
    )
    assert len({str(r["g"]) for r in rows}) == 3  # described by each list's graph
    date = lambda text: Literal(text, datatype=XSD.date)  # noqa: E731
    assert {(r["on"], r["from"], r["until"]) for r in rows} == {
        (date("2007-08-31"), date("2007-08-31"), date("2020-09-30"))
    }


def test_a_resource_missing_from_a_later_list_is_superseded_by_it(snapshot_build):
    store = snapshot_build.store
    rows = store.select(
        PREFIX + "SELECT ?d ?until ?name WHERE { ?d iac:supersededBy ?list ; "
        "iac:validUntil ?until . ?list iac:fileName ?name }"
    )
    got = sorted((str(r["d"]), str(r["until"]), str(r["name"])) for r in rows)
    assert got == sorted(
        [
            (str(M.designation("16", "富山B漆器")), "2015-08-09", "toyama-h27.xlsx"),
            (str(M.designation("16", "富山X飴")), "2015-08-09", "toyama-h27.xlsx"),
            (str(M.designation("16", "富山C芋")), "2019-05-16", "toyama-r1.xlsx"),
        ]
    )


def test_a_renamed_resource_keeps_its_designation_date(snapshot_build):
    store = snapshot_build.store
    rows = store.select(PREFIX + "SELECT ?old ?new WHERE { ?old iac:renamedTo ?new }")
    assert [(str(r["old"]), str(r["new"])) for r in rows] == [
        (str(M.resource("16", "富山X飴")), str(M.resource("16", "富山X水飴")))
    ]
    rows = store.select(
        PREFIX + "SELECT ?on ?from ?kind WHERE { ?d iac:designatedOn ?on ; iac:validFrom ?from ; "
        "a ?kind VALUES ?kind { iac:BasicConceptDesignation iac:DirectDesignation } }",
        {"d": M.designation("16", "富山X水飴")},
    )
    assert {(str(r["on"]), str(r["from"]), str(r["kind"])) for r in rows} == {
        ("2007-08-31", "2015-08-10", str(IAC.BasicConceptDesignation))
    }
    added = queries.get("designations-added-between").run(
        store, {"from": "2015-08-10", "to": "2020-09-30"}
    )
    assert labels(added) == ["富山C芋", "富山E鋳物"]  # a renaming is not a new designation


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            "2007-08-31",
            "2015-08-10",
            [
                ("added", "富山C芋", ""),
                ("removed", "富山B漆器", ""),
                ("renamed", "富山X水飴", "富山X飴"),
            ],
        ),
        ("2015-08-10", "2019-05-17", [("added", "富山E鋳物", ""), ("removed", "富山C芋", "")]),
        (
            "2007-08-31",
            "2020-09-30",
            [
                ("added", "富山E鋳物", ""),
                ("removed", "富山B漆器", ""),
                ("renamed", "富山X水飴", "富山X飴"),
            ],
        ),
        ("2015-08-10", "2015-08-10", []),
        (
            "2020-09-30",
            "2020-10-01",
            [
                ("removed", "富山A柿", ""),
                ("removed", "富山E鋳物", ""),
                ("removed", "富山X水飴", ""),
            ],
        ),
    ],
)
def test_changes_between_dates_with_renamings(snapshot_build, first, last, expected):
    rows = queries.get("designations-changed-between").run(
        snapshot_build.store, {"from": first, "to": last, "prefecture": "16"}
    )
    got = sorted((str(r["change"]), str(r["label"]), str(r.get("formerLabel") or "")) for r in rows)
    assert got == expected


def test_diff_on_the_command_line_shows_renamings(snapshot_lists, tmp_path, capsys):
    location = tmp_path / "store"
    build = ["build", *map(str, snapshot_lists), "--prefecture", "16", "--store", str(location)]
    assert main([*build, "--no-validate", "-q"]) == 0
    capsys.readouterr()
    args = ["diff", "富山県", "--store", str(location), "--format", "csv"]
    assert main([*args, "--from", "2009-04-01", "--to", "2019-04-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("change,resource,label,formerResource,formerLabel")
    changes = sorted(line.split(",")[0] + " " + line.split(",")[2] for line in lines[1:])
    assert changes == ["added 富山C芋", "removed 富山B漆器", "renamed 富山X水飴"]


def test_the_same_list_twice_is_still_refused(snapshot_lists, tmp_path):
    copy = tmp_path / "toyama-r1-copy.xlsx"
    shutil.copy(snapshot_lists[2], copy)
    with pytest.raises(InputError) as err:
        ingest_files([snapshot_lists[2], copy], options=TOYAMA)
    assert {p.message_en.split(" (")[0] for p in err.value.problems} == {"duplicate row"}
    assert {p.file for p in err.value.problems} == {"toyama-r1-copy.xlsx"}


def test_two_lists_of_one_date_are_compared_row_by_row(tmp_path):
    """Two files that claim the same date are one list: a resource in both is a duplicate."""
    title, rows = SNAPSHOTS["toyama-r1.xlsx"]
    first = published_list(tmp_path / "a.xlsx", title, rows[:2])
    second = published_list(tmp_path / "b.xlsx", title, rows[1:])
    with pytest.raises(InputError) as err:
        ingest_files([first, second], options=TOYAMA)
    assert [(p.file, p.row) for p in err.value.problems] == [("b.xlsx", 4)]


def test_as_of_overrides_the_titles(snapshot_lists):
    """--as-of names the date of every list given: the three lists become one, with duplicates."""
    import datetime as dt

    with pytest.raises(InputError, match="duplicate row"):
        ingest_files(snapshot_lists, options=ListOptions("16", dt.date(2019, 5, 17)))


def test_lists_of_two_prefectures_do_not_supersede_each_other(tmp_path):
    ishikawa = tmp_path / "ishikawa.csv"  # the template layout, with a dated title
    ishikawa.write_text(
        "石川県 地域産業資源一覧（令和元年5月17日現在）\n"
        "prefecture,category,name,municipalities,designated_on\n"
        "17,industrial,石川Y塗,輪島市,2008-03-01\n",
        encoding="utf-8",
    )
    toyama = [
        published_list(tmp_path / name, *SNAPSHOTS[name])
        for name in ("toyama-h19.xlsx", "toyama-r1.xlsx")
    ]
    result = ingest_files([ishikawa, *toyama], options=TOYAMA)  # Ishikawa's 2019 list first
    graphs = {s.path.name: s for s in result.sources}
    ends = {str(o) for o in graphs["ishikawa.csv"].graph.objects(None, IAC.validUntil)}
    assert ends == {"2020-09-30"}
    superseded = {o for s in result.sources for o in s.graph.objects(None, IAC.supersededBy)}
    assert superseded == {M.source(graphs["toyama-r1.xlsx"].sha256)}  # Toyama's own 2019 list


def test_explain_shows_the_list_date(snapshot_lists):
    from iackg.ingest import explain

    lines = explain(snapshot_lists[:1], options=TOYAMA)
    assert "  list date: 2007-08-31 (a dated snapshot)" in lines
