"""`ncct preview FILE`: a contributor's own tables, the year before beside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import FIXTURES, run, write

LAST_YEAR = (FIXTURES / "good" / "2016" / "prov-02.yaml").read_text(encoding="utf-8")
THIS_YEAR = """\
contributor: prov-02
year: 2017
submitted: 2018-01-15
figures:
  prevention.dissemination_workshops: {events: 2500, participants: 240000}
items:
  - section: B.4
    en: Posted three signs on child labour in brickmaking.
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """DATA/2016 with Battambang's file and another province's, DATA/2017 with Battambang's."""
    folder = tmp_path / "data"
    write(folder / "2016", "prov-02.yaml", LAST_YEAR)
    write(folder / "2016", "prov-07.yaml", (FIXTURES / "good" / "2016" / "prov-07.yaml").read_text(encoding="utf-8"))
    write(folder / "2017", "prov-02.yaml", THIS_YEAR)
    return folder


def rows_of(page: str, caption: str) -> list[list[str]]:
    """The cells' text of the table whose caption holds `caption`, row by row."""
    table = next(t for t in re.findall(r"<table class=\"preview-table\">.*?</table>", page, re.S) if caption in t)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


def test_each_figure_has_the_contributors_own_figure_of_the_year_before_beside_it(data, tmp_path):
    out = tmp_path / "page.html"
    result = run("preview", data / "2017" / "prov-02.yaml", "--out", out)
    assert (result.exit_code, result.stdout) == (0, f"Wrote {out}: open it in a web browser.\n")
    page = out.read_text(encoding="utf-8")
    assert rows_of(page, "Dissemination workshops") == [
        ["Reported by", "Number of events", "Participants", "Female"],
        ["2017", "2016", "2017", "2016", "2017", "2016"],
        ["Battambang", "2,500", "2,387", "240,000", "234,122", "", "116,669"],  # prov-07's 2016 figures are not added
    ]
    assert "2,500 against 2,387 in 2016: an increase of 113 (4.7%)" in page
    assert "not reported this year (2016: 116,669)" in page
    assert "Posted three signs on child labour in brickmaking." in page
    assert "Safe Village-Commune" not in page  # a table of last year left blank this year is not shown
    assert "<script" not in page and "http" not in page.split("</style>")[1]  # self-contained


def test_the_page_is_in_khmer_with_khmer_digits(data, tmp_path):
    out = tmp_path / "page.html"
    result = run("--lang", "km", "preview", data / "2017" / "prov-02.yaml", "--out", out)
    assert (result.exit_code, result.stdout) == (0, f"បានសរសេរ {out}៖ សូមបើកវានៅក្នុងកម្មវិធីរុករកគេហទំព័រ។\n")
    page = out.read_text(encoding="utf-8").replace("\u200b", "")
    assert '<html lang="km">' in page
    rows = rows_of(page, "សិក្ខាសាលាផ្សព្វផ្សាយ")
    assert rows[1] == ["២០១៧", "២០១៦", "២០១៧", "២០១៦", "២០១៧", "២០១៦"]
    assert rows[2][1:5] == ["២,៥០០", "២,៣៨៧", "២៤០,០០០", "២៣៤,១២២"]
    assert "បាត់ដំបង" in rows[2][0]
    assert '<span class="draft">មិនទាន់បកប្រែ</span>' in page  # the item has no Khmer: said in Khmer


def test_without_the_year_before_the_page_says_how_to_find_it(tmp_path):
    file = write(tmp_path / "alone", "prov-02.yaml", THIS_YEAR)
    out = tmp_path / "page.html"
    assert run("preview", file, "--out", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "No file of yours for 2016 was found to show beside it (give the data folder with --data)." in page
    assert rows_of(page, "Dissemination workshops")[1] == ["Battambang", "2,500", "240,000", ""]


def test_data_finds_the_year_before_for_a_file_elsewhere(data, tmp_path):
    file = write(tmp_path / "desktop", "prov-02.yaml", THIS_YEAR)
    out = tmp_path / "page.html"
    assert run("preview", file, "--data", data, "--out", out).exit_code == 0
    assert rows_of(out.read_text(encoding="utf-8"), "Dissemination workshops")[2][1:3] == ["2,500", "2,387"]


def test_a_figure_that_cannot_be_read_is_a_finding_on_the_page_never_a_figure(data, tmp_path):
    write(data / "2017", "prov-02.yaml", THIS_YEAR.replace("events: 2500", "events: 25OO"))
    out = tmp_path / "page.html"
    result = run("preview", data / "2017" / "prov-02.yaml", "--out", out)
    assert result.exit_code == 1
    assert "NCCT1" in result.stdout and f"Wrote {out}: open it in a web browser." in result.stdout
    assert result.stderr == "Its figures with errors are not shown: correct them and preview again.\n"
    page = out.read_text(encoding="utf-8")
    assert "1 error: what it concerns could not be read and is not shown below." in page
    assert rows_of(page, "Dissemination workshops")[2][:5] == ["Battambang", "", "2,387", "240,000", "234,122"]
    assert "25OO" in page.split('id="findings"')[1].split("</section>")[0]  # named in the findings only


def test_a_file_with_nothing_readable_writes_no_page(tmp_path):
    file = write(tmp_path / "2017", "prov-02.yaml", "- just\n- a list\n")
    out = tmp_path / "page.html"
    result = run("preview", file, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: nothing of ") and not out.exists()


def test_the_default_page_is_written_in_the_current_folder(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("preview", data / "2017" / "prov-02.yaml")
    assert result.stdout == "Wrote prov-02.preview.html: open it in a web browser.\n"
    assert (tmp_path / "prov-02.preview.html").is_file()
    assert sorted(p.name for p in (data / "2017").iterdir()) == ["prov-02.yaml"]  # nothing written in the data


def test_an_out_that_is_a_folder_is_refused_without_a_traceback(data, tmp_path):
    result = run("preview", data / "2017" / "prov-02.yaml", "--out", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_workbook_is_previewed_as_its_yaml_would_be(data, tmp_path):
    import datetime as dt

    from ncct_report.reference import load_reference
    from ncct_report.spreadsheet import contributor_workbook

    catalog, registry = load_reference()
    form = write(data / "2018", "prov-02.xlsx", contributor_workbook(registry["prov-02"], 2018, None, catalog, generated=dt.date(2019, 1, 1)))
    out = tmp_path / "page.html"
    result = run("preview", form, "--out", out)
    assert (result.exit_code, result.stdout) == (0, f"Wrote {out}: open it in a web browser.\n")
    assert "This file gives no figures." in out.read_text(encoding="utf-8")  # a blank workbook: nothing invented
