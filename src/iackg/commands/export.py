"""`iackg export VIEW`: a network view of the graph for Gephi, Cytoscape, d3 or networkx."""

from __future__ import annotations

import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.export import VIEWS, build_view, open_existing_store, read_records
from iackg.export.filters import parse_filters
from iackg.export.writers import FORMATS, SUFFIX, dumps, write

HELP = SUMMARIES["export"]
DESCRIPTION = """\
Export one network view of the graph for network tools.

views:
  entity                    resources, plans, enterprises, prefectures, municipalities; typed edges
  prefecture-category       bipartite prefecture x category, weight = number of resources
  resource-plan             bipartite plan x resource it uses
  resource-co-use           resources linked when plans use both, weight = number of such plans
  prefecture-similarity     cosine similarity of prefectures' category-mix vectors
  enterprise-collaboration  enterprises linked by joint plans, weight = number of joint plans

See docs/networks.md for every node and edge attribute."""
EPILOG = """\
examples:
  iackg export resource-co-use --format gexf -o co-use.gexf
  iackg export entity --format graphml -o entity.graphml --filter prefecture=神奈川県
  iackg export prefecture-category --format csv -o pc/      (writes pc/nodes.csv, pc/edges.csv)
  iackg export resource-plan --format json --filter years=2008-2012 --filter category=tourism
  iackg export enterprise-collaboration --format cytoscape --with-stats -o collab.cyjs
"""


def configure(parser) -> None:
    parser.add_argument("view", choices=list(VIEWS), metavar="VIEW", help=", ".join(VIEWS))
    parser.add_argument(
        "--store", default=None, help="store folder, memory: or URL (default ./iackg-store)"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="graphml", help="output format (default graphml)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="output file (for csv: a folder); default stdout (not for csv)",
    )
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="prefecture=NAME|CODE, category=agricultural|industrial|technique|"
        "tourism, years=FROM-TO (fiscal years); repeatable",
    )
    parser.add_argument(
        "--with-stats",
        action="store_true",
        help="add degree, betweenness, eigenvector and community as node attributes",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="only resources and plans in force on that day (docs/time.md)",
    )


def run(args) -> int:
    if args.format == "csv" and args.output is None:
        raise UsageError("--format csv writes two tables: give a folder with -o")
    store = open_existing_store(args.store)
    records = read_records(store)
    graph = build_view(records, args.view, parse_filters(args.filter, records, args.as_of))
    if args.with_stats:
        from iackg.stats import add_stats

        add_stats(graph)
    if args.output is None:
        sys.stdout.write(dumps(graph, args.format) + "\n")
    else:
        output = args.output
        if args.format != "csv" and output.is_dir():  # a folder: name the file after the view
            output = output / f"{args.view}{SUFFIX[args.format]}"
        try:
            written = write(graph, args.format, output)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        for path in written:
            print(f"wrote {path}", file=sys.stderr)
    print(
        f"{args.view}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
        file=sys.stderr,
    )
    return 0
