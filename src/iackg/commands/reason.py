"""`iackg reason`: recompute the inferred graph of a store."""

from __future__ import annotations

import argparse

from iackg.commands import SUMMARIES
from iackg.commands._common import add_store_options, progress, store_from
from iackg.iris import Minter
from iackg.reasoning import reason

HELP = SUMMARIES["reason"]
DESCRIPTION = """\
Recompute {base}/graph/inferred from every other graph of the store: class and property
hierarchy, inverses, domains and ranges, owl:hasValue classes and the transitive iac:within,
without owlrl's noise. `iackg build` already does this; run it after changing graphs by hand."""
EPILOG = """\
examples:
  iackg reason
  iackg reason --store http://localhost:7878
"""


def configure(parser: argparse.ArgumentParser) -> None:
    add_store_options(parser)


def run(args: argparse.Namespace) -> int:
    store = store_from(args)
    result = reason(store, minter=Minter(args.base), progress=progress)
    print(
        f"{result.inferred} triples inferred into {result.graph} "
        f"({result.rounds} transitive round(s), {result.seconds:.1f} s)"
    )
    return 0
