"""Extract translatable text into locale/messages.pot and merge it into each .po file.

Run with `make messages` after changing a template. New messages arrive in the .po
files with an empty translation; `make test` fails until a translator fills them in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def finding_texts() -> list[tuple[str, str]]:
    """Each finding's title, meaning and fix, as the program shows them."""
    from ncct_report.findings import kinds

    out = []
    for kind in kinds().values():
        for field in ("title", "meaning", "fix"):
            out.append((getattr(kind, field).strip(), f"{kind.code} {field}"))
    return out


def command_line_texts() -> list[tuple]:
    """The help of every command and option, and the counted nouns (singular, plural)."""
    from ncct_report.cli import help_texts
    from ncct_report.words import COUNTED

    return help_texts() + [(pair, f"counted: {noun}") for noun, pair in COUNTED.items()]


def main() -> None:
    pot = ROOT / "locale" / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "--no-location", "--omit-header", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        template = read_po(handle)
    for text, comment in finding_texts():  # the findings' titles, meanings and fixes
        template.add(text, auto_comments=[comment])
    for text, comment in command_line_texts():  # every command's help; counted nouns
        template.add(text, auto_comments=[comment])
    with pot.open("wb") as handle:
        write_po(handle, template, omit_header=True, no_location=True, width=100)
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parts[-3])
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, width=100, ignore_obsolete=True)
        print(f"updated {po.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
