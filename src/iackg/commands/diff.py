"""`iackg diff`: what a prefecture's list gained and lost between two dates."""

from __future__ import annotations

import argparse
import sys

from iackg import queries
from iackg.commands import SUMMARIES
from iackg.commands._common import add_store_options, store_from
from iackg.errors import UsageError
from iackg.iris import Minter
from iackg.results import FORMATS, render

HELP = SUMMARIES["diff"]
DESCRIPTION = """\
Compare a prefecture's designations in force on --from with those in force on --to (the
library query designations-changed-between): added, removed (taken off the list, missing from
a later dated list, or ended by the 2020-10-01 repeal) and renamed (a later dated list gives
the resource a new name: same list number, else reading, else category and municipalities;
docs/time.md). Load the prefecture's lists of several dates in one build to see renamings."""
EPILOG = """\
examples:
  iackg diff 16 --from 2009-04-01 --to 2019-04-01
  iackg diff 富山県 --from 2015-08-09 --to 2015-08-10 --format csv
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("prefecture", help="JIS code, name (富山県, Toyama) or IRI")
    parser.add_argument("--from", dest="first", required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table")
    add_store_options(parser)


def run(args: argparse.Namespace) -> int:
    query = queries.get("designations-changed-between")
    values = {"from": args.first, "to": args.last, "prefecture": args.prefecture}
    bindings = query.bindings(values, minter=Minter(args.base))
    if str(bindings["from"]) > str(bindings["to"]):  # both ISO dates: text order is date order
        raise UsageError(f"--from {args.first} is after --to {args.last}")
    columns, rows = store_from(args).select_table(query.text, bindings)
    sys.stdout.write(render(columns, rows, args.format, base=args.base))
    return 0
