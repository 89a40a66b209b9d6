"""Benchmark: national-scale synthetic tables (and 2x, 5x) into N-Quads.

    PYTHONPATH=src python bench/ingest.py [--scales 1,2,5] [--seed 1]

Each run is a fresh process (so peak memory is that run's own): it prints rows read, triples
written, wall and CPU seconds (wall suffers when other jobs share the cores) and peak resident
memory. Target (issue 3): national scale under 10 s on
2 cores, memory bounded as the input grows. The last line ingests national scale in memory
(rdflib graphs built) for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from iackg.ingest import ingest_files, ingest_to_nquads
folder, out, mode = sys.argv[1:4]
start = time.perf_counter()
cpu = time.process_time()
if mode == "stream":
    result = ingest_to_nquads([folder], out)
else:
    result = ingest_files([folder])
    for source in result.sources:
        source.graph
    result.provenance
    result.write(out)
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu
rows = sum(s.rows for s in result.sources)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "triples": result.triple_count, "seconds": seconds,
                  "cpu": cpu, "peak": peak}))
"""


def run(folder: Path, out: Path, mode: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(out), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__)
    parser.add_argument("--scales", default="1,2,5")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from iackg.synth import generate

    print(
        f"{'input':<22} {'rows':>8} {'triples':>10} {'seconds':>8} {'cpu s':>6} "
        f"{'peak MiB':>9} {'MiB in':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (float(s) for s in args.scales.split(",")):
            folder = Path(tmp) / f"x{scale:g}"
            generate(folder, scale=scale, seed=args.seed)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
            r = run(folder, Path(tmp) / f"x{scale:g}.nq", "stream")
            label = f"national x{scale:g}, streamed"
            print(
                f"{label:<22} {r['rows']:>8} {r['triples']:>10} {r['seconds']:>8.2f} "
                f"{r['cpu']:>6.2f} {r['peak']:>9.0f} {size:>7.1f}",
                flush=True,
            )
        folder = Path(tmp) / "x1"
        if folder.exists():
            r = run(folder, Path(tmp) / "mem.nq", "memory")
            label = "national, in memory"
            print(
                f"{label:<22} {r['rows']:>8} {r['triples']:>10} {r['seconds']:>8.2f} "
                f"{r['cpu']:>6.2f} {r['peak']:>9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
