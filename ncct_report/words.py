"""The command line's words in the user's language: English, or Khmer (`ncct --lang km`,
or a Khmer LANG/LC_ALL), through the same gettext catalogs as the report."""

from __future__ import annotations

import os

from .i18n import N_, gettext_in

_current = {"lang": "en"}

# The frame of every help page (the command line library writes them in English).
HEADINGS = (N_("Usage: "), N_("Options"), N_("Arguments"), N_("Commands"), N_("Show this message and exit."))

# Counted nouns: "1 file", "2 files"; Khmer has one form ("ឯកសារ ២").
COUNTED = {
    "file": (N_("%(count)s file"), N_("%(count)s files")),
    "error": (N_("%(count)s error"), N_("%(count)s errors")),
    "warning": (N_("%(count)s warning"), N_("%(count)s warnings")),
    "code": (N_("%(count)s code"), N_("%(count)s codes")),
    "template": (N_("%(count)s template"), N_("%(count)s templates")),
    "workbook": (N_("%(count)s workbook"), N_("%(count)s workbooks")),
    "existing file": (N_("%(count)s existing file"), N_("%(count)s existing files")),
    "expected contributor": (N_("%(count)s expected contributor"), N_("%(count)s expected contributors")),
    "table": (N_("%(count)s table"), N_("%(count)s tables")),
    "observation": (N_("%(count)s observation"), N_("%(count)s observations")),
    "year": (N_("%(count)s year"), N_("%(count)s years")),
    "text": (N_("%(count)s text"), N_("%(count)s texts")),
    "translation": (N_("%(count)s translation"), N_("%(count)s translations")),
    "entry": (N_("%(count)s entry"), N_("%(count)s entries")),
    "narrative entry": (N_("%(count)s narrative entry"), N_("%(count)s narrative entries")),
    "row note": (N_("%(count)s note"), N_("%(count)s notes")),
}


def language_of(args: list[str], environ=os.environ) -> str:
    """The command line's language: `--lang km` before the command, else the locale of
    the environment (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else English."""
    for i, arg in enumerate(args):
        if arg in ("--lang", "--language") and i + 1 < len(args):
            return "km" if args[i + 1].lower().startswith("km") else "en"
        if arg.startswith(("--lang=", "--language=")):
            return "km" if arg.split("=", 1)[1].lower().startswith("km") else "en"
        if not arg.startswith("-"):
            break  # the command: options after it are its own (`build --lang` names editions)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(name, "")
        if value:
            return "km" if value.lower().startswith("km") else "en"
    return "en"


def set_language(lang: str) -> None:
    _current["lang"] = lang


def language() -> str:
    return _current["lang"]


def _(text: str) -> str:
    """`text` in the command line's language."""
    return gettext_in(_current["lang"], text)


def number(count: int) -> str:
    """A count as the language writes it: 1,250 or ១,២៥០."""
    text = f"{count:,}"
    if _current["lang"] == "km":
        from .khmer import khmer_digits

        return khmer_digits(text)
    return text


def counted(count: int, noun: str) -> str:
    """`count` and `noun`, in the plural unless the count is one: "1 file", "2 files"."""
    singular, plural = COUNTED[noun]
    if _current["lang"] == "en":
        template = singular if count == 1 else plural
    else:
        from .i18n import translations

        template = translations(_current["lang"]).ngettext(singular, plural, count)
    return template % {"count": number(count)}
