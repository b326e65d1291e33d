"""The count rule: one reading of a number in the loader, the schema, the validator and
the report; anything else is a finding that names the number probably meant."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncct_report.build import build
from ncct_report.numbers import COUNT_MAX, RULE, count_problem, probable_count
from ncct_report.schema import current_schema
from ncct_report.validate import validate_paths

from .conftest import run, write

HEAD = "contributor: prov-02\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {participants: %s}\n"


@pytest.mark.parametrize(
    ("written", "code", "message"),
    [
        ("'1,234'", "NCCT105", "'1,234' is not a count written with digits only; if you meant 1,234, write 1234."),
        ("1.234", "NCCT105", "'1.234' is not a count written with digits only; if you meant 1,234, write 1234."),
        ("1 234", "NCCT105", "'1 234' is not a count written with digits only; if you meant 1,234, write 1234."),
        ("12.0", "NCCT105", "'12.0' is not a count written with digits only; if you meant 12, write 12."),
        ("12.5", "NCCT105", "'12.5' is not a count written with digits only."),
        ("'٤٥'", "NCCT105", "'٤٥' is not a count written with digits only; if you meant 45, write 45."),
        ("0x1F", "NCCT103", "expected a whole number, found the text '0x1F'."),
        ("1:20", "NCCT103", "expected a whole number, found the text '1:20'."),
        ("twelve", "NCCT103", "expected a whole number, found the text 'twelve'."),
        ("yes", "NCCT103", "expected a whole number, found the text 'yes'."),
        ("true", "NCCT103", "expected a whole number, found 'true' (true/false)."),
        (".nan", "NCCT103", "expected a whole number, found the text '.nan'."),
        ("2017-01-20", "NCCT105", "'2017-01-20' is not a count written with digits only."),
        ("-3", "NCCT104", "-3 is negative."),
        ("9" * 400, "NCCT114", "a number of 400 digits is larger than 999,999,999, the largest count accepted."),
        ("1000000000", "NCCT114", "1,000,000,000 is larger than 999,999,999, the largest count accepted."),
        ("!!int twelve", "NCCT113", "'twelve' is marked !!int but is not a whole number written with digits."),
    ],
)
def test_what_is_not_a_count_is_one_finding_at_its_line(year_dir, written, code, message):
    path = write(year_dir, "prov-02.yaml", HEAD % written)
    result = validate_paths([path])
    assert [(f.code, f.line) for f in result.findings.items] == [(code, 4)]
    assert result.findings.items[0].message == "figures > prevention.dissemination_workshops > participants: " + message


@pytest.mark.parametrize(("written", "value"), [("010", 10), ("08", 8), ("00", 0), ("៤៥១", 451), ("០៥", 5), (str(COUNT_MAX), COUNT_MAX)])
def test_counts_are_decimal_and_build_renders_what_validate_read(tmp_path, written, value):
    """`persons: 010` used to be read as 8 (YAML 1.1 octal) and printed; `08` was refused."""
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", HEAD % written)
    result = validate_paths([data / "2016"])
    assert result.ok and result.submissions[0].figures["prevention.dissemination_workshops"].rows[None] == {"participants": value}
    built = build(2016, data, tmp_path / "out", langs=("en",), formats=("json", "html"))
    model = json.loads((tmp_path / "out" / "2016" / "ncct-report-2016.json").read_text(encoding="utf-8"))
    cells = [r["cells"]["participants"]["value"] for s in _walk(model["sections"]) for t in s["tables"]
             if t["indicator"] == "prevention.dissemination_workshops" for r in t["rows"] if r["key"] == "prov-02"]
    assert cells == [value] and built.ok
    html = (tmp_path / "out" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    assert f">{value:,}<" in html


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section["children"])


def test_the_schema_says_the_same_rule():
    count = current_schema()["$defs"]["count"]
    assert count == {"type": ["integer", "null"], "minimum": 0, "maximum": COUNT_MAX, "description": RULE}


@pytest.mark.parametrize(("value", "meant"), [("1,234", 1234), ("1.234.567", 1234567), ("+5", 5), (" 42 ", 42), ("12.0", 12),
                                              ("១,២៣៤", 1234), ("12.5", None), ("1,23", None), ("abc", None), (True, None), (3.0, 3)])
def test_the_number_probably_meant(value, meant):
    assert probable_count(value) == meant


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.integers(min_value=-10, max_value=10**12),
    st.text(alphabet="0123456789០១២៣៤៥៦៧៨៩,. -+:xoe", min_size=1, max_size=14),
))
def test_validate_and_build_agree_on_every_value(tmp_path_factory, value):
    """Whatever validate accepts, the build renders exactly; what it refuses stops the build."""
    written = str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False) if value.strip() != value or not value else value
    data = tmp_path_factory.mktemp("d") / "data"
    write(data / "2016", "prov-02.yaml", HEAD % written)
    result = validate_paths([data / "2016"])
    built = build(2016, data, data.parent / "out", langs=("en",), formats=("json",))
    assert built.ok == result.ok
    if not result.ok:
        assert not (data.parent / "out").exists()
        return
    read = result.submissions[0].figures["prevention.dissemination_workshops"].rows[None].get("participants")
    model = json.loads((data.parent / "out" / "2016" / "ncct-report-2016.json").read_text(encoding="utf-8"))
    cells = [r["cells"]["participants"]["value"] for s in _walk(model["sections"]) for t in s["tables"]
             if t["indicator"] == "prevention.dissemination_workshops" for r in t["rows"] if r["key"] == "prov-02"]
    assert cells == [read]
    assert read is None or (isinstance(read, int) and 0 <= read <= COUNT_MAX)


def test_count_problem_is_none_for_counts_and_empty():
    assert count_problem(0) is None and count_problem(None) is None and count_problem(COUNT_MAX) is None
    assert count_problem(False).code == "NCCT103"


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        (("validate", "{folder}"), "submitted: 2017-02-30\n"),
        (("validate", "{folder}"), "submitted: 2017-13-01\n"),
        (("status", "2017", "--data", "{data}"), "submitted: 2017-02-30\n"),
        (("translations", "export", "2017", "--data", "{data}", "--out", "{tmp}/t.po"), "submitted: 2017-02-30\n"),
        (("build", "2017", "--data", "{data}", "--out", "{tmp}/out", "--format", "json"), "submitted: 2017-02-30\n"),
        (("validate", "{folder}"), "figures:\n  prevention.public_forums: {events: !!int twelve}\n"),
        (("build", "2017", "--data", "{data}", "--out", "{tmp}/out", "--format", "json"), "figures:\n  prevention.public_forums: {events: %s}\n" % ("9" * 400)),
        (("status", "2017", "--data", "{data}"), "figures:\n  prevention.public_forums: {events: !!float x, participants: !!bool maybe}\n"),
    ],
)
def test_impossible_values_never_give_a_traceback(tmp_path, args, bad):
    data = tmp_path / "data"
    write(data / "2017", "prov-02.yaml", "contributor: prov-02\nyear: 2017\n" + bad)
    result = run(*[a.format(folder=data / "2017", data=data, tmp=tmp_path) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    if args[0] in ("validate", "build", "status"):
        assert result.exit_code == 1
        assert "prov-02.yaml" in result.stdout + result.stderr
