"""Benchmark the build pipeline against the plain way, side by side, on synthetic data.

    PYTHONPATH=src python bench/pipeline.py                    # national scale
    PYTHONPATH=src python bench/pipeline.py --scale 10 --limit 120

Every measurement runs in its own subprocess, polled for time and peak memory (RSS) and killed
at --limit seconds (printed as ">N s"). iackg: `iackg build` through the CLI, start-up
included, --cli-runs times into a new store (median wall, highest peak); `iackg.build.build()`
into a folder store (its own stage timings); every library query (median of --repeat runs).
The plain way: rdflib's memory Dataset parsing the same quads, owlrl's OWL-RL closure, pySHACL
with the shapes, and rdflib's SPARQL engine for every library query.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


# --- the stages, each run as `python bench/pipeline.py --stage NAME WORKDIR` ---------------
def stage_build(work: Path) -> dict:
    from iackg.build import build

    inputs = sorted(p for p in (work / "tables").iterdir() if p.suffix in (".csv", ".xlsx"))
    started = time.perf_counter()
    result = build(inputs, work / "store", validate=not os.environ.get("BENCH_NO_VALIDATE"))
    build_seconds = time.perf_counter() - started
    asserted = work / "asserted.nq"
    import pyoxigraph as ox

    store = result.store.oxigraph
    inferred = ox.NamedNode(f"{result.base}/graph/inferred")
    with asserted.open("wb") as out:
        ox.serialize((q for q in store if q.graph_name != inferred), out, ox.RdfFormat.N_QUADS)
    return {
        "timings": result.timings,
        "seconds": build_seconds,
        "asserted": result.asserted,
        "inferred": result.inferred,
        "validated": result.validation is not None,
    }


def query_values(name: str, query) -> dict[str, str]:
    """Parameters for a benchmark run: a search word, and the whole regime for required dates."""
    values = {"name": "温泉"} if name == "resource-search" else {}
    for param in query.params:
        if param.required and param.type == "date":
            values[param.name] = "2007-06-29" if param.name == "from" else "2020-09-30"
    return values


def stage_queries(work: Path, repeat: int) -> dict:
    from iackg import queries
    from iackg.store import open_store

    store = open_store(work / "store", must_exist=True)
    medians = {}
    for name, query in queries.library().items():
        bindings = query.bindings(query_values(name, query), minter=None)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            store.select(query.text, bindings)
            times.append(time.perf_counter() - started)
        medians[name] = statistics.median(times)
    return {"medians": medians}


def _rdflib_dataset(work: Path):
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(work / "asserted.nq", format="nquads")
    return dataset


def stage_plain_load(work: Path) -> dict:
    started = time.perf_counter()
    dataset = _rdflib_dataset(work)
    return {"seconds": time.perf_counter() - started, "quads": len(dataset)}


def stage_plain_reason(work: Path) -> dict:
    import owlrl
    from rdflib import Graph

    graph = Graph()
    for s, p, o, _ in _rdflib_dataset(work).quads():
        graph.add((s, p, o))
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return {"seconds": time.perf_counter() - started}


def stage_plain_validate(work: Path) -> dict:
    import pyshacl
    from rdflib import Graph

    from iackg.paths import ontology_files, shape_files

    shapes = Graph()
    for path in shape_files():
        shapes.parse(path)
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path)
    data = Graph()
    for s, p, o, _ in _rdflib_dataset(work).quads():
        data.add((s, p, o))
    started = time.perf_counter()
    pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return {"seconds": time.perf_counter() - started}


def stage_plain_query(work: Path, name: str) -> dict:
    return plain_query(_rdflib_dataset(work), name)


PLAIN_TEXTS = HERE.parent / "tests" / "time" / "queries_before"


def plain_query(dataset, name: str) -> dict:
    """Seconds rdflib's SPARQL engine takes for a library query on `dataset`: its plain text,
    as a user would write it, where the library's is rewritten for Oxigraph (a triple pattern
    in a sub-select of its own, which rdflib evaluates on its own, without the outer rows:
    far slower there; tests/time/queries_before/ keeps the plain texts)."""
    from iackg import queries
    from iackg.store.sparqltext import inject_values

    query = queries.library()[name]
    plain = PLAIN_TEXTS / f"{name}.rq"
    text = plain.read_text(encoding="utf-8") if plain.exists() else query.text
    bindings = query.bindings(query_values(name, query), minter=None)
    text = inject_values(text, bindings) if bindings else text
    started = time.perf_counter()
    list(dataset.query(text))
    return {"seconds": time.perf_counter() - started}


# --- the driver ----------------------------------------------------------------------------
def measure(args: list[str], limit: float) -> dict:
    """Run one stage in a subprocess; wall time, peak RSS (MiB) and its JSON result."""
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", *args]
    result = watch(command, limit)
    if "out" in result:
        result.update(json.loads(result.pop("out").strip().splitlines()[-1]))
    return result


def watch(command: list[str], limit: float) -> dict:
    """Run a command; its wall time, peak RSS (MiB, polled every 20 ms) and standard output."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    watcher = psutil.Process(process.pid)
    peak = 0
    timed_out = False
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, watcher.memory_info().rss)
        if time.perf_counter() - started > limit:
            process.kill()
            timed_out = True
            break
        time.sleep(0.02)
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    if timed_out:
        return {"timeout": True, "wall": elapsed, "peak": peak / 2**20}
    if process.returncode != 0:
        return {"error": err.decode(errors="replace")[-800:], "wall": elapsed}
    return {"out": out.decode(), "wall": elapsed, "peak": peak / 2**20}


