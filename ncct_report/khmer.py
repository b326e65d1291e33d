"""Khmer text helpers: Khmer digits, and word breaks so that lines can wrap.

Khmer is written without spaces between words; WeasyPrint (and some browsers) cannot
break such lines, so words found by khmercut are joined with ZERO WIDTH SPACE.
"""

from __future__ import annotations

import re
from functools import lru_cache

ZWSP = "\u200b"
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")


def khmer_digits(text: str) -> str:
    """Replace Latin digits with Khmer digits (U+17E0..U+17E9)."""
    return text.translate(KHMER_DIGITS)


@lru_cache(maxsize=4096)
def _segment_run(run: str) -> str:
    import khmercut

    return ZWSP.join(khmercut.tokenize(run))


def break_words(text: str) -> str:
    """Insert U+200B between the Khmer words of `text` (other text is unchanged)."""
    if not text or not KHMER_RUN.search(text):
        return text
    return KHMER_RUN.sub(lambda m: _segment_run(m.group(0)), text)


# Where a Khmer syllable surely starts: a consonant followed by a vowel sign or by a
# subscript (COENG U+17D2), or an independent vowel, not itself a subscript. (A bare
# consonant may be the end of the syllable before it: no break there.)
SYLLABLE_START = re.compile(r"(?<=[\u1780-\u17dd])(?<!\u17d2)(?=[\u1780-\u17a2][\u17b6-\u17c5\u17d2]|[\u17a3-\u17b3])")


def break_syllables(text: str) -> str:
    """`text` with words broken (as break_words) and a further U+200B between the
    syllables of each Khmer word, for narrow table headers: a long word may then wrap
    between two syllables, never inside a cluster."""
    return SYLLABLE_START.sub(ZWSP, break_words(text))
