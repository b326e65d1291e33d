"""Translations: the gettext catalogs of `locale/` (one PO file per language, edited
with ordinary PO tools; resources.py finds them), compiled in memory with Babel. The
report's labels, the findings' messages and fixes, and the command line's words all go
through them."""

from __future__ import annotations

import io
from functools import cache

from .resources import LOCALE as LOCALES

LANGUAGES = ("en", "km")


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (extracted into the PO files);
    it is translated where it is shown."""
    return message


def gettext_in(lang: str, text: str) -> str:
    """`text` in `lang` (English as written, without loading a catalog)."""
    return text if lang == "en" or not text else translations(lang).gettext(text)


@cache
def translations(lang: str):
    """gettext translations for `lang`, compiled in memory from its .po file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or (lang not in LANGUAGES and not po.exists()):
        return NullTranslations()
    if not po.is_file():  # never a Khmer edition with English labels
        from .errors import NcctError
        from .findings import message

        raise NcctError(message(N_("the translations for %(lang)s are missing from this installation (%(file)s); reinstall ncct-report."), lang=lang, file=po))
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)
