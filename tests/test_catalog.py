"""The indicator catalog: it loads, every reference resolves, and broken data is reported."""

from __future__ import annotations

import re
from pathlib import Path

from ncct_report.catalog import build_catalog, catalog_dir
from ncct_report.reference import load_catalog, load_registry
from ncct_report.findings import Findings

REPORT_SECTIONS = ["B.2", "B.6.1", "B.6.2", "B.8.1", "C.1.1", "C.1.2", "C.2.2", "D.1", "D.2",
                   "annex-1", "annex-3", "annex-5"]


def test_catalog_loads_without_findings():
    findings = Findings()
    build_catalog(sorted(catalog_dir().glob("*.yaml")), load_registry(), findings)
    assert findings.items == []


def test_every_table_of_the_report_has_indicators():
    sections = {ind.section for ind in load_catalog().indicators.values()}
    missing = [s for s in REPORT_SECTIONS if not any(x == s or x.startswith(s + ".") for x in sections)]
    assert missing == []


def test_every_label_has_khmer():
    catalog = load_catalog()
    labels = [ind.label for ind in catalog.indicators.values()]
    labels += [m.label for m in catalog.measures.values()] + list(catalog.sections.values())
    labels += [code.label for cl in catalog.codelists.values() for code in cl.codes.values()]
    assert [label.en for label in labels if not label.km] == []


def test_every_text_the_khmer_edition_shows_has_khmer():
    """Labels, code notes and chart titles: what the report prints from the catalog."""
    catalog = load_catalog()
    texts = [code.note for cl in catalog.codelists.values() for code in cl.codes.values() if code.note]
    texts += [ind.chart.title for ind in catalog.indicators.values() if ind.chart and ind.chart.title]
    texts += [cl.label for cl in catalog.codelists.values()]
    assert [t.en for t in texts if not t.km] == []


KHMER_LETTER = re.compile("[\u1780-\u17b3]")  # consonants and independent vowels (not digits or signs alone)


def test_every_measure_definition_has_khmer():
    """What a measure counts is shown in Khmer (`ncct indicators INDICATOR --lang km`, the
    schema's hover text): every measure has a definition, with Khmer written in Khmer letters."""
    measures = load_catalog().measures
    assert [mid for mid, m in measures.items() if m.definition is None] == []
    assert [mid for mid, m in measures.items() if not m.definition.km] == []
    assert [mid for mid, m in measures.items() if not KHMER_LETTER.search(m.definition.km)] == []


def test_part_of_gives_automatic_checks():
    ind = load_catalog().indicators["prevention.dissemination_workshops"]
    assert {(c.parts, c.whole) for c in ind.checks} >= {(("female",), "participants"), (("events",), "participants")}


def test_offense_codes_are_articles_of_the_2008_law():
    offense = load_catalog().codelists["offense"]
    assert offense.resolve("Unlawful Removal, inter alia, of Minor") == "art-09"
    assert offense.resolve("art-42") == "art-42"


def test_broken_catalog_files_are_reported_with_file_and_line(tmp_path: Path):
    broken = tmp_path / "x.yaml"
    broken.write_text(
        "indicators:\n"
        "  - id: test.thing\n"
        "    section: Z.9\n"
        "    label: {en: Thing, km: របស់}\n"
        "    measures: [events, apples]\n"
        "    rows: fruit\n"
        "    checks: ['pears <= events', 'events < participants']\n",
        encoding="utf-8",
    )
    findings = Findings()
    build_catalog(sorted(catalog_dir().glob("*.yaml")) + [broken], load_registry(), findings)
    assert [(f.file, f.line, f.message) for f in findings.items] == [
        ("ncct_report/catalog/x.yaml", 2, "Indicator 'test.thing': unknown section 'Z.9'."),
        ("ncct_report/catalog/x.yaml", 2, "Indicator 'test.thing': unknown measure 'apples'."),
        ("ncct_report/catalog/x.yaml", 2, "Indicator 'test.thing': unknown code list 'fruit'."),
        ("ncct_report/catalog/x.yaml", 2, "Indicator 'test.thing': check 'pears <= events' names a measure the indicator does not have."),
        ("ncct_report/catalog/x.yaml", 2, "Indicator 'test.thing': check 'events < participants' must read 'part <= whole', 'part + part <= whole' or 'part + part = whole'."),
    ]
