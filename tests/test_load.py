"""The safe loader: every kind of bad input gives one clear finding, never a traceback."""

from __future__ import annotations

import pytest

from ncct_report.findings import Findings
from ncct_report.load import MAX_BYTES, load_bytes, load_file


def load(raw: bytes):
    findings = Findings()
    doc = load_bytes(raw, "f.yaml", findings)
    return doc, [(f.code, f.line, f.severity) for f in findings.items], findings


def test_values_keep_their_lines():
    doc, found, _ = load(b"a: 1\nb:\n  - x: 2\n    y: [1, 2]\n  - 2017-01-02\n'01': k\n")
    assert found == []
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [1, 2]}, "2017-01-02"], "01": "k"}
    assert doc.line_of(("b", 0, "y")) == 4
    assert doc.line_of(("b", 1)) == 5
    assert doc.line_of(("b", 0, "y", 7)) == 4  # unknown child: nearest parent


def test_mapping_keys_stay_as_written():
    doc, found, _ = load(b"01: a\n1.0: b\ntrue: c\n")
    assert found == []
    assert list(doc.data) == ["01", "1.0", "true"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", [("NCCT006", 1, "error")]),
        (b"   \n\n", [("NCCT006", 1, "error")]),
        (b"# only a comment\n", [("NCCT006", 1, "error")]),
        (b"PK\x03\x04\x00\x00binary", [("NCCT001", None, "error")]),
        ("a: 1\n".encode("utf-16"), [("NCCT001", None, "error")]),
        (b"a: 1\nb: caf\xe9\n", [("NCCT002", 2, "error")]),
        (b"a: 1\nb: [1, 2\n", [("NCCT003", 3, "error")]),
        (b"a: 1\n\tb: 2\n\tc: 3\n", [("NCCT004", 2, "error"), ("NCCT004", 3, "error")]),
        (b"a: 1\nb: 2\na: 3\n", [("NCCT010", 3, "error")]),
        (b"a:\n  x: 1\n  x: 1\n", [("NCCT010", 3, "error")]),
        (b"a: 1\n---\nb: 2\n", [("NCCT003", 2, "error")]),
        (b"a: *nothing\n", [("NCCT003", 1, "error")]),
        (b"[" * 40 + b"1" + b"]" * 40, [("NCCT009", 1, "error")]),
        (b"[" * 100_000, [("NCCT009", 1, "error")]),
    ],
    ids=[
        "empty", "blank", "comment-only", "binary", "utf16", "latin1", "syntax", "tabs",
        "duplicate-key", "duplicate-nested-key", "two-documents", "unknown-alias",
        "deep", "very-deep",
    ],
)
def test_bad_input_gives_one_clear_finding(raw, expected):
    doc, found, _ = load(raw)
    assert doc is None
    assert found == expected


def test_bom_is_a_warning_and_the_file_is_read():
    doc, found, _ = load(b"\xef\xbb\xbfa: 1\n")
    assert doc.data == {"a": 1}
    assert found == [("NCCT005", 1, "warning")]


def test_alias_bomb_is_refused_without_expanding():
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    doc, found, _ = load("\n".join(lines).encode())
    assert doc is None
    assert found == [("NCCT008", 6, "error")]


def test_small_aliases_are_allowed():
    doc, found, _ = load(b"a: &x {events: 1}\nb: *x\n")
    assert found == []
    assert doc.data == {"a": {"events": 1}, "b": {"events": 1}}


def test_duplicate_key_message_names_both_lines():
    _, _, findings = load(b"figures:\n  x: {events: 1}\n  x: {events: 2}\n")
    assert findings.items[0].message == (
        "The key 'x' appears twice in the same block (first on line 2); "
        "YAML would silently keep only the last one."
    )


def test_too_large_file_is_not_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    findings = Findings()
    assert load_file(path, "big.yaml", findings) is None
    assert [(f.code, f.line) for f in findings.items] == [("NCCT007", None)]


def test_html_in_text_is_kept_as_plain_text():
    doc, found, _ = load(b"en: \"<script>alert('x')</script> &amp; <b>bold</b>\"\n")
    assert found == []
    assert doc.data["en"] == "<script>alert('x')</script> &amp; <b>bold</b>"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010", 10),  # YAML 1.1 would read 8 (octal)
        ("08", 8),  # YAML 1.1 refuses it
        ("05", 5),
        ("00", 0),
        ("៤៥១", 451),  # Khmer digits
        ("០៥", 5),
        ("-3", -3),  # negative: read, and refused by the count rule
        ("1:20", "1:20"),  # YAML 1.1 would read 80 (sexagesimal)
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("12.5", "12.5"),
        ("1.234", "1.234"),
        ("1e3", "1e3"),
        (".nan", ".nan"),
        (".inf", ".inf"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("2017-02-30", "2017-02-30"),  # a date is text: the structure check reads it
        ("2017-01-20", "2017-01-20"),
        ("'12'", "12"),
        ("9" * 31, "9" * 31),  # too long to be a number at all
    ],
)
def test_plain_values_follow_the_count_rule_not_yaml_1_1(text, value):
    doc, found, _ = load(f"a: {text}\n".encode())
    assert found == []
    assert doc.data["a"] == value
    assert type(doc.data["a"]) is type(value)


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        ("!!int twelve", "twelve", "a: 'twelve' is marked !!int but is not a whole number written with digits."),
        ("!!float x", "x", "a: 'x' is marked !!float but is not a number."),
        ("!!bool maybe", "maybe", "a: 'maybe' is marked !!bool but is neither true nor false."),
        ("!!timestamp junk", "junk", "a: 'junk' is marked !!timestamp but is not a date written YYYY-MM-DD."),
        ("!!timestamp 2017-02-30", "2017-02-30", "a: '2017-02-30' is marked !!timestamp but is not a date written YYYY-MM-DD."),
        ("!!null x", "x", "a: 'x' is marked !!null but is not empty."),
        ("!!python/object:os.system x", "x", "a: the tag !!python/object:os.system is not supported here; remove it."),
        ("!custom 5", "5", "a: the tag !custom is not supported here; remove it."),
    ],
)
def test_a_tag_that_does_not_fit_its_text_is_a_finding_at_its_line(text, value, message):
    doc, found, findings = load(f"b: 1\na: {text}\n".encode())
    assert found == [("NCCT113", 2, "error")]
    assert findings.items[0].message == message
    assert doc.data["a"] == value  # kept as written, never read as a number


@pytest.mark.parametrize(("text", "value"), [("!!int 12", 12), ("!!int 012", 12), ("!!str 12", "12"), ("!!bool true", True), ("!!null ''", None)])
def test_tags_that_fit_their_text_are_read(text, value):
    doc, found, _ = load(f"a: {text}\n".encode())
    assert found == []
    assert doc.data["a"] == value
