"""`iackg stats VIEW`: centralities, Louvain communities and basic figures of a network view."""

from __future__ import annotations

import sys

from iackg import csvsafe
from iackg.commands import SUMMARIES
from iackg.export import VIEWS, build_view, open_existing_store, read_records
from iackg.export.filters import parse_filters
from iackg.stats import NODE_COLUMNS, compute

HELP = SUMMARIES["stats"]
DESCRIPTION = """\
Measure one network view (the same views as `iackg export`): the number of nodes, edges,
components, density, clustering, Louvain communities (fixed seed) and modularity, then every node's
degree, weighted degree, betweenness, eigenvector centrality and community.

--format table prints the summary and the top nodes by degree; --format csv prints one row per
node (all of them) for a spreadsheet. `iackg export VIEW --with-stats` writes the same measures
into the exported graph as node attributes."""
EPILOG = """\
examples:
  iackg stats resource-co-use
  iackg stats enterprise-collaboration --format csv > collab-stats.csv
  iackg stats prefecture-similarity --top 47 --filter years=2007-2010
"""


def configure(parser) -> None:
    parser.add_argument("view", choices=list(VIEWS), metavar="VIEW", help=", ".join(VIEWS))
    parser.add_argument(
        "--store", default=None, help="store folder or memory: (default ./iackg-store)"
    )
    parser.add_argument("--format", choices=("table", "csv"), default="table")
    parser.add_argument("--top", type=int, default=20, help="nodes listed by --format table")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="as for iackg export; repeatable",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="only resources and plans in force on that day (docs/time.md)",
    )


def run(args) -> int:
    store = open_existing_store(args.store)
    records = read_records(store)
    graph = build_view(records, args.view, parse_filters(args.filter, records, args.as_of))
    stats = compute(graph)
    order = sorted(
        stats.nodes,
        key=lambda n: (-stats.nodes[n]["degree"], -stats.nodes[n]["betweenness"], n),
    )
    out = sys.stdout
    if args.format == "csv":
        writer = csvsafe.writer(out)
        writer.writerow(["id", "label", "type", *NODE_COLUMNS])
        for node in order:
            data = graph.nodes[node]
            writer.writerow(
                [
                    node,
                    data.get("label", ""),
                    data.get("type", ""),
                    *(stats.nodes[node][c] for c in NODE_COLUMNS),
                ]
            )
        return 0
    out.write(f"view: {args.view}\n")
    width = max(len(k) for k in stats.summary)
    for key, value in stats.summary.items():
        out.write(f"  {key:<{width}}  {value}\n")
    out.write(f"\ntop {min(args.top, len(order))} nodes by degree\n")
    header = ["label", *NODE_COLUMNS]
    rows = [
        [graph.nodes[n].get("label", n)[:30], *(str(stats.nodes[n][c]) for c in NODE_COLUMNS)]
        for n in order[: max(args.top, 0)]
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [_pad(cell, w) for cell, w in zip(row, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")
    return 0


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
