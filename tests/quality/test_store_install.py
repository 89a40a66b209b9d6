"""Store install errors: a failure at the final link swap shows the real error, leaves no stray
generation, and leaves the caller's Store on the data that is still current; a failed build
into a new folder leaves no folder; the recorded load time is the newest table's."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from iackg.build import build
from iackg.errors import InputError, StoreError
from iackg.store import layout, open_store

TESTS = Path(__file__).parents[1]
CONTRACT = TESTS / "data" / "contract-example.ttl"
SAMPLE = TESTS.parent / "data" / "sample"
EX = "http://example.org/"


def quads(store) -> set[str]:
    return {str(q) for q in store.oxigraph}


def generations(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(layout.PREFIX))


def fail_the_swap(monkeypatch) -> None:
    """The atomic rename of the `current` link fails as on a full disk."""

    def replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(layout.os, "replace", replace)


def test_failed_swap_in_build_reports_the_real_error_and_keeps_the_store(tmp_path, monkeypatch):
    location = tmp_path / "store"
    store = open_store(location)
    built = build([CONTRACT], store, validate=False)
    assert built.store is store
    before, database = quads(store), store.database
    kept = generations(location)
    fail_the_swap(monkeypatch)
    with pytest.raises(StoreError, match="No space left on device") as caught:
        build([CONTRACT], store, validate=False)
    assert not isinstance(caught.value.__cause__, AttributeError)
    monkeypatch.undo()

    assert generations(location) == kept  # the new generation was deleted
    assert not [p for p in location.iterdir() if p.name.startswith(f".{layout.CURRENT}")]
    assert store.database == database == layout.current_generation(location)
    assert quads(store) == before  # the caller's store reads what is installed
    store.close()
    assert quads(open_store(location)) == before


def test_failed_swap_on_install(tmp_path, monkeypatch):
    store = open_store(tmp_path / "store")
    store.replace_graph(URIRef(EX + "graph/old"), [(URIRef(EX + "a"), RDFS.label, Literal("o"))])
    before = quads(store)
    scratch = store.scratch()
    scratch.add_triples(URIRef(EX + "graph/new"), [(URIRef(EX + "a"), RDFS.label, Literal("n"))])
    fail_the_swap(monkeypatch)
    with pytest.raises(StoreError, match=r"cannot point .*current.*No space left"):
        store.install(scratch, prefix=EX + "graph/")
    assert len(generations(tmp_path / "store")) == 1
    assert quads(store) == before
    scratch.discard()  # a second discard (build does one) is harmless


def test_failed_build_into_a_new_folder_leaves_no_folder(tmp_path):
    location = tmp_path / "new" / "store"
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/b> ", encoding="utf-8")
    with pytest.raises(InputError):
        build([CONTRACT, broken], location, validate=False)
    assert not location.exists()


def test_failed_build_into_an_existing_empty_folder_keeps_the_folder(tmp_path):
    location = tmp_path / "mine"
    location.mkdir()
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/b> ", encoding="utf-8")
    with pytest.raises(InputError):
        build([CONTRACT, broken], location, validate=False)
    assert location.is_dir()  # the user made it; only what iackg made is removed


def test_load_time_is_the_newest_table_not_the_folder(tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(SAMPLE, tables)
    newest = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC).timestamp()  # not a table: not counted
    for path in tables.iterdir():
        os.utime(path, (later, later))
    for days, path in enumerate(sorted(tables.glob("*.csv")) + sorted(tables.glob("*.xlsx"))):
        stamp = newest.timestamp() - 86400 * days
        os.utime(path, (stamp, stamp))
    os.utime(tables, (later, later))
    built = build([tables], "memory:", validate=False)
    rows = built.store.select(
        "SELECT DISTINCT ?t WHERE { ?s <http://www.w3.org/ns/prov#generatedAtTime> ?t }"
    )
    assert {r["t"].toPython() for r in rows} == {newest}
