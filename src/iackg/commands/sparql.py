"""`iackg sparql`: run your own SPARQL query from a file or stdin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.commands._common import add_store_options, store_from
from iackg.errors import UsageError
from iackg.results import FORMATS, render

HELP = SUMMARIES["sparql"]
DESCRIPTION = """\
Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query against the store. The default graph
is the union of all named graphs (ontology, reference data, one graph per source, provenance,
inferences); use GRAPH to look at one."""
EPILOG = """\
examples:
  iackg sparql my-question.rq
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | iackg sparql -
  iackg sparql describe.rq --format json --store http://localhost:7878
  CONSTRUCT and DESCRIBE results are printed as Turtle.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a .rq file, or - to read the query from stdin")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table")
    add_store_options(parser)


def read_query(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"no query file {name}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror or exc}") from None


def query_form(text: str) -> str:
    from iackg.store.sparqltext import first_keyword

    return first_keyword(text)


def run(args: argparse.Namespace) -> int:
    text = read_query(args.file)
    if not text.strip():
        raise UsageError("the query is empty")
    store = store_from(args, read_only=True)
    form = query_form(text)
    if form == "ASK":
        print("true" if store.ask(text) else "false")
    elif form in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(store.construct(text).serialize(format="turtle"))
    else:
        columns, rows = store.select_table(text)
        sys.stdout.write(render(columns, rows, args.format, base=args.base))
    return 0
