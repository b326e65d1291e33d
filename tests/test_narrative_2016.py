"""The narrative of data/2016 is the published report's text, each sentence given once.

Every English item (`en` of `items:`) of every 2016 submission must be found in the
published report (the English edition converted from PDF to text), and no text may be
given by two items, in one file or in two. The comparison normalises the source and
the items in the same documented ways only (docs/data-2016.md, "Narrative"):

1. Whitespace is ignored, line and page breaks included: a sentence or list entry that
   the source splits over lines, pages or table cells is one item ("Techo / - Hun Sen",
   "(2014- / 2016)", "Training of Trainer Workshop on / <p>Identification ...").
2. Bullet marks ("-", "o", "•", or several: "- o", "- -") at the start of a line of the
   source, and at the start of an item also numbering ("1.", "(2)", "a."), are not text.
3. Curly quotes and apostrophes are straight ones.
4. A trailing period, semicolon, colon or comma of the item is not text (list entries
   printed with ";" end with "." as items).
5. What the PDF conversion added is not text: HTML tags of table cells (<p>, <ul>, <i>),
   "**" bold marks, table rule lines ("-----|-----"), and the reviewers' comments left
   in the print ("Comment [SH1]: ..." and the "Ans. ..." line that answers it).

No other change is allowed: a spelling the source prints ("Ratanak Interantional",
"Head Office of Border Policy", "at the at higher education level") stays as printed.
The source text is kept in the repository (docs/sources/ncct-annual-report-2016.en.txt,
the text conversion of the published PDF); NCCT_SOURCE_2016 may name another copy.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from ncct_report.read import read_year
from ncct_report.reference import load_reference

DATA = Path(__file__).parent.parent / "data"
SOURCE = Path(os.environ.get("NCCT_SOURCE_2016", Path(__file__).parent.parent / "docs" / "sources" / "ncct-annual-report-2016.en.txt"))

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
TAG = re.compile(r"<[^>]+>")
RULE = re.compile(r"[-|\s]+")  # a table rule line of the conversion
LINE_MARK = re.compile(r"^(?:[-\u2022o]\s+)+")  # bullet marks at the start of a source line
ITEM_MARK = re.compile(r"^(?:[-\u2022o]\s+|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)+")  # ... of an item, numbering too
SPACE = re.compile(r"\s+")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Texts the report prints more than once, as separate lines, and how many times (an item
# may be given as many times as it is printed): "Has coordinated 3 times:" heads both the
# Ministry of Labour's and the police department's rows of Annex 2.
PRINTED_MORE_THAN_ONCE = {"Has coordinated 3 times:": 2}


def source_lines(text: str) -> list[str]:
    """The source's lines, without what the conversion added (rule 5) and without bullet
    marks at their start (rule 2), quotes straightened (rule 3)."""
    lines, in_comment = [], False
    for line in text.split("\n"):
        if line.startswith("Comment ["):
            in_comment = True
            continue
        if in_comment and line.strip().startswith("Ans."):
            continue
        in_comment = False
        if line.strip() and RULE.fullmatch(line):
            continue
        line = TAG.sub(" ", line).replace("**", "").translate(QUOTES).strip()
        lines.append(LINE_MARK.sub("", line))
    return lines


def squeeze(text: str) -> str:
    return SPACE.sub("", text)  # rule 1


def item_key(text: str) -> str:
    """An item's text as compared: rules 2, 3 and 4, then rule 1."""
    text = ITEM_MARK.sub("", " ".join(text.translate(QUOTES).split()))
    if text[-1:] in ".;:,":
        text = text[:-1]
    return squeeze(text)


@pytest.fixture(scope="module")
def items():
    reading = read_year(DATA, 2016, *load_reference(), earlier_years=0)
    return [(Path(sub.file).name, item) for sub in reading.submissions for item in sub.items if item.en]


@pytest.fixture(scope="module")
def source():
    if not SOURCE.is_file():
        pytest.skip(f"the published 2016 report (text) is not at {SOURCE}; set NCCT_SOURCE_2016")
    return squeeze("\n".join(source_lines(SOURCE.read_text(encoding="utf-8"))))


