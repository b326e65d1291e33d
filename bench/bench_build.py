"""Benchmark: the full 2016 build, split into the project's own work and WeasyPrint's.

Run: `.venv/bin/python bench/bench_build.py [--runs N]` (or `make bench`). Prints a
Markdown table for docs/benchmarks.md:
- the project's stages, timed in-process: validate (load + checks), aggregate, render
  the HTML of both editions (screen and print);
- WeasyPrint's share: both PDFs rendered one after the other in this process;
- the whole `ncct build 2016` as users run it (both PDFs in parallel), wall time,
  and its peak memory (largest resident set of the process and its workers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ncct_report.aggregate import aggregate
from ncct_report.completeness import year_status
from ncct_report.pdf import allowed_files, html_to_pdf
from ncct_report.read import read_year
from ncct_report.reference import load_reference
from ncct_report.render import render_html

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def stages(year: int) -> dict[str, float]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    catalog, registry = load_reference()
    reading = read_year(DATA, year, catalog, registry)
    times["read (load + checks, incl. earlier years)"] = time.perf_counter() - started
    started = time.perf_counter()
    status = year_status(year, reading.submissions, reading.earlier.get(year - 1, []), [], registry, catalog)
    filled = [s for s in reading.submissions if s.filled]
    report = aggregate(year, filled, reading.earlier, reading.findings.warnings, catalog, registry, status)
    times["aggregate"] = time.perf_counter() - started
    started = time.perf_counter()
    day = dt.date(2017, 2, 12)
    html = {lang: render_html(report, lang, generated=day) for lang in ("en", "km")}
    prints = {lang: render_html(report, lang, generated=day, medium="print") for lang in ("en", "km")}
    times["HTML, both editions (screen and print)"] = time.perf_counter() - started
    assert html
    started = time.perf_counter()
    allowed = allowed_files()
    for lang in ("en", "km"):
        html_to_pdf(prints[lang], allowed)
    times["WeasyPrint, both PDFs one after the other"] = time.perf_counter() - started
    return times


def full_build(year: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "ncct"), "build", str(year), "--data", str(DATA), "--out", out], check=True, capture_output=True)
        seconds = time.perf_counter() - started
    peak_kib = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 0)
    return seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2016)
    args = parser.parse_args()
    load_reference()  # warm the cache, as any real run after the first
    runs = [stages(args.year) for _ in range(args.runs)]
    medians = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    own = sum(v for k, v in medians.items() if not k.startswith("WeasyPrint"))
    weasy = medians["WeasyPrint, both PDFs one after the other"]
    builds = [full_build(args.year) for _ in range(args.runs)]
    wall = statistics.median(b[0] for b in builds)
    peak = max(b[1] for b in builds)
    print(f"{args.year} build; median of {args.runs} runs\n")
    print("| stage | seconds |\n|---|---|")
    for name, seconds in medians.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"| **project's own work** | **{own:.2f}** ({100 * own / (own + weasy):.1f}% of own + WeasyPrint) |")
    print(f"| `ncct build {args.year}` wall time (PDFs in parallel) | {wall:.2f} |")
    print(f"\nPeak memory of one process of the build (largest resident set): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
