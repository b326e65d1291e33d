"""Set one translation in a .po file: set_translation.py LANG MSGID MSGSTR (for scripts and quick fixes)."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, msgid, msgstr = sys.argv[1:4]
po = Path(__file__).resolve().parent.parent / "locale" / lang / "LC_MESSAGES" / "messages.po"
with po.open("rb") as handle:
    catalog = read_po(handle, locale=lang)
if msgid not in catalog:
    sys.exit(f"{msgid!r} is not in {po}; run `make messages` first")
catalog[msgid].string = msgstr
with po.open("wb") as handle:
    write_po(handle, catalog, no_location=True, width=100)
