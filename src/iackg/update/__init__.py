"""Incremental update: a prefecture publishes a new list, and only its graphs change.

`update(paths, store)` re-reads the given files and replaces their source graphs (a new file adds
its graph), their share of the provenance graph and the inferred graph, leaving every other
graph as it is. The new generation starts as a checkpoint of the current one (`Store.backup`:
RocksDB hard links, no copy), is changed there and installed like a build's, so a failure
leaves the store exactly as it was. The result equals a full rebuild from the same input set
(`tests/build/test_update.py` compares the canonical dumps); where a list depends on files the
update was not given (plans name resources designated in other lists), the update either
reads what it needs from the store or refuses and names the file to give as well.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from iackg.build import RDF_SUFFIXES, BuildResult, Progress, ValidationFailed, install
from iackg.errors import InputError, Problem, UsageError
from iackg.gcscope import no_cyclic_gc
from iackg.iris import Minter
from iackg.reasoning import Entailer
from iackg.store import EmbeddedStore, is_remote, layout
from iackg.update.lists import (
    _DERIVED,
    _GENERATED_AT,
    _SOURCE_TABLE,
    _XSD_DATETIME,
    _Change,
    _check_duplicates,
    _files_read,
    _graph_of,
    _read,
)
from iackg.vocab import DEFAULT_BASE

_TRIPLES = ox.RdfFormat.N_TRIPLES


def update(
    paths: Sequence[str | Path],
    store: str | Path,
    *,
    base: str = DEFAULT_BASE,
    validate: bool = True,
    progress: Progress | None = None,
    options=None,
) -> BuildResult:
    """Replace the graphs of `paths` (tables or RDF files) in the folder store at `store`.

    Raises `UsageError` (exit 2) when the store is not a built folder store, `InputError` (exit
    2) for unreadable input or when the result would depend on a file not given, and
    `ValidationFailed` (exit 1) when the updated data does not conform; the store is unchanged
    then.
    """
    say = progress or (lambda message: None)
    minter = Minter(base)
    files = [Path(p) for p in paths]
    _check_arguments(files, store)
    target = EmbeddedStore(store)
    try:
        return _update(target, files, minter, validate, say, options)
    except BaseException as exc:
        # the finished frames hold the database; cleared, close() below releases it at once
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        target.close()


def _check_arguments(files: list[Path], store) -> None:
    if not files:
        raise UsageError(
            "--update needs the files that changed / 変更したファイルを指定してください"
        )
    location = str(store)
    if location == "memory:" or is_remote(location):
        raise UsageError(
            f"--update works on a folder store built by `iackg build`, not {location}; "
            f"rebuild instead / --update はフォルダのストア専用です。全体を再構築してください"
        )
    folder = Path(location)
    if not folder.is_dir() or layout.current_generation(folder) is None:
        raise UsageError(
            f"no built store at {location}: run `iackg build FILES --store {location}` first / "
            f"{location} に構築済みのストアがありません。先に iackg build を実行してください"
        )
    for path in files:
        if path.is_dir():  # a build reads a folder's tables; an update takes the changed files
            raise InputError(
                Problem(
                    str(path),
                    None,
                    None,
                    "フォルダです。変更したファイルを指定してください",
                    "a folder: --update takes the files that changed",
                )
            )
        if not path.is_file():
            raise InputError(Problem(str(path), None, None, "ファイルがありません", "no such file"))


def _update(target: EmbeddedStore, files, minter: Minter, validate, say, options) -> BuildResult:
    # Oxigraph releases the interpreter lock while it dumps a graph, runs a query or counts, so
    # what the update needs from the current generation is read in a thread while the files
    # are, and the new generation is counted there while it is reasoned about and validated.
    with no_cyclic_gc(), ThreadPoolExecutor(max_workers=1) as pool:
        return _update_in(target, files, minter, validate, say, options, pool)


@dataclass
class _Before:
    """What the update reads from the current generation before the files (`built_from`,
    `sources`) and, in the thread, while they are read (`_before`)."""

    graphs: Future  # the changed graphs: {graph: N-Triples}
    built_from: dict[str, list[ox.NamedNode]]  # every table's graph -> its files' source nodes
    sources: dict[str, list[ox.NamedNode]]  # changed graph -> its former files' source nodes
    provenance: Future  # their provenance (`_provenance_query`), as N-Triples


def _before(pool, current: ox.Store, graphs, built_from: dict, tables, minter) -> _Before:
    """Start reading the changed graphs (first: comparing them comes first) and the provenance
    of the lists whose graphs are `tables` in `pool`'s thread; `built_from`: `_files_read`."""
    sources = _former_sources(built_from, tables)
    return _Before(
        pool.submit(_dumps, current, graphs),
        built_from,
        sources,
        pool.submit(_provenance, current, sources, minter),
    )


