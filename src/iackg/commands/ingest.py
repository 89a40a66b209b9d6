"""`iackg ingest`: prefectural tables (CSV/XLSX) into RDF with provenance."""

from __future__ import annotations

import sys
import time

from iackg.commands import SUMMARIES
from iackg.errors import InputError
from iackg.vocab import DEFAULT_BASE

HELP = SUMMARIES["ingest"]
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
  iackg ingest list.xlsx --prefecture 13 --as-of 2008-03-31 --explain -o tokyo.nq
                                                            a prefecture's published list

input tables: docs/input-tables.md and data/templates/ (blank tables with the headers)."""

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
    add_list_options(parser)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print which layout and columns were recognised in each file",
    )


def add_list_options(parser) -> None:
    parser.add_argument(
        "--prefecture",
        metavar="CODE|NAME",
        help="the designating prefecture of lists without a prefecture column (13, 東京都, Tokyo)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date of lists without a designation date column (2008-03-31, 平成20年3月31日)",
    )
    parser.add_argument(
        "--mapping",
        metavar="M.json",
        help="a CSVW mapping file for a layout that is not recognised (docs/input-tables.md)",
    )


def list_options(args):
    """ListOptions from --prefecture and --as-of (UsageError, exit 2, when unreadable)."""
    from iackg.errors import UsageError
    from iackg.ingest import ListOptions
    from iackg.ingest.eradates import DateError, parse_date
    from iackg.reference import find_prefecture

    jis = None
    if args.prefecture:
        found = find_prefecture(args.prefecture)
        if found is None:
            raise UsageError(f"--prefecture: unknown prefecture {args.prefecture!r}")
        jis = found.jis
    as_of = None
    if args.as_of:
        try:
            as_of = parse_date(args.as_of)
        except DateError as exc:
            raise UsageError(f"--as-of: {exc.message_en}") from None
    mapping = None
    if getattr(args, "mapping", None):
        from iackg.ingest.mapping import load_mapping

        mapping = load_mapping(args.mapping)
    return ListOptions(jis, as_of, mapping)


def run(args) -> int:
    from iackg.ingest import explain, ingest_files, ingest_to_nquads

    options = list_options(args)
    start = time.perf_counter()
    try:
        if args.explain:
            print("\n".join(explain(args.files, options=options)))
        if args.output and args.output.lower().endswith(".nq"):
            result = ingest_to_nquads(
                args.files, args.output, base=args.base, strict=args.strict, options=options
            )
        else:
            strict = args.strict if args.output else False
            result = ingest_files(args.files, base=args.base, strict=strict, options=options)
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
