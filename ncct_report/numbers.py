"""The one rule for counts, shared by the loader, the schema, the validator and the report.

A count is written with digits only (0-9, or Khmer ០-៩), read as a decimal number
(leading zeros allowed: "05" is 5), from 0 to COUNT_MAX. Anything else is a finding
that says what the contributor probably meant; nothing is ever converted silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .findings import Msg, message
from .i18n import N_

COUNT_MAX = 999_999_999  # more than fifty times Cambodia's population: larger is a typo
RULE = (
    "A count is written with digits only (0-9 or Khmer ០-៩), read as a decimal number "
    f"(leading zeros allowed: 05 is 5), from 0 to {COUNT_MAX:,}."
)
KHMER_DIGITS = "០១២៣៤៥៦៧៨៩"
_TO_ASCII = str.maketrans(KHMER_DIGITS, "0123456789")
_DIGITS = re.compile(r"[0-9០-៩]+")
MAX_DIGITS = 30  # longer digit strings are not even converted (a pasted hash, not a count)
_NUMBERISH = re.compile(r"\s*[-+]?[0-9០-៩\s,.'’]*[0-9០-៩][0-9០-៩\s,.'’eE+-]*%?\s*")
_GROUPED = re.compile(r"[0-9០-៩]{1,3}(?:([,.  '’])[0-9០-៩]{3})(?:\1[0-9០-៩]{3})*")


def parse_digits(text: str) -> int | None:
    """The decimal value of a string of ASCII or Khmer digits; None for anything else."""
    if not _DIGITS.fullmatch(text) or len(text) > MAX_DIGITS:
        return None
    return int(text.translate(_TO_ASCII), 10)


def _decimal_digits(text: str) -> str | None:
    """`text` with any script's decimal digits as ASCII, if it holds nothing else."""
    out = []
    for char in text:
        value = unicodedata.decimal(char, None)
        if value is None:
            return None
        out.append(str(value))
    return "".join(out) or None


def probable_count(value: Any) -> int | None:
    """The count the writer probably meant by `value`, if one is plain to see."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value <= COUNT_MAX else None
    if isinstance(value, int):
        return None
    if not isinstance(value, str):
        return None
    text = value.strip().strip("+")
    if _GROUPED.fullmatch(text):  # 1,234 / 1.234 / 1 234: thousands separators
        text = re.sub(r"[,.  '’]", "", text)
    if text.endswith((".0", ",0")):
        text = text[:-2]
    digits = _decimal_digits(text) if text and len(text) <= MAX_DIGITS else None
    if digits is None:
        return None
    number = int(digits)
    return number if number <= COUNT_MAX else None


@dataclass(frozen=True)
class CountProblem:
    """Why a value is not a count: a finding code and a message."""

    code: str
    message: Msg


def count_problem(value: Any) -> CountProblem | None:
    """None if `value` (as loaded) is a count or empty; else what is wrong with it."""
    if value is None or (type(value) is int and 0 <= value <= COUNT_MAX):
        return None
    if type(value) is int:
        if value < 0:
            return CountProblem("NCCT104", message(N_("%(value)s is negative."), value=value))
        return CountProblem("NCCT114", message(N_("%(value)s is larger than %(largest)s, the largest count accepted."), value=value, largest=COUNT_MAX))
    if isinstance(value, str) and _DIGITS.fullmatch(value):  # digits too many to be read at all
        return CountProblem("NCCT114", message(N_("a number of %(count)s digits is larger than %(largest)s, the largest count accepted."), count=len(value), largest=COUNT_MAX))
    guess = probable_count(value)
    meant = message(N_("; if you meant %(number)s, write %(digits)s"), number=guess, digits=str(guess)) if guess is not None else ""
    if isinstance(value, float):
        return CountProblem("NCCT105", message(N_("'%(value)s' is not a whole number%(meant)s."), value=_shown(value), meant=meant))
    if isinstance(value, str) and (guess is not None or _NUMBERISH.fullmatch(value)):
        return CountProblem("NCCT105", message(N_("'%(value)s' is not a count written with digits only%(meant)s."), value=value, meant=meant))
    return CountProblem("NCCT103", message(N_("expected a whole number, found %(found)s%(meant)s."), found=describe(value), meant=meant))


def _shown(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def describe(value: Any) -> Msg:
    """A value as a message names it."""
    if value is None:
        return message(N_("nothing"))
    if isinstance(value, bool):
        return message(N_("'%(value)s' (true/false)"), value=str(value).lower())
    if isinstance(value, dict):
        return message(N_("a block of fields"))
    if isinstance(value, list):
        return message(N_("a list"))
    if isinstance(value, str):
        return message(N_("the text '%(value)s'"), value=value) if len(value) < 40 else message(N_("a text"))
    return message("'%(value)s'", value=str(value))
