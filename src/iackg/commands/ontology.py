"""`iackg ontology`: check and summarise the bundled OWL ontology."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from iackg.commands import SUMMARIES
from iackg.errors import UsageError
from iackg.results import width

HELP = SUMMARIES["ontology"]
DESCRIPTION = """\
Check the iackg ontology (the Turtle files in ontology/) and summarise it: its files and
versions, how many classes, properties and concepts it declares, its concept schemes, and
whether every rule holds: each file parses and has one owl:Ontology with full metadata whose
version matches the package, every term has one label and one definition in Japanese and in
English, object properties have a domain and a range, the ontology and iackg.vocab.IAC list the
same terms, only OWL 2 RL constructs are used, and the ontology plus the reference data
(prefectures, municipalities, acts, ministries) are consistent under OWL 2 RL reasoning.

Exit 0 when every check passes, 1 when one fails, 2 when the folder cannot be read."""
EPILOG = """\
examples:
  iackg ontology                         summary table and checks
  iackg ontology --format json | jq .counts
  iackg ontology --no-reasoning          skip the OWL 2 RL consistency check (faster)
  iackg ontology --terms                 also list every class and property
  iackg ontology --ontology-dir my/ontology --no-reference
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--ontology-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="check the *.ttl files of DIR instead of the bundled ontology",
    )
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="check consistency of the ontology alone, without the reference data",
    )
    parser.add_argument(
        "--no-reasoning", action="store_true", help="skip the OWL 2 RL consistency check"
    )
    parser.add_argument(
        "--terms",
        action="store_true",
        help="also list every class and property with its labels, domain and range",
    )


def _files(folder: Path | None) -> list[Path]:
    from iackg.paths import ontology_files

    if folder is None:
        paths = ontology_files()
    else:
        if not folder.is_dir():
            raise UsageError(f"--ontology-dir {folder}: not a folder")
        paths = sorted(folder.glob("*.ttl"))
    if not paths:
        raise UsageError(f"no *.ttl files in {folder or 'the bundled ontology folder'}")
    return paths


def run(args: argparse.Namespace) -> int:
    from iackg import ontology_checks as oc
    from iackg import ontology_summary as summary_of

    files = oc.read_files(_files(args.ontology_dir))
    extra = None
    if not args.no_reference and not args.no_reasoning:
        from iackg.iris import Minter
        from iackg.reference import reference_graph

        extra = reference_graph(Minter())
    results = oc.run_checks(files, extra=extra, reasoning=not args.no_reasoning)
    summary = summary_of.summarise(files)
    if args.terms:
        summary["terms"] = summary_of.term_rows(files)
    ok = all(r.ok for r in results)
    if args.format == "json":
        summary["checks"] = [
            {"key": r.key, "title": r.title, "ok": r.ok, "problems": r.problems} for r in results
        ]
        summary["ok"] = ok
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(summary, results))
    return 0 if ok else 1


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = (str(c) + " " * (w - width(str(c))) for c, w in zip(row, widths, strict=True))
        return "  ".join(cells).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def render_text(summary: dict, results: list, max_problems: int = 20) -> str:
    out = [f"iackg ontology, package version {summary['package_version']}", ""]
    rows = [
        [
            o["file"],
            o.get("iri", "(does not parse)"),
            o.get("version", ""),
            str(o.get("triples", "")),
        ]
        for o in summary["ontologies"]
    ]
    out += [*_table(rows, ["file", "ontology", "version", "triples"]), ""]
    c = summary["counts"]
    out.append(
        f"{c['classes']} classes, {c['object_properties']} object properties, "
        f"{c['datatype_properties']} datatype properties, {c['concept_schemes']} concept "
        f"schemes with {c['concepts']} concepts, {c['triples']} triples"
    )
    out.append("")
    rows = [
        [s["name"], s["label_en"], ", ".join(k["label_ja"] for k in s["concepts"])]
        for s in summary["schemes"]
    ]
    out += [*_table(rows, ["concept scheme", "label", "concepts"]), ""]
    if "terms" in summary:
        columns = ["kind", "name", "label_ja", "label_en", "parent", "domain", "range"]
        rows = [[t[c] for c in columns] for t in summary["terms"]]
        out += [*_table(rows, columns), ""]
    out.append("checks")
    for r in results:
        out.append(f"  {'ok  ' if r.ok else 'FAIL'}  {r.key:<13} {r.title}")
        for p in r.problems[:max_problems]:
            out.append(f"        - {p}")
        if len(r.problems) > max_problems:
            out.append(f"        … {len(r.problems) - max_problems} more (use --format json)")
    failed = [r.key for r in results if not r.ok]
    out.append("")
    out.append(
        "all checks passed"
        if not failed
        else f"{len(failed)} check(s) failed: " + ", ".join(failed)
    )
    return "\n".join(out) + "\n"
