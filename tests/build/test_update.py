"""`iackg build --update`: the store after an update equals a full rebuild from the same files.

The bundled sample is built once into a folder store; each test updates a copy of it with a
changed list and compares the canonical dump (sorted N-Quads, blank-node labels are canonical
in both) with a store built from scratch from the same set of files.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from iackg.build import ValidationFailed, build
from iackg.cli import main
from iackg.errors import InputError, UsageError
from iackg.iris import Minter
from iackg.paths import sample_dir
from iackg.update import update

CENTRAL = "designations-central.csv"


def _tables(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))


def _dump(store: Path) -> list[str]:
    database = ox.Store.read_only(str(store / "current"))
    try:
        return sorted(str(quad) for quad in database)
    finally:
        del database


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample's tables and a store built from them (the tests work on copies)."""
    root = tmp_path_factory.mktemp("update")
    tables = root / "tables"
    tables.mkdir()
    for path in _tables(sample_dir()):
        shutil.copy2(path, tables)
    build(_tables(tables), root / "store").store.close()
    return root


@pytest.fixture
def work(built, tmp_path):
    """A copy of the tables and of the built store."""
    shutil.copytree(built / "tables", tmp_path / "tables")
    shutil.copytree(built / "store", tmp_path / "store", symlinks=True)
    return tmp_path


def _edit(path: Path, change) -> None:
    """Rewrite a table line by line and give it a newer modification time (a new edition)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")
    later = time.time() + 60
    os.utime(path, (later, later))


def _rebuilt(work: Path) -> list[str]:
    build(_tables(work / "tables"), work / "rebuilt").store.close()
    return _dump(work / "rebuilt")


def _graph_sizes(dump: list[str]) -> dict[str, int]:
    """Quads per named graph of a canonical dump (N-Quads lines)."""
    return dict(Counter(line.rsplit(" ", 1)[-1].strip("<>") for line in dump))


def _found(report) -> list[tuple[str, str, str]]:
    return _found_of(report.results)


def _found_of(results) -> list[tuple[str, str, str]]:
    return sorted((r.rule_id, str(r.focus_node), str(r.value), str(r.path)) for r in results)


def _new_edition(lines: list[str]) -> list[str]:
    """A row removed, a row renamed and a row added; no plan names any of them."""
    kept = [line for line in lines if "越前和紙" not in line]
    renamed = [line.replace("美濃焼", "美濃焼（新）") for line in kept]
    added = next(line for line in lines if "瀬戸焼" in line).replace("瀬戸焼", "常滑焼")
    return [*renamed, added]


def test_update_equals_a_full_rebuild(work):
    before = _dump(work / "store")
    _edit(work / "tables" / CENTRAL, _new_edition)

    result = update([work / "tables" / CENTRAL], work / "store")

    after = _dump(work / "store")
    assert after != before  # the update did change the store
    assert any("常滑焼" in line for line in after)
    assert not any("越前和紙" in line for line in after)
    assert after == _rebuilt(work)
    assert result.graphs == _graph_sizes(after)  # the counts it reports
    assert result.validation is not None and result.validation.conforms
    assert sorted((work / "store").glob("gen-*")) == [(work / "store" / "current").resolve()]


def test_a_plans_list_is_read_with_the_designations_in_the_store(work):
    """Plans name resources; the update resolves the names against the other lists."""
    _edit(work / "tables" / "plans.csv", lambda lines: [x for x in lines if "S-2013-001" not in x])

    update([work / "tables" / "plans.csv"], work / "store")

    assert _dump(work / "store") == _rebuilt(work)


def test_a_new_list_is_added(work):
    extra = work / "tables" / "designations-extra.csv"
    lines = (work / "tables" / CENTRAL).read_text(encoding="utf-8").splitlines(keepends=True)
    extra.write_text(lines[0] + lines[1].replace("市田柿", "常滑焼"), encoding="utf-8")

    result = update([extra], work / "store")

    after = _dump(work / "store")
    assert after == _rebuilt(work)
    assert result.graphs == _graph_sizes(after)  # a new graph; more inferred triples


def test_a_removed_resource_that_a_plan_uses_is_reported_as_a_full_build_does(work):
    before = _dump(work / "store")
    _edit(work / "tables" / CENTRAL, lambda lines: [x for x in lines if "市田柿" not in x])

    with pytest.raises(ValidationFailed) as updating:
        update([work / "tables" / CENTRAL], work / "store")
    with pytest.raises(ValidationFailed) as building:
        build(_tables(work / "tables"), work / "rebuilt")

    assert "R23-support-plan-resources" in {r.rule_id for r in updating.value.report.results}
    assert _found(updating.value.report) == _found(building.value.report)
    assert _dump(work / "store") == before  # the store is as it was
    assert len(list((work / "store").glob("gen-*"))) == 1


def test_a_bad_row_leaves_the_store_as_it_was(work):
    before = _dump(work / "store")
    _edit(
        work / "tables" / CENTRAL, lambda lines: [x.replace("2016-01-29", "R99-99") for x in lines]
    )

    with pytest.raises(InputError) as error:
        update([work / "tables" / CENTRAL], work / "store")

    assert "designated_on" in str(error.value.problems[0].column)
    assert _dump(work / "store") == before
    assert len(list((work / "store").glob("gen-*"))) == 1


def test_a_plan_elsewhere_that_would_read_a_name_differently_stops_the_update(work):
    """The plan of Yamanashi (19) names 甲州ワイン, which Yamanashi designates; once Nagano (20)
    designates it instead, a full build takes Nagano's: the plans list must be read again."""
    before = _dump(work / "store")
    central = work / "tables" / CENTRAL
    _edit(
        central,
        lambda lines: [x.replace("JP-19,", "JP-20,") if "甲州ワイン" in x else x for x in lines],
    )

    with pytest.raises(InputError) as error:
        update([central], work / "store")

    assert error.value.problems[0].file == "plans.csv"
    assert _dump(work / "store") == before
    # with the plans list, the update reports what a full build reports (甲州市 is not in Nagano)
    with pytest.raises(ValidationFailed) as updating:
        update([central, work / "tables" / "plans.csv"], work / "store")
    with pytest.raises(ValidationFailed) as building:
        build(_tables(work / "tables"), work / "rebuilt")
    assert _found(updating.value.report) == _found(building.value.report)


