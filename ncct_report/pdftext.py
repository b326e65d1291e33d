"""A searchable Khmer text layer in the PDF: a small extension of WeasyPrint.

WeasyPrint tells PDF readers what text a glyph stands for with one ToUnicode table per
font: one glyph, one piece of text. Khmer shaping reorders and shares glyphs (a vowel
drawn before its consonant, one glyph for a cluster in one word and part of another
in the next), so the table cannot be right for every word: pdftotext and copy-paste
give "ទិដ្ឋភា ទូ ទៅ" for ទិដ្ឋភាពទូទៅ (WeasyPrint issue 2841 reports the same for
Arabic). PDF has an answer for exactly this: marked content with /ActualText, the
text that a run of glyphs stands for, which readers, pdftotext and screen readers use
instead of the glyph table (PDF 32000-1, 14.9.4; PDF/UA asks for it).

`install()` wraps WeasyPrint's drawing of each line of text: a line holding Khmer is
drawn inside `/Span <</ActualText (its text)>> BDC ... EMC`, its text without the
U+200B the report adds between words for line breaking. Other lines are unchanged.
"""

from __future__ import annotations

import re

KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
_installed = False


def actual_text(text: str) -> str:
    """The text a line stands for: as written, without the inserted word breaks."""
    return text.replace("\u200b", "")


def install() -> None:
    """Draw every line of Khmer text with its ActualText (once per process)."""
    global _installed
    if _installed:
        return
    import pydyf
    import weasyprint.draw as draw

    original = draw.draw_text

    def draw_text(stream, textbox, *args, **kwargs):
        text = textbox.text
        if not KHMER.search(text) or not text.strip():
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual_text(text))}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
    _installed = True


KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")


def khmer_words(text: str) -> list[str]:
    """The Khmer words of a text, cut the same way whatever its spaces and line breaks."""
    import khmercut

    joined = re.sub(r"\s|\u200b", "", text)  # pdftotext may cut a line anywhere
    return [w for run in KHMER_RUN.findall(joined) for w in khmercut.tokenize(run) if w.strip()]


def words_of_html(page: str) -> list[str]:
    import html

    body = re.sub(r"(?s)<style.*?</style>|<head.*?</head>", "", page)
    return khmer_words(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def found_in_order(words: list[str], extracted: str) -> tuple[int, list[str]]:
    """How many of `words` appear in the extracted text in the same order (the matching
    blocks of the two word sequences), and some words that do not."""
    import difflib

    matcher = difflib.SequenceMatcher(None, words, khmer_words(extracted), autojunk=False)
    blocks = matcher.get_matching_blocks()
    matched = {i for block in blocks for i in range(block.a, block.a + block.size)}
    return sum(b.size for b in blocks), [w for i, w in enumerate(words) if i not in matched][:15]