def test_every_item_is_text_of_the_published_report(items, source):
    missing = [f"{name}:{item.line} [{item.section}] {item.en[:90]}" for name, item in items if item_key(item.en) not in source]
    assert missing == []


def test_no_text_is_given_twice(items):
    """The same text in two items (one file or two) is a transcription given twice; so is
    a sentence (80 characters or more, whitespace aside) given on its own and again inside
    a longer item."""
    count = Counter(item_key(item.en) for _, item in items)
    allowed = {item_key(text): times for text, times in PRINTED_MORE_THAN_ONCE.items()}
    twice = sorted(f"{key[:80]} ({n} items)" for key, n in count.items() if n > allowed.get(key, 1))
    assert twice == []
    # short texts rightly occur inside longer ones ("Reports"; an organization listed among the
    # members of Cambodia ACTs and again among its partners, with its project)
    long = [key for key in count if len(key) >= 80]
    inside = sorted({f"{a[:60]} / in / {b[:60]}" for a in long for b in count if a != b and a in b})
    assert inside == []


def test_sentences_naming_several_bodies_are_one_item_with_the_others_in_with(items):
    """The sentences that the earlier transcription split into one invented item per body
    are each one item, in the file of the body credited, the others in `with`."""
    by_text = {item_key(item.en): (name, item) for name, item in items}

    def find(words: str):
        (hit,) = [v for k, v in by_text.items() if squeeze(words) in k]
        return hit

    name, item = find("The results of human trafficking and sexual exploitation crackdowns were received from 18 entities")
    assert name == "secretariat.yaml" and len(item.with_) == 18
    name, item = find("in 9 provinces (Banteay Meanchey, Battambang, Pursat")
    assert name == "secretariat.yaml" and len(item.with_) == 9
    name, item = find("have adjusted the composition of district, commune and Sangkat officials")
    assert name == "prov-19.yaml" and len(item.with_) == 5
    name, item = find("have patrolled 283 times on suspicion of sexual exploitation")
    assert name == "inst-police-ahtjp.yaml" and len(item.with_) == 9
    name, item = find("to 2,735 persons business owners in 524 places")
    assert name == "inst-police-ahtjp.yaml" and len(item.with_) == 9
    name, item = find("have broadcasted topics including Anti-Human Trafficking")
    assert name == "prov-02.yaml" and item.with_ == ["prov-03", "prov-16", "prov-17"]
    name, item = find("18 from Siem Reap, 16 from Kandal and 24 from Destiny Rescue organization")
    assert name == "secretariat.yaml" and set(item.with_) == {"prov-17", "prov-08", "ngo-destiny-rescue"}
    name, item = find("attended Seminar on Victim Identification and Sending Mechanism")
    assert name == "min-womens-affairs.yaml" and item.with_ == ["inst-commit"]
    name, item = find("joined a Training Workshop on Women and Leadership in Singapore")
    assert name == "secretariat.yaml" and item.with_ == ["min-education"]


def test_every_with_names_other_registered_bodies(items):
    registry = load_reference()[1]
    for name, item in items:
        assert all(c in registry for c in item.with_), (name, item.with_)
        assert name[: -len(".yaml")] not in item.with_ and len(set(item.with_)) == len(item.with_), (name, item.line)


# --- how much of the report's narrative is not reproduced as items --------------------
# A rough count (docs/data-2016.md, "Narrative"): the narrative parts of the source (the
# greeting, sections I to VI, Annexes 1, 2, 3 and 5; not the cover, the contents, Annex 4)
# are cut into units: every line, or every cell of a table row, cut at list marks (" - ",
# "•"), after a "." or ";" that ends a sentence, and after a bold label ("**Takeo
# Province**,"). A unit is text if it has at least three words of letters and more
# letters than digits. It is reproduced if it is inside an item (rules 1-5), or if an
# item makes up two thirds of it or more (the unit has a label the item leaves to the
# body's heading: "Notice: ...", "Ministry of Tourism held ..."); it is kept in a table's
# note if it is inside one (case aside). Otherwise it is counted: as a table cell (a cell
# of a table row: row labels, column headers, the Annex 2 provincial rows whose counts are
# the table's figures, the output indicators of Annex 5), as a heading (a line that does
# not end a sentence with "." or ";": section, list and table titles, graph captions,
# bold labels), or as a sentence.
UNIT_SPLIT = re.compile(r"\s[-\u2022]\s+(?=\S)|(?<=[.;])\s+(?=[A-Z(\"'])")
BOLD_LABEL = re.compile(r"^\*\*([^*]+)\*\*[:,]?\s*")


