"""Row names: codes, English and Khmer names (registry and catalog), every ISO 3166
territory for countries, "did you mean" in the script typed, and a name shared by two
codes refused with both named. The JSON Schema accepts the same names."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ncct_report.catalog import CatalogError, build_catalog, catalog_dir, catalog_from_text
from ncct_report.findings import Findings
from ncct_report.labels import Label
from ncct_report.load import load_file
from ncct_report.reference import load_catalog, load_registry
from ncct_report.registry import Contributor, Registry, name_key
from ncct_report.schema import current_schema
from ncct_report.validate import validate_paths

from .conftest import write

ZWSP = "\u200b"

# (contributor, indicator, measures as written, the code) for each kind of row
SEMINARS = ("secretariat", "capacity.national_seminars", "{events: 1, participants: 193, female: 23}")
ABROAD = ("secretariat", "capacity.meetings_abroad_by_country", "{events: 1, persons: 3}")
MONTHS = ("inst-police-ahtjp", "migration.monthly_migrants", "{persons: 490407, female: 217031}")


def rows_of(year_dir: Path, table: tuple[str, str, str], key: str):
    """Validate a file with one row written as `key`: (errors, the rows read)."""
    contributor, indicator, values = table
    path = write(year_dir, f"{contributor}.yaml", f"contributor: {contributor}\nyear: 2016\nfigures:\n  {indicator}:\n    rows:\n      {key}: {values}\n")
    result = validate_paths([path])
    figures = result.submissions[0].figures.get(indicator)
    return [f.message for f in result.findings.errors], (figures.rows if figures else {})


@pytest.mark.parametrize(
    ("table", "english", "khmer", "code"),
    [
        (SEMINARS, "Kampong Cham", "កំពង់ចាម", "prov-03"),
        (SEMINARS, "Phnom Penh", "រាជធានីភ្នំពេញ", "prov-12"),
        (SEMINARS, "Phnom Penh", "ភ្នំពេញ", "prov-12"),  # without "capital", as English writes it
        (SEMINARS, "Kampong Cham", "ខេត្តកំពង់ចាម", "prov-03"),  # with "province" before it
        (SEMINARS, "Otdar Meanchey", "ឧត្តរមានជ័យ", "prov-22"),  # official ឧត្ដរ: subscript DA and TA look the same
        (SEMINARS, "Kampong Cham", f"កំពង់{ZWSP}ចាម", "prov-03"),  # copied from the report, words joined by U+200B
        (ABROAD, "Malaysia", "ម៉ាឡេស៊ី", "MY"),
        (ABROAD, "Thailand", "ប្រទេសថៃ", "TH"),
        (ABROAD, "South Korea", "កូរ៉េខាងត្បូង", "KR"),  # Babel writes it with zero-width spaces
        (ABROAD, "Hong Kong SAR China", "ហុងកុង តំបន់រដ្ឋបាលពិសេសចិន", "HK"),
        (ABROAD, "Hong Kong", "ហុងកុង", "HK"),
        (ABROAD, "Macao SAR China", "ម៉ាកាវ តំបន់រដ្ឋបាលពិសេសចិន", "MO"),
        (ABROAD, "Macau", "ម៉ាកាវ", "MO"),
        (MONTHS, "January", "មករា", "jan"),
        (MONTHS, "January", "ខែមករា", "jan"),
        (MONTHS, "September", "កញ្ញា", "sep"),
    ],
)
def test_a_khmer_row_name_reads_as_the_english_one(year_dir, table, english, khmer, code):
    in_english = rows_of(year_dir, table, english)
    assert in_english == rows_of(year_dir, table, khmer)
    assert in_english[0] == [] and list(in_english[1]) == [code]


def test_a_khmer_institution_name_is_a_row_like_the_english_one(year_dir):
    """No table of the catalog is by institution yet: one added, as a catalog edit would."""
    extra = write(year_dir.parent, "z-test.yaml", (
        "codelists:\n"
        "  institution:\n"
        "    label: {en: Institution, km: ស្ថាប័ន}\n"
        "    source: registry\n"
        "    kinds: [institution]\n"
        "indicators:\n"
        "  - id: test.by_institution\n"
        "    section: B.1\n"
        "    label: {en: Awareness by institution, km: ការលើកកម្ពស់ការយល់ដឹងតាមស្ថាប័ន}\n"
        "    measures: [events]\n"
        "    rows: institution\n"
        "    combine: sum_by_key\n"
        "    reporters: [secretariat]\n"
    ))
    findings = Findings()
    registry = load_registry()
    catalog = build_catalog(sorted(catalog_dir().glob("*.yaml")) + [extra], registry, findings)
    assert findings.items == []
    read = {}
    for key in ("Department of Anti-Human Trafficking and Juvenile Protection", "AHTJP",
                "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន", "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្សនិងការពារអនីតិជន"):
        path = write(year_dir, "secretariat.yaml", f"contributor: secretariat\nyear: 2016\nfigures:\n  test.by_institution:\n    rows:\n      {key}: {{events: 4}}\n")
        result = validate_paths([path], catalog=catalog, registry=registry)
        assert result.findings.errors == []
        read[key] = result.submissions[0].figures["test.by_institution"].rows
    assert list(read.values()) == [{"inst-police-ahtjp": {"events": 4}}] * 4


def test_a_khmer_row_name_with_khmer_digits(year_dir):
    errors, rows = rows_of(year_dir, ("secretariat", "capacity.national_seminars", "{events: ១, participants: ១៩៣, female: ២៣}"), "កំពង់ចាម")
    assert errors == []
    assert rows == {"prov-03": {"events": 1, "participants": 193, "female": 23}}


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        (SEMINARS, "កំពងចាម",  # the bantoc left out
         "'កំពងចាម' is not a known row of capacity.national_seminars (capital/province); did you mean 'prov-03 (កំពង់ចាម)'?"),
        (SEMINARS, "កំព្ងង់ចាម",  # a subscript too many
         "'កំព្ងង់ចាម' is not a known row of capacity.national_seminars (capital/province); did you mean 'prov-03 (កំពង់ចាម)'?"),
        (ABROAD, "ម៉ាឡេសុី",  # one vowel for another
         "'ម៉ាឡេសុី' is not a known row of capacity.meetings_abroad_by_country (country); did you mean 'MY (ម៉ាឡេស៊ី)' or 'MW (ម៉ាឡាវី)' or 'ML (ម៉ាលី)'?"),
        (ABROAD, "Hong Kng",
         "'Hong Kng' is not a known row of capacity.meetings_abroad_by_country (country); did you mean 'HK (Hong Kong SAR China)'?"),
        (ABROAD, "Congo",  # both Congos, never one of them
         "'Congo' is not a known row of capacity.meetings_abroad_by_country (country); did you mean 'CD (Congo - Kinshasa)' or 'CG (Congo - Brazzaville)' or 'TG (Togo)'?"),
        (MONTHS, "មករ",
         "'មករ' is not a known row of migration.monthly_migrants (month); did you mean 'jan (មករា)'?"),
    ],
)
def test_a_name_one_mark_off_gets_did_you_mean_in_its_script(year_dir, table, key, message):
    errors, rows = rows_of(year_dir, table, key)
    assert (errors, rows) == ([message], {})


@pytest.mark.parametrize("code", ["HK", "MO", "TW", "KP", "PS", "XK", "GL", "RE"])
def test_every_territory_is_a_country_by_its_code_and_its_babel_names(code):
    from babel import Locale

    countries = load_catalog().codelists["country"]
    assert countries.open
    for name in (code, Locale("en").territories[code], Locale("km").territories[code]):
        assert countries.resolve(name) == code, name


def test_the_report_s_own_countries_come_first_in_its_order_with_its_spellings():
    countries = load_catalog().codelists["country"]
    own = list(countries.codes)[:countries.own]
    assert own == ["AE", "AU", "CN", "FR", "GB", "ID", "IN", "JP", "KR", "LA", "LB", "MM", "MY", "NL",
                   "PE", "PG", "PH", "PK", "RU", "SA", "SG", "SO", "TH", "TL", "TW", "US", "VN"]
    rest = list(countries.codes)[countries.own:]
    assert rest == sorted(rest) and len(countries.codes) == 250
    assert [countries.resolve(n) for n in ("Lao PDR", "Viet Nam", "Korea", "UK", "Burma")] == ["LA", "VN", "KR", "GB", "MM"]
    assert not {"EU", "UN", "ZZ", "001", "AC", "IC"} & set(countries.codes)  # groupings, regions, reserved codes


def test_closed_lists_stay_closed():
    catalog = load_catalog()
    assert not any(catalog.codelists[c].open for c in ("offense", "month", "province", "border_gate"))
    assert catalog.codelists["month"].resolve("Thermidor") is None
    assert catalog.codelists["province"].resolve("Hong Kong") is None


def test_the_package_s_code_lists_have_no_ambiguous_name():
    assert {cid: cl.ambiguous for cid, cl in load_catalog().codelists.items() if cl.ambiguous} == {}


CATALOG = """
sections:
  - {id: X, title: {en: X, km: X}}
