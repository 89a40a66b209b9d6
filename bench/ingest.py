"""Benchmark: national-scale synthetic tables (and 2x, 5x) into N-Quads.

    PYTHONPATH=src python bench/ingest.py [--scales 1,2,5] [--seed 1] [--pdf]

`--pdf` adds a national-size published list as text PDFs instead: the synthetic national
resources written by reportlab as 47 prefectural long lists (one row per resource and
municipality, list numbers glued to the names, no prefecture or date column), read with
`--prefecture` and `--as-of` per file; it prints pages, rows, resources and seconds.

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


PDF_CHILD = r"""
import json, resource, sys, time, datetime as dt
from pathlib import Path
import pdfplumber
from iackg.ingest import ListOptions, ingest_to_nquads
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
pages = resources = triples = 0
seconds = 0.0
for pdf in sorted(folder.glob("*.pdf")):
    with pdfplumber.open(pdf) as document:
        pages += len(document.pages)
    start = time.perf_counter()
    result = ingest_to_nquads([pdf], out / (pdf.stem + ".nq"),
                              options=ListOptions(pdf.stem, dt.date(2008, 3, 31)))
    seconds += time.perf_counter() - start
    resources += sum(s.rows for s in result.sources)
    triples += result.triple_count
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"pages": pages, "resources": resources, "triples": triples,
                  "seconds": seconds, "peak": peak}))
"""
CATEGORY_JA = {
    "agricultural": "農林水産物",
    "industrial": "鉱工業品",
    "technique": "技術",
    "tourism": "観光資源",
}


def write_pdfs(folder: Path, seed: int) -> tuple[float, int]:
    """47 prefectural long lists as PDFs from the synthetic national resources: (seconds,
    table rows written)."""
    import time

    from iackg.synth.records import build

    sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "ingest"))
    from published import pdf_long_list  # type: ignore[import-not-found]  # the tests' writer

    start = time.perf_counter()
    by_prefecture: dict[str, list[list[str]]] = {}
    for number, r in enumerate(build(scale=1.0, seed=seed).resources, start=1):
        rows = by_prefecture.setdefault(r.jis, [])
        for i, town in enumerate(r.towns or [""]):
            rows.append([str(number), r.name, "", CATEGORY_JA[r.category], f"{i + 1}{town}"])
    folder.mkdir(parents=True, exist_ok=True)
    for jis, rows in by_prefecture.items():
        pdf_long_list(folder / f"{jis}.pdf", rows)
    return time.perf_counter() - start, sum(len(r) for r in by_prefecture.values())


def run_pdf(seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "pdf", Path(tmp) / "out"
        out.mkdir()
        written, rows = write_pdfs(folder, seed)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        done = subprocess.run(
            [sys.executable, "-c", PDF_CHILD, str(folder), str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{'input':<26} {'pages':>6} {'rows':>7} {'resources':>9} {'triples':>9} "
        f"{'seconds':>8} {'peak MiB':>9} {'MiB in':>7}"
    )
    print(
        f"{'national PDF, 47 files':<26} {r['pages']:>6} {rows:>7} {r['resources']:>9} "
        f"{r['triples']:>9} {r['seconds']:>8.1f} {r['peak']:>9.0f} {size:>7.1f}"
    )
    print(f"(writing the PDFs with reportlab took {written:.1f} s, not counted)")


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__)
    parser.add_argument("--scales", default="1,2,5")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pdf", action="store_true", help="the national PDF list instead")
    args = parser.parse_args()
    if args.pdf:
        run_pdf(args.seed)
        return
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
