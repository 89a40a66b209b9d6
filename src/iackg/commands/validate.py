"""`iackg validate`: check tables or RDF files against the Act's rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from iackg.commands import SUMMARIES
from iackg.errors import InputError, Problem, UsageError
from iackg.ingest import rdf_guard
from iackg.validation import ENGINES, validate
from iackg.vocab import DEFAULT_BASE

HELP = SUMMARIES["validate"]
DESCRIPTION = """\
Check a submission against the rules of the 2007 SME Regional Resources Act (the SHACL shapes in
shapes/, one rule id per shape, e.g. R04-designation-regime). FILE is a template table
(designations, plans or enterprises; CSV or XLSX, read by the loader) or RDF (Turtle, N-Triples,
N-Quads, TriG, JSON-LD, or RDF/XML without a DOCTYPE). Several files are checked together.

Results name the file, row and column of a table (or the node of RDF input), the rule id, the
severity and a message in Japanese or English. Reference data (prefectures, municipalities,
basic concepts) and the ontology are context and are never reported on. Exit 0 when the data
conforms, 1 when it does not, 2 on a usage or input error."""
EPILOG = """\
examples:
  iackg validate designations.csv                  rows that break a rule, in English
  iackg validate designations.csv --lang ja        the same in Japanese
  iackg validate plans.csv --against iackg-store   check plans against published designations
  iackg validate data.ttl --format json > report.json
  iackg validate data.nq --format ttl              a standard sh:ValidationReport
  iackg validate data.ttl --fail-on warning        exit 1 on warnings too
"""

TABLE_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"}
OXIGRAPH_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}
RDFLIB_FORMATS = {
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="tables or RDF files")
    parser.add_argument(
        "--against",
        metavar="STORE",
        help="a built store (folder) whose graphs are context, e.g. published "
        "designations for a plans table",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "ttl"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--lang",
        choices=("ja", "en"),
        default="en",
        help="language of the text output (default: en)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("violation", "warning"),
        default="violation",
        help="exit 1 on violations only (default) or on warnings too",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="auto (default: compiled SPARQL on Oxigraph), oxigraph, or pyshacl "
        "(the reference, slow on large data)",
    )
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of the data (default: {DEFAULT_BASE})"
    )


def _problem(path: Path, ja: str, en: str) -> InputError:
    return InputError(Problem(str(path), None, None, ja, en))


def _refuse_xml_doctype(path: Path, text: str) -> None:
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise _problem(
            path,
            "DOCTYPE や ENTITY を含む RDF/XML は読みません（XXE 対策）。",
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused (XXE risk).",
        )


def _refuse_remote_context(path: Path, node) -> None:
    """JSON-LD may name remote contexts, which rdflib would fetch: refuse them."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import") and (
                isinstance(value, str)
                or (isinstance(value, list) and any(isinstance(v, str) for v in value))
            ):
                raise _problem(
                    path,
                    "JSON-LD の外部コンテキストは読み込みません。",
                    "JSON-LD remote contexts are refused (no network access).",
                )
            _refuse_remote_context(path, value)
    elif isinstance(node, list):
        for item in node:
            _refuse_remote_context(path, item)


def _read_rdf(path: Path, store: ox.Store) -> None:
    """Parse one RDF file into the store; its terms are held to the loader's rules
    (ingest/rdf_guard.py: no XML-forbidden characters, bounded literals and nesting)."""
    suffix = path.suffix.lower()
    if suffix in OXIGRAPH_FORMATS:
        try:
            quads = ox.parse(path=str(path), format=OXIGRAPH_FORMATS[suffix])
            store.extend(rdf_guard.checked_quads(path, quads))
        except (SyntaxError, ValueError) as exc:
            raise _problem(path, f"RDF として読めません: {exc}", f"not valid RDF: {exc}") from None
        except MemoryError as exc:  # a term beyond the parser's 16 MiB buffer
            raise _problem(
                path, f"値が大きすぎて読めません: {exc}", f"a term is too large to read: {exc}"
            ) from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise _problem(
                path, f"ファイルを読めません: {reason}", f"cannot read: {reason}"
            ) from None
        return
    text = rdf_guard.read_text(path)
    if RDFLIB_FORMATS[suffix] == "xml":
        _refuse_xml_doctype(path, text)
    else:
        _refuse_remote_context(path, rdf_guard.load_json(path, text))
    graph = Graph()
    try:
        graph.parse(data=text, format=RDFLIB_FORMATS[suffix])
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise _problem(path, f"RDF として読めません: {exc}", f"not valid RDF: {exc}") from None
    rdf_guard.check_triples(path, graph)
    from iackg.store.terms import to_quad

    store.extend(to_quad(s, p, o, ox.DefaultGraph()) for s, p, o in graph)


def _read_tables(paths: list[Path], store: ox.Store, base: str) -> list[Problem]:
    from iackg.ingest import ingest_files  # the loader
    from iackg.ingest.reading import open_table

    for path in paths:  # a file that cannot be read at all is an input error (exit 2), not a
        open_table(path)  # rejected row in the report
    ingested = ingest_files([str(p) for p in paths], base=base, strict=False)
    store.extend(ingested.quads())  # pyoxigraph quads: data graphs and provenance
    return list(ingested.problems)


def read_inputs(files: list[str], base: str) -> tuple[ox.Store, list[Problem]]:
    """All inputs in one pyoxigraph Store, and the rows the loader rejected or warned about."""
    store = ox.Store()
    tables = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            raise _problem(path, "ファイルがありません。", "no such file.")
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            tables.append(path)
        elif suffix in OXIGRAPH_FORMATS or suffix in RDFLIB_FORMATS:
            _read_rdf(path, store)
        else:
            raise _problem(
                path,
                "種類が分かりません（表: .csv .xlsx、RDF: .ttl .nt .nq .trig .jsonld .rdf）。",
                "unknown kind of file (tables: .csv .xlsx; RDF: .ttl .nt .nq .trig .jsonld .rdf).",
            )
    problems = _read_tables(tables, store, base) if tables else []
    return store, problems


def _show_progress(done: int, total: int) -> None:
    """A one-line progress bar on a terminal (stderr)."""
    width = 30
    filled = width * done // total
    end = "\n" if done == total else ""
    print(
        f"\rchecking [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    against = None
    if args.against:
        from iackg.store import open_store

        if not args.against.startswith(("http://", "https://")) and not Path(args.against).is_dir():
            raise UsageError(f"--against: no store at {args.against}")
        against = open_store(args.against, read_only=True)
    store, problems = read_inputs(args.files, args.base)
    show = _show_progress if sys.stderr.isatty() else None
    report = validate(
        store, against=against, engine=args.engine, base=args.base, consume=True, progress=show
    )
    report.problems = problems
    if args.format == "json":
        sys.stdout.write(report.to_json() + "\n")
    elif args.format == "ttl":
        sys.stdout.write(report.to_graph().serialize(format="turtle"))
    else:
        sys.stdout.write(report.to_text(args.lang))
    return 1 if report.fails(args.fail_on) else 0
