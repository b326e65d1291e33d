"""Checks for what the system must provide (Pango for WeasyPrint), with the fix."""

from __future__ import annotations

import sys

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1"


def pdf_problems() -> list[str]:
    """What stops WeasyPrint from running here, each with the package to install."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return ["WeasyPrint is not installed: run `make report` (or `pip install -e '.[pdf]'`)."]
    except OSError as exc:  # a shared library (Pango, HarfBuzz, fontconfig) is missing
        return [
            f"WeasyPrint cannot load a system library ({exc}).\n"
            f"Install Pango and its companions: apt-get install {DEBIAN_PACKAGES}"
        ]
    return []


def main() -> int:
    problems = pdf_problems()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
