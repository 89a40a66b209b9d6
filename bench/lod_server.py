"""Benchmark `iackg serve`; prints tables (not a test).

    PYTHONPATH=src python bench/lod_server.py [--copies N] [--clients 50]

Builds a store from the contract example copied N times (default 2000, about 230k triples) plus a
small graph for a query calibrated to take about 0.3 s, starts `iackg serve` as a separate
process (as users run it), and measures:

1. where the time of one simple ASK goes: the engine alone, the safety check, the worker round
   trip, and the whole HTTP request;
2. simple-ASK throughput over keep-alive connections;
3. 50 parallel clients each sending the 0.3 s query: share answered, refusals (all must be 503
   with Retry-After), p50/p95 latency;
4. a runaway query: how close to the time limit it is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from iackg.iris import Minter
from iackg.server import safety
from iackg.server.pool import WorkerPool
from iackg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "contract-example.ttl"
ASK = "ASK { ?s ?p ?o }"
SLOW_GRAPH = "urn:iackg:bench:slow"
SLOW = f"SELECT (COUNT(*) AS ?n) FROM <{SLOW_GRAPH}> {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def fill(store, copies: int) -> None:
    base = Graph().parse(EXAMPLE)
    minter = Minter()
    for chunk in range(0, copies, 500):
        graph = Graph()
        for i in range(chunk, min(chunk + 500, copies)):
            for s, p, o in base:
                s2 = URIRef(f"{s}-c{i}") if "/id/" in str(s) else s
                o2 = URIRef(f"{o}-c{i}") if isinstance(o, URIRef) and "/id/" in str(o) else o
                graph.add((s2, p, o2))
        store.replace_graph(minter.graph(f"source/copy-{chunk}"), graph)


def slow_graph_size(target: float = 0.3) -> int:
    """Triples that make SLOW take about `target` seconds on this machine (n^3 rows)."""
    size = 60
    while True:
        store = ox.Store()
        graph = ox.NamedNode(SLOW_GRAPH)
        for i in range(size):
            store.add(
                ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i), graph)
            )
        started = time.perf_counter()
        list(store.query(SLOW))
        took = time.perf_counter() - started
        if took >= target * 0.8 or size > 2000:
            return size
        size = int(size * min(1.5, (target / max(took, 1e-3)) ** (1 / 3)) + 1)


def per_call(function, repeat: int = 2000) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat * 1000


async def worker_round_trip(folder: str, repeat: int = 2000) -> float:
    pool = WorkerPool(folder, None, size=1)
    await pool.start()
    request = {
        "op": "query",
        "query": ASK,
        "accept": None,
        "row_limit": 10,
        "base_iri": None,
        "max_answer_bytes": 1 << 20,
    }
    try:
        started = time.perf_counter()
        for _ in range(repeat):
            await pool.run(request, 10.0)
        return (time.perf_counter() - started) / repeat * 1000
    finally:
        await pool.close()


async def _request(reader, writer, path: str) -> tuple[int, dict[str, str], float]:
    started = time.perf_counter()
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, time.perf_counter() - started


async def throughput(host: str, port: int, path: str, connections: int, seconds: float):
    done, errors = 0, 0
    stop = time.perf_counter() + seconds

    async def client():
        nonlocal done, errors
        reader, writer = await asyncio.open_connection(host, port)
        while time.perf_counter() < stop:
            status, headers, _ = await _request(reader, writer, path)
            if status == 200:
                done += 1
            else:
                errors += 1
            if headers.get("connection") == "close":
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return done / (time.perf_counter() - started), errors


async def parallel_slow(host: str, port: int, clients: int, each: int):
    outcomes: list[tuple[int, bool, float]] = []

    async def client():
        for _ in range(each):
            reader, writer = await asyncio.open_connection(host, port)
            status, headers, took = await _request(reader, writer, "/sparql?query=" + quote(SLOW))
            outcomes.append((status, "retry-after" in headers, took))
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return outcomes


def serve(folder: str, *options: str) -> tuple[subprocess.Popen, str, int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    process = subprocess.Popen(
        [sys.executable, "-m", "iackg", "serve", "--store", folder, "--port", "0", *options],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    match = re.search(r"http://([\d.]+):(\d+)/", process.stderr.readline())
    assert match, "the server did not start"
    return process, match.group(1), int(match.group(2))


def table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--each", type=int, default=2, help="slow queries per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="iackg-bench-")
    store = open_store(folder)
    fill(store, args.copies)
    size = slow_graph_size()
    slow = Graph()
    for i in range(size):
        slow.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    store.replace_graph(URIRef(SLOW_GRAPH), slow)
    quads = len(store)
    store.close()
    print(f"store: {quads} quads; slow query over {size} triples; load: {os.getloadavg()}\n")

    engine = (
        ox.Store.read_only(str(Path(folder) / "current"))
        if (Path(folder) / "current").exists()
        else ox.Store.read_only(folder)
    )
    slow_took = statistics.median(per_call(lambda: list(engine.query(SLOW)), 1) for _ in range(5))
    rows = [("one simple ASK", "ms")]
    rows.append(("engine alone (in process)", f"{per_call(lambda: bool(engine.query(ASK))):.3f}"))
    rows.append(("safety check", f"{per_call(lambda: safety.check(ASK)):.3f}"))
    rows.append(
        ("worker round trip (pipe, pickle)", f"{asyncio.run(worker_round_trip(folder)):.3f}")
    )

    process, host, port = serve(
        folder, "--workers", str(args.workers), "--time-limit", str(args.time_limit)
    )
    try:
        ask_path = "/sparql?query=" + quote(ASK)
        one = asyncio.run(throughput(host, port, ask_path, 1, 2.0))[0]
        rows.append(("whole HTTP request, one keep-alive client", f"{1000 / one:.3f}"))
        table(rows)
        rows = [("simple-ASK throughput", "requests/s", "errors")]
        for connections in (1, 8, 32):
            rate, errors = asyncio.run(throughput(host, port, ask_path, connections, 3.0))
            rows.append((f"{connections} keep-alive connections", f"{rate:.0f}", str(errors)))
        table(rows)
        started = time.perf_counter()
        outcomes = asyncio.run(parallel_slow(host, port, args.clients, args.each))
        wall = time.perf_counter() - started
        answered = [o for o in outcomes if o[0] == 200]
        refused = [o for o in outcomes if o[0] == 503 and o[1]]
        other = [o for o in outcomes if o not in answered and o not in refused]
        latencies = sorted(o[2] for o in answered) or [0.0]
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        rows = [
            (
                f"{args.clients} clients x {args.each} slow queries "
                f"({slow_took:.0f} ms each alone)",
                "value",
            )
        ]
        rows += [
            (
                "answered (200)",
                f"{len(answered)} of {len(outcomes)} ({100 * len(answered) / len(outcomes):.0f} %)",
            ),
            ("refused with 503 + Retry-After", str(len(refused))),
            ("other outcomes", str(sorted({o[0] for o in other})) if other else "0"),
            ("p50 latency (s)", f"{statistics.median(latencies):.2f}"),
            ("p95 latency (s)", f"{p95:.2f}"),
            ("wall time (s)", f"{wall:.1f}"),
        ]
        table(rows)
    finally:
        process.terminate()
        process.wait(10)
    process, host, port = serve(folder, "--workers", str(args.workers), "--time-limit", "2")
    try:
        overshoots = []
        for _ in range(3):
            started = time.perf_counter()
            status, _, _ = asyncio.run(_one(host, port, "/sparql?query=" + quote(RUNAWAY)))
            assert status == 503
            overshoots.append(time.perf_counter() - started - 2.0)
            time.sleep(1.5)
        table(
            [
                ("runaway query, time limit 2 s", "overshoot ms"),
                (
                    "mean (max)",
                    f"{statistics.mean(overshoots) * 1000:.0f} ({max(overshoots) * 1000:.0f})",
                ),
            ]
        )
    finally:
        process.terminate()
        process.wait(10)
    print(f"load after: {os.getloadavg()}")


async def _one(host: str, port: int, path: str):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        return await _request(reader, writer, path)
    finally:
        writer.close()


if __name__ == "__main__":
    main()