def _dumped(store: ox.Store, graph: ox.NamedNode) -> bytes:
    text = store.dump(format=_TRIPLES, from_graph=graph)
    assert text is not None  # no output given: the bytes are returned
    return text


def _dumps(current: ox.Store, graphs) -> dict[ox.NamedNode, bytes]:
    return {g: _dumped(current, g) for g in graphs}


def _provenance(current: ox.Store, sources: dict, minter: Minter) -> bytes:
    nodes = _source_nodes(sources)
    if not nodes:
        return b""
    constructed = current.query(_provenance_query(nodes, minter))
    assert isinstance(constructed, ox.QueryTriples)
    return constructed.serialize(format=_TRIPLES) or b""  # bytes: no output given


def _context(current: ox.Store, minter: Minter) -> ox.Store:
    """The context graphs (ontology, reference), which an update does not change, in memory."""
    context = ox.Store()
    for graph in _context_names(minter):
        context.load(_dumped(current, graph), _TRIPLES, to_graph=graph)
    return context


def _update_in(target, files, minter, validate, say, options, pool) -> BuildResult:
    from iackg.validation.shapes import bundled_shapes

    started = clock = time.perf_counter()
    result = BuildResult(target, target.location, minter.base)
    current = target.oxigraph
    graph_of = {p: _graph_of(p, minter) for p in files}
    graphs = set(graph_of.values())
    tables = {graph_of[p].value for p in files if p.suffix.lower() not in RDF_SUFFIXES}
    built_from = _files_read(current, minter)
    before = _before(pool, current, graphs, built_from, tables, minter)
    elsewhere = pool.submit(_rows_named_elsewhere, current, before.sources, minter)  # reasoning
    context = pool.submit(_context, current, minter) if validate else None  # needed last
    say(f"reading {len(files)} changed file(s)")
    change = _read(files, current, minter, options, built_from)
    result.problems = change.problems
    result.timings["ingest"] = time.perf_counter() - clock

    clock = time.perf_counter()
    # made ready while the thread finishes reading the current generation
    entailer = _entailer(current, minter)
    if validate:
        bundled_shapes()  # parsed once, kept
    folder = target.folder
    assert folder is not None and target.database is not None
    generation = folder / f"{layout.PREFIX}{time.time_ns()}"
    current.flush()
    current.backup(str(generation))  # hard links: cheap, and independent of the current one
    scratch = EmbeddedStore(f"{target.location} (new generation)", _database=generation)
    try:
        added, removed, rows = _apply(scratch.oxigraph, change, minter, before)
        _check_duplicates(current, change, added)
        result.timings["load"] = time.perf_counter() - clock

        # the graphs counted in the thread: those the reasoning leaves as they are while it
        # runs, the others while the shapes do
        inferred = ox.NamedNode(str(minter.graph("inferred")))
        changed = {q.graph_name for q in added | removed} | {inferred}
        steady = set(scratch.oxigraph.named_graphs()) - changed
        counting = [pool.submit(scratch.counts, steady)]
        say("reasoning about what changed")
        clock = time.perf_counter()
        # the former rows are known gone when nothing else names them and they are the rows
        # of the lists the thread looked at
        known = set(before.sources) == set(change.table_names) and not elsewhere.result()
        unnamed = rows if known else frozenset()
        _reason(scratch.oxigraph, minter, entailer, added, removed, unnamed)
        result.timings["reason"] = time.perf_counter() - clock

        counting.append(pool.submit(scratch.counts, changed))
        if validate:
            clock = time.perf_counter()
            say("validating what the update touches")
            assert context is not None
            report = _validate(scratch.oxigraph, minter, added | removed, context.result())
            result.validation = report
            result.timings["validate"] = time.perf_counter() - clock
            if not report.conforms:
                raise ValidationFailed(report)

        counts = {str(g): n for part in counting for g, n in part.result().items()}
        result.record_counts(counts, str(minter.graph("inferred")))
        result.sources = [(str(p), str(graph_of[p])) for p in files]

        install(target, scratch, result, say)
    except BaseException:
        scratch.discard()
        raise
    result.timings["total"] = time.perf_counter() - started
    return result


