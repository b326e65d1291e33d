"""Translations: the gettext catalogs of `locale/` (one PO file per language, edited
with ordinary PO tools), compiled in memory with Babel. The report's labels, the
findings' messages and fixes, and the command line's words all go through them."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "km")


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (extracted into the PO files);
    it is translated where it is shown."""
    return message


@cache
def translations(lang: str):
    """gettext translations for `lang`, compiled in memory from its .po file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)
