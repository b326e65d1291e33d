"""Aggregation on a small catalog: like-for-like comparisons, what adds up, grouped
tables, charts, drafts. Each test reads real small files with the reading stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncct_report.aggregate import MIN_OVERLAP, Report, Table, aggregate, compare
from ncct_report.catalog import CatalogError, catalog_from_text
from ncct_report.completeness import year_status
from ncct_report.read import read_year
from ncct_report.reference import load_registry
from ncct_report.render import Formatter

from .conftest import write

CATALOG = """
sections:
  - {id: B, title: {en: Prevention, km: ការបង្ការ}}
  - {id: B.1, title: {en: Forums, km: វេទិកា}}
measures:
  events: {label: {en: Events, km: ចំនួនលើក}}
  participants: {label: {en: Participants, km: អ្នកចូលរួម}}
  female: {label: {en: Female, km: ស្រី}, part_of: [participants, persons]}
  persons: {label: {en: Persons, km: ចំនួននាក់}}
  places: {label: {en: Places, km: ទីកន្លែង}}
codelists:
  month: {label: {en: Month, km: ខែ}, source: months}
  flow:
    label: {en: Flow, km: លំហូរ}
    codes:
      - {id: in, label: {en: Received, km: ទទួល}}
      - {id: out, label: {en: Left, km: ចាកចេញ}}
indicators:
  - id: test.forums
    section: B.1
    label: {en: Forums, km: វេទិកា}
    measures: [events, participants, female]
    reporters: [province]
    chart: {kind: years, measures: [participants]}
  - id: test.monthly
    section: B.1
    label: {en: Migrants by month, km: ចំណាកស្រុកតាមខែ}
    measures: [persons, female]
    rows: month
    combine: sum_by_key
    chart: {kind: bars, measures: [persons]}
  - id: test.centre
    section: B.1
    label: {en: Transit centre, km: មជ្ឈមណ្ឌល}
    measures: [persons]
    rows: flow
    combine: sum_by_key
    adds_up: false
  - id: test.sites
    section: B.1
    label: {en: Sites, km: ទីតាំង}
    measures: [events, places]
    rows: flow
    combine: per_contributor
    adds_up: [events]
