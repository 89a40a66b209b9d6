"""Every library query at national scale: the cold first run and the median, on the folder store
and on an in-memory copy of it, and over HTTP from `iackg serve` with and without --in-memory,
with rdflib (the plain way) beside them.

    PYTHONPATH=src python bench/queries.py                      # builds a national store first
    PYTHONPATH=src python bench/queries.py --store iackg-store --repeat 7 --plain 5

Each query runs through `Store.select` as `iackg query` runs it (its parameters bound, the rows
converted to rdflib terms): once right after the store is opened in a new process ("cold"; the
operating system's file cache may still hold the store), then --repeat times (median). The
in-memory copy is the folder's quads loaded into `pyoxigraph.Store()`, timed too. rdflib: the
same quads in an rdflib `Dataset`, each of the first --plain queries once (its plain text
where the library's is rewritten for Oxigraph, tests/time/queries_before/), in a subprocess
killed at --limit seconds. The serve columns: each query with its parameters bound, POSTed to a
server with one worker (started in a stage process; no row limit in the way), JSON answers,
the median of --repeat runs after one untimed run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import SRC, plain_query, print_table, query_values, watch

TARGET = 0.100  # seconds, the median target


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def stage_library(store_path: str, repeat: int, memory: bool) -> dict:
    """Cold and median seconds and the row count of every library query, in this process."""
    import pyoxigraph as ox

    from iackg import queries
    from iackg.store import EmbeddedStore, open_store

    folder = open_store(store_path, read_only=True)
    store = folder
    load_seconds = None
    if memory:
        started = time.perf_counter()
        store = EmbeddedStore("memory:")
        store.load_nquads(folder.oxigraph.dump(format=ox.RdfFormat.N_QUADS))
        load_seconds = time.perf_counter() - started
    found = {}
    for name, query in queries.library().items():
        bindings = query.bindings(query_values(name, query), minter=None)
        started = time.perf_counter()
        count = len(store.select(query.text, bindings))
        cold = time.perf_counter() - started
        times = [_timed(lambda q=query, b=bindings: store.select(q.text, b)) for _ in range(repeat)]
        found[name] = {"cold": cold, "median": statistics.median(times), "rows": count}
    return {"queries": found, "load": load_seconds}


def stage_endpoint(store_path: str, repeat: int, memory: bool) -> dict:
    """Median seconds of every library query over HTTP from `iackg serve` (one worker; with
    `memory`, the worker's in-memory copy), JSON answers, no row limit in the way."""
    import urllib.parse
    import urllib.request

    from iackg import queries
    from iackg.server.app import Limits
    from iackg.server.serving import make_server
    from iackg.store.sparqltext import inject_values

    started = time.perf_counter()
    limits = Limits(time_limit=60.0, row_limit=1_000_000, max_query_bytes=1 << 20)
    server = make_server(store_path, workers=1, limits=limits, in_memory=memory)
    server.start()
    ready = time.perf_counter() - started
    host, port = server.server_address[:2]
    found = {}
    try:
        for name, query in queries.library().items():
            bindings = query.bindings(query_values(name, query), minter=None)
            text = inject_values(query.text, bindings) if bindings else query.text
            data = urllib.parse.urlencode({"query": text}).encode()

            def ask(data=data) -> None:
                request = urllib.request.Request(
                    f"http://{host}:{port}/sparql",
                    data=data,
                    headers={"Accept": "application/sparql-results+json"},
                )
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()

            ask()
            found[name] = {"median": statistics.median(_timed(ask) for _ in range(repeat))}
    finally:
        server.close()
    return {"queries": found, "ready": ready}


def stage_plain(store_path: str, name: str) -> dict:
    """One library query with rdflib's SPARQL engine on the same quads (parse excluded)."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from iackg.store import open_store

    folder = open_store(store_path, read_only=True)
    dataset = Dataset(default_union=True)
    dataset.parse(data=folder.oxigraph.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return plain_query(dataset, name)


def _stage(*args: str, limit: float = 3600) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--stage", *args]
    result = watch(command, limit)
    if "out" in result:
        result.update(json.loads(result.pop("out").strip().splitlines()[-1]))
    return result


def _ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a built folder store (default: build a national one)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query after the cold one")
    parser.add_argument("--plain", type=int, default=3, help="how many queries with rdflib")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per rdflib query")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        name, *rest = args.stage
        if name == "library":
            print(json.dumps(stage_library(rest[0], int(rest[1]), rest[2] == "memory")))
        elif name == "endpoint":
            print(json.dumps(stage_endpoint(rest[0], int(rest[1]), rest[2] == "memory")))
        else:
            print(json.dumps(stage_plain(rest[0], rest[1])))
        return
    env = dict(os.environ, PYTHONPATH=str(SRC))
    store = args.store
    if store is None:
        work = Path(tempfile.mkdtemp(prefix="iackg-bench-queries-"))
        for command in (
            ["synth", "--scale", "national", "--seed", "7", "-o", str(work / "tables")],
            ["build", str(work / "tables"), "--store", str(work / "store"), "-q"],
        ):
            subprocess.run([sys.executable, "-m", "iackg", *command], check=True, env=env)
        store = str(work / "store")
    print(f"store {store}; load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
    folder = _stage("library", store, str(args.repeat), "folder")
    memory = _stage("library", store, str(args.repeat), "memory")
    served = _stage("endpoint", store, str(args.repeat), "folder")
    served_memory = _stage("endpoint", store, str(args.repeat), "memory")
    for result in (folder, memory, served, served_memory):
        if "error" in result:
            sys.exit(f"the queries failed:\n{result['error']}")
    print(f"in-memory copy loaded in {memory['load']:.2f} s (peak {memory['peak']:.0f} MiB)")
    print(
        f"iackg serve ready in {served['ready']:.1f} s (peak {served['peak']:.0f} MiB); "
        f"with --in-memory in {served_memory['ready']:.1f} s "
        f"(peak of the server process {served_memory['peak']:.0f} MiB; the worker's copy is "
        "in its own process)"
    )
    header = ("query", "rows", "folder cold", "folder median", "memory cold", "memory median")
    served_header = ("serve median", "serve --in-memory median")
    rows: list[tuple] = [(*header, *served_header, "rdflib", "ratio", "median <= 100 ms")]
    met = {"folder": 0, "memory": 0}
    for index, name in enumerate(sorted(folder["queries"])):
        ours, copy = folder["queries"][name], memory["queries"][name]
        over_http = (served["queries"][name], served_memory["queries"][name])
        plain, ratio = "", ""
        if index < args.plain:
            other = _stage("plain", store, name, limit=args.limit)
            if other.get("timeout"):
                plain, ratio = f">{args.limit:.0f} s", f">{args.limit / ours['median']:.0f}x"
            elif "seconds" in other:
                plain = _ms(other["seconds"])
                ratio = f"{other['seconds'] / ours['median']:.0f}x"
        ok = [kind for kind, r in (("folder", ours), ("memory", copy)) if r["median"] <= TARGET]
        for kind in ok:
            met[kind] += 1
        rows.append(
            (
                name,
                ours["rows"],
                _ms(ours["cold"]),
                _ms(ours["median"]),
                _ms(copy["cold"]),
                _ms(copy["median"]),
                *(_ms(r["median"]) for r in over_http),
                plain,
                ratio,
                " and ".join(ok) or "no",
            )
        )
    print_table(rows)
    total = len(rows) - 1
    print(f"\nmedian <= 100 ms: {met['folder']} of {total} on the folder store, ", end="")
    print(f"{met['memory']} of {total} on the in-memory copy")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
