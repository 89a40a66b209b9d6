"""The loader: prefectural tables (CSV/XLSX, UTF-8 or CP932, era dates) into the iackg graph.

    from iackg.ingest import ingest_files
    result = ingest_files(["designations.csv", "plans.xlsx"])
    result.sources[0].graph          # rdflib Graph of the first file's data triples
    result.provenance                # SourceTable / SourceRow / prov:wasDerivedFrom
    result.write("out.nq")           # named graphs kept

For national-scale inputs, `ingest_to_nquads(paths, "out.nq")` streams quads to the file without
building graphs, with memory that does not grow with the input (besides ~100 bytes per row for
duplicate detection).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from iackg.errors import InputError, UsageError
from iackg.ingest import terms as t
from iackg.ingest.headers import KINDS, column_for
from iackg.ingest.layouts import ListOptions
from iackg.ingest.loader import prepare, run
from iackg.ingest.result import Ingested, MemorySink, NQuadsSink, Source, _atomic
from iackg.iris import Minter
from iackg.vocab import DEFAULT_BASE

__all__ = [
    "KINDS",
    "Ingested",
    "ListOptions",
    "Source",
    "column_for",
    "explain",
    "ingest_files",
    "ingest_to_nquads",
]


def explain(paths, *, options: ListOptions | None = None) -> list[str]:
    """How each table would be read: its layout and which column feeds which field."""
    lines: list[str] = []
    tables, problems = prepare(paths, Minter(), options)
    for table in tables:
        sheet = f" [{table.raw.sheet}]" if table.raw.sheet else ""
        lines.append(f"{table.path.name}{sheet}: {table.kind}")
        if table.list_date:
            lines.append(f"  list date: {table.list_date.isoformat()} (a dated snapshot)")
        if table.layout:
            lines += [f"  {line}" for line in table.layout.explain()]
        else:
            lines.append("  layout: template")
            lines.append(f"  header row: {table.header_row}")
            lines += [f"    {c:<16} <- column {i + 1}" for c, i in table.columns.items()]
    lines += [f"{p.file}: {p.message_en}" for p in problems]
    return lines


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _minter(base: str) -> Minter:
    try:
        return Minter(base)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _fail_if_errors(problems, strict: bool) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if strict and errors:
        warnings = [p for p in problems if p.severity != "error"]
        raise InputError(errors + warnings)


def _sources(tables) -> list[Source]:
    return [
        Source(
            tb.path,
            tb.raw.sha256,
            tb.kind,
            t.to_rdflib(tb.graph_name),
            tb.raw.encoding,
            tb.rows,
            tb.rejected,
            tb.triples,
            None,
            tb.provenance,
        )
        for tb in tables
    ]


def ingest_files(
    paths,
    *,
    base: str = DEFAULT_BASE,
    strict: bool = True,
    load_time: dt.datetime | None = None,
    options: ListOptions | None = None,
    on_table: Callable[[object, list], None] | None = None,
) -> Ingested:
    """Read tables into graphs. strict: any rejected row raises InputError listing every problem;
    otherwise rejected rows are skipped and reported in `problems`. `options`: the prefecture
    and date of published lists that do not carry them. `on_table(graph name, triples)` is
    called as each table is done (a build loads it while the next one is read); an error later
    still raises, so the caller must be able to throw away what it was given."""
    minter = _minter(base)
    tables, problems = prepare(paths, minter, options)
    _fail_if_errors(problems, strict)
    sink = MemorySink(on_table)
    outcome = run(tables, minter, sink, load_time=load_time or _now())
    problems += outcome.problems
    _fail_if_errors(problems, strict)
    return Ingested(
        _sources(tables),
        minter.graph("provenance"),
        problems,
        outcome.triples,
        sink.provenance_triples,
    )


def ingest_to_nquads(
    paths,
    out,
    *,
    base: str = DEFAULT_BASE,
    strict: bool = True,
    load_time: dt.datetime | None = None,
    options: ListOptions | None = None,
) -> Ingested:
    """Stream tables straight into an N-Quads file (written atomically: nothing is left behind if
    strict and any row is rejected). The returned Ingested has no graphs in memory."""
    out = Path(out)
    if out.suffix.lower() != ".nq":
        raise UsageError(f"streaming writes N-Quads: name the output *.nq, not {out.name}")
    minter = _minter(base)
    tables, problems = prepare(paths, minter, options)
    _fail_if_errors(problems, strict)
    with _atomic(out) as handle:
        sink = NQuadsSink(handle, t.node(minter.graph("provenance")))
        outcome = run(tables, minter, sink, load_time=load_time or _now())
        problems += outcome.problems
        _fail_if_errors(problems, strict)  # raising here deletes the partial file
    for table in tables:
        table.triples = table.provenance = None
    return Ingested(_sources(tables), minter.graph("provenance"), problems, outcome.triples, None)