def test_the_cli_updates_and_refuses_what_it_cannot_do(work, capsys):
    central = str(work / "tables" / CENTRAL)
    store = str(work / "store")
    _edit(work / "tables" / CENTRAL, _new_edition)

    assert main(["build", "--update", central, "--store", store, "-q"]) == 0
    assert "Triples:" in capsys.readouterr().out
    assert main(["build", "--update", central, "--store", str(work / "none")]) == 2
    assert "no built store" in capsys.readouterr().err
    assert not (work / "none").exists()
    assert main(["build", "--update", central, "--store", "memory:"]) == 2
    assert main(["build", "--update", "--store", store]) == 2
    assert main(["build", "--update", central, "--store", store, "--keep-going"]) == 2
    assert main(["build", "--update", str(work / "missing.csv"), "--store", store]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["build", "--update", str(work / "tables"), "--store", store]) == 2
    assert "a folder: --update takes the files that changed" in capsys.readouterr().err


def test_help_teaches_the_update(capsys):
    assert main(["build", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--update FILE" in text and "full rebuild" in text


def test_update_needs_files():
    with pytest.raises(UsageError):
        update([], "memory:")


def test_a_row_that_another_list_holds_is_refused_as_a_full_build_refuses_it(work):
    before = _dump(work / "store")
    extra = work / "tables" / "designations-extra.csv"
    lines = (work / "tables" / CENTRAL).read_text(encoding="utf-8").splitlines(keepends=True)
    extra.write_text(lines[0] + lines[2], encoding="utf-8")  # 黒部丸いも again

    with pytest.raises(InputError) as updating:
        update([extra], work / "store")
    with pytest.raises(InputError):
        build(_tables(work / "tables"), work / "rebuilt")

    assert CENTRAL in updating.value.problems[0].message_en
    assert _dump(work / "store") == before


def test_focused_validation_reports_what_full_validation_reports_on_those_nodes(tmp_path):
    """The compiled shapes restricted to some focus nodes (VALUES in the queries, their MINUS
    and UNION branches and SPARQL bodies) give the full results for exactly those nodes."""
    from iackg.ingest import ingest_files
    from iackg.validation import validate

    synth = ["synth", "--scale", "0.02", "--seed", "3", "--defects", "1", "-o", str(tmp_path)]
    assert main(synth) == 0
    ingested = ingest_files(_tables(tmp_path), strict=False)
    data = ox.Store()
    for source in ingested.sources:
        graph = ox.NamedNode(str(source.graph_name))
        data.extend(ox.Quad(s, p, o, graph) for s, p, o in source.triples())
    full = validate(data)
    assert full.results  # the defects are there
    subjects = sorted({str(q.subject) for q in data})
    chosen = {r.focus_node for r in full.results[::2]} | {
        URIRef(s) for s in subjects[::7] if s.startswith("http")
    }
    focused = validate(data, focus=chosen)
    expected = [r for r in full.results if r.focus_node in chosen]
    assert _found(focused) == _found_of(expected)
    assert len(_found(focused)) < len(_found(full))


def test_lists_of_two_dates_are_refused_since_a_build_compares_them(work):
    """Dated lists of one prefecture (snapshots) are read against each other: no update."""
    import datetime as dt

    from iackg.ingest import ListOptions

    central = work / "tables" / CENTRAL
    _edit(central, _new_edition)
    update([central], work / "store", options=ListOptions(as_of=dt.date(2020, 4, 1)))
    before = _dump(work / "store")
    east = work / "tables" / "designations-east-cp932.csv"
    os.utime(east, (time.time() + 120, time.time() + 120))

    with pytest.raises(UsageError) as error:
        update([east], work / "store", options=ListOptions(as_of=dt.date(2021, 4, 1)))

    assert "snapshots" in str(error.value)
    assert _dump(work / "store") == before


def test_the_former_provenance_read_beforehand_is_what_the_store_holds(work):
    """The provenance of a changed list is read by one query while the files are read (and
    looked up in the store where the lists read are not the ones expected): both ways give the
    same quads, a blank node with its label."""
    from iackg.update import _before, _former_provenance, _graph_of
    from iackg.update.lists import _SOURCE_TABLE, _files_read

    minter = Minter()
    database = ox.Store(str(work / "store" / "current"))
    try:
        provenance = ox.NamedNode(str(minter.graph("provenance")))
        graph = _graph_of(work / "tables" / CENTRAL, minter)
        built_from = _files_read(database, minter)
        rows = [
            q.subject
            for source in built_from[graph.value]
            for q in database.quads_for_pattern(None, _SOURCE_TABLE, source, provenance)
        ]
        assert len(rows) > 10, "the sample's list has rows"
        odd = ox.Quad(rows[0], ox.NamedNode("urn:p"), ox.BlankNode("b1"), provenance)
        database.add(odd)
        with ThreadPoolExecutor(max_workers=1) as pool:
            before = _before(pool, database, {graph}, built_from, {graph.value}, minter)
            read = _former_provenance(database, minter, {graph.value}, before)
            nothing = replace(before, sources={}, provenance=pool.submit(bytes))  # other lists'
            looked_up = _former_provenance(database, minter, {graph.value}, nothing)
        assert read == looked_up
        assert odd in read
        assert any(q.object in rows for q in read if q.predicate.value.endswith("DerivedFrom"))
    finally:
        del database


def test_a_graph_is_compared_line_by_line_and_a_triple_written_otherwise_is_unchanged():
    from iackg.update import _difference

    g, p = ox.NamedNode("urn:g"), ox.NamedNode("urn:p")
    kept = (ox.NamedNode("urn:a"), p, ox.Literal('名前\t\u0007"\\'))
    gone = (ox.BlankNode("b1"), p, ox.NamedNode("urn:b"))
    spelt = (ox.NamedNode("urn:c"), p, ox.Literal("x"))  # a plain string, spelt out below
    new = (ox.NamedNode("urn:d"), p, ox.Literal("2", language="ja"))
    database = ox.Store()
    database.extend(ox.Quad(*t, g) for t in (kept, gone))
    dump = database.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g)
    dump += b'<urn:c> <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
    removed, added = _difference(dump, [kept, spelt, new], g)
    assert removed == {ox.Quad(*gone, g)}
    assert added == {ox.Quad(*new, g)}


def test_a_former_row_that_another_file_names_is_not_taken_for_gone(work):
    """A former edition's rows are gone when only their provenance named them; a row that an
    RDF file also names is looked up like any node (its type, which the file's triple entails
    through the domain of iac:sourceTable, moves to the inferred graph as in a rebuild)."""
    from iackg.update import _former_sources, _graph_of, _rows_named_elsewhere
    from iackg.update.lists import _SOURCE_TABLE, _files_read

    minter = Minter()
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    graph = _graph_of(work / "tables" / CENTRAL, minter)
    database = ox.Store.read_only(str(work / "store" / "current"))
    try:
        sources = _former_sources(_files_read(database, minter), {graph.value})
        assert not _rows_named_elsewhere(database, sources, minter)
        source = sources[graph.value][0]
        row = next(database.quads_for_pattern(None, _SOURCE_TABLE, source, provenance)).subject
        pointing = ox.Store()  # a provenance triple other than a derivation names the row
        pointing.extend(database)
        pointing.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:see"), row, provenance))
        assert _rows_named_elsewhere(pointing, sources, minter)
    finally:
        del database
    notes = work / "tables" / "notes.ttl"
    notes.write_text(f"{row} {_SOURCE_TABLE} {source} .\n", encoding="utf-8")
    inputs = [*_tables(work / "tables"), notes]
    build(inputs, work / "store").store.close()
    database = ox.Store.read_only(str(work / "store" / "current"))
    try:
        assert _rows_named_elsewhere(database, sources, minter)
    finally:
        del database
    _edit(work / "tables" / CENTRAL, _new_edition)

    update([work / "tables" / CENTRAL], work / "store")

    build(inputs, work / "rebuilt").store.close()
    assert _dump(work / "store") == _dump(work / "rebuilt")


def test_a_row_added_to_a_list_that_another_list_holds_is_refused(work):
    """The rows an edition adds are looked up in the other lists (a row it keeps was checked
    when its list was read): here a row of the east list, added to the central one."""
    before = _dump(work / "store")
    east = (work / "tables" / "designations-east-cp932.csv").read_text(encoding="cp932")
    yubari = next(line for line in east.splitlines() if "夕張メロン" in line)
    row = "JP-01,agricultural,夕張メロン," + yubari.split(",", 3)[3] + "\n"
    _edit(work / "tables" / CENTRAL, lambda lines: [*lines, row])

    with pytest.raises(InputError) as updating:
        update([work / "tables" / CENTRAL], work / "store")
    with pytest.raises(InputError) as building:
        build(_tables(work / "tables"), work / "rebuilt")

    east = "describes what another list (designations-east-cp932.csv) describes already"
    assert east in updating.value.problems[0].message_en
    assert any("describes the same resource" in p.message_en for p in building.value.problems)
    assert "夕張メロン" not in "".join(line for line in _dump(work / "store") if CENTRAL in line)
    assert _dump(work / "store") == before


def test_an_update_without_validation_still_equals_a_full_rebuild(work):
    _edit(work / "tables" / CENTRAL, _new_edition)

    result = update([work / "tables" / CENTRAL], work / "store", validate=False)

    assert result.validation is None
    assert _dump(work / "store") == _rebuilt(work)


def _setoyaki_in_an_rdf_file(work: Path) -> tuple[Path, str]:
    """The 瀬戸焼 designation written to notes.nt as the central list writes it (the
    designation's and the resource's triples), and its row of the central list."""
    from iackg.update import _graph_of
    from iackg.update.lists import _DESIGNATES, _DESIGNATION

    minter = Minter()
    central = _graph_of(work / "tables" / CENTRAL, minter)
    database = ox.Store.read_only(str(work / "store" / "current"))
    try:
        setoyaki = ox.NamedNode(str(minter.resource("23", "瀬戸焼")))
        designation = next(database.quads_for_pattern(None, _DESIGNATES, setoyaki, central))
        described = [
            ox.Triple(q.subject, q.predicate, q.object)
            for subject in (designation.subject, setoyaki)
            for q in database.quads_for_pattern(subject, None, None, central)
        ]
    finally:
        del database
    assert any(q.object == _DESIGNATION for q in described)
    notes = work / "tables" / "notes.nt"
    notes.write_text("".join(f"{triple} .\n" for triple in described), encoding="utf-8")
    lines = (work / "tables" / CENTRAL).read_text(encoding="utf-8").splitlines(keepends=True)
    return notes, next(line for line in lines if ",瀬戸焼," in line)


def test_a_row_added_that_an_rdf_file_also_describes_is_accepted_as_a_full_build_accepts_it(work):
    """Only the tables' rows are compared with each other in a build; an RDF file may describe
    a designation a table holds. Here the file holds the 瀬戸焼 designation, the central list
    is built without its row, and an edition of that list adds the row back."""
    notes, row = _setoyaki_in_an_rdf_file(work)
    _edit(work / "tables" / CENTRAL, lambda lines: [x for x in lines if x != row])
    inputs = [*_tables(work / "tables"), notes]
    build(inputs, work / "store").store.close()
    _edit(work / "tables" / CENTRAL, lambda lines: [*lines, row])

    update([work / "tables" / CENTRAL], work / "store")

    build(inputs, work / "rebuilt").store.close()
    assert _dump(work / "store") == _dump(work / "rebuilt")


def test_a_plan_does_not_find_a_resource_that_only_an_rdf_file_designates(work):
    """A build resolves the names plans use among the tables' rows alone: a plan naming the
    瀬戸焼 that only notes.nt designates gets the warning it gets in a full build (the name
    is not among the designations loaded), and the same triples."""
    notes, row = _setoyaki_in_an_rdf_file(work)
    _edit(work / "tables" / CENTRAL, lambda lines: [x for x in lines if x != row])
    inputs = [*_tables(work / "tables"), notes]
    build(inputs, work / "store").store.close()
    plan = (
        "K-2010-099,瀬戸焼の新しい器の開発,23,1,開発・生産型,瀬戸焼,株式会社箱根湯本ホテル,"
        "平成22年2月15日,平成22年4月1日,平成25年3月31日,中部経済産業局,,true,ILLUSTRATIVE\n"
    )
    _edit(work / "tables" / "plans.csv", lambda lines: [*lines, plan])

    updated = update([work / "tables" / "plans.csv"], work / "store")

    built = build(inputs, work / "rebuilt")
    built.store.close()
    warning = "resource not among the designations loaded with this table: '瀬戸焼'"
    assert warning in [p.message_en for p in updated.problems]
    assert updated.problems == built.problems
    assert _dump(work / "store") == _dump(work / "rebuilt")


def test_an_rdf_file_is_updated_as_a_full_build_reads_it(work):
    """An RDF input replaces its own graph: a comment changed, a designation's triples added
    (the 瀬戸焼 row's, as the central list writes them) and the inferences they bring."""
    notes = work / "tables" / "notes.ttl"
    resource = Minter().resource("23", "瀬戸焼")
    comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    notes.write_text(f'<{resource}> {comment} "陶磁器"@ja .\n', encoding="utf-8")
    inputs = [*_tables(work / "tables"), notes]
    build(inputs, work / "store").store.close()
    described, _ = _setoyaki_in_an_rdf_file(work)  # writes notes.nt
    notes.write_text(
        f'<{resource}> {comment} "瀬戸の陶磁器"@ja .\n' + described.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    described.unlink()

    result = update([notes], work / "store")

    build(inputs, work / "rebuilt").store.close()
    after = _dump(work / "store")
    assert after == _dump(work / "rebuilt")
    assert any("瀬戸の陶磁器" in line for line in after)
    assert result.graphs == _graph_sizes(after)


def test_a_new_rdf_file_is_added_as_a_full_build_reads_it(work):
    notes = work / "tables" / "notes.ttl"
    resource = Minter().resource("23", "瀬戸焼")
    notes.write_text(
        f'<{resource}> <http://www.w3.org/2000/01/rdf-schema#comment> "陶磁器"@ja .\n',
        encoding="utf-8",
    )

    update([notes], work / "store")

    build([*_tables(work / "tables"), notes], work / "rebuilt").store.close()
    after = _dump(work / "store")
    assert after == _dump(work / "rebuilt")
    assert any("rdf-notes" in line and "陶磁器" in line for line in after)
