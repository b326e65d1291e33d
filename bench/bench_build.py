"""Benchmark: the full 2016 build, split into the project's own work and WeasyPrint's.

Run: `.venv/bin/python bench/bench_build.py [--runs N] [--data DIR]` (or `make bench`).
Prints a Markdown table for docs/benchmarks.md:
- the project's stages, timed in-process: read (load + checks), aggregate, render the
  HTML of both editions (screen and print);
- WeasyPrint's share: both PDFs rendered one after the other in this process;
- in one run, alternating: the whole `ncct build 2016` as users run it (HTML, PDF and
  JSON of both languages) and "WeasyPrint alone": the same two print HTML documents
  rendered in parallel by two fresh processes that do nothing else (start Python,
  import WeasyPrint, write the PDF): the ratio of their wall times is the project's
  overhead on the build (aim: at most 1.15), as the ratio of the medians and of the
  best runs (on a shared machine the best runs are the least disturbed);
- the peak memory of the build (largest resident set of the process and its workers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ncct_report import khmer
from ncct_report.aggregate import aggregate
from ncct_report.completeness import year_status
from ncct_report.pdf import allowed_files, html_to_pdf
from ncct_report.read import read_year
from ncct_report.reference import load_reference
from ncct_report.render import render_html

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2017, 2, 12)
EPOCH = "1486857600"  # SOURCE_DATE_EPOCH of DAY: the build prints the same date
# WeasyPrint alone: the project's html_to_pdf (its URL fetcher and Khmer text layer),
# importing nothing else of the project (the fonts it may load are given).
ALONE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from ncct_report.pdf import html_to_pdf\n"
    "html = open(sys.argv[1], encoding='utf-8').read()\n"
    "open(sys.argv[2], 'wb').write(html_to_pdf(html, frozenset(Path(p) for p in sys.argv[3:])))\n"
)


def stages(data: Path, year: int) -> tuple[dict[str, float], dict[str, str]]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    catalog, registry = load_reference()
    reading = read_year(data, year, catalog, registry)
    times["read (load + checks, incl. earlier years)"] = time.perf_counter() - started
    started = time.perf_counter()
    status = year_status(year, reading.submissions, reading.earlier.get(year - 1, []), [], registry, catalog)
    filled = [s for s in reading.submissions if s.filled]
    report = aggregate(year, filled, reading.earlier, reading.findings.warnings, catalog, registry, status)
    times["aggregate"] = time.perf_counter() - started
    html, prints = {}, {}
    os.environ["NCCT_NO_CACHE"] = "1"  # no words of an earlier build: the first build on a machine
    khmer.load_words()
    del os.environ["NCCT_NO_CACHE"]
    for lang, name in (("en", "HTML en (screen and print)"), ("km", "HTML km (screen and print), Khmer words segmented"), ("km", "HTML km again, with the words of an earlier build")):
        started = time.perf_counter()
        html[lang] = render_html(report, lang, generated=DAY)
        prints[lang] = render_html(report, lang, generated=DAY, medium="print")
        times[name] = time.perf_counter() - started
    started = time.perf_counter()
    allowed = allowed_files()
    for lang in ("en", "km"):
        html_to_pdf(prints[lang], allowed)
    times["WeasyPrint, both PDFs one after the other"] = time.perf_counter() - started
    return times, prints


def _wait(processes: list[subprocess.Popen]) -> float:
    """Wait for every process; the largest resident set (MiB) among them."""
    peak = 0.0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{process.args} failed ({process.returncode})")
        peak = max(peak, usage.ru_maxrss / 1024)
    return peak


def weasyprint_alone(sources: dict[str, Path], out: Path) -> float:
    """Both PDFs of the same print HTML, in parallel, by processes that do only that."""
    started = time.perf_counter()
    fonts = [str(p) for p in allowed_files()]
    processes = [subprocess.Popen([sys.executable, "-c", ALONE, str(path), str(out / f"{lang}.pdf"), *fonts], cwd=out)
                 for lang, path in sources.items()]
    _wait(processes)
    return time.perf_counter() - started


def full_build(data: Path, year: int, out: Path, tree: Path | None = None) -> tuple[float, float]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    if tree is not None:  # another checkout of the project, e.g. the code before a change
        env.update(PYTHONPATH=str(tree.resolve()), NCCT_CACHE_DIR=str(out.parent / f"cache-{tree.name}"))
    started = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).parent / "ncct"), "build", str(year), "--data", str(data), "--out", str(out)],
                               env=env, cwd=out.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = _wait([process])
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=2016)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--skip-stages", action="store_true", help="only the build against WeasyPrint alone")
    parser.add_argument("--tree", action="append", default=[], help="NAME=DIR: also time the build of another checkout, alternating")
    args = parser.parse_args()
    load_reference()  # warm the cache, as any real run after the first
    runs = [stages(args.data, args.year) for _ in range(1 if args.skip_stages else args.runs)]
    prints = runs[-1][1]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = {}
        for lang in ("km", "en"):  # the build starts the longer one first, too
            sources[lang] = folder / f"print.{lang}.html"
            sources[lang].write_text(prints[lang], encoding="utf-8")
        alone, builds = [], []
        trees = {spec.split("=", 1)[0]: Path(spec.split("=", 1)[1]) for spec in args.tree}
        others: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(args.runs):  # alternating, so that all see the same machine
            alone.append(weasyprint_alone(sources, folder))
            builds.append(full_build(args.data, args.year, folder / "build"))
            for name, tree in trees.items():
                others[name].append(full_build(args.data, args.year, folder / "build", tree))
    weasy_alone = statistics.median(alone)
    wall = statistics.median(b[0] for b in builds)
    peak = max(b[1] for b in builds)
    print(f"{args.year} build; median of {args.runs} runs\n")
    if not args.skip_stages:
        medians = {name: statistics.median(r[0][name] for r in runs) for name in runs[0][0]}
        own = sum(v for k, v in medians.items() if not k.startswith(("WeasyPrint", "HTML km again")))
        weasy = medians["WeasyPrint, both PDFs one after the other"]
        print("| stage | seconds |\n|---|---|")
        for name, seconds in medians.items():
            print(f"| {name} | {seconds:.2f} |")
        print(f"| **project's own work** | **{own:.2f}** ({100 * own / (own + weasy):.1f}% of own + WeasyPrint) |")
        en = medians["HTML en (screen and print)"]
        print(f"| HTML km / HTML en | first build x{medians['HTML km (screen and print), Khmer words segmented'] / en:.2f}, "
              f"with an earlier build's words x{medians['HTML km again, with the words of an earlier build'] / en:.2f} (aim: at most 2) |")
    print(f"| WeasyPrint alone: the two print HTML documents in parallel (two fresh processes) | {weasy_alone:.2f} |")
    print(f"| `ncct build {args.year}` wall time (HTML, PDF, JSON; PDFs in parallel) | {wall:.2f} |")
    best = min(b[0] for b in builds) / min(alone)
    print(f"| **build / WeasyPrint alone** | **{wall / weasy_alone:.3f}** (best of each: {best:.3f}; aim: at most 1.15) |")
    for name, times in others.items():
        other = statistics.median(t[0] for t in times)
        print(f"| `ncct build {args.year}` of {name} | {other:.2f} |")
        print(f"| **build of {name} / WeasyPrint alone** | **{other / weasy_alone:.3f}** (best of each: {min(t[0] for t in times) / min(alone):.3f}) |")
    print(f"\nEach run (WeasyPrint alone, build{''.join(', ' + n for n in others)}): "
          + ", ".join("/".join(f"{t:.2f}" for t in (alone[i], builds[i][0], *(others[n][i][0] for n in others))) for i in range(args.runs)))
    print(f"Peak memory of the build (largest resident set of the process and its workers): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
