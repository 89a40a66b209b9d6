"""The pipeline: ingest → validate → load → reason → summary.

`build()` is the library entry point (the CLI, the tests of other parts and the benchmark call
it). Everything is built aside, in a scratch store (a new generation folder next to the current
one, or memory for `memory:` and servers), and then installed in one atomic step, so a failed
build leaves the store exactly as it was, and building the same input twice gives the same store.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from iackg.errors import IackgError, InputError, Problem
from iackg.gcscope import no_cyclic_gc
from iackg.ingest import rdf_guard
from iackg.iris import Minter
from iackg.paths import ontology_files, sample_dir
from iackg.reasoning import Entailer
from iackg.reference import reference_triples
from iackg.store import MEMORY, EmbeddedStore, Store, open_store
from iackg.store.terms import as_oxigraph
from iackg.summary import Summary, summarise
from iackg.validation.report import ValidationReport
from iackg.vocab import DEFAULT_BASE

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads"}
Progress = Callable[[str], None]


class ValidationFailed(IackgError):
    """The input does not conform to the shapes; the store was not touched."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__("the input does not conform to the shapes; the store was not changed")


@dataclass
class BuildResult:
    store: Store
    location: str
    base: str
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples
    sources: list[tuple[str, str]] = field(default_factory=list)  # (input path, graph IRI)
    asserted: int = 0
    inferred: int = 0
    validation: object | None = None  # a ValidationReport when validation ran
    warnings: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)  # rows the loader rejected (with --keep-going)
    timings: dict[str, float] = field(default_factory=dict)
    summary: Summary | None = None

    def record_counts(self, counts: dict[str, int], inferred: str) -> None:
        """Triples per graph (graph IRI -> n), `inferred` naming the inferred graph."""
        self.graphs = dict(sorted(counts.items()))
        self.inferred = counts.get(inferred, 0)
        self.asserted = sum(n for g, n in counts.items() if g != inferred)


def default_inputs() -> list[Path]:
    folder = sample_dir()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".tsv"))


def _newest_input_time(paths: Sequence[Path]) -> dt.datetime:
    """The load time recorded in provenance: the newest input file's modification time (for a
    folder, of the tables in it), so that building the same files twice gives the same store."""
    from iackg.ingest.loader import expand

    newest = max(p.stat().st_mtime for p in expand(paths) or paths)
    return dt.datetime.fromtimestamp(int(newest), tz=dt.UTC)


def read_rdf(path: Path) -> Graph:
    """An RDF input file, held to the loader's rules for terms (InputError, exit 2)."""
    graph = Graph()
    try:
        graph.parse(path, format=RDF_SUFFIXES[path.suffix.lower()])
    except Exception as exc:  # rdflib raises many kinds of parse error
        raise InputError(
            Problem(str(path), None, None, f"RDF を読めません: {exc}", f"cannot parse: {exc}")
        ) from exc
    rdf_guard.check_triples(path, graph)
    return graph


def _ingest(inputs: Sequence[Path], base: str, strict: bool, options=None, on_table=None):
    """The loader's result for tables; RDF files already in iackg's shape are taken as they are.

    Returns (sources, ingested): sources as (path, graph name, rdflib-Graph-or-loader-Source),
    and the loader's `Ingested` (None without tables), whose `quads()` is the fast load path.
    """
    tables = [p for p in inputs if p.suffix.lower() not in RDF_SUFFIXES]
    rdf = [p for p in inputs if p.suffix.lower() in RDF_SUFFIXES]
    sources: list[tuple[Path, URIRef, object]] = []
    ingested = None
    if tables:
        from iackg.ingest import ingest_files

        ingested = ingest_files(
            tables,
            base=base,
            strict=strict,
            load_time=_newest_input_time(tables),
            options=options,
            on_table=on_table,
        )
        for source in ingested.sources:
            sources.append((Path(source.path), URIRef(source.graph_name), source))
    minter = Minter(base)
    for path in rdf:
        key = "rdf-" + path.stem.lower().replace(" ", "-")
        sources.append((path, minter.graph(f"source/{key}"), read_rdf(path)))
    return sources, ingested


def _context_graphs(ontology: Graph, minter: Minter) -> list[tuple[str, list]]:
    """The context graphs (ontology, reference), as (name, triples in Oxigraph terms)."""
    return [
        (str(minter.graph("ontology")), _ox_triples(ontology)),
        (str(minter.graph("reference")), _ox_triples(reference_triples(minter))),
    ]


