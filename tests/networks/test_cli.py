"""`iackg export` and `iackg stats` called in-process, on an on-disk store."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from iackg.cli import main


def test_export_graphml_to_file(store_dir, tmp_path, capsys):
    out = tmp_path / "co.graphml"
    assert main(["export", "resource-co-use", "--store", str(store_dir), "-o", str(out)]) == 0
    g = nx.read_graphml(out)
    assert "湘南しらす" in {d["label"] for _, d in g.nodes(data=True)}
    assert "resource-co-use:" in capsys.readouterr().err


def test_export_json_to_stdout_with_stats(store_dir, capsys):
    argv = [
        "export",
        "enterprise-collaboration",
        "--store",
        str(store_dir),
        "--format",
        "json",
        "--with-stats",
    ]
    assert main(argv) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert all("betweenness" in n and "community" in n for n in data["nodes"])


def test_export_csv_needs_a_folder(store_dir, tmp_path, capsys):
    assert main(["export", "entity", "--store", str(store_dir), "--format", "csv"]) == 2
    assert "-o" in capsys.readouterr().err
    folder = tmp_path / "tables"
    argv = [
        "export",
        "entity",
        "--store",
        str(store_dir),
        "--format",
        "csv",
        "-o",
        str(folder),
        "--filter",
        "prefecture=Kanagawa",
    ]
    assert main(argv) == 0
    rows = list(csv.DictReader((folder / "nodes.csv").open(encoding="utf-8")))
    assert {r["prefecture"] for r in rows} == {"神奈川県"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--filter", "prefecture=Atlantis"], "unknown prefecture"),
        (["--filter", "category=gold"], "unknown category"),
        (["--filter", "years=2012-2008"], "bad year range"),
        (["--filter", "years=abc"], "bad year range"),
        (["--filter", "colour=red"], "unknown filter"),
    ],
)
def test_export_bad_filters_exit_2(store_dir, capsys, argv, message):
    assert main(["export", "entity", "--store", str(store_dir), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_export_missing_store_and_bad_view(tmp_path, capsys):
    assert main(["export", "entity", "--store", str(tmp_path / "nowhere")]) == 2
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()
    assert main(["export", "friendship"]) == 2
    assert main(["export", "entity", "--format", "pdf"]) == 2


def test_stats_table_and_csv(store_dir, capsys):
    assert main(["stats", "resource-co-use", "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out
    assert "modularity" in out and "三崎のまぐろ" in out
    assert main(["stats", "resource-co-use", "--store", str(store_dir), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    g = nx.Graph()
    # the degree column agrees with the co-use graph rebuilt from the export
    main(["export", "resource-co-use", "--store", str(store_dir), "--format", "json"])
    import json

    g = nx.node_link_graph(json.loads(capsys.readouterr().out), edges="links")
    assert {r["id"]: int(r["degree"]) for r in rows} == dict(g.degree())


def test_export_into_a_folder_and_unwritable_places(store_dir, tmp_path, capsys):
    assert main(["export", "entity", "--store", str(store_dir), "-o", str(tmp_path)]) == 0
    assert nx.read_graphml(tmp_path / "entity.graphml").number_of_nodes() > 0
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    argv = ["export", "entity", "--store", str(store_dir), "-o", str(blocker / "x.gexf")]
    assert main(argv) == 2
    assert "cannot write" in capsys.readouterr().err
    argv = ["report", "--store", str(store_dir), "-o", str(blocker / "r.html")]
    assert main(argv) == 2
    assert "cannot write" in capsys.readouterr().err
