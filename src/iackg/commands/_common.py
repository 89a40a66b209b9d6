"""Options shared by the commands that open a store."""

from __future__ import annotations

import argparse
import sys

from iackg.store import DEFAULT_LOCATION, Store, open_store
from iackg.vocab import DEFAULT_BASE

STORE_HELP = (
    "where the graph lives: a folder (default ./%(default)s), memory:, or the URL of a SPARQL 1.1 "
    "server such as http://localhost:7878 (Oxigraph), http://localhost:3030/DATASET (Fuseki) "
    "or http://localhost:7200/repositories/REPO (GraphDB)"
)


def add_store_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("store")
    group.add_argument("--store", default=DEFAULT_LOCATION, metavar="LOCATION", help=STORE_HELP)
    group.add_argument(
        "--update-url", metavar="URL", help="SPARQL Update URL, if not the one guessed from --store"
    )
    group.add_argument(
        "--graph-store-url",
        metavar="URL",
        help="Graph Store Protocol URL, if not the one guessed from --store",
    )
    group.add_argument(
        "--base", default=DEFAULT_BASE, help="base IRI of the data (default %(default)s)"
    )


def store_from(
    args: argparse.Namespace, *, must_exist: bool = True, read_only: bool = False
) -> Store:
    """The store the options name; `read_only` for commands that only read (they then work
    while a build runs)."""
    return open_store(
        args.store,
        update_url=args.update_url,
        graph_store_url=args.graph_store_url,
        must_exist=must_exist,
        read_only=read_only,
    )


def progress(message: str) -> None:
    """One line of progress on stderr (stdout stays for results)."""
    print(f"  … {message}", file=sys.stderr, flush=True)
