"""`iackg serve`: a read-only SPARQL endpoint, dereferenceable URIs and a query page."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.store import DEFAULT_LOCATION

HELP = SUMMARIES["serve"]
DESCRIPTION = """\
Serve a built store over HTTP (read-only):

  /sparql        SPARQL 1.1 Protocol (GET, form POST, direct POST); results as JSON, XML,
                 CSV or TSV, graphs as Turtle, N-Triples, JSON-LD or RDF/XML (by Accept).
                 Updates, LOAD and SERVICE are refused, and query workers cannot open
                 network connections at all; every query has a time limit and a row limit
                 (truncation is signalled by the Iackg-Truncated header); a fair queue
                 answers 503 with Retry-After when full.
  /id/KIND/KEY   303 See Other to /doc/KIND/KEY
  /doc/KIND/KEY  the resource as HTML, Turtle, N-Triples, JSON-LD or RDF/XML (by Accept)
  /              a query page with the library queries (works offline)
"""
EPILOG = """\
examples:
  iackg build && iackg serve                  serve ./iackg-store on http://127.0.0.1:8080/
  iackg serve --store data/store --port 3030 --time-limit 5
  iackg serve --in-memory                     queries from memory: 2-4x faster (350 MiB a worker)
  curl -H 'Accept: text/csv' 'http://127.0.0.1:8080/sparql?query=SELECT+*+{?s+?p+?o}+LIMIT+5'
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        default=DEFAULT_LOCATION,
        help=f"store folder made by `iackg build` (default {DEFAULT_LOCATION})",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port (0 picks a free one)")
    parser.add_argument("--base", default=None, help="base IRI of the data (default: the vocab's)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per query")
    parser.add_argument("--row-limit", type=int, default=10_000, help="rows or triples per answer")
    parser.add_argument("--max-query-bytes", type=int, default=32 * 1024)
    parser.add_argument("--workers", type=int, default=2, help="query worker processes")
    parser.add_argument(
        "--max-connections", type=int, default=256, help="open connections (default 256)"
    )
    parser.add_argument(
        "--read-timeout",
        type=float,
        default=10.0,
        help="seconds a client may take to send one request (default 10)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="behind a reverse proxy: the proxy's address(es), whose X-Forwarded-For names the "
        "client (fair sharing is per client address)",
    )
    parser.add_argument(
        "--unconfined",
        action="store_true",
        help="run query workers without the network block (only where seccomp is unavailable; "
        "never on a public address)",
    )
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="each query worker copies the store into memory when it starts (national scale: "
        "about 3 s and 350 MiB per worker); queries then run two to four times faster",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")


def run(args: argparse.Namespace) -> int:
    from iackg.server.app import Limits
    from iackg.server.pool import WorkerFailed
    from iackg.server.serving import make_server

    if str(args.store).startswith(("http://", "https://")):
        raise UsageError("serve needs a local store folder; a remote SPARQL server already serves")
    folder = Path(args.store)
    if args.store == "memory:" or not folder.is_dir():
        raise UsageError(f"no store at {args.store}: build one first with `iackg build`")
    if args.time_limit <= 0 or args.row_limit <= 0 or args.workers <= 0:
        raise UsageError("--time-limit, --row-limit and --workers must be positive")
    if args.max_connections <= 0 or args.read_timeout <= 0:
        raise UsageError("--max-connections and --read-timeout must be positive")
    limits = Limits(
        time_limit=args.time_limit,
        row_limit=args.row_limit,
        max_query_bytes=args.max_query_bytes,
        max_connections=args.max_connections,
        read_timeout=args.read_timeout,
    )
    try:
        server = make_server(
            str(folder),
            host=args.host,
            port=args.port,
            base=args.base,
            limits=limits,
            workers=args.workers,
            verbose=args.verbose,
            confined=not args.unconfined,
            forwarded_allow_ips=args.forwarded_allow_ips,
            in_memory=args.in_memory,
        )
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc}") from exc
    except WorkerFailed as exc:
        raise UsageError(str(exc)) from exc
    host, port = server.server_address[:2]
    if isinstance(host, bytes):  # typeshed allows bytes for the address; ours is always text
        host = host.decode()
    print(
        f"serving {folder}{' (in memory)' if args.in_memory else ''} on http://{host}:{port}/ "
        "(SPARQL at /sparql); Ctrl-C stops",
        file=sys.stderr,
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()  # closes the server and its workers when it returns
    return 0
