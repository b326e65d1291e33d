"""Benchmark: `ncct validate` on 80 realistic files vs raw libyaml parsing of the same files.

Run: `make bench` (or .venv/bin/python bench/bench_validate.py [--runs N]).
Prints a Markdown table for docs/benchmarks.md. Files are generated from the catalog
and the registry with a fixed seed: one per contributor, with the indicators that
contributor's kind reports, 2-25 rows for tables, and bilingual narrative items.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from ncct_report.reference import load_catalog, load_registry

VENV_BIN = Path(sys.executable).parent
KM_TEXT = "ក្រុមការងារបានចុះផ្សព្វផ្សាយច្បាប់ស្តីពីការបង្ក្រាបអំពើជួញដូរមនុស្ស និងអំពើធ្វើអាជីវកម្មផ្លូវភេទ ដល់ប្រជាពលរដ្ឋ"
EN_TEXT = "The working group disseminated the Law on Suppression of Human Trafficking and Sexual Exploitation to villagers"


def realistic_files(folder: Path, count: int = 80, seed: int = 2016) -> list[Path]:
    rng = random.Random(seed)
    catalog, registry = load_catalog(), load_registry()
    contributors = list(registry.contributors.values())[:count]
    paths = []
    for contributor in contributors:
        figures: dict = {}
        for ind in catalog.indicators.values():
            if ind.reporters and contributor.kind not in ind.reporters and contributor.id not in ind.reporters:
                continue
            if rng.random() < 0.4:
                continue

            def values() -> dict:
                whole = rng.randint(100, 50_000)
                row = {m: (whole if i == 0 else rng.randint(0, whole // 2)) for i, m in enumerate(ind.measures)}
                for _ in range(3):  # realistic: parts within their wholes
                    for check in ind.checks:
                        for part in check.parts:
                            if part in row and check.whole in row and row[part] > row[check.whole] // len(check.parts):
                                row[part] = row[check.whole] // (2 * len(check.parts))
                return row

            if ind.rows:
                codes = list(catalog.codelists[ind.rows].codes)
                rows = {code: values() for code in rng.sample(codes, min(len(codes), rng.randint(2, 25)))}
                figures[ind.id] = {"rows": rows, "total": {ind.measures[0]: sum(r[ind.measures[0]] for r in rows.values())}}
            else:
                figures[ind.id] = values()
        sections = list(catalog.sections)
        items = [
            {"section": rng.choice(sections), "en": f"{EN_TEXT} ({n}).", "km": f"{KM_TEXT} ({n})។", "km_status": "draft"}
            for n in range(rng.randint(5, 30))
        ]
        doc = {"contributor": contributor.id, "year": 2016, "submitted": "2017-01-20", "figures": figures, "items": items}
        path = folder / f"{contributor.id}.yaml"
        text = "# yaml-language-server: $schema=../../schema/submission.schema.json\n"
        text += yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed(command: list[str], runs: int) -> float:
    """Median wall time of a command, in seconds (one warm-up run first)."""
    subprocess.run(command, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data" / "2016"
        folder.mkdir(parents=True)
        paths = realistic_files(folder)
        size = sum(p.stat().st_size for p in paths)
        raw_parse = (
            "import sys, yaml, pathlib\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yaml')):\n"
            "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
        )
        python = sys.executable
        ncct = str(VENV_BIN / "ncct")
        rows = [
            ("Python start-up (`python -c pass`)", timed([python, "-c", "pass"], args.runs)),
            ("raw libyaml parse of the 80 files (`yaml.CSafeLoader`, incl. start-up)", timed([python, "-c", raw_parse, str(folder)], args.runs)),
            ("`ncct --help`", timed([ncct, "--help"], args.runs)),
            ("`ncct validate data/2016` (80 files)", timed([ncct, "validate", str(folder)], args.runs)),
            ("`ncct validate --format json data/2016`", timed([ncct, "validate", "--format", "json", str(folder)], args.runs)),
        ]
    raw = rows[1][1]
    validate = rows[3][1]
    print(f"80 files, {size / 1024:.0f} KiB in all; median of {args.runs} runs; "
          f"Python {platform.python_version()}, {platform.machine()}\n")
    print("| what | seconds |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} |")
    print(f"\n`ncct validate` / raw parsing (both including start-up): {validate / raw:.2f}x")


if __name__ == "__main__":
    main()
