"""`iackg report`: a self-contained HTML report with maps of Japan and charts."""

from __future__ import annotations

import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.export import open_existing_store
from iackg.export.filters import apply_filters, parse_filters
from iackg.export.records import read_records

HELP = SUMMARIES["report"]
DESCRIPTION = """\
Write one HTML file that needs no internet to view: a map of Japan coloured by the number of
regional resources per prefecture (all and per category), designations and certified plans per
fiscal year (年度, April-March), the category and activity-type mixes, the most used resources,
a drawing of the resource co-use network and each prefecture's intellectual-capital profile
(human, structural, relational capital, from iac:icDimension in the ontology).

Every figure is also written as PNG and SVG to REPORT_files/ beside the HTML file."""
EPILOG = """\
examples:
  iackg report                                  writes report.html and report_files/
  iackg report -o out/kanagawa.html --filter prefecture=神奈川県
  iackg report --store my-store -o 2008-2012.html --filter years=2008-2012
"""


def configure(parser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("report.html"),
        help="the HTML file to write (default report.html)",
    )
    parser.add_argument(
        "--store", default=None, help="store folder or memory: (default ./iackg-store)"
    )
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="as for iackg export: prefecture=, category=, years=; repeatable",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="only resources and plans in force on that day (docs/time.md)",
    )


def run(args) -> int:
    from iackg.report import build_report, read_provenance

    store = open_existing_store(args.store)
    records = read_records(store)
    filters = parse_filters(args.filter, records, args.as_of)
    records = apply_filters(records, filters)
    location = str(args.store or "iackg-store")
    provenance = read_provenance(store, location=location, filters=filters.describe())
    try:
        report = build_report(records, args.output, source=location, provenance=provenance)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(
        f"wrote {report.html} and {len(report.pngs)} figures (PNG and SVG) in "
        f"{report.html.parent / (report.html.stem + '_files')}",
        file=sys.stderr,
    )
    return 0
