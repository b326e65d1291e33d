"""Benchmark: `ncct validate` on files full of unknown names grows linearly.

Writes files with N unknown row names (one table) and N unknown indicators, runs
`ncct validate FILE --format json` as a whole process (start-up included, best of
--runs runs after a warm-up) and prints the wall time, the peak memory (max RSS) and
the growth ratio between sizes. Linear growth: at most about 2x time for 2x names.
Run: .venv/bin/python bench/bench_unknown_names.py
"""

from __future__ import annotations

import argparse
import itertools
import os
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NCCT = Path(sys.executable).parent / "ncct"
ALPHABET = string.ascii_letters + string.digits


def short_names(count: int) -> list[str]:
    """`count` distinct names of at most four characters that no catalog uses."""
    names = []
    for size in (2, 3, 4):
        for letters in itertools.product(ALPHABET, repeat=size):
            name = "Q" + "".join(letters)
            names.append(name)
            if len(names) == count:
                return names
    return names


def unknown_rows(count: int) -> str:
    rows = "".join(f"      {name}: {{persons: 1}}\n" for name in short_names(count))
    return "contributor: inst-police-ahtjp\nyear: 2016\nfigures:\n  migration.monthly_migrants:\n    rows:\n" + rows


def unknown_indicators(count: int) -> str:
    return "contributor: prov-02\nyear: 2016\nfigures:\n" + "".join(f"  {name}: 1\n" for name in short_names(count))


def run(text: str, folder: Path, runs: int) -> tuple[float, float, int]:
    path = folder / "2016" / "prov-02.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    best, peak = float("inf"), 0.0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen([str(NCCT), "validate", str(path), "--format", "json"], stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        best = min(best, time.perf_counter() - started)
        peak = max(peak, usage.ru_maxrss / 1024)  # MB
    return best, peak, len(text.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1250,2500,5000,10000")
    parser.add_argument("--indicators", default="12500,25000,50000,100000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(unknown_rows(10), Path(tmp) / "warm-up", 1)  # the catalog cache
        for label, make, sizes in (("unknown rows", unknown_rows, args.rows), ("unknown indicators", unknown_indicators, args.indicators)):
            print(f"{label} (ncct validate --format json, best of {args.runs}):")
            previous = last = None
            for count in map(int, sizes.split(",")):
                seconds, peak, size = run(make(count), Path(tmp) / f"{label[8:]}-{count}", args.runs)
                ratio = f"   x{seconds / previous:.2f} time for x{count / last:.0f} names" if previous else ""
                print(f"  {count:>7,} names ({size / 1024:,.0f} KiB): {seconds:.2f} s, {peak:,.0f} MB{ratio}")
                previous, last = seconds, count


if __name__ == "__main__":
    main()