def _difference(dump: bytes, triples: list[tuple], graph: ox.NamedNode) -> tuple[set, set]:
    """(removed, added) quads of `graph`, from its former dump (N-Triples, blank-node labels
    kept) and its new triples: compared as N-Triples lines, only the lines that differ parsed
    (an edition leaves most of a list as it was). A triple written otherwise than Oxigraph
    dumps it would be on both sides; it is neither."""
    new = {f"{s} {p} {o} .": (s, p, o) for s, p, o in triples}
    old = set(dump.decode("utf-8").split("\n"))
    old.discard("")
    gone = ox.parse("\n".join(old - new.keys()), _TRIPLES)
    removed = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in gone}
    added = {ox.Quad(*new[line], graph) for line in new.keys() - old}
    return removed - added, added - removed


# --- changing the new generation ---------------------------------------------------------------


def _apply(store: ox.Store, change: _Change, minter: Minter, before: _Before) -> tuple:
    """Replace the changed graphs (`before.graphs`: each one as the current generation holds
    it) and their provenance; (added, removed) asserted triples, by graph, as quads: what
    reasoning and validation look at again; and the former lists' rows that no provenance
    triple names any more (but for a row named elsewhere, see `_rows_named_elsewhere`, only
    removed triples named them)."""
    added: set[ox.Quad] = set()
    removed: set[ox.Quad] = set()
    dumps = before.graphs.result()
    for graph, triples in change.graphs.items():
        gone, new = _difference(dumps[graph], triples, graph)
        removed |= gone
        added |= new
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    old_prov = _former_provenance(store, minter, set(change.table_names), before)
    new_prov = {ox.Quad(s, p, o, provenance) for s, p, o in change.provenance}
    if change.stamp is not None:
        stamp = ox.Literal(change.stamp.isoformat(), datatype=_XSD_DATETIME)
        for quad in store.quads_for_pattern(None, _GENERATED_AT, None, provenance):
            if quad not in old_prov and quad.object != stamp:
                old_prov.add(quad)
                new_prov.add(ox.Quad(quad.subject, _GENERATED_AT, stamp, provenance))
    removed |= old_prov - new_prov
    added |= new_prov - old_prov
    for quad in removed:
        store.remove(quad)
    store.bulk_extend(added)  # a private new generation: no transaction needed
    rows = {q.subject for q in old_prov if q.predicate == _SOURCE_TABLE}
    rows -= {n for q in old_prov & new_prov for n in (q.subject, q.object)}
    return added, removed, frozenset(rows)


# --- the provenance of the changed lists -------------------------------------------------------


def _former_sources(built_from: dict[str, list], graphs: set[str]) -> dict[str, list]:
    """The source nodes (one per file read) of the lists whose graphs are `graphs`, among the
    tables the store was built from (`_files_read`)."""
    return {g: built_from.get(g, []) for g in graphs}


def _source_nodes(sources: dict[str, list]) -> list:
    """The source nodes of `_former_sources`, all lists together."""
    return [node for found in sources.values() for node in found]


