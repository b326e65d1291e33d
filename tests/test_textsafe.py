"""Control characters never reach a terminal or a report; invisible and look-alike
characters in names are named."""

from __future__ import annotations

import json

import pytest

from ncct_report.build import build
from ncct_report.textsafe import printable, unusual_characters
from ncct_report.validate import validate_paths

from .conftest import run, write

HEAD = "contributor: prov-02\nyear: 2016\n"


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\e", "U+001B ESCAPE (ESC)"), ("\\0", "U+0000 NULL (NUL)"), ("\\a", "U+0007 BELL (BEL)"),
     ("\\x7f", "U+007F DELETE (DEL)"), ("\\N", "U+0085 NEXT LINE (NEL)"), ("\\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE")],
)
def test_control_characters_in_text_are_an_error_at_their_line(year_dir, escape, name):
    path = write(year_dir, "prov-02.yaml", HEAD + f'items:\n  - section: B.4\n    en: "Posted two signs{escape} on child labour."\n')
    result = validate_paths([path])
    assert [(f.code, f.line, f.message) for f in result.findings.items] == [
        ("NCCT118", 5, f"items > 0 > en: the text holds an invisible control character: {name}."),
    ]


def test_control_characters_typed_in_the_file_are_located_by_line(year_dir):
    path = write(year_dir, "prov-02.yaml", HEAD.encode() + b"items:\n  - section: B.4\n    en: Posted\x07 two\x00 signs.\n")
    result = validate_paths([path])
    assert [(f.code, f.line, f.column) for f in result.findings.items] == [("NCCT118", 5, 15)]
    assert result.findings.items[0].message == "Line 5, column 15 has an invisible control character: U+0007 BELL (BEL), U+0000 NULL (NUL)."


def test_the_terminal_never_receives_an_escape_sequence(year_dir):
    path = write(year_dir, "prov-02.yaml", 'contributor: "prov-02\\e[31mRED"\nyear: 2016\n')
    human = run("validate", path)
    assert "\x1b" not in human.stdout and "'prov-02\\x1b[31mRED' is not a registered contributor" in human.stdout
    machine = run("validate", "--format", "json", path)
    assert "\x1b" not in machine.stdout and "\\u001b" not in machine.stdout
    assert [(f["code"], f["message"].split(" ")[0]) for f in json.loads(machine.stdout)["errors"]] == [
        ("NCCT107", "'prov-02\\x1b[31mRED'"), ("NCCT118", "contributor:"),
    ]


def test_the_report_never_carries_a_control_character(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", HEAD + "figures:\n  prevention.dissemination_workshops: {events: 3}\n")
    write(data / "2015", "prov-02.yaml", 'contributor: prov-02\nyear: 2015\nfigures:\n  migration.monthly_migrants: {rows: {"Jan\\e[2J": {persons: 1}}}\n')
    build(2016, data, tmp_path / "out", formats=("html",))
    for lang in ("en", "km"):
        html = (tmp_path / "out" / "2016" / f"ncct-report-2016.{lang}.html").read_text(encoding="utf-8")
        assert "\x1b" not in html and "Jan\\x1b[2J" in html  # the earlier year's problem is shown, escaped


def test_printable_keeps_khmer_and_word_breaks():
    text = "ក្រុមការងារ\u200bបាន ចុះ\tfine\n"
    assert printable(text) == text
    assert printable("a\x1b[31mb\u202ec") == "a\\x1b[31mb\\u202ec"


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("prov-02", []),
        ("prov\u200b-02", ["U+200B ZERO WIDTH SPACE (invisible)"]),
        ("рrov-02", ["U+0440 CYRILLIC SMALL LETTER ER (looks like 'p')"]),
        ("prov\u201102", ["U+2011 NON-BREAKING HYPHEN (looks like '-')"]),
        ("ｐrov-02", ["U+FF50 FULLWIDTH LATIN SMALL LETTER P (looks like 'p')"]),
        ("prov-02\u202e", ["U+202E RIGHT-TO-LEFT OVERRIDE (invisible)"]),
        ("កំពង់ចាម", []),  # Khmer names are names
    ],
)
def test_unusual_characters_are_named(name, found):
    assert unusual_characters(name) == found


def test_an_unknown_id_says_which_character_is_wrong(year_dir):
    path = write(year_dir, "prov-02.yaml", "contributor: prov\u200b-02\nyear: 2016\n")
    [finding] = validate_paths([path]).findings.items
    assert finding.code == "NCCT107"
    assert finding.message.endswith("It contains U+200B ZERO WIDTH SPACE (invisible): type the name again with plain letters.")