"""


@pytest.fixture(scope="module")
def catalog():
    return catalog_from_text(CATALOG, load_registry())


def forums(cid: str, year: int, events: int | None, participants: int | None) -> str:
    values = ", ".join(f"{k}: {v}" for k, v in (("events", events), ("participants", participants)) if v is not None)
    return f"contributor: {cid}\nyear: {year}\nfigures:\n  test.forums: {{{values}}}\n"


def report_of(root: Path, catalog, year: int, files: dict[str, str]) -> Report:
    data = root / "data"
    for name, text in files.items():
        write(data, name, text)
    registry = load_registry()
    reading = read_year(data, year, catalog, registry)
    assert reading.ok, [f.message for f in reading.findings.errors]
    status = year_status(year, reading.submissions, reading.earlier.get(year - 1, []), [], registry, catalog)
    return aggregate(year, [s for s in reading.submissions if s.filled], reading.earlier, reading.findings.warnings, catalog, registry, status)


def table(report: Report, indicator: str) -> Table:
    return next(t for t in report.tables() if t.indicator == indicator)


def test_a_change_compares_only_the_contributors_of_both_years(tmp_path, catalog):
    files = {f"2016/prov-0{n}.yaml": forums(f"prov-0{n}", 2016, 10, 100 * n) for n in range(1, 6)}
    files |= {f"2017/prov-0{n}.yaml": forums(f"prov-0{n}", 2017, 10, 1000) for n in (1, 2, 3)}
    files["2017/prov-06.yaml"] = forums("prov-06", 2017, 10, 5000)  # new in 2017: not compared
    t = table(report_of(tmp_path, catalog, 2017, files), "test.forums")
    change = next(c for c in t.changes if c.measure == "participants")
    assert t.total["participants"].value == 8000
    assert (change.value, change.previous) == (3000, 600)  # prov-01..03 in both years only
    assert (change.contributors_compared, change.contributors_kind) == (3, "province")
    assert Formatter("en").change(change) == (
        "3,000 against 600 in 2016: an increase of 2,400 (400.0%) (on the 3 provinces that reported in both years)"
    )


def test_too_little_overlap_gives_no_percentage_and_says_why(tmp_path, catalog):
    """2 provinces in 2017 against 5 in 2016: no "decrease of 84.5%"."""
    files = {f"2016/prov-0{n}.yaml": forums(f"prov-0{n}", 2016, 10, 1000) for n in range(1, 6)}
    files |= {f"2017/prov-0{n}.yaml": forums(f"prov-0{n}", 2017, 10, 900) for n in (1, 2)}
    t = table(report_of(tmp_path, catalog, 2017, files), "test.forums")
    change = next(c for c in t.changes if c.measure == "participants")
    assert 2 < MIN_OVERLAP * 5
    assert (change.withheld, change.overlap, change.of) == ("contributors", 2, 5)
    assert change.difference is None and change.percent is None
    assert Formatter("en").change(change) == "not compared with 2016: only 2 of 5 contributors gave this table in both years"


def test_half_of_the_contributors_is_enough(tmp_path, catalog):
    files = {f"2016/prov-0{n}.yaml": forums(f"prov-0{n}", 2016, 10, 1000) for n in range(1, 5)}
    files |= {f"2017/prov-0{n}.yaml": forums(f"prov-0{n}", 2017, 10, 900) for n in (1, 2)}
    change = next(c for c in table(report_of(tmp_path, catalog, 2017, files), "test.forums").changes if c.measure == "participants")
    assert (change.withheld, change.value, change.previous, change.contributors_compared) == (None, 1800, 2000, 2)


def test_a_blank_table_is_not_compared(tmp_path, catalog):
    """A file that leaves the table empty is not "a decrease of 100%"."""
    files = {"2016/prov-01.yaml": forums("prov-01", 2016, 10, 1000), "2016/prov-02.yaml": forums("prov-02", 2016, 10, 1000)}
    files["2017/prov-01.yaml"] = forums("prov-01", 2017, 12, 1100)
    files["2017/prov-02.yaml"] = "contributor: prov-02\nyear: 2017\nfigures:\n  test.forums: {events: null, participants: }\n"
    t = table(report_of(tmp_path, catalog, 2017, files), "test.forums")
    change = next(c for c in t.changes if c.measure == "participants")
    assert (change.value, change.previous, change.contributors_compared) == (1100, 1000, 1)
    assert [r.key for r in t.rows if not r.no_report] == ["prov-01"]


MONTHS_2016 = "".join(f"      {m}: {{persons: {n * 10}}}\n" for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1))


def monthly(year: int, rows: str, cid: str = "inst-police-ahtjp") -> str:
    return f"contributor: {cid}\nyear: {year}\nfigures:\n  test.monthly:\n    rows:\n{rows}"


def test_rows_are_compared_like_for_like_and_the_sentence_says_so(tmp_path, catalog):
    rows_2015 = "".join(line for line in MONTHS_2016.splitlines(keepends=True) if "dec:" not in line)
    files = {"2015/inst-police-ahtjp.yaml": monthly(2015, rows_2015), "2016/inst-police-ahtjp.yaml": monthly(2016, MONTHS_2016.replace("0}", "1}"))}
    t = table(report_of(tmp_path, catalog, 2016, files), "test.monthly")
    change = next(c for c in t.changes if c.measure == "persons")
    assert change.rows_compared == 11
    assert (change.value, change.previous) == (sum(n * 10 + 1 for n in range(1, 12)), sum(n * 10 for n in range(1, 12)))
    assert Formatter("en").change(change).endswith("(on the 11 rows given in both years)")
    assert t.total["persons"].value == sum(n * 10 + 1 for n in range(1, 13))  # the table itself shows every row


def test_too_few_common_rows_give_no_change(tmp_path, catalog):
    files = {"2015/inst-police-ahtjp.yaml": monthly(2015, "      jan: {persons: 5}\n"), "2016/inst-police-ahtjp.yaml": monthly(2016, MONTHS_2016)}
    change = next(c for c in table(report_of(tmp_path, catalog, 2016, files), "test.monthly").changes if c.measure == "persons")
    assert (change.withheld, change.overlap, change.of) == ("rows", 1, 12)


def centre(year: int, received: int, left: int) -> str:
    return f"contributor: prov-12\nyear: {year}\nfigures:\n  test.centre:\n    rows:\n      in: {{persons: {received}}}\n      out: {{persons: {left}}}\n"


def test_rows_that_do_not_add_up_have_no_total_change_or_history(tmp_path, catalog):
    files = {"2015/prov-12.yaml": centre(2015, 1000, 900), "2016/prov-12.yaml": centre(2016, 1904, 1603)}
    t = table(report_of(tmp_path, catalog, 2016, files), "test.centre")
    assert t.total == {} and t.changes == [] and t.history == []
    assert [(r.key, r.cells["persons"].value) for r in t.rows] == [("in", 1904), ("out", 1603)]


def test_only_the_measures_that_add_up_are_totalled(tmp_path, catalog):
    sites = "contributor: {cid}\nyear: 2016\nfigures:\n  test.sites:\n    rows:\n      in: {{events: 2, places: 3}}\n      out: {{events: 1, places: 3}}\n"
    files = {"2016/prov-01.yaml": sites.format(cid="prov-01"), "2016/prov-02.yaml": sites.format(cid="prov-02")}
    t = table(report_of(tmp_path, catalog, 2016, files), "test.sites")
    assert t.grouped and [r.key for r in t.rows] == ["prov-01/in", "prov-01/out", "prov-02/in", "prov-02/out"]
    assert [r.group.en for r in t.rows][::2] == ["Banteay Meanchey", "Battambang"]
    assert list(t.total) == ["events"] and t.total["events"].value == 6


def test_a_years_chart_of_rows_that_do_not_add_up_is_a_catalog_error():
    broken = CATALOG.replace("    adds_up: false\n", "    adds_up: false\n    chart: {kind: years, measures: [persons]}\n", 1)
    with pytest.raises(CatalogError, match="a 'years' chart shows totals"):
        catalog_from_text(broken, load_registry())


def test_history_and_years_chart_compare_the_same_contributors(tmp_path, catalog):
    files = {
        "2014/prov-01.yaml": forums("prov-01", 2014, 1, 100),
        "2015/prov-01.yaml": forums("prov-01", 2015, 1, 200),
        "2016/prov-01.yaml": forums("prov-01", 2016, 1, 400),
        "2016/prov-02.yaml": forums("prov-02", 2016, 1, 50),  # only in 2016: left out of the comparison
    }
    t = table(report_of(tmp_path, catalog, 2016, files), "test.forums")
    assert [(h["year"], h["values"]["participants"]) for h in t.history] == [(2014, 100), (2015, 200), (2016, 400)]
    assert t.history_note == {"contributors": 1}
    chart = t.chart
    assert chart.series == ["2014", "2015", "2016"]
    assert [(b.value, b.size) for b in chart.groups[0].bars] == [(100, 25.0), (200, 50.0), (400, 100.0)]
    # each bar names the figures it shows: prov-01's file of that year, not prov-02's
    assert [[(Path(s.file).parent.name, Path(s.file).name) for s in b.sources] for b in chart.groups[0].bars] == [
        [("2014", "prov-01.yaml")], [("2015", "prov-01.yaml")], [("2016", "prov-01.yaml")],
    ]


def test_bars_are_scaled_to_the_largest_value(tmp_path, catalog):
    rows = "      jan: {persons: 50}\n      feb: {persons: 200}\n      mar: {persons: 20}\n"
    t = table(report_of(tmp_path, catalog, 2016, {"2016/inst-police-ahtjp.yaml": monthly(2016, rows)}), "test.monthly")
    assert [(g.label.en, g.bars[0].value, g.bars[0].size) for g in t.chart.groups] == [
        ("February", 200, 100.0), ("January", 50, 25.0), ("March", 20, 10.0),
    ]
    assert [(Path(s.file).name, s.line) for s in t.chart.groups[0].bars[0].sources] == [("inst-police-ahtjp.yaml", 7)]  # February's row


def test_compare_needs_a_contributor_in_every_year(catalog):
    ind = catalog.indicators["test.forums"]
    assert compare(ind, {2015: [], 2016: []}) is None


def test_draft_khmer_is_counted(tmp_path, catalog):
    items = (
        "items:\n"
        "  - {section: B.1, en: One., km: មួយ។, km_status: draft}\n"
        "  - {section: B.1, en: Two., km: ពីរ។, km_status: reviewed}\n"
        "  - {section: B.1, en: Three., km: បី។, km_status: draft}\n"
        "  - {section: B.1, en: Four.}\n"
    )
    report = report_of(tmp_path, catalog, 2016, {"2016/prov-01.yaml": forums("prov-01", 2016, 1, 10) + items})
    assert report.km_drafts == 2
    assert [i.en for s in report.sections for n in s.walk() for i in n.items] == ["One.", "Two.", "Three.", "Four."]


def test_row_notes_with_draft_or_missing_khmer_are_counted(tmp_path, catalog):
    text = (
        "contributor: prov-01\nyear: 2016\nfigures:\n  test.centre:\n    rows:\n"
        "      in: {persons: 5, note: {en: From Thailand, km: មកពីថៃ, km_status: draft}}\n"
        "      out: {persons: 3, note: {en: To families, km: ទៅគ្រួសារ, km_status: reviewed}}\n"
        "  test.monthly:\n    rows:\n"
        "      jan: {persons: 2, note: {en: Estimated}}\n"
        "      feb: {persons: 4}\n"
    )
    report = report_of(tmp_path, catalog, 2016, {"2016/prov-01.yaml": text})
    assert report.km_draft_notes == 2  # the draft and the missing one; not the reviewed one


def test_a_printed_total_is_kept_beside_the_computed_one(tmp_path, catalog):
    rows = "      jan: {persons: 50}\n      feb: {persons: 200}\n    total: {persons: 260}\n"
    t = table(report_of(tmp_path, catalog, 2016, {"2016/inst-police-ahtjp.yaml": monthly(2016, rows)}), "test.monthly")
    assert t.total["persons"].value == 250
    assert [(c.measure, c.printed, c.computed, c.differs) for c in t.printed_totals] == [("persons", 260, 250, True)]


def _items(cid: str, year: int, *entries: str) -> str:
    body = "".join(f"  - {e}\n" for e in entries)
    return f"contributor: {cid}\nyear: {year}\nitems:\n{body}"


def test_narrative_is_grouped_under_each_body_in_the_printed_order(tmp_path, catalog):
    files = {
        "2016/prov-01.yaml": _items("prov-01", 2016, "{section: B.1, en: Banteay Meanchey held a forum.}"),
        "2016/min-justice.yaml": _items("min-justice", 2016, "{section: B.1, en: The ministry met twice.}"),
        "2016/secretariat.yaml": _items(
            "secretariat", 2016,
            "{section: B.1, en: The secretariat coordinated., with: [prov-01, prov-02]}",
            "{section: B.1, en: The committee met., by: {en: The National Committee, km: គណៈកម្មាធិការជាតិ}}",
            "{section: B.1, en: COMMIT met., by: inst-commit}",
        ) + "order:\n  B.1: [min-justice, inst-commit]\n",
    }
    report = report_of(tmp_path, catalog, 2016, files)
    section = next(n for root in report.sections for n in root.walk() if n.id == "B.1")
    assert [(g.body.en, [i.en for i in g.items]) for g in section.groups] == [
        ("Ministry of Justice", ["The ministry met twice."]),  # as the secretariat's order says
        ("COMMIT Cambodia Working Group", ["COMMIT met."]),  # `by` a registry id: that body's
        ("The National Committee", ["The committee met."]),  # a named body, before the file's own
        ("General Secretariat of the National Committee for Counter Trafficking", ["The secretariat coordinated."]),
        ("Banteay Meanchey", ["Banteay Meanchey held a forum."]),  # the rest in registry order
    ]
    assert section.groups[3].items[0].with_ == ["prov-01", "prov-02"]
    assert [i.en for i in section.items] == [i.en for g in section.groups for i in g.items]


def test_a_printed_total_is_shown_in_the_table_beside_the_computed_one(tmp_path, catalog):
    rows = "      jan: {persons: 50}\n      feb: {persons: 200}\n    total: {persons: 260}\n"
    t = table(report_of(tmp_path, catalog, 2016, {"2016/inst-police-ahtjp.yaml": monthly(2016, rows)}), "test.monthly")
    assert (t.printed_row["persons"].printed, t.printed_row["persons"].differs) == (260, True)


def test_every_year_of_a_table_by_row_is_in_a_visible_table(tmp_path, catalog):
    files = {
        "2015/inst-police-ahtjp.yaml": monthly(2015, "      jan: {persons: 5, female: 2}\n      feb: {persons: 6}\n"),
        "2016/inst-police-ahtjp.yaml": monthly(2016, "      jan: {persons: 7, female: 3}\n      mar: {persons: 8}\n"),
    }
    t = table(report_of(tmp_path, catalog, 2016, files), "test.monthly")
    assert t.history_years == [2015, 2016] and t.history_measures == ["persons", "female"]
    assert [(r["code"], r["values"]) for r in t.history_rows] == [
        ("jan", {2015: {"persons": 5, "female": 2}, 2016: {"persons": 7, "female": 3}}),
        ("feb", {2015: {"persons": 6}, 2016: {}}),
        ("mar", {2015: {}, 2016: {"persons": 8}}),
    ]


def test_parts_not_reproduced_are_listed(tmp_path, catalog):
    text = _items("secretariat", 2016, "{section: B.1, en: Text.}") + (
        "not_reproduced:\n  - section: B.1\n    what: {en: A graph, km: ក្រាប}\n    why: {en: It was never inserted., km: មិនដែលបានបញ្ចូល។}\n"
    )
    report = report_of(tmp_path, catalog, 2016, {"2016/secretariat.yaml": text})
    assert [(n.section, n.what.en, n.why.en) for n in report.not_reproduced] == [("B.1", "A graph", "It was never inserted.")]