measures:
  events: {label: {en: Events, km: ដង}}
codelists:
  unit:
    label: {en: Unit, km: អង្គភាព}
    source: registry
    kinds: [institution]
indicators:
  - id: test.by_unit
    section: X
    label: {en: By unit, km: តាមអង្គភាព}
    measures: [events]
    rows: unit
    combine: sum_by_key
    reporters: [secretariat]
"""


def _registry(*contributors: Contributor) -> Registry:
    """A registry built by hand: the registry file itself refuses a name used twice."""
    registry = Registry()
    for contributor in contributors:
        registry.contributors[contributor.id] = contributor
        for name in contributor.all_names():
            registry.by_name.setdefault(name_key(name), contributor.id)
    return registry


def test_a_khmer_name_of_two_codes_is_an_error_naming_both(year_dir):
    registry = _registry(
        Contributor("secretariat", "secretariat", Label(en="General Secretariat", km="អគ្គលេខាធិការដ្ឋាន")),
        Contributor("inst-north", "institution", Label(en="Northern police", km="ស្នងការដ្ឋាននគរបាល")),
        Contributor("inst-south", "institution", Label(en="Southern police", km="ស្នងការដ្ឋាន នគរបាល")),
    )
    catalog = catalog_from_text(CATALOG, registry)
    assert catalog.codelists["unit"].ambiguous == {name_key("ស្នងការដ្ឋាននគរបាល"): ("inst-north", "inst-south")}
    path = write(year_dir, "secretariat.yaml", (
        "contributor: secretariat\nyear: 2016\nfigures:\n  test.by_unit:\n    rows:\n"
        "      ស្នងការដ្ឋាន\u200bនគរបាល: {events: 2}\n"
        "      Southern police: {events: 3}\n"
    ))
    result = validate_paths([path], catalog=catalog, registry=registry)
    assert [(f.code, f.line, f.message) for f in result.findings.errors] == [
        ("NCCT110", 6, "figures > test.by_unit > rows: 'ស្នងការដ្ឋាន\u200bនគរបាល' is not allowed; use one of: "
                       "inst-north (ស្នងការដ្ឋាននគរបាល), inst-south (ស្នងការដ្ឋាន នគរបាល)."),
    ]
    assert result.submissions[0].figures["test.by_unit"].rows == {"inst-south": {"events": 3}}  # never a choice
    assert "ស្នងការដ្ឋាននគរបាល" not in catalog.codelists["unit"].names()


def test_a_khmer_name_the_catalog_gives_two_codes_is_a_catalog_error_naming_both():
    text = CATALOG.replace(
        "    source: registry\n    kinds: [institution]\n",
        "    codes:\n"
        "      - {id: north, label: {en: Northern police, km: ស្នងការដ្ឋាននគរបាល}}\n"
        "      - {id: south, label: {en: Southern police, km: ស្នងការដ្ឋាន\u200bនគរបាល}}\n",
    )
    with pytest.raises(CatalogError) as raised:
        catalog_from_text(text, _registry(Contributor("secretariat", "secretariat", Label(en="GS", km="អគ្គលេខាធិការដ្ឋាន"))))
    assert [f.message for f in raised.value.findings.items] == [
        "Code list 'unit': the name 'ស្នងការដ្ឋាន\u200bនគរបាល' is used by two codes: north and south.",
    ]


def test_the_schema_accepts_every_name_the_catalog_gives():
    schema, catalog = current_schema(), load_catalog()
    for ind in catalog.indicators.values():
        if not ind.rows:
            continue
        ref = schema["properties"]["figures"]["properties"][ind.id]["properties"]["rows"]["propertyNames"]["$ref"]
        listed = set(schema["$defs"][ref.split("/")[-1]]["anyOf"][0]["enum"])
        codelist = catalog.codelists[ind.rows]
        for code in codelist.codes.values():
            for name in (code.id, code.label.en, code.label.km, *code.aliases):
                assert name in listed, (ind.id, name)
                assert codelist.resolve(name) == code.id, (ind.id, name)


def test_the_schema_accepts_the_khmer_names_the_validator_accepts(year_dir):
    validator = Draft202012Validator(current_schema())
    names = [("capacity.national_seminars", n) for n in ("កំពង់ចាម", "ភ្នំពេញ", "ខេត្តកំពង់ចាម", "ឧត្តរមានជ័យ", "ឧត្ដរមានជ័យ", f"កំពង់{ZWSP}ចាម")]
    names += [("capacity.meetings_abroad_by_country", n) for n in ("ម៉ាឡេស៊ី", "ប្រទេសថៃ", "កូរ៉េខាងត្បូង", "កូរ៉េ\u200bខាង\u200bត្បូង", "Hong Kong", "ហុងកុង", "Macau", "HK", "XK", "Kosovo")]
    names += [("migration.monthly_migrants", n) for n in ("មករា", "ខែមករា", "jan", "01", "Sept")]
    for indicator, name in names:
        doc = {"contributor": "secretariat", "year": 2016, "figures": {indicator: {"rows": {name: {}}}}}
        assert list(validator.iter_errors(doc)) == [], name
    refused = {"contributor": "secretariat", "year": 2016, "figures": {"capacity.meetings_abroad_by_country": {"rows": {"Atlantis": {}}}}}
    assert [e.validator for e in validator.iter_errors(refused)] == ["anyOf"]


def test_the_files_of_data_hold_to_the_schema_as_written():
    """Every file of data/ as it is written (rows by any name), against the schema
    editors use: the schema refuses none of what `ncct validate` accepts there."""
    validator = Draft202012Validator(current_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for path in sorted((Path(__file__).parent.parent / "data").glob("*/*.yaml")):
        findings = Findings()
        doc = load_file(path, path.name, findings)
        problems += [(path.name, list(e.absolute_path), e.message[:80]) for e in validator.iter_errors(doc.data)]
    assert problems == []


def test_the_list_of_a_code_list_names_every_code_with_its_names():
    countries = load_catalog().codelists["country"].listing()
    assert len(countries) == 250 and countries[0].startswith("AE  United Arab Emirates / ")
    assert "HK  Hong Kong SAR China / ហុងកុង តំបន់រដ្ឋបាលពិសេសចិន  (also: Hong Kong, ហុងកុង, ប្រទេសហុងកុង តំបន់រដ្ឋបាលពិសេសចិន)" in countries
    months = load_catalog().codelists["month"].listing()
    assert months[0] == "jan  January / មករា  (also: Jan, 1, 01, ខែមករា)"


def test_a_figure_stated_in_the_text_names_its_row_in_khmer(year_dir):
    path = write(year_dir, "secretariat.yaml", (
        "contributor: secretariat\nyear: 2016\n"
        "figures:\n  capacity.national_seminars:\n    rows:\n      prov-12: {events: 1, participants: 159}\n"
        "items:\n  - section: III.A.2\n    en: A seminar in Phnom Penh.\n"
        "    states: [{indicator: capacity.national_seminars, row: ភ្នំពេញ, measure: participants, value: 159}]\n"
    ))
    result = validate_paths([path])
    assert result.findings.errors == []
    assert [(s.row, s.value) for s in result.submissions[0].items[0].states] == [("prov-12", 159)]
