"""Benchmark `iackg build --update` against a full rebuild, on synthetic national data.

    PYTHONPATH=src python bench/update.py                 # national scale, seed 7
    PYTHONPATH=src python bench/update.py --scale 0.2 --repeat 1

A store is built from `iackg synth --scale national --seed 7`; then one region's designations
list is published anew (rows removed, renamed and added, none of them used by a plan) and the
store is updated with `iackg build --update FILE`, and, for comparison, a second store is built
from scratch from the same new set of files. Both run through the CLI in their own process
(start-up included), polled for wall time and peak memory (RSS). The two stores' canonical
dumps (sorted N-Quads) must be identical; the table says whether they are.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import watch

CHANGED = "designations-kanto-utf8.csv"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "iackg", *args]


def republish(path: Path, plans: Path, count: int) -> dict[str, int]:
    """Rewrite a designations list as a new edition: `count` rows removed, renamed and added,
    among the resources no plan and no technique names. The file gets a newer modification time."""
    used = set()
    with plans.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in row["活用する地域産業資源"].replace("、", "・").split("・"):
                used.add(name.strip())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    name = header.index("name")
    for row in rows:  # products that techniques of the list name
        used.update(p.strip() for p in re.split("[;、・]", row[header.index("technique_for")]))
    free = [i for i, row in enumerate(rows) if row[name] not in used]
    removed = set(free[:count])
    renamed = free[count : 2 * count]
    for i in renamed:
        rows[i][name] += "（新）"
    added = []
    for n, i in enumerate(free[2 * count : 3 * count]):
        row = list(rows[i])
        row[name] = f"{row[name]}改{n}"
        added.append(row)
    rows = [row for i, row in enumerate(rows) if i not in removed] + added
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    later = time.time() + 60
    os.utime(path, (later, later))
    return {"removed": len(removed), "renamed": len(renamed), "added": len(added)}


def dump(store: Path) -> list[str]:
    import pyoxigraph as ox

    database = ox.Store.read_only(str(store / "current"))
    return sorted(str(quad) for quad in database)


def run(command: list[str], limit: float) -> dict:
    result = watch(command, limit)
    if "error" in result or result.get("timeout"):
        raise SystemExit(f"{' '.join(command[2:])} failed: {result}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national", help="'national' or a multiplier")
    parser.add_argument("--seed", default="7")
    parser.add_argument("--rows", type=int, default=5, help="rows removed, renamed and added")
    parser.add_argument("--repeat", type=int, default=3, help="updates timed (median)")
    parser.add_argument("--limit", type=float, default=600, help="seconds before a run is killed")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="iackg-bench-update-"))
    try:
        tables = work / "tables"
        run(cli("synth", "--scale", args.scale, "--seed", args.seed, "-o", str(tables)), 600)
        (tables / "defects.json").unlink(missing_ok=True)
        inputs = sorted(str(p) for p in tables.iterdir())
        print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
        first = run(cli("build", *inputs, "--store", str(work / "before"), "-q"), args.limit)
        changes = republish(tables / CHANGED, tables / "plans.csv", args.rows)
        updates = []
        for _ in range(args.repeat):
            shutil.rmtree(work / "store", ignore_errors=True)
            shutil.copytree(work / "before", work / "store", symlinks=True)
            command = cli(
                "build", "--update", str(tables / CHANGED), "--store", str(work / "store")
            )
            updates.append(run([*command, "-q"], args.limit))
        full = run(cli("build", *inputs, "--store", str(work / "rebuilt"), "-q"), args.limit)
        same = dump(work / "store") == dump(work / "rebuilt")
        wall = statistics.median(u["wall"] for u in updates)
        peak = max(u["peak"] for u in updates)
        print(
            f"\n{CHANGED}: {changes['removed']} rows removed, {changes['renamed']} renamed, "
            f"{changes['added']} added; update timed {args.repeat} time(s), median\n"
        )
        rows = [
            ("run", "wall", "peak RSS"),
            ("full build (first)", f"{first['wall']:.2f} s", f"{first['peak']:.0f} MiB"),
            ("full rebuild (new set)", f"{full['wall']:.2f} s", f"{full['peak']:.0f} MiB"),
            ("build --update (one list)", f"{wall:.2f} s", f"{peak:.0f} MiB"),
            ("speed-up", f"{full['wall'] / wall:.1f}x", ""),
            ("update == rebuild (dumps)", "yes" if same else "NO", ""),
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            print(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        stages = [line for line in updates[-1]["out"].splitlines() if line.startswith("Time:")]
        print(f"\nstages of the last update (in the process): {stages[0][6:] if stages else '?'}")
        print(f"\nload average at the end: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
        if not same:
            raise SystemExit("the updated store differs from the rebuilt one")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