def _other_graphs(sources, ingested) -> list[tuple[str, list]]:
    """The asserted graphs other than the tables' data and the context, as (name, triples in
    Oxigraph terms): the provenance and the RDF inputs."""
    graphs = []
    if ingested is not None:  # the loader's triples are Oxigraph terms already
        graphs.append((str(ingested.provenance_name), ingested.provenance_triples()))
    for _, graph_name, source in sources:
        if isinstance(source, Graph):
            graphs.append((str(graph_name), _ox_triples(source)))
    return graphs


def _ox_triples(triples: Iterable[tuple]) -> list[tuple]:
    """rdflib triples as Oxigraph triples, each distinct term converted once; a literal subject
    or a predicate that is not an IRI is a TypeError (not RDF)."""
    terms: dict = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = as_oxigraph(node)
        return found

    converted = []
    for s, p, o in triples:
        subject, predicate = term(s), term(p)
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        converted.append((subject, predicate, term(o)))
    return converted


class _Batch:
    """Graphs on their way into a store: N-Quads text for Oxigraph's bulk loader, and quads
    for the graphs with blank nodes (the bulk loader would rename them; their labels are
    canonical so that two builds give the same store)."""

    def __init__(self, graphs: list[tuple[str, list]]):
        plain: list[tuple[str, list]] = []
        blank: list[tuple[str, list]] = []
        for name, triples in graphs:
            (blank if _has_blank_nodes(triples) else plain).append((name, triples))
        self.text = "".join(
            "".join([f"{s} {p} {o} <{name}> .\n" for s, p, o in triples]) for name, triples in plain
        ).encode()
        self.quads = [
            ox.Quad(s, p, o, ox.NamedNode(name)) for name, triples in blank for s, p, o in triples
        ]

    def into(self, store: EmbeddedStore) -> None:
        store.load_nquads(self.text)
        store.add_quads(self.quads)


def _has_blank_nodes(triples) -> bool:
    blank = ox.BlankNode
    return any(isinstance(s, blank) or isinstance(o, blank) for s, _, o in triples)


def _check(
    batches: Queue, context: frozenset[str], base: str
) -> tuple[ValidationReport, float] | None:
    """The compiled shapes on an in-memory copy of the asserted graphs, filled as the batches
    come (queries there are several times faster than on the folder store): the report and
    its time, or None when the build gave up before the copy was whole. `context` names the
    ontology and reference graphs, which are not reported on."""
    from iackg.validation import validate

    copy = EmbeddedStore(MEMORY)
    if not _drain(batches, copy):
        return None
    clock = time.perf_counter()
    report = validate(copy.oxigraph, base=base, context_graphs=context)
    return report, time.perf_counter() - clock


def _drain(batches: Queue, store: Store) -> bool:
    """Load batches into `store` as they come, until None (the end: True) or False (the build
    gave up: False)."""
    while batch := batches.get():
        batch.into(store)
    return batch is None


def _ontology() -> Graph:
    """The ontology, with canonical blank-node labels so that two builds give the same quads."""
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return to_canonical_graph(graph)


def build(
    inputs: Sequence[str | Path] | None = None,
    store: str | Path | Store = "memory:",
    *,
    base: str = DEFAULT_BASE,
    validate: bool = True,
    keep_going: bool = False,
    progress: Progress | None = None,
    ontology: Graph | None = None,
    options=None,
) -> BuildResult:
    """Build a knowledge graph from `inputs` (the bundled sample by default) into `store`.

    Raises `InputError` for unreadable input and `ValidationFailed` (exit 1) when the data does
    not conform and `keep_going` is false; in both cases the store is left as it was.
    `options` (`iackg.ingest.ListOptions`): prefecture, date or mapping of published lists.
    """
    say = progress or (lambda message: None)
    minter = Minter(base)
    paths = [Path(p) for p in inputs] if inputs else default_inputs()
    missing = [p for p in paths if not p.exists()]
    if missing:  # before the store is opened, so that a new store folder is not even created
        raise InputError(
            Problem(str(missing[0]), None, None, "ファイルがありません", "no such file")
        )
    with no_cyclic_gc():  # the loader and the reasoner make millions of tuples, no cycles
        if isinstance(store, Store):
            return _build(store, paths, minter, validate, keep_going, say, ontology, options)
        target = open_store(store)
        try:
            return _build(target, paths, minter, validate, keep_going, say, ontology, options)
        except BaseException:
            target.abandon()  # release the folder lock; a folder made just now is removed
            raise


