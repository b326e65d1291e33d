"""`ncct build` on small real files: outputs, sentences, escaping, failure safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ncct_report.build import build
from ncct_report.errors import NcctError

from .conftest import FIXTURES, run, write

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for name in ("prov-02.yaml", "prov-07.yaml"):
        write(root / "2016", name, (FIXTURES / "good" / "2016" / name).read_text(encoding="utf-8"))
    write(root / "2015", "prov-02.yaml", "contributor: prov-02\nyear: 2015\npartial: true\nfigures:\n"
          "  prevention.dissemination_workshops: {events: 2000, participants: 200000, female: 100000}\n")
    write(root / "2015", "prov-07.yaml", "contributor: prov-07\nyear: 2015\npartial: true\nfigures:\n"
          "  prevention.dissemination_workshops: {events: 20, participants: 1500, female: 900}\n")
    write(root / "2016", "prov-03.yaml", "contributor: prov-03\nyear: 2016\nitems:\n"
          f"  - section: B.4\n    en: \"{HOSTILE}\"\n    km: \"{HOSTILE}\"\n")
    return root


def test_build_writes_both_editions_and_the_json(data, tmp_path):
    out = tmp_path / "build"
    result = build(2016, data, out, formats=("html", "json"))
    assert result.ok
    assert sorted(p.path.name for p in result.outputs) == [
        "ncct-report-2016.en.html", "ncct-report-2016.json", "ncct-report-2016.km.html",
    ]
    model = json.loads((out / "2016" / "ncct-report-2016.json").read_text(encoding="utf-8"))
    table = next(t for s in _walk(model["sections"]) for t in s["tables"] if t["indicator"] == "prevention.dissemination_workshops")
    assert table["total"]["participants"]["value"] == 234122 + 1901
    assert [r["key"] for r in table["rows"] if not r["no_report"]] == ["prov-02", "prov-07"]
    assert len([r for r in table["rows"] if r["no_report"]]) == 23  # the B.2 table lists every province
    change = next(c for c in table["changes"] if c["measure"] == "participants")
    assert (change["previous"], change["difference"], change["percent"]) == (201500, 34523, 17.13)


def test_year_over_year_sentence_and_khmer_digits(data, tmp_path):
    build(2016, data, tmp_path / "b", formats=("html",))
    en = (tmp_path / "b" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    km = (tmp_path / "b" / "2016" / "ncct-report-2016.km.html").read_text(encoding="utf-8")
    assert "236,023 against 201,500 in 2015: an increase of 34,523 (17.1%)" in en
    assert "២៣៦,០២៣ ធៀបនឹង ២០១,៥០០ ក្នុងឆ្នាំ២០១៥៖ កើនឡើង ៣៤,៥២៣ (១៧.១%)" in km
    assert 'lang="km"' in km and "ncct-report-2016.en.html" in km


def test_text_from_a_submission_is_escaped(data, tmp_path):
    build(2016, data, tmp_path / "b", formats=("html",))
    for lang in ("en", "km"):
        html = (tmp_path / "b" / "2016" / f"ncct-report-2016.{lang}.html").read_text(encoding="utf-8")
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert "<script" not in html


def test_a_failing_build_leaves_earlier_outputs_untouched(data, tmp_path):
    out = tmp_path / "b"
    build(2016, data, out, formats=("html", "json"))
    before = {p.name: p.read_bytes() for p in (out / "2016").iterdir()}
    write(data / "2016", "prov-07.yaml", "contributor: prov-07\nyear: 2016\nfigures:\n  prevention.public_forums: {events: -1}\n")
    result = run("build", "2016", "--data", data, "--out", out, "--format", "html,json")
    assert result.exit_code == 1
    assert "NCCT104" in result.stderr and "The 2016 report was not built" in result.stderr  # errors on stderr
    assert "NCCT104" not in result.stdout
    assert {p.name: p.read_bytes() for p in (out / "2016").iterdir()} == before


def test_a_year_without_data_says_how_to_start(tmp_path):
    with pytest.raises(NcctError, match=r"ncct init 2017"):
        build(2017, tmp_path, tmp_path / "b")
    result = run("build", "2017", "--data", tmp_path, "--out", tmp_path / "b")
    assert result.exit_code == 1
    assert "Start the year with `ncct init 2017`" in result.stderr and result.stdout == ""


def test_bad_options_are_usage_errors(data):
    assert run("build", "2016", "--data", data, "--lang", "fr").exit_code == 2
    assert run("build", "2016", "--data", data, "--format", "docx").exit_code == 2


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section["children"])


def test_a_build_on_partial_data_is_a_draft(data, tmp_path):
    build(2016, data, tmp_path / "b", langs=("en",), formats=("html",))
    html = (tmp_path / "b" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    assert '<p class="draft-banner">DRAFT</p>' in html
    assert "Draft: 3 of 26 expected contributors have reported; not yet received from 23." in html


def test_final_refuses_with_the_reasons(data, tmp_path):
    result = run("build", "2016", "--data", data, "--out", tmp_path / "b", "--final")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:4] == [
        "error: --final refuses to build the 2016 report:",
        "  23 expected contributors have not reported: General Secretariat of the National Committee for Counter "
        "Trafficking, Banteay Meanchey, Kampong Chhnang, Kampong Speu, Kampong Thom, Kandal, Koh Kong, Kratie ...",
        "  B.2 prevention.dissemination_workshops: no figures, no 'nothing to report' and no excuse from 23 of 25",
        "  B.2 prevention.public_forums: no figures, no 'nothing to report' and no excuse from 23 of 25",
    ]
    assert not (tmp_path / "b").exists()


def test_the_2016_report_is_complete_so_not_a_draft(tmp_path):
    from pathlib import Path

    data = Path(__file__).parent.parent / "data"
    result = build(2016, data, tmp_path, langs=("en",), formats=("html",), final=True)
    assert result.ok and not result.report.draft


def test_the_same_inputs_give_the_same_bytes_with_or_without_the_words_of_an_earlier_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1487030400")
    monkeypatch.setenv("NCCT_CACHE_DIR", str(tmp_path / "cache"))
    data = Path(__file__).parent.parent / "data"
    outputs = []
    for attempt in ("cold", "warm"):
        assert build(2016, data, tmp_path / attempt, formats=("html", "json")).ok
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / attempt / "2016").iterdir())})
    assert list((tmp_path / "cache").glob("khmer-words-*.json"))
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4  # both editions, the JSON, the marker


def test_skip_invalid_builds_a_draft_without_the_files_that_have_errors(data, tmp_path):
    bad = write(data / "2016", "prov-07.yaml", "contributor: prov-07\nyear: 2016\nfigures:\n  prevention.public_forums: {events: -1}\n")
    assert not build(2016, data, tmp_path / "strict", formats=("json",)).ok  # without the option: nothing built
    result = build(2016, data, tmp_path / "draft", langs=("en",), formats=("html",), skip_invalid=True)
    assert result.ok and result.left_out == [str(bad)] and result.report.draft
    html = (tmp_path / "draft" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    assert "Draft built without 1 file that has errors (listed in the data-quality annex): " in html
    assert "Files left out of this draft" in html and "NCCT104" in html  # the annex names the file and its error
    assert all(src.file != str(bad) for t in result.report.tables() for row in t.rows for c in row.cells.values() for src in c.sources)
    refused = run("build", "2016", "--data", data, "--out", tmp_path / "final", "--final", "--skip-invalid", "--format", "html")
    assert refused.exit_code == 1 and "--final never builds without files" in refused.stderr
    drafted = run("build", "2016", "--data", data, "--out", tmp_path / "cli", "--skip-invalid", "--format", "html", "--lang", "en")
    assert drafted.exit_code == 0 and f"Left out of this draft (errors above): {bad}" in drafted.stderr
