"""`iackg synth`: synthetic prefectural tables with a realistic shape, optionally with defects."""

from __future__ import annotations

import sys
import time

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.vocab import DEFAULT_BASE

HELP = SUMMARIES["synth"]
DESCRIPTION = """\
Write synthetic tables in the loader's templates: about 14,000 resources over the 47
prefectures in proportion to the published counts, about 1,800 plans and their enterprises
(--scale national), some CP932 with era dates, some UTF-8, one XLSX. The same seed gives the same
files. --defects K adds K rows of each kind of defect, listed in DIR/defects.json with the file,
row, column and rule each one breaks (for checking a validator). All rows are marked
illustrative."""
EPILOG = """\
examples:
  iackg synth --scale national --seed 1 -o synth/
  iackg synth --scale 0.1 --seed 7 --defects 3 -o small/
  iackg ingest synth/* -o synth.nq"""


def _scale(text: str) -> float:
    if text == "national":
        return 1.0
    try:
        value = float(text)
    except ValueError:
        raise UsageError(
            f"--scale takes 'national' or a number (a multiple of national): {text!r}"
        ) from None
    if not 0 < value <= 100:
        raise UsageError(f"--scale must be more than 0 and at most 100: {text!r}")
    return value


def configure(parser) -> None:
    parser.add_argument("--scale", default="national", help="'national' or a multiplier (0.1, 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--defects",
        type=int,
        default=0,
        metavar="K",
        help="inject K rows of each kind of defect (default 0)",
    )
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help="base IRI for focus nodes in defects.json"
    )


def run(args) -> int:
    from iackg.synth import generate

    scale = _scale(args.scale)
    if args.defects < 0:
        raise UsageError("--defects must be 0 or more")
    start = time.perf_counter()
    written = generate(
        args.output, scale=scale, seed=args.seed, defects=args.defects, base=args.base
    )
    for name, rows in written.items():
        print(f"{rows:>7}  {name}")
    print(
        f"wrote {sum(written.values())} rows to {args.output} in "
        f"{time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0