def _build(target, paths, minter, validate, keep_going, say, ontology, options=None) -> BuildResult:
    result = BuildResult(target, target.location, minter.base)
    started = clock = time.perf_counter()
    # Five things overlap on two cores (docs/performance.md): each table, once read, goes to
    # Oxigraph's bulk loader in a thread and to an in-memory copy in another while the next one
    # is read; the inferences follow them into the new generation; the copy, once whole, is
    # validated (its shapes in two more threads) while the reasoning runs here. Oxigraph
    # releases the interpreter lock; the loader and the reasoner are Python.
    scratch = target.scratch()
    loads: Queue[_Batch | None] = Queue()
    checks: Queue[_Batch | bool | None] = Queue()  # False: the build gave up
    ended = False

    def load(graphs) -> None:
        batch = _Batch(graphs)
        loads.put(batch)
        if validate:
            checks.put(batch)

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            loading = pool.submit(_timed, _drain, loads, scratch)
            checking = None
            if validate:  # on a copy of the asserted graphs only: never on inferences
                context = frozenset(str(minter.graph(name)) for name in ("ontology", "reference"))
                checking = pool.submit(_check, checks, context, minter.base)
            try:
                ontology = _ontology() if ontology is None else ontology
                context_graphs = _context_graphs(ontology, minter)
                load(context_graphs)  # first: loaded while the first table is read
                say(f"reading {len(paths)} input file(s)")
                sources, ingested = _ingest(
                    paths,
                    minter.base,
                    strict=not keep_going,
                    options=options,
                    on_table=lambda name, triples: load([(_iri(name), triples)]),
                )
                others = _other_graphs(sources, ingested)
                if others:
                    load(others)
                checks.put(None)
                ended = True
                result.problems = list(getattr(ingested, "problems", []) or [])
                sourced = getattr(ingested, "sources", [])
                tables = [(str(s.graph_name), s.triples()) for s in sourced]
                graphs = tables + context_graphs + others
                result.timings["ingest"] = time.perf_counter() - clock
                if validate:
                    data = sum(len(t) for name, t in graphs if name not in context)
                    say(f"validating {data} triples")
                say("reasoning")
                clock = time.perf_counter()
                inferred, _ = Entailer(ontology).closure(
                    t for _, triples in graphs for t in triples
                )
                inferred_name = str(minter.graph("inferred"))
                loads.put(_Batch([(inferred_name, list(inferred))]))  # the new generation's only
                result.timings["reason"] = time.perf_counter() - clock
            finally:
                loads.put(None)
                if not ended:  # the copy is not validated: the build gives up
                    checks.put(False)
            counts = {name: len(set(triples)) for name, triples in graphs}
            result.record_counts({**counts, inferred_name: len(inferred)}, inferred_name)
            _, result.timings["load"] = loading.result()
            # on the new generation, which holds the inferences (the in-memory copy that is
            # validated does not), while the last shapes run
            result.summary = summarise(scratch, minter)
            checked = checking.result() if checking is not None else None
            if checked is not None:  # None without validation
                report, result.timings["validate"] = checked
                result.validation = report
                if not report.conforms and not keep_going:
                    raise ValidationFailed(report)
        result.sources = [(str(path), str(name)) for path, name, _ in sources]

        install(target, scratch, result, say)
    except BaseException:
        scratch.discard()
        raise
    result.timings["total"] = time.perf_counter() - started
    return result


def install(target: Store, scratch: Store, result: BuildResult, say: Progress) -> None:
    """Swap the scratch store's iackg graphs in (one atomic step) and time it."""
    clock = time.perf_counter()
    say(f"installing into {target.location}")
    target.install(scratch, prefix=f"{result.base}/graph/")
    result.timings["install"] = time.perf_counter() - clock


def _iri(name) -> str:
    """A graph name as an IRI string (the loader hands Oxigraph terms, rdflib elsewhere)."""
    return name.value if isinstance(name, ox.NamedNode) else str(name)


def _timed(function, *args):
    clock = time.perf_counter()
    return function(*args), time.perf_counter() - clock