def _provenance_query(sources: list, minter: Minter) -> str:
    """A CONSTRUCT of what the provenance graph says about these source nodes: their own
    triples, their rows' triples and the triples that derive something from a row."""
    values = " ".join(str(n) for n in sources)
    return f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {minter.graph("provenance").n3()} {{
      {{ VALUES ?s {{ {values} }} ?s ?p ?o }}
      UNION {{ VALUES ?table {{ {values} }} ?s {_SOURCE_TABLE} ?table . ?s ?p ?o }}
      UNION {{ VALUES ?table {{ {values} }} ?o {_SOURCE_TABLE} ?table . ?s {_DERIVED} ?o .
               BIND({_DERIVED} AS ?p) }}
    }} }}"""


def _rows_named_elsewhere(current: ox.Store, sources: dict, minter: Minter) -> bool:
    """Whether an asserted triple names a row of these lists (`sources`, as for `_before`)
    otherwise than the provenance graph does (the row's own triples, and what is derived from
    it): then the update cannot tell the rows gone from their provenance alone."""
    nodes = _source_nodes(sources)
    if not nodes:
        return False
    provenance = minter.graph("provenance").n3()
    inferred = minter.graph("inferred").n3()
    asked = current.query(
        f"""ASK {{ GRAPH {provenance} {{ VALUES ?table {{ {" ".join(map(str, nodes))} }}
                                        ?row {_SOURCE_TABLE} ?table }}
      {{ GRAPH ?g {{ ?row ?p ?o }} FILTER (?g != {provenance} && ?g != {inferred}) }}
      UNION {{ GRAPH ?g {{ ?s ?p ?row }}
               FILTER (?g != {inferred} && (?g != {provenance} || ?p != {_DERIVED})) }}
    }}"""
    )
    return bool(asked)


def _former_provenance(store: ox.Store, minter: Minter, changed: set[str], before) -> set:
    """The provenance quads of the lists whose graphs are `changed`, as the current generation
    holds them: read by `_before` while the files were (a blank node keeps its label: the
    query's template has none of its own), unless the lists read are not the ones expected
    there; looked up then."""
    provenance = ox.NamedNode(str(minter.graph("provenance")))
    if set(before.sources) == changed:
        triples = ox.parse(before.provenance.result(), _TRIPLES)
        return {ox.Quad(t.subject, t.predicate, t.object, provenance) for t in triples}
    sources = _former_sources(before.built_from, changed)
    old: set[ox.Quad] = set()
    for source in _source_nodes(sources):
        rows = [q.subject for q in store.quads_for_pattern(None, _SOURCE_TABLE, source, provenance)]
        for subject in (source, *rows):
            old.update(store.quads_for_pattern(subject, None, None, provenance))
        for row in rows:
            old.update(store.quads_for_pattern(None, _DERIVED, row, provenance))
    return old


def _asserted_names(store: ox.Store, minter: Minter) -> list[ox.NamedNode]:
    inferred = str(minter.graph("inferred"))
    return [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != inferred]


def _entailer(store: ox.Store, minter: Minter) -> Entailer:
    """The rules of the ontology the build reasoned with (an update does not change it)."""
    from iackg.update.inferences import ontology_of

    return Entailer(ontology_of(store, ox.NamedNode(str(minter.graph("ontology")))))


def _reason(store: ox.Store, minter: Minter, entailer: Entailer, added, removed, unnamed) -> None:
    """Re-derive the inferred graph around the changed triples (`inferences`)."""
    from iackg.update.inferences import Delta

    inferred = ox.NamedNode(str(minter.graph("inferred")))
    Delta(store, entailer, inferred).apply(added, removed, unnamed)


def _context_names(minter: Minter) -> list[ox.NamedNode]:
    return [ox.NamedNode(str(minter.graph(g))) for g in ("ontology", "reference")]


def _validate(store: ox.Store, minter: Minter, changed: set, context_store: ox.Store):
    """The shapes on the focus nodes the change can reach (`focus`), in a small store with
    what the shapes read about them (`context_store`: the context graphs, which an update does
    not change, read beforehand)."""
    from iackg.store.terms import to_rdflib
    from iackg.update.focus import focus_nodes, neighbourhood, shapes_read_provenance
    from iackg.validation import validate
    from iackg.validation.shapes import bundled_shapes

    context = set(_context_names(minter))
    data = set(_asserted_names(store, minter)) - context
    if not shapes_read_provenance(bundled_shapes()):
        provenance = ox.NamedNode(str(minter.graph("provenance")))
        changed = {q for q in changed if q.graph_name != provenance}
    focus = focus_nodes(store, changed, data, context)
    small = neighbourhood(store, focus, data, context, context_store)
    return validate(
        small,
        base=minter.base,
        context_graphs=frozenset(g.value for g in context),
        focus=[to_rdflib(n) for n in focus],
    )
