"""`iackg link`: links out from a reconciliation result (nothing is fetched)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.links import linkset, read_reconciled
from iackg.vocab import DEFAULT_BASE

HELP = SUMMARIES["link"]
DESCRIPTION = """\
Read a reconciliation result as OpenRefine exports it (a CSV with a column of our IRIs and a
column of Wikidata ids) and write the links as skos:closeMatch triples in Turtle, with a
void:Linkset that records the file's name, SHA-256 and time. Load the Turtle with the tables:
`iackg build TABLES links.ttl`. Nothing is fetched from the network."""
EPILOG = """\
examples:
  iackg link --wikidata reconciled.csv -o links.ttl
  iackg build data/ links.ttl
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wikidata", required=True, metavar="FILE", help="the CSV to read")
    parser.add_argument("-o", "--output", metavar="OUT.ttl", help="where to write (default stdout)")
    parser.add_argument("--base", default=DEFAULT_BASE, help="base IRI of the data")


def run(args: argparse.Namespace) -> int:
    source = Path(args.wikidata)
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    links = read_reconciled(source, args.base)
    text = linkset(links, source, args.base).serialize(format="turtle")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(links)} Wikidata link(s) from {source.name}", file=sys.stderr)
    return 0