def narrative_units(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each unit: kind "cell" (of a table row), "label" or "line"."""
    lines = source_lines(text.replace("**", "\x00"))  # keep bold marks as \x00 for the labels
    plain = [line.replace("\x00", "") for line in lines]
    start = plain.index("GREETING MESSAGE")
    contents = plain.index("Contents")
    body = next(n for n, line in enumerate(plain) if line == "I. General Overview" and n > contents)
    annex4 = plain.index("ANNEX 4")
    annex5 = max(n for n, line in enumerate(plain) if line == "Annex 5")
    units = []
    for line in lines[start + 1:contents] + lines[body:annex4] + lines[annex5 + 1:]:
        cells = [c.strip() for c in line.replace("\x00", "**").split("\t") if c.strip()]
        kind = "cell" if len(cells) > 1 else "line"
        for cell in cells:
            cell = LINE_MARK.sub("", cell)
            label = BOLD_LABEL.match(cell)
            if label:
                units.append(("label", label.group(1)))
                cell = cell[label.end():]
            for unit in UNIT_SPLIT.split(cell.replace("**", "")):
                units.append((kind, unit.strip()))
    return [(k, u) for k, u in units
            if len(re.findall(r"[A-Za-z]{2,}", u)) >= 3 and sum(c.isalpha() for c in u) > sum(c.isdigit() for c in u)]


def notes_text() -> str:
    notes = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("note"), dict) and value["note"].get("en"):
                notes.append(value["note"]["en"])
            for v in value.values():
                walk(v)

    for path in sorted((DATA / "2016").glob("*.yaml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER).get("figures") or {})
    return squeeze(" | ".join(notes).translate(QUOTES)).casefold()


def not_reproduced(items) -> dict[str, list[str]]:
    keys = [squeeze(" ".join(item.en.translate(QUOTES).split())) for _, item in items]
    joined = "|".join(keys)
    notes = notes_text()
    found: dict[str, list[str]] = {"in items": [], "in table notes": [], "table cells": [], "headings": [], "sentences": []}
    for kind, unit in narrative_units(SOURCE.read_text(encoding="utf-8")):
        key = item_key(unit)
        if key in joined or any(len(k) * 3 >= len(key) * 2 and item_key(k) in key for k in keys):
            found["in items"].append(unit)
        elif key.casefold() in notes:
            found["in table notes"].append(unit)
        elif kind == "cell":
            found["table cells"].append(unit)
        elif kind == "label" or unit[-1] not in ".;":
            found["headings"].append(unit)
        else:
            found["sentences"].append(unit)
    return found


# The counts given in docs/data-2016.md ("Narrative"); update both together.
COVERAGE = {"in items": 710, "in table notes": 70, "table cells": 180, "headings": 85, "sentences": 0}


def test_the_narrative_not_reproduced_is_what_the_documentation_says(items, source):
    counts = {kind: len(units) for kind, units in not_reproduced(items).items()}
    assert counts == COVERAGE, "run `python tests/test_narrative_2016.py` to list them"


if __name__ == "__main__":  # print the units not reproduced, for the documentation
    reading = read_year(DATA, 2016, *load_reference(), earlier_years=0)
    all_items = [(Path(s.file).name, i) for s in reading.submissions for i in s.items if i.en]
    for kind, units in not_reproduced(all_items).items():
        print(f"== {kind}: {len(units)}")
        if kind != "in items":
            for unit in units:
                print("   ", unit[:160])
