"""Start-up time of the `iackg` command: how long before a user sees anything.

    PYTHONPATH=src python bench/startup.py [--repeat 7]

Each command runs in a fresh interpreter, as a user types it; the table gives the median and the
slowest of --repeat runs, and the load average when the run started (other work on the machine
slows every row alike). The "import only" row is the floor: the interpreter and `iackg.cli`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
COMMANDS = [
    ("import only", ["-c", "import iackg.cli"]),
    ("iackg --help", ["-m", "iackg", "--help"]),
    ("iackg build --help", ["-m", "iackg", "build", "--help"]),
    ("iackg query --help", ["-m", "iackg", "query", "--help"]),
    ("iackg query --list", ["-m", "iackg", "query", "--list"]),
    ("iackg serve --help", ["-m", "iackg", "serve", "--help"]),
    ("iackg report --help", ["-m", "iackg", "report", "--help"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False, description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per command (default 7)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    print("| command | median | slowest |")
    print("|---|---|---|")
    for label, argv in COMMANDS:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            subprocess.run([sys.executable, *argv], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        print(f"| `{label}` | {statistics.median(times):.3f} s | {max(times):.3f} s |", flush=True)


if __name__ == "__main__":
    main()
