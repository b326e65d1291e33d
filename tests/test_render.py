"""Formatting in both languages, and the Khmer catalog covers every label."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ncct_report.aggregate import Change
from ncct_report.khmer import ZWSP, break_words, khmer_digits
from ncct_report.render import Formatter

ROOT = Path(__file__).parent.parent


def test_numbers_use_khmer_digits_in_the_khmer_edition():
    assert Formatter("en").num(1661668) == "1,661,668"
    assert Formatter("km").num(1661668) == "១,៦៦១,៦៦៨"
    assert Formatter("km").pct(22.04) == "២២.០%"
    assert khmer_digits("2016") == "២០១៦"


def test_year_over_year_sentences_in_both_languages():
    change = Change("persons", 2016, 30825, 2015, 25263)
    assert Formatter("en").change(change) == "an increase of 5,562 (22.0%) compared with 2015"
    assert Formatter("km").change(change) == "កើនឡើង ៥,៥៦២ (២២.០%) បើធៀបនឹងឆ្នាំ២០១៥"
    down = Change("cases", 2016, 92, 2015, 105)
    assert Formatter("en").change(down) == "a decrease of 13 (12.4%) compared with 2015"
    missing = Change("cases", 2016, 92, 2015, None)
    assert Formatter("en").change(missing) == "no figure for 2015 to compare with"


def test_khmer_words_are_joined_with_zero_width_spaces():
    assert break_words("ក្រុមការងារបានចុះផ្សព្វផ្សាយ 12 people") == ZWSP.join(["ក្រុមការងារ", "បាន", "ចុះ", "ផ្សព្វផ្សាយ"]) + " 12 people"
    assert break_words("plain English") == "plain English"


def test_every_message_of_the_templates_has_its_khmer_translation():
    method_map = [("templates/**.j2", "jinja2"), ("ncct_report/**.py", "python")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    wanted = {message[2] if isinstance(message[2], str) else message[2][0] for message in extract_from_dir(str(ROOT), method_map, options)}
    wanted = {m for m in wanted if m}
    with (ROOT / "locale" / "km" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="km")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(wanted - translated) == [], "run `make messages` and translate the new entries"
