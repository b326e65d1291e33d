"""Where the report's own files are: the templates, the translations and the schema.

In the repository they are folders at the top (`templates/`, `locale/`, `schema/`);
building a wheel maps them into the package (`ncct_report/templates/`,
`ncct_report/locale/`, `ncct_report/schemas/`: pyproject.toml), so an installed ncct
reads its own copies. Run from a checkout (an editable install), the package reads the
repository's folders: setuptools' editable finder does not serve folders mapped from
outside the package (setuptools issue #4943). Every module finds them here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("ncct_report")))
# The folder in the package -> the folder at the top of the repository.
FOLDERS = {"templates": "templates", "locale": "locale", "schemas": "schema"}


def _checkout() -> Path | None:
    """The repository the package runs from, or None when it is installed."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "templates").is_dir() else None


CHECKOUT = _checkout()


def folder(name: str) -> Path:
    """A folder of the report's files: the checkout's own, else the installed copy."""
    return CHECKOUT / FOLDERS[name] if CHECKOUT is not None else PACKAGE / name


TEMPLATES = folder("templates")  # report.html.j2, report.css, print.css
LOCALE = folder("locale")  # <lang>/LC_MESSAGES/messages.po, read with Babel (no .mo)
SCHEMA_FILE = folder("schemas") / "submission.schema.json"  # what `make docs` writes
