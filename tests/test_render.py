"""Formatting in both languages, and the Khmer catalog covers every label."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from ncct_report.aggregate import Change
from ncct_report.khmer import ZWSP, break_words, khmer_digits
from ncct_report.render import Formatter

ROOT = Path(__file__).parent.parent


def test_numbers_use_khmer_digits_in_the_khmer_edition():
    assert Formatter("en").num(1661668) == "1,661,668"
    assert Formatter("km").num(1661668) == "១,៦៦១,៦៦៨"
    assert Formatter("km").pct(22.04) == "២២.០%"
    assert khmer_digits("2016") == "២០១៦"


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(["en", "km"]))
def test_whole_numbers_are_written_as_babel_writes_them(value, lang):
    assert Formatter(lang).num(value) == Formatter(lang).digits(format_decimal(value, locale=lang))


def test_year_over_year_sentences_in_both_languages():
    change = Change("persons", 2016, 30825, 2015, 25263)
    assert Formatter("en").change(change) == "30,825 against 25,263 in 2015: an increase of 5,562 (22.0%)"
    assert Formatter("km").change(change) == "៣០,៨២៥ ធៀបនឹង ២៥,២៦៣ ក្នុងឆ្នាំ២០១៥៖ កើនឡើង ៥,៥៦២ (២២.០%)"
    down = Change("cases", 2016, 92, 2015, 105)
    assert Formatter("en").change(down) == "92 against 105 in 2015: a decrease of 13 (12.4%)"
    same = Change("cases", 2016, 92, 2015, 92)
    assert Formatter("en").change(same) == "92, the same as in 2015"
    missing = Change("cases", 2016, 92, 2015, None)
    assert Formatter("en").change(missing) == "no figure for 2015 to compare with"


def test_sentences_say_what_was_compared():
    provinces = Change("participants", 2016, 200, 2015, 100, contributors_compared=21, contributors_kind="province")
    assert Formatter("en").change(provinces) == (
        "200 against 100 in 2015: an increase of 100 (100.0%) (on the 21 provinces that reported in both years)"
    )
    assert Formatter("km").change(provinces).endswith("(លើរាជធានី-ខេត្តចំនួន ២១ ដែលបានរាយការណ៍ក្នុងឆ្នាំទាំងពីរ)")
    one = Change("participants", 2016, 200, 2015, 100, contributors_compared=1)
    assert Formatter("en").change(one).endswith("(on the 1 contributor that reported in both years)")
    rows = Change("persons", 2016, 200, 2015, 100, rows_compared=11)
    assert Formatter("en").change(rows).endswith("(on the 11 rows given in both years)")
    withheld = Change("participants", 2016, None, 2015, None, withheld="contributors", overlap=2, of=23)
    assert Formatter("en").change(withheld) == "not compared with 2015: only 2 of 23 contributors gave this table in both years"
    assert withheld.difference is None and withheld.percent is None
    withheld_rows = Change("persons", 2016, None, 2015, None, withheld="rows", overlap=3, of=12)
    assert Formatter("km").change(withheld_rows) == "មិនបានប្រៀបធៀបនឹងឆ្នាំ២០១៥ ទេ៖ មានតែជួរដេក ៣ ក្នុងចំណោម ១២ ប៉ុណ្ណោះ ដែលមានក្នុងឆ្នាំទាំងពីរ"


def test_khmer_words_are_joined_with_zero_width_spaces():
    assert break_words("ក្រុមការងារបានចុះផ្សព្វផ្សាយ 12 people") == ZWSP.join(["ក្រុមការងារ", "បាន", "ចុះ", "ផ្សព្វផ្សាយ"]) + " 12 people"
    assert break_words("plain English") == "plain English"


def test_every_message_of_the_templates_has_its_khmer_translation():
    method_map = [("templates/**.j2", "jinja2"), ("ncct_report/**.py", "python")]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    wanted = {message[2] if isinstance(message[2], str) else message[2][0] for message in extract_from_dir(str(ROOT), method_map, options)}
    wanted = {m for m in wanted if m}
    from ncct_report.findings import kinds

    wanted |= {getattr(k, field).strip() for k in kinds().values() for field in ("title", "meaning", "fix")}
    with (ROOT / "locale" / "km" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="km")
    translated = {m.id[0] if m.pluralizable else m.id for m in catalog if m.id and all(m.string if m.pluralizable else [m.string]) and not m.fuzzy}
    assert sorted(wanted - translated) == [], "run `make messages` and translate the new entries"


def test_khmer_words_are_segmented_once_and_kept_for_the_next_build(tmp_path, monkeypatch):
    from ncct_report import khmer

    monkeypatch.setenv("NCCT_CACHE_DIR", str(tmp_path))
    text = "ការប្រយុទ្ធប្រឆាំងនឹងការជួញដូរមនុស្ស"
    khmer.load_words()
    first = break_words(text)
    assert khmer._added == 1 and break_words(text) == first and khmer._added == 1  # once
    khmer.save_words()
    khmer.load_words()
    assert khmer._words and break_words(text) == first and khmer._added == 0  # from the cache: the same text


def test_a_cache_file_can_move_line_breaks_but_never_change_the_text(tmp_path, monkeypatch):
    from ncct_report import khmer

    monkeypatch.setenv("NCCT_CACHE_DIR", str(tmp_path))
    khmer._words_file().write_text('{"ការជួញដូរ": "ការ\\u200bលួច", "x": 1}', encoding="utf-8")
    khmer.load_words()
    assert khmer._words == {}
    assert break_words("ការជួញដូរ").replace(ZWSP, "") == "ការជួញដូរ"
