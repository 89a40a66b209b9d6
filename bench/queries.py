"""Every library query at national scale: the cold first run and the median, on the folder store
and on an in-memory copy of it, with rdflib (the plain way) beside them.

    PYTHONPATH=src python bench/queries.py                      # builds a national store first
    PYTHONPATH=src python bench/queries.py --store iackg-store --repeat 7 --plain 5

Each query runs through `Store.select` as `iackg query` runs it (its parameters bound, the rows
converted to rdflib terms): once right after the store is opened in a new process ("cold"; the
operating system's file cache may still hold the store), then --repeat times (median). The
in-memory copy is the folder's quads loaded into `pyoxigraph.Store()`, timed too. rdflib: the
same quads in an rdflib `Dataset`, each of the first --plain queries once, in a subprocess
killed at --limit seconds.
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
    for result in (folder, memory):
        if "error" in result:
            sys.exit(f"the queries failed:\n{result['error']}")
    print(f"in-memory copy loaded in {memory['load']:.2f} s (peak {memory['peak']:.0f} MiB)")
    header = ("query", "rows", "folder cold", "folder median", "memory cold", "memory median")
    rows: list[tuple] = [(*header, "rdflib", "ratio", "median <= 100 ms")]
    met = {"folder": 0, "memory": 0}
    for index, name in enumerate(sorted(folder["queries"])):
        ours, copy = folder["queries"][name], memory["queries"][name]
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
