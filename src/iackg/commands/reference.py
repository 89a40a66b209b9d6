"""`iackg reference`: look at and extend the reference data."""

from __future__ import annotations

import argparse
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError

HELP = SUMMARIES["reference"]
DESCRIPTION = """\
Reference data: the 47 prefectures, municipalities (with 6-digit local government codes),
the acts and their dates, ministries and regional bureaus, support measures.

The bundled municipality list only covers the places the sample names, and its codes are
marked unverified. Import the official list (総務省「全国地方公共団体コード」, an Excel file
you download yourself) and point iackg at the result:
"""
EPILOG = """\
examples:
  iackg reference summary
  iackg reference import-codes 000730858.xlsx -o municipalities.csv
  export IACKG_MUNICIPALITIES=$PWD/municipalities.csv   # later loads resolve against it
"""


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("summary", help="counts of the reference data in use")
    imp = sub.add_parser("import-codes", help="convert the official code list to iackg's CSV")
    imp.add_argument("file", type=Path, help="the MIC workbook (.xlsx) or a CSV with its headers")
    imp.add_argument("-o", "--output", type=Path, required=True, help="CSV to write")


def run(args: argparse.Namespace) -> int:
    from iackg import reference

    if args.action == "summary":
        items = reference.municipalities()
        verified = sum(m.verified for m in items)
        print(f"prefectures     {len(reference.prefectures()):>6}")
        print(f"municipalities  {len(items):>6}  ({verified} verified against an official list)")
        print(f"organizations   {len(reference.organizations()):>6}")
        return 0
    from iackg.reference_import import import_municipality_codes, write_municipalities

    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    imported = import_municipality_codes(args.file)
    write_municipalities(imported, args.output)
    print(f"wrote {len(imported)} municipalities to {args.output}")
    print(f"use them with: export IACKG_MUNICIPALITIES={args.output.resolve()}")
    return 0