def seconds(value: float | None, limit: float, result: dict | None = None) -> str:
    if result is not None and result.get("timeout"):
        return f">{limit:.0f} s"
    if result is not None and "error" in result:
        return "failed"
    return "n/a" if value is None else f"{value:.2f} s"


def ratio(plain: dict | None, plain_s, ours_s) -> str:
    if plain is None or ours_s is None or ours_s <= 0:
        return ""
    if plain.get("timeout"):
        return f">{plain['wall'] / ours_s:.0f}x"
    if plain_s is None:
        return ""
    return f"{plain_s / ours_s:.0f}x"


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", help="'national' or a multiplier")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per plain stage")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--work", help="working folder (default: a temporary one)")
    parser.add_argument("--no-validate", action="store_true", help="skip validation stages")
    parser.add_argument("--plain-queries", type=int, default=19, help="how many rdflib queries")
    parser.add_argument("--cli-runs", type=int, default=3, help="CLI builds (median wall)")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        name, work, *rest = args.stage
        function = globals()[f"stage_{name}"]
        if name == "queries":
            result = function(Path(work), int(rest[0]))
        else:
            result = function(Path(work), *rest)
        print(json.dumps(result))
        return

    work = Path(args.work or tempfile.mkdtemp(prefix="iackg-bench-"))
    tables = work / "tables"
    if not tables.exists():
        subprocess.run(
            [sys.executable, "-m", "iackg", "synth", "--scale", args.scale, "-o", str(tables)],
            check=True,
            env=dict(os.environ, PYTHONPATH=str(SRC)),
        )
    if args.no_validate:
        os.environ["BENCH_NO_VALIDATE"] = "1"
    limit = args.limit
    print(f"scale {args.scale}; data in {work}; plain-way limit {limit:.0f} s", flush=True)
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
    inputs = sorted(str(p) for p in tables.iterdir() if p.suffix in (".csv", ".xlsx"))
    store = work / "cli-store"
    no_validate = ["--no-validate"] if args.no_validate else []
    command = [sys.executable, "-m", "iackg", "build", *inputs, "--store", str(store), "-q"]
    runs = []
    for _ in range(args.cli_runs):  # each into a new store, as a first build
        shutil.rmtree(store, ignore_errors=True)
        cli = watch([*command, *no_validate], 3600)
        if "error" in cli:
            sys.exit(f"iackg build failed:\n{cli['error']}")
        runs.append(cli)
    walls = sorted(run["wall"] for run in runs)
    cli = {"wall": statistics.median(walls), "peak": max(run["peak"] for run in runs)}
    cli_line = [line for line in runs[-1]["out"].splitlines() if line.startswith("Time:")]
    print(
        f"iackg build (the CLI, start-up included), {len(runs)} run(s): median "
        f"{cli['wall']:.2f} s wall (min {walls[0]:.2f}, max {walls[-1]:.2f}), peak "
        f"{cli['peak']:.0f} MiB; load average {os.getloadavg()[0]:.2f}; last run's "
        f"{cli_line[0] if cli_line else ''}",
        flush=True,
    )
    built = measure(["build", str(work)], 3600)
    if "error" in built:
        sys.exit(f"the build failed:\n{built['error']}")
    timings = built["timings"]
    print(
        f"build: {built['asserted']} asserted + {built['inferred']} inferred triples, "
        f"build() {built['seconds']:.1f} s, process {built['wall']:.1f} s wall "
        f"(with start-up and the N-Quads dump for the plain way), peak {built['peak']:.0f} MiB",
        flush=True,
    )
    plain = {"load": measure(["plain_load", str(work)], limit)}
    plain["reason"] = measure(["plain_reason", str(work)], limit)
    if not args.no_validate:
        plain["validate"] = measure(["plain_validate", str(work)], limit)
    ours_queries = measure(["queries", str(work), str(args.repeat)], 3600)["medians"]

    rows = [("stage", "iackg", "plain way", "ratio", "iackg peak", "plain peak")]
    for stage, plain_key in (
        ("ingest", None),
        ("validate", "validate"),
        ("load", "load"),
        ("reason", "reason"),
        ("install", None),
    ):
        ours = timings.get(stage)
        other = plain.get(plain_key) if plain_key else None
        other_s = other.get("seconds") if other else None
        rows.append(
            (
                stage,
                seconds(ours, limit),
                seconds(other_s, limit, other) if other else "",
                ratio(other, other_s, ours),
                "",
                f"{other['peak']:.0f} MiB" if other and other.get("peak") else "",
            )
        )
    rows.append(
        ("whole build()", f"{built['seconds']:.2f} s", "", "", f"{built['peak']:.0f} MiB", "")
    )
    rows.append(
        (
            "`iackg build` (CLI, median)",
            f"{cli['wall']:.2f} s",
            "",
            "",
            f"{cli['peak']:.0f} MiB",
            "",
        )
    )
    print_table(rows)
    print(
        "(validate, load and reason overlap: each is its own wall time, the build's is less "
        "than their sum)"
    )

    print()
    query_rows = [("query", "iackg median", "rdflib", "ratio")]
    for index, (name, median) in enumerate(sorted(ours_queries.items())):
        other = (
            measure(["plain_query", str(work), name], limit) if index < args.plain_queries else None
        )
        other_s = other.get("seconds") if other else None
        query_rows.append(
            (
                name,
                f"{median:.3f} s",
                seconds(other_s, limit, other) if other else "",
                ratio(other, other_s, median),
            )
        )
        print(f"  {name}: {median:.3f} s", file=sys.stderr, flush=True)
    print_table(query_rows)
    slowest = max(ours_queries.values())
    print(f"\nslowest library query median: {slowest:.3f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def print_table(rows) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    print("| " + " | ".join(str(c).ljust(w) for c, w in zip(rows[0], widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows[1:]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=True)]
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
