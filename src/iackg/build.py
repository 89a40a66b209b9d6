"""The pipeline: ingest → validate → load → reason → summary.

`build()` is the library entry point (the CLI, the tests of other parts and the benchmark call
it). Everything is built aside, in a scratch store (a new generation folder next to the current
one, or memory for `memory:` and servers), and then installed in one atomic step, so a failed
build leaves the store exactly as it was, and building the same input twice gives the same store.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from iackg.errors import IackgError, InputError, Problem
from iackg.iris import Minter
from iackg.paths import ontology_files, sample_dir
from iackg.reasoning import reason
from iackg.reference import reference_graph
from iackg.store import EmbeddedStore, Store, open_store
from iackg.summary import Summary, summarise
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


def default_inputs() -> list[Path]:
    folder = sample_dir()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".tsv"))


def _newest_input_time(paths: Sequence[Path]) -> dt.datetime:
    """The load time recorded in provenance: the newest input file's modification time (for a
    folder, of the tables in it), so that building the same files twice gives the same store."""
    from iackg.ingest.loader import expand

    newest = max(p.stat().st_mtime for p in expand(paths) or paths)
    return dt.datetime.fromtimestamp(int(newest), tz=dt.UTC)


def _ingest(inputs: Sequence[Path], base: str, strict: bool):
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
            tables, base=base, strict=strict, load_time=_newest_input_time(tables)
        )
        for source in ingested.sources:
            sources.append((Path(source.path), URIRef(source.graph_name), source))
    minter = Minter(base)
    for path in rdf:
        graph = Graph()
        try:
            graph.parse(path, format=RDF_SUFFIXES[path.suffix.lower()])
        except Exception as exc:  # rdflib raises many kinds of parse error
            raise InputError(
                Problem(str(path), None, None, f"RDF を読めません: {exc}", f"cannot parse: {exc}")
            ) from exc
        key = "rdf-" + path.stem.lower().replace(" ", "-")
        sources.append((path, minter.graph(f"source/{key}"), graph))
    return sources, ingested


def _validate(sources, ingested, reference: Graph, base: str, keep_going: bool, result, progress):
    import pyoxigraph as ox

    from iackg.store.terms import to_quad
    from iackg.validation import validate

    data = ox.Store()  # the asserted data as quads: the validator's fast input
    if ingested is not None:
        data.extend(ingested.quads())
    for _, graph_name, source in sources:
        if isinstance(source, Graph):
            name = ox.NamedNode(str(graph_name))
            data.extend(to_quad(*t, name) for t in source)
    progress(f"validating {len(data)} triples")
    report = validate(data, base=base, reference=reference, consume=True)
    result.validation = report
    if not report.conforms and not keep_going:
        raise ValidationFailed(report)


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
) -> BuildResult:
    """Build a knowledge graph from `inputs` (the bundled sample by default) into `store`.

    Raises `InputError` for unreadable input and `ValidationFailed` (exit 1) when the data does
    not conform and `keep_going` is false; in both cases the store is left as it was.
    """
    say = progress or (lambda message: None)
    minter = Minter(base)
    paths = [Path(p) for p in inputs] if inputs else default_inputs()
    missing = [p for p in paths if not p.exists()]
    if missing:  # before the store is opened, so that a new store folder is not even created
        raise InputError(
            Problem(str(missing[0]), None, None, "ファイルがありません", "no such file")
        )
    if isinstance(store, Store):
        return _build(store, paths, minter, validate, keep_going, say, ontology)
    target = open_store(store)
    try:
        return _build(target, paths, minter, validate, keep_going, say, ontology)
    except BaseException:
        target.abandon()  # release the folder lock; a folder made just now is removed
        raise


def _build(target, paths, minter, validate, keep_going, say, ontology) -> BuildResult:
    result = BuildResult(target, target.location, minter.base)
    clock = time.perf_counter()

    say(f"reading {len(paths)} input file(s)")
    sources, ingested = _ingest(paths, minter.base, strict=not keep_going)
    result.problems = list(getattr(ingested, "problems", []) or [])
    reference = reference_graph(minter)
    ontology = _ontology() if ontology is None else ontology
    result.timings["ingest"] = time.perf_counter() - clock

    if validate:
        clock = time.perf_counter()
        _validate(sources, ingested, reference, minter.base, keep_going, result, say)
        result.timings["validate"] = time.perf_counter() - clock

    clock = time.perf_counter()
    scratch = target.scratch()
    try:
        say("loading into the store")
        scratch.add_triples(minter.graph("ontology"), ontology)
        scratch.add_triples(minter.graph("reference"), reference)
        if ingested is not None:  # the loader's quads, straight in (pyoxigraph terms)
            scratch.add_quads(ingested.quads(), bulk=True)
        for path, graph_name, source in sources:
            if isinstance(source, Graph):
                scratch.add_triples(graph_name, source, bulk=True)
            result.sources.append((str(path), str(graph_name)))
        result.timings["load"] = time.perf_counter() - clock

        clock = time.perf_counter()
        say("reasoning")
        reasoning = reason(scratch, minter=minter, ontology=ontology, progress=say)
        result.inferred = reasoning.inferred
        result.timings["reason"] = time.perf_counter() - clock

        result.graphs = {str(g): n for g, n in sorted(scratch.counts().items())}
        inferred = str(minter.graph("inferred"))
        result.asserted = sum(n for g, n in result.graphs.items() if g != inferred)
        result.summary = summarise(scratch, minter)

        clock = time.perf_counter()
        say(f"installing into {target.location}")
        target.install(scratch, prefix=f"{minter.base}/graph/")
        result.timings["install"] = time.perf_counter() - clock
    except BaseException:
        if isinstance(scratch, EmbeddedStore):
            scratch.discard()
        raise
    return result
