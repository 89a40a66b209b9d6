"""`iackg publish OUT/`: a folder of linked open data ready for any static web host."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.store import DEFAULT_LOCATION

HELP = SUMMARIES["publish"]
DESCRIPTION = """\
Write a folder that any static web host can serve as it is:

  dumps/        asserted data, inferences and ontology as Turtle, N-Triples (gzip),
                N-Quads with named graphs (gzip) and JSON-LD (context.jsonld)
  void.ttl      VoID statistics: triples, entities, class and property partitions
  catalog.ttl   DCAT catalogue (ja/en, CC BY 4.0, distributions with media types)
  ATTRIBUTION.md  the sources, credited as 「…を加工して作成」
  doc/KIND/KEY.html|.ttl|.jsonld   one page per resource, plan, enterprise, place …
  index.html    counts, the category map, downloads;  ontology.html  the ontology
  .htaccess, nginx.conf   303 from id/ to doc/ and content negotiation

The output is deterministic: the same store and options give the same bytes.
"""
EPILOG = """\
examples:
  iackg build && iackg publish site/
  iackg publish site/ --force --site-url https://example.org/iackg \\
      --endpoint https://example.org/iackg/sparql --modified 2026-04-01
  iackg publish site/ --attribution "出典：神奈川県ウェブサイト（https://…）を加工して作成"
"""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="output folder (must be empty unless --force)")
    parser.add_argument("--store", default=DEFAULT_LOCATION, help="store folder (or memory:)")
    parser.add_argument("--base", default=None, help="base IRI of the data")
    parser.add_argument(
        "--site-url", default=None, help="where the folder will be served (default: the base IRI)"
    )
    parser.add_argument("--endpoint", default=None, help="URL of a live SPARQL endpoint to list")
    parser.add_argument("--publisher", default="iackg developers")
    parser.add_argument(
        "--modified",
        default=None,
        help="dct:modified, YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)",
    )
    parser.add_argument("--issued", default=None, help="dct:issued, YYYY-MM-DD")
    parser.add_argument(
        "--attribution",
        action="append",
        default=[],
        help="an extra source credit line (repeatable)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder (an earlier publication is replaced)",
    )


def run(args: argparse.Namespace) -> int:
    from iackg.publish.publication import publish
    from iackg.store import open_store
    from iackg.vocab import DEFAULT_BASE

    for name in ("modified", "issued"):
        value = getattr(args, name)
        if value is not None and not _DATE.match(value):
            raise UsageError(f"--{name} must be a date like 2026-04-01, not {value!r}")
    if args.store != "memory:" and not Path(args.store).is_dir():
        raise UsageError(f"no store at {args.store}: build one first with `iackg build`")
    store = open_store(args.store, read_only=True)
    result = publish(
        store,
        args.out,
        base=args.base or DEFAULT_BASE,
        site_url=args.site_url,
        endpoint=args.endpoint,
        publisher=args.publisher,
        modified=args.modified,
        issued=args.issued,
        attributions=args.attribution,
        force=args.force,
    )
    triples = ", ".join(f"{k} {v}" for k, v in result.triples.items())
    print(
        f"published {result.pages} resource pages, {result.files} files into "
        f"{result.folder} ({triples} triples)"
    )
    return 0
