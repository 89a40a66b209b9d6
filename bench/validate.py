"""Benchmark: validate the synthetic national data with iackg and with pySHACL, in one run.

    PYTHONPATH=src python bench/validate.py                     # national scale, 3 defects/kind
    PYTHONPATH=src python bench/validate.py --scale 0.1 --pyshacl-limit 120
    PYTHONPATH=src python bench/validate.py --input DIR         # tables + defects.json from synth

Steps: `iackg synth` writes the tables and `defects.json`; the loader streams them into N-Quads
(timed apart); then each engine validates the N-Quads in a fresh child process that reports its
own time and peak memory (pySHACL is killed at the time limit and shown as ">N s"). Last, the
violations are matched against the injected defects by focus node and rule number.

Prints one table: triples, seconds, peak MiB, pySHACL seconds, ratio, defects found/injected;
a second row validates the tables end to end as `iackg validate` does (loader included) and
matches the defects by file, row and column.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(engine: str, source: str, out: str) -> None:
    """Validate in this (fresh) process; write seconds, peak MiB and the violations to `out`.
    `source` is an N-Quads file, or (engine "tables") a folder of tables read by the loader as
    `iackg validate` reads them."""
    import pyoxigraph as ox

    from iackg.validation import validate

    start = time.perf_counter()
    if engine == "tables":
        from iackg.commands.validate import read_inputs

        files = sorted(str(p) for p in Path(source).iterdir() if p.suffix in (".csv", ".xlsx"))
        store, _problems = read_inputs(files, "https://w3id.org/iackg")
        engine = "auto"
    else:
        store = ox.Store()
        store.bulk_load(path=source, format=ox.RdfFormat.N_QUADS)
    report = validate(store, engine=engine, consume=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = [
        {
            "focus": str(r.focus_node),
            "rule": r.rule_id,
            "severity": r.severity,
            "source_shape": str(r.source_shape) if r.source_shape is not None else None,
            "path": r.path,
            "value": r.value.n3() if r.value is not None else None,
            "file": r.file,
            "row": r.row,
            "column": r.column,
        }
        for r in report.results
    ]
    Path(out).write_text(
        json.dumps(
            {"seconds": seconds, "peak_mib": peak, "triples": len(store), "results": results}
        ),
        encoding="utf-8",
    )


def run_child(engine: str, source: Path, limit: float | None) -> dict | None:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, __file__, "--child", engine, str(source), out]
    process = subprocess.Popen(command, env=env)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None
    if process.returncode != 0:
        raise SystemExit(f"{engine} child failed with exit code {process.returncode}")
    data = json.loads(Path(out).read_text(encoding="utf-8"))
    os.unlink(out)
    return data


def rule_number(rule_id: str) -> str:
    return str(int(rule_id[1:3]))


def compare(results: list[dict], manifest: dict, cells: bool = False) -> tuple[int, int, int]:
    """(injected defects found, injected, violations not injected), matched by focus node and
    rule number, or with `cells` by file, row, column and rule number."""

    def key(item, rule):
        if cells:
            return (item["file"], item["row"], item["column"], rule)
        return (item["focus"], rule)

    injected = {key(d, d["rule"]) for d in manifest["defects"]}
    found = {key(r, rule_number(r["rule"])) for r in results if r["severity"] == "Violation"}
    return len(injected & found), len(injected), len(found - injected)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=int, default=3, help="defects of each kind")
    parser.add_argument("--input", help="a folder written by `iackg synth` (skip generation)")
    parser.add_argument("--pyshacl-limit", type=float, default=300.0, help="seconds")
    parser.add_argument("--skip-pyshacl", action="store_true")
    parser.add_argument("--show-extra", type=int, default=10, help="list this many extra results")
    parser.add_argument(
        "--child", nargs=3, metavar=("ENGINE", "NQUADS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    from iackg.ingest import ingest_to_nquads
    from iackg.synth import generate

    with tempfile.TemporaryDirectory(prefix="iackg-bench-") as scratch:
        folder = Path(args.input) if args.input else Path(scratch) / "synth"
        if not args.input:
            scale = 1.0 if args.scale == "national" else float(args.scale)
            start = time.perf_counter()
            generate(folder, scale=scale, seed=args.seed, defects=args.defects)
            print(f"synth: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        manifest = json.loads((folder / "defects.json").read_text(encoding="utf-8"))
        tables = sorted(p for p in folder.iterdir() if p.suffix in (".csv", ".xlsx"))
        nquads = Path(scratch) / "data.nq"
        start = time.perf_counter()
        ingest_to_nquads([str(p) for p in tables], nquads, strict=False)
        print(f"ingest to N-Quads: {time.perf_counter() - start:.1f} s", file=sys.stderr)

        fast = run_child("oxigraph", nquads, None)
        tables_run = run_child("tables", folder, None)
        slow = None if args.skip_pyshacl else run_child("pyshacl", nquads, args.pyshacl_limit)

    found, injected, extra = compare(fast["results"], manifest)
    if slow is None:
        shacl = "skipped" if args.skip_pyshacl else f">{args.pyshacl_limit:.0f} s"
        ratio = "-" if args.skip_pyshacl else f">{args.pyshacl_limit / fast['seconds']:.0f}x"
    else:
        shacl = f"{slow['seconds']:.1f} s"
        ratio = f"{slow['seconds'] / fast['seconds']:.0f}x"
    warnings = sum(1 for r in fast["results"] if r["severity"] == "Warning")
    t_found, t_injected, t_extra = compare(tables_run["results"], manifest, cells=True)
    header = (
        "input",
        "triples",
        "iackg s",
        "peak MiB",
        "pySHACL s",
        "ratio",
        "defects found/injected",
        "extra violations",
        "warnings",
    )
    rows = [
        (
            "N-Quads",
            f"{fast['triples']:,}",
            f"{fast['seconds']:.1f}",
            f"{fast['peak_mib']:.0f}",
            shacl,
            ratio,
            f"{found}/{injected}",
            str(extra),
            str(warnings),
        ),
        (
            "tables (ingest incl., by file/row/column)",
            f"{tables_run['triples']:,}",
            f"{tables_run['seconds']:.1f}",
            f"{tables_run['peak_mib']:.0f}",
            "-",
            "-",
            f"{t_found}/{t_injected}",
            str(t_extra),
            str(sum(1 for r in tables_run["results"] if r["severity"] == "Warning")),
        ),
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    if slow is not None:

        def full(run):  # focus node, path, value, source shape, severity (and rule)
            return {
                (r["focus"], r["path"], r["value"], r["source_shape"], r["severity"], r["rule"])
                for r in run["results"]
            }

        only_slow, only_fast = full(slow) - full(fast), full(fast) - full(slow)
        print(
            f"pySHACL and iackg results identical (focus, path, value, source shape, severity): "
            f"{not only_slow and not only_fast}"
        )
        for label, found in (("only pySHACL", only_slow), ("only iackg", only_fast)):
            for item in sorted(found, key=str)[:10]:
                print(f"  {label}: {item}")
    if extra and args.show_extra:
        injected_keys = {(d["focus"], d["rule"]) for d in manifest["defects"]}
        shown = [
            r
            for r in fast["results"]
            if r["severity"] == "Violation"
            and (r["focus"], rule_number(r["rule"])) not in injected_keys
        ]
        for r in shown[: args.show_extra]:
            print(f"  extra: {r['rule']} {r['focus']} {r['file']}:{r['row']} [{r['column']}]")
    ok = found == injected and extra == 0 and t_found == t_injected and t_extra == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
