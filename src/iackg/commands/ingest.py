"""`iackg ingest`: prefectural tables (CSV/XLSX) into RDF with provenance."""

from __future__ import annotations

import sys
import time

from iackg.errors import InputError
from iackg.vocab import DEFAULT_BASE

HELP = "read designation, plan and enterprise tables (CSV/XLSX, UTF-8 or CP932) into RDF"
DESCRIPTION = """\
Read prefectural tables into the iackg graph. Each file's kind (designations, plans,
enterprises) is recognised from its header row, in Japanese or English; CSV files may be UTF-8,
UTF-8 with BOM or CP932 (detected); dates may be ISO or era dates (平成19年8月31日, H19.8.31).
Every file becomes one named graph; provenance (file, SHA-256, row) goes to the provenance graph.

With -o, any rejected row stops the run and nothing is written (use --no-strict to skip such
rows and keep the rest). Without -o, the tables are only checked and summarised."""
EPILOG = """\
examples:
  iackg ingest data/sample                                  check and summarise a folder
  iackg ingest data/sample -o sample.nq                     named graphs, N-Quads (streamed)
  iackg ingest designations.csv -o out.ttl --lang ja        Turtle, messages in Japanese
  iackg ingest big/*.csv -o big.nq --no-strict              skip bad rows, report them

templates: docs/templates.md and data/templates/ (blank tables with the headers)."""

_SHOWN = 30


def configure(parser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="CSV or XLSX tables, or folders of them"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write .nq or .trig (named graphs) or .ttl/.nt (merged)",
    )
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI (default {DEFAULT_BASE})")
    strict = parser.add_mutually_exclusive_group()
    strict.add_argument(
        "--strict",
        dest="strict",
        action="store_true",
        default=True,
        help="reject the whole run if any row is rejected (default)",
    )
    strict.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="skip rejected rows, write the rest and report them",
    )
    parser.add_argument("--lang", choices=("en", "ja"), default="en", help="message language")


def run(args) -> int:
    from iackg.ingest import ingest_files, ingest_to_nquads

    start = time.perf_counter()
    try:
        if args.output and args.output.lower().endswith(".nq"):
            result = ingest_to_nquads(args.files, args.output, base=args.base, strict=args.strict)
        else:
            strict = args.strict if args.output else False
            result = ingest_files(args.files, base=args.base, strict=strict)
            if args.output:
                result.write(args.output)
    except InputError as exc:
        exc.lang = args.lang
        raise InputError(exc.problems, args.lang) from None
    elapsed = time.perf_counter() - start
    _report(result, args, elapsed)
    errors = [p for p in result.problems if p.severity == "error"]
    return 2 if errors and not args.output else 0


def _report(result, args, elapsed: float) -> None:
    for problem in result.problems[:_SHOWN]:
        print(problem.describe(args.lang), file=sys.stderr)
    if len(result.problems) > _SHOWN:
        more = len(result.problems) - _SHOWN
        print(f"… {more} more" if args.lang == "en" else f"… ほか {more} 件", file=sys.stderr)
    width = max((len(s.path.name) for s in result.sources), default=4)
    print(f"{'file':<{width}}  {'kind':<12} {'encoding':<9} {'rows':>7} {'rejected':>8}")
    for s in result.sources:
        print(f"{s.path.name:<{width}}  {s.kind:<12} {s.encoding:<9} {s.rows:>7} {s.rejected:>8}")
    target = f" -> {args.output}" if args.output else ""
    warnings = sum(1 for p in result.problems if p.severity == "warning")
    print(f"{result.triple_count} triples{target} in {elapsed:.2f} s; {warnings} warnings")
