"""Text that is safe to show, and names for characters a reader cannot see.

Control characters (ESC, NUL, BEL, DEL, NEL ...) and bidirectional overrides never
reach a terminal or a report: `printable` shows them as escapes. `unusual_characters`
names the invisible and look-alike characters of a name (a zero-width space inside
`prov-02`, a Cyrillic р for a Latin p), so a message can say which one is wrong.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab and line feed, DEL, and the bidirectional controls
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # in a value: CR is a line end


def printable(text: str) -> str:
    """`text` with every control character shown as an escape such as \\x1b."""
    if text.isprintable() or not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


C1_NAMES = {0x85: "NEXT LINE (NEL)", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def char_name(char: str) -> str:
    """"U+001B ESCAPE (ESC)": the code point and the name a reader can look up."""
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        from curses.ascii import controlnames

        short = "DEL" if code == 0x7F else controlnames[code]
        long = {"NUL": "NULL", "BEL": "BELL", "ESC": "ESCAPE", "DEL": "DELETE", "BS": "BACKSPACE", "VT": "VERTICAL TAB", "FF": "FORM FEED", "CR": "CARRIAGE RETURN"}.get(short, "CONTROL")
        return f"U+{code:04X} {long} ({short})"
    if 0x80 <= code <= 0x9F:
        return f"U+{code:04X} {C1_NAMES.get(code, 'C1 CONTROL')}"
    return f"U+{code:04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def control_characters(text: str) -> list[str]:
    """The names of the control characters in a text value (none is ever wanted)."""
    return list(dict.fromkeys(char_name(c) for c in CONTROL.findall(text)))


def _looks_like(char: str) -> str | None:
    folded = unicodedata.normalize("NFKC", char)
    if folded.isascii() and folded.isprintable() and folded.strip():
        return folded
    if unicodedata.category(char) == "Pd":
        return "-"
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin", "common"]) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            if glyph["c"].isascii():
                return glyph["c"]
    return None


def unusual_characters(name: str) -> list[str]:
    """Invisible characters and non-ASCII look-alikes in a name that should be plain:
    ["U+200B ZERO WIDTH SPACE (invisible)", "U+0440 CYRILLIC SMALL LETTER ER (looks like 'p')"]."""
    if name.isascii() and name.isprintable():
        return []
    out = []
    for char in dict.fromkeys(name):
        if char.isascii() and char.isprintable():
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Cc", "Zs", "Zl", "Zp") or CONTROL.match(char):
            out.append(f"{char_name(char)} (invisible)")
            continue
        if category.startswith("M") or "KHMER" in unicodedata.name(char, ""):
            continue  # a Khmer name is a name, not a look-alike
        like = _looks_like(char)
        out.append(f"{char_name(char)}" + (f" (looks like '{like}')" if like else ""))
    return out


def unusual_note(name: str):
    """A sentence for a message about an unknown name, or "" if its characters are plain."""
    from .findings import message
    from .i18n import N_

    found = unusual_characters(name)
    if not found:
        return ""
    return message(N_(" It contains %(characters)s: type the name again with plain letters."), characters=", ".join(found))
