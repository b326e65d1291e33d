"""Benchmark: how `ncct` grows with the number of contributors (100 to 10,000).

Run: `.venv/bin/python bench/bench_scale.py [--sizes 100,1000,2000,5000,10000] [--runs 1]`
(or `make bench`). For each size N it generates a registry and a data folder of N
contributors from the real ones (bench/scale_data.py: copies of real 2016 files under
new ids, each with a 2015 file), points `NCCT_REGISTRY` at that registry, and times as
whole processes (best of --runs, after one untimed run that fills the cache of the
catalog and registry):

- `ncct validate DATA/2016 --format json`
- `ncct build 2016 --format html,json` (both languages)
- `ncct status 2016 --format json`

with the peak memory (largest resident set) of each, then the stages of the build in
one process (read, status, aggregate, JSON, HTML of each language). It prints a
Markdown table for docs/benchmarks.md and the growth between sizes, as the ratio for
a doubling of the contributors ((t2/t1) ** (log 2 / log(n2/n1))): 2.0 is linear.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import generate  # noqa: E402

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
YEAR = 2016
COMMANDS = {
    "validate": ["validate", "{data}/2016", "--format", "json"],
    "build html,json": ["build", "2016", "--data", "{data}", "--out", "{out}", "--format", "html,json"],
    "status": ["status", "2016", "--data", "{data}", "--format", "json"],
}
OK = {"validate": (0,), "build html,json": (0,), "status": (0, 1)}  # exit codes: warnings only, never errors
STAGES_CODE = r"""
import json, sys, time, datetime as dt, io
from pathlib import Path
data = Path(sys.argv[1])
times = {}
def now(): return (time.perf_counter(), time.process_time())
def since(t0): w, c = now(); return (w - t0[0], c - t0[1])
t = now()
from ncct_report.reference import load_reference
from ncct_report.read import read_year
from ncct_report.completeness import year_status
from ncct_report.aggregate import aggregate
from ncct_report.render import render_html
catalog, registry = load_reference()
times["start-up + reference"] = since(t)
t = now()
reading = read_year(data, 2016, catalog, registry)
times["read"] = since(t)
import gc, inspect, ncct_report.build
if "gc.freeze()" in inspect.getsource(ncct_report.build):  # as the build does
    gc.freeze()
t = now()
status = year_status(2016, reading.submissions, reading.earlier.get(2015, []), reading.findings.errors, registry, catalog)
times["status"] = since(t)
t = now()
filled = [s for s in reading.submissions if s.filled]
report = aggregate(2016, filled, reading.earlier, reading.findings.warnings, catalog, registry, status)
times["aggregate"] = since(t)
t = now()
buffer = io.BytesIO()
try:
    from ncct_report.aggregate import write_report_json
    write_report_json(report, buffer)
except ImportError:  # before 2026-12: one string, indented by the pure-Python encoder
    from ncct_report.aggregate import report_json
    buffer.write(json.dumps(report_json(report), ensure_ascii=False, indent=1).encode("utf-8"))
times["JSON"] = since(t)
for lang in ("en", "km"):
    t = now()
    render_html(report, lang, generated=dt.date(2017, 2, 12))
    times["HTML " + lang] = since(t)
print(json.dumps(times))
"""


def run(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak resident MiB and stdout of one process (whose
    exit code must be one of `ok`)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        if process.returncode not in ok:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{err.read().decode()[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def measure(size: int, work: Path, runs: int, source: Path) -> dict[str, tuple[float, float, float]]:
    root = work / f"n{size}"
    data = generate(size, root, source)
    env = dict(os.environ, NCCT_REGISTRY=str(root / "registry.yaml"), NCCT_CACHE_DIR=str(work / "cache"), SOURCE_DATE_EPOCH="1486857600")
    ncct = str(VENV_BIN / "ncct")
    run([ncct, "contributors", "--kind", "secretariat"], env)  # fills the cache for this registry
    results: dict[str, tuple[float, float, float]] = {}
    for name, template in COMMANDS.items():
        best = None
        for _ in range(runs):
            args = [a.format(data=data, out=root / "out") for a in template]
            seconds, cpu, peak, _ = run([ncct, *args], env, OK[name])
            best = (seconds, cpu, peak) if best is None or cpu < best[1] else best
        results[name] = best
    best_stages: dict[str, tuple[float, float]] = {}
    for _ in range(runs):
        _, _, peak, text = run([sys.executable, "-c", STAGES_CODE, str(data)], env)
        for stage, (wall, cpu) in json.loads(text.strip().splitlines()[-1]).items():
            if stage not in best_stages or cpu < best_stages[stage][1]:
                best_stages[stage] = (wall, cpu)
    for stage, (wall, cpu) in best_stages.items():
        results[f"  {stage}"] = (wall, cpu, peak)
    files = (len(list((data / "2016").glob("*.yaml"))), len(list((data / "2015").glob("*.yaml"))))
    results["  (files: 2016 / 2015)"] = (files[0], files[1], 0)
    return results


def per_doubling(t1: float, t2: float, n1: int, n2: int) -> float:
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return float("nan")
    return (t2 / t1) ** (math.log(2) / math.log(n2 / n1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,2000,5000,10000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep the generated folders here (default: a temporary folder)")
    parser.add_argument("--source", type=Path, default=ROOT / "data", help="the real data folder the contributors are copied from")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="ncct-scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = {}
        for size in sizes:
            results[size] = measure(size, work, args.runs, args.source)
            print(f"{size}: " + ", ".join(f"{k.strip()} {v[0]:.2f}/{v[1]:.2f}" for k, v in results[size].items()), file=sys.stderr, flush=True)
    names = list(results[sizes[0]])
    print(f"Contributors (best of {args.runs}): wall / CPU seconds, and peak MiB of the whole command; stages in one process\n")
    print("| what | " + " | ".join(f"{n:,}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in names:
        cells = []
        for size in sizes:
            wall, cpu, peak = results[size][name]
            if name.startswith("  (files"):
                cells.append(f"{wall:,.0f} / {cpu:,.0f}")
            elif name.startswith("  "):
                cells.append(f"{wall:.2f} / {cpu:.2f}")
            else:
                cells.append(f"{wall:.2f} / {cpu:.2f} s, {peak:.0f} MiB")
        print(f"| {name.strip()} | " + " | ".join(cells) + " |")
    print("\nGrowth for 2x contributors: CPU time ratio per doubling (2.0 = linear; aim: at most 2.2)\n")
    steps = list(zip(sizes, sizes[1:]))
    print("| what | " + " | ".join(f"{a:,} -> {b:,}" for a, b in steps) + " |")
    print("|---|" + "---|" * len(steps))
    for name in names:
        if name.startswith("  (files"):
            continue
        cells = [f"x{per_doubling(results[a][name][1], results[b][name][1], a, b):.2f}" for a, b in steps]
        print(f"| {name.strip()} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
