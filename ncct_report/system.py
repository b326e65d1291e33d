"""Checks for what the system must provide for PDFs (Pango, with which WeasyPrint lays
out text), with what to install on each system.

`ncct build` runs the quick check (the libraries load, without importing WeasyPrint)
before any work when PDFs are asked for; `python -m ncct_report.system` (make report,
make test) also imports WeasyPrint.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import os
import sys

from .errors import NcctError
from .findings import Msg, message
from .i18n import N_

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1"
INSTALL_DOCS = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
INSTALL = (
    f"  Debian/Ubuntu: sudo apt-get install {DEBIAN_PACKAGES}",
    "  Fedora: sudo dnf install pango",
    "  macOS (Homebrew): brew install pango (if it is still not found: export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib)",
    "  Windows: install MSYS2 (https://www.msys2.org), then in its UCRT64 shell: pacman -S mingw-w64-ucrt-x86_64-pango "
    "(or the GTK3 runtime; set WEASYPRINT_DLL_DIRECTORIES to its bin folder when it is not in the usual place)",
    f"  More: {INSTALL_DOCS}",
)

# The libraries WeasyPrint loads, under the names it tries (weasyprint/text/ffi.py).
LIBRARIES = {
    "GObject": ("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"),
    "Pango": ("libpango-1.0-0", "pango-1.0-0", "pango-1.0", "libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
    "HarfBuzz": ("libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
    "fontconfig": ("libfontconfig-1", "fontconfig-1", "fontconfig", "libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"),
    "PangoFT2": ("libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0", "libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"),
}
PANGO_MIN = (1, 44)  # WeasyPrint's requirement


def _windows_dll_folders() -> None:
    """Where WeasyPrint looks for the DLLs on Windows (MSYS2, the GTK3 runtime)."""
    folders = os.environ.get(
        "WEASYPRINT_DLL_DIRECTORIES",
        "C:\\msys64\\ucrt64\\bin;C:\\msys64\\mingw64\\bin;C:\\Program Files\\GTK3-Runtime Win64\\bin",
    )
    for folder in folders.split(";"):
        try:
            os.add_dll_directory(folder)  # type: ignore[attr-defined]
        except (OSError, AttributeError):
            pass


def _load(names: tuple[str, ...]) -> ctypes.CDLL | None:
    """The library under the first name that loads, as WeasyPrint (cffi) would find it."""
    mode = {"winmode": 0x00001000} if os.name == "nt" else {}  # LOAD_LIBRARY_SEARCH_DEFAULT_DIRS
    for name in names:
        try:
            return ctypes.CDLL(name, **mode)
        except OSError:
            continue
    for name in names:  # cffi then asks ctypes.util (slower: only when the names failed)
        found = ctypes.util.find_library(name)
        if found:
            try:
                return ctypes.CDLL(found, **mode)
            except OSError:
                continue
    return None


def missing_libraries() -> list[str]:
    """The libraries WeasyPrint needs that cannot be loaded here (a few milliseconds)."""
    if os.name == "nt":
        _windows_dll_folders()
    missing = []
    for label, names in LIBRARIES.items():
        library = _load(names)
        if library is None:
            missing.append(label)
        elif label == "Pango":
            version = library.pango_version()
            if (version // 10000, version // 100 % 100) < PANGO_MIN:
                missing.append(f"Pango {PANGO_MIN[0]}.{PANGO_MIN[1]} or newer (this one is {version // 10000}.{version // 100 % 100})")
    return missing


def _needs_pango(what: Msg) -> NcctError:
    return NcctError(what, message(N_("Install Pango (with HarfBuzz and fontconfig, which come with it), then try again:")), *INSTALL, indent="")


def _problems(import_weasyprint: bool = True) -> list[NcctError]:
    """What stops WeasyPrint from making PDFs here, each with what to install (the
    commands to install with, as they are typed, in English)."""
    from importlib.util import find_spec

    if find_spec("weasyprint") is None:
        return [NcctError(message(N_(
            "PDFs need WeasyPrint, which is not installed with this ncct: install ncct-report again "
            "(in a checkout: make report; otherwise as it was installed, e.g. pipx install --force path/to/ncct-report)."
        )))]
    missing = missing_libraries()
    if missing:
        return [_needs_pango(message(N_("PDFs need Pango, with which WeasyPrint lays out text, and it cannot be loaded here (missing: %(missing)s)."),
                                     missing=", ".join(missing)))]
    if import_weasyprint:
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its own banner first
                import weasyprint  # noqa: F401
        except OSError as exc:  # a shared library (Pango, HarfBuzz, fontconfig) is missing
            return [_needs_pango(message(N_("PDFs need Pango, with which WeasyPrint lays out text: WeasyPrint cannot load a system library (%(problem)s)."),
                                         problem=str(exc)))]
    return []


def pdf_problems(import_weasyprint: bool = True) -> list[str]:
    """What stops WeasyPrint from making PDFs here, each with what to install."""
    return [str(problem) for problem in _problems(import_weasyprint)]


def require_pdf(without: str | None = None) -> None:
    """Stop before any work when PDFs cannot be made here: one message (NcctError) that
    says what to install, and `without`, the option that makes the other outputs."""
    problems = _problems(import_weasyprint=False)
    if problems:
        first = problems[0]
        leave_out = [message(N_("Or leave the PDFs out: build with %(option)s."), option=without)] if without else []
        raise NcctError(first.message, *first.details, *leave_out, indent="")


def main() -> int:
    problems = pdf_problems()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
