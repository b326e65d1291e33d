"""Khmer text helpers: Khmer digits, and word breaks so that lines can wrap.

Khmer is written without spaces between words; WeasyPrint (and some browsers) cannot
break such lines, so words found by khmercut are joined with ZERO WIDTH SPACE.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

ZWSP = "\u200b"
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")


def khmer_digits(text: str) -> str:
    """Replace Latin digits with Khmer digits (U+17E0..U+17E9)."""
    return text.translate(KHMER_DIGITS)


# Each distinct run of Khmer is segmented once: the print and the screen edition and
# the labels repeated in every table share it, and a build keeps what it found in the
# user's cache for the next build (segmenting takes about 0.25 ms a run: a second for
# the 2016 report, which the editor builds again and again).
_words: dict[str, str] = {}
_added = 0
WORDS_KEPT = 200_000  # runs kept in the cache file (2016's report has about 4,100)


def _segment_run(run: str) -> str:
    global _added
    words = _words.get(run)
    if words is None:
        import khmercut

        words = _words[run] = ZWSP.join(khmercut.tokenize(run))
        _added += 1
    return words


def _words_file() -> Path:
    from .cache import cache_dir, installed_version

    return cache_dir() / f"khmer-words-{installed_version('khmercut')}.json"


def load_words() -> None:
    """Start a build: the words found by earlier builds (if the cache can be read),
    nothing of an earlier build in this process."""
    global _added
    _words.clear()
    _added = 0
    if os.environ.get("NCCT_NO_CACHE"):
        return
    try:
        found = json.loads(_words_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(found, dict):
        _words.update((k, v) for k, v in found.items() if isinstance(k, str) and isinstance(v, str) and v.replace(ZWSP, "") == k)


def save_words() -> None:
    """End a build: keep what it segmented for the next one (a read-only home is fine)."""
    if not _added or os.environ.get("NCCT_NO_CACHE") or len(_words) > WORDS_KEPT:
        return
    from .output import write_atomically

    try:
        write_atomically(_words_file(), json.dumps(_words, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass


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
