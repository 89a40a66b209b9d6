"""Benchmark the SPARQL server and the publication; prints a table (not a test).

    PYTHONPATH=src python bench/lod_server.py [--copies N]

Builds a store from the contract example, copied N times under fresh keys (default 2000 copies,
about 230k triples), serves it, and measures: requests per second for a small ASK, a library-
style SELECT and a resource page (8 client threads); how close the time limit stops a runaway
query; and `publish` time on a smaller copy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, URIRef

from iackg.iris import Minter
from iackg.server.app import Limits, make_server
from iackg.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "contract-example.ttl"
SELECT = """PREFIX iac: <https://w3id.org/iackg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?r ?label WHERE { ?r a iac:RegionalResource ; rdfs:label ?label ; iac:category
iac:CatTourism } ORDER BY ?r LIMIT 50"""
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


def rate(url: str, seconds: float = 3.0, threads: int = 8) -> tuple[float, float, int]:
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[int] = []

    def loop(_):
        while time.monotonic() < stop:
            t = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                errors.append(exc.code)
                continue
            latencies.append(time.monotonic() - t)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    if errors:
        print(f"{url}: errors {sorted(set(errors))} x{len(errors)}", file=sys.stderr)
    return len(latencies) / seconds, statistics.median(latencies or [0]) * 1000, len(errors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--time-limit", type=float, default=2.0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="iackg-bench-")
    store = open_store(folder)
    t = time.monotonic()
    fill(store, args.copies)
    store.close()
    print(f"store: {len(store)} quads, built in {time.monotonic() - t:.1f} s", file=sys.stderr)
    server = make_server(folder, limits=Limits(time_limit=args.time_limit), workers=2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    root = f"http://{host}:{port}"
    rows = [("what", "requests/s", "median ms", "errors")]
    for name, url in [
        ("ASK", f"{root}/sparql?query={quote('ASK { ?s ?p ?o }')}"),
        ("SELECT 50 rows", f"{root}/sparql?query={quote(SELECT)}"),
        ("resource page (HTML)", f"{root}/doc/prefecture/14-c7"),
        ("resource (Turtle)", f"{root}/doc/prefecture/14-c7.ttl"),
    ]:
        per_second, median, errors = rate(url)
        rows.append((name, f"{per_second:.0f}", f"{median:.1f}", str(errors)))
    overshoots = []
    for _ in range(3):
        t = time.monotonic()
        try:
            urllib.request.urlopen(f"{root}/sparql?query={quote(RUNAWAY)}", timeout=60)
        except urllib.error.HTTPError as exc:
            assert exc.code == 503
        overshoots.append(time.monotonic() - t - args.time_limit)
        time.sleep(1.5)  # let the pool replace the killed worker
    rows.append(
        (
            f"runaway stopped after limit {args.time_limit:g} s, overshoot",
            "",
            f"{statistics.mean(overshoots) * 1000:.0f} (max {max(overshoots) * 1000:.0f})",
            "",
        )
    )
    server.close()
    from iackg.publish.publication import publish

    small = open_store("memory:")
    fill(small, max(1, args.copies // 10))
    t = time.monotonic()
    result = publish(
        small,
        tempfile.mkdtemp(prefix="iackg-pub-") + "/out",
        base="https://w3id.org/iackg",
        modified="2026-01-01",
    )
    rows.append(
        (
            f"publish {len(small)} quads, {result.pages} pages",
            "",
            f"{(time.monotonic() - t) * 1000:.0f}",
            "",
        )
    )
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:>10}  {r[2]:>12}  {r[3]:>6}")


if __name__ == "__main__":
    main()
