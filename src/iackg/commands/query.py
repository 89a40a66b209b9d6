"""`iackg query`: run a named query from the library."""

from __future__ import annotations

import argparse
import sys

from iackg import queries
from iackg.commands import SUMMARIES
from iackg.commands._common import add_store_options, store_from
from iackg.errors import UsageError
from iackg.iris import Minter
from iackg.results import FORMATS, render

HELP = SUMMARIES["query"]
DESCRIPTION = """\
Run one of the library's named SPARQL queries (queries/*.rq) against the store and print the
rows. Parameters are bound as values, never pasted into the query."""
EPILOG = """\
examples:
  iackg query --list                                   the library, with titles
  iackg query --list --lang ja                         titles in Japanese
  iackg query resources-per-prefecture                 counts per prefecture and category
  iackg query resources-per-prefecture --param prefecture=14
  iackg query resource-search --param name=まぐろ
  iackg query designated-as-of --as-of 2012-04-01 --param prefecture=16
  iackg query designations-added-between --param from=2015-08-10 --param to=2020-09-30
  iackg query plans-active-on-date --as-of 2015-04-01 --format csv > active.csv
  iackg query most-used-resources --store http://localhost:7878
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", help="the query's name (see --list)")
    parser.add_argument("--list", action="store_true", help="list the library's queries")
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter value (repeatable); --list shows each query's parameters",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the graph as it stood on that day (for queries with an as_of parameter)",
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="table")
    parser.add_argument("--lang", choices=("ja", "en"), default="ja", help="labels and titles")
    add_store_options(parser)


def parse_params(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param expects NAME=VALUE, got {pair!r}")
        values[name.strip()] = value
    return values


def list_library(lang: str) -> str:
    lines = []
    for name, query in queries.library().items():
        lines.append(f"{name}\n    {query.title(lang)}")
        for param in query.params:
            if param.type != "lang":
                lines.append(f"    --param {param.describe()}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.list:
        sys.stdout.write(list_library(args.lang))
        return 0
    if not args.name:
        raise UsageError("give a query name, or --list to see the library")
    query = queries.get(args.name)
    minter = Minter(args.base)
    values = queries.with_as_of(query, parse_params(args.param), args.as_of)
    bindings = query.bindings(values, lang=args.lang, minter=minter)
    store = store_from(args, read_only=True)
    columns, rows = store.select_table(query.text, bindings)
    if args.format == "table":
        print(f"# {query.title(args.lang)}", file=sys.stderr)
    sys.stdout.write(render(columns, rows, args.format, base=args.base))
    return 0
