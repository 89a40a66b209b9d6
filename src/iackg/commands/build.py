"""`iackg build`: tables in, a reasoned, queryable knowledge graph out."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from iackg.commands import SUMMARIES
from iackg.commands._common import add_store_options, progress, store_from
from iackg.commands.ingest import add_list_options, list_options
from iackg.results import width
from iackg.store import is_remote
from iackg.summary import HEADINGS

if TYPE_CHECKING:
    from iackg.build import BuildResult

HELP = SUMMARIES["build"]
DESCRIPTION = """\
Read prefectural tables (CSV/XLSX; or RDF files already in iackg's shape), check them against
the shapes, load them into the store with the ontology and the reference data, materialise what
the ontology entails, and print a summary. Without INPUT it builds the bundled sample.

The build happens aside and replaces the store's iackg graphs in one step: if anything fails,
the store stays exactly as it was; building the same input twice gives the same store.

When one prefecture publishes a new list, `--update FILE...` replaces only those files' graphs
in a store built before (a file not in the store is added), re-checks what they touch (plans
that use their resources too), re-derives the inferences and installs the result in one step.
The store then equals a full rebuild from the same set of files. It refuses (exit 2) when the
store was never built, or when a plans list you did not give names a resource or enterprise
whose list changed: give that list too, or rebuild."""
EPILOG = """\
examples:
  iackg build                                  the bundled sample into ./iackg-store
  iackg build tables/*.csv --store my-store    your own tables into ./my-store
  iackg build --store memory:                  try it without writing anything
  iackg build --store http://localhost:7878    into a running Oxigraph server
  iackg build --keep-going                     load despite violations (report on stderr)
  iackg build --update tables/kanto.csv        replace one changed list in ./iackg-store

exit status: 0 built, 1 the data does not conform (store unchanged), 2 bad input or usage.
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="tables to build from")
    parser.add_argument(
        "--no-validate", action="store_true", help="skip the SHACL validation (faster)"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="load despite violations and rejected rows, reporting them on stderr",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="replace only the graphs of the INPUT files in a store built before (a prefecture's "
        "new list), faster than a rebuild and with the same result",
    )
    parser.add_argument("--lang", choices=("ja", "en"), default="en", help="summary language")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    add_list_options(parser)
    add_store_options(parser)


def _report_text(report, lang: str) -> str:
    to_text = getattr(report, "to_text", None)
    return to_text(lang) if to_text else str(report)


def render_summary(result: BuildResult, lang: str = "en") -> str:
    out = []
    summary = result.summary
    if summary and summary.counts:
        rows = [HEADINGS[lang], *[tuple(map(str, r)) for r in summary.table(lang)]]
        totals = [sum(int(r[i]) for r in rows[1:]) for i in range(1, len(rows[0]))]
        rows.append(("total" if lang == "en" else "計", *map(str, totals)))
        widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
        heading = "Designated resources" if lang == "en" else "指定された地域産業資源"
        out.append(f"{heading} (categories | the three statutory groups):")
        for row in rows:
            cells = [row[0] + " " * (widths[0] - width(row[0]))]
            cells += [" " * (w - width(c)) + c for c, w in zip(row[1:], widths[1:], strict=True)]
            out.append("  " + "  ".join(cells))
    if summary and summary.plans:
        heading = "Certified plans per activity type" if lang == "en" else "事業類型別の認定計画"
        out.append(f"\n{heading}:")
        plan_rows = summary.plan_rows(lang)
        label_width = max(width(label) for label, _ in plan_rows)
        out += [f"  {label}{' ' * (label_width - width(label))}  {n:>5}" for label, n in plan_rows]
    out.append(
        f"\nTriples: {result.asserted} asserted + {result.inferred} inferred "
        f"in {len(result.graphs)} named graphs ({len(result.sources)} from input files)."
    )
    out.append(f"Store: {result.location}")
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
    out.append(f"Time: {timing}")
    store_arg = "" if result.location == "iackg-store" else f" --store {result.location}"
    out.append(
        "\nTry next:\n"
        f"  iackg query --list{store_arg}\n"
        f"  iackg query resources-per-prefecture{store_arg}\n"
        f"  iackg query most-used-resources{store_arg}\n"
        f"  iackg query resource-search --param name=温泉{store_arg}"
    )
    return "\n".join(out) + "\n"


def _update(args: argparse.Namespace, say) -> BuildResult:
    from iackg.errors import UsageError
    from iackg.update import update

    if args.keep_going:
        raise UsageError(
            "--update cannot be combined with --keep-going: an update installs only conforming "
            "data / --update と --keep-going は同時に使えません"
        )
    return update(
        args.inputs,
        args.store,
        base=args.base,
        validate=not args.no_validate,
        progress=say,
        options=list_options(args),
    )


def run(args: argparse.Namespace) -> int:
    from iackg.build import ValidationFailed, build  # not for `iackg build --help`

    # a folder is opened by build() itself, only once the inputs exist
    store = store_from(args, must_exist=False) if is_remote(args.store) else args.store
    say = (lambda message: None) if args.quiet else progress
    try:
        if args.update:
            result = _update(args, say)
        else:
            result = build(
                args.inputs or None,
                store,
                base=args.base,
                validate=not args.no_validate,
                keep_going=args.keep_going,
                progress=say,
                options=list_options(args),
            )
    except ValidationFailed as exc:
        sys.stderr.write(_report_text(exc.report, args.lang) + "\n")
        print(f"iackg build: {exc}; fix the data or use --keep-going", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in result.problems[:50]:
        print(problem.describe(args.lang), file=sys.stderr)
    if len(result.problems) > 50:
        print(f"… {len(result.problems) - 50} more problems", file=sys.stderr)
    if result.validation is not None and not getattr(result.validation, "conforms", True):
        sys.stderr.write(_report_text(result.validation, args.lang) + "\n")
    sys.stdout.write(render_summary(result, args.lang))
    result.store.close()  # flushed and closed here: `iackg build` exits without tear-down
    return 0
