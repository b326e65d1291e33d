"""The JSON Schema: valid, generated from the catalog, and the committed copy is current."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from ncct_report.reference import load_catalog
from ncct_report.schema import current_schema, schema_text

ROOT = Path(__file__).parent.parent


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(current_schema())


def test_committed_schema_is_up_to_date():
    committed = (ROOT / "schema" / "submission.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run `make docs` to regenerate schema/submission.schema.json"


def test_every_indicator_and_measure_is_in_the_schema():
    figures = current_schema()["properties"]["figures"]["properties"]
    for iid, ind in load_catalog().indicators.items():
        block = figures[iid]
        measures = block["properties"]["rows"]["additionalProperties"]["properties"] if ind.rows else block["properties"]
        assert set(ind.measures) <= set(measures), iid


def test_row_names_accept_codes_and_aliases():
    schema = current_schema()
    block = schema["properties"]["figures"]["properties"]["migration.monthly_migrants"]
    assert block["properties"]["rows"]["propertyNames"] == {"$ref": "#/$defs/rows.month"}
    names = schema["$defs"]["rows.month"]["anyOf"][0]["enum"]
    assert {"jan", "January", "Sept", "01", "មករា", "ខែមករា"} <= set(names)


def test_each_code_list_is_in_the_schema_once_whatever_the_tables_that_use_it():
    schema = current_schema()
    countries = schema["$defs"]["rows.country"]["anyOf"][0]["enum"]
    assert {"TH", "Thailand", "ថៃ", "HK", "Hong Kong SAR China", "Hong Kong", "ហុងកុង", "XK"} <= set(countries)
    assert len(countries) < 1500 and len(json.dumps(countries, ensure_ascii=False)) < 30_000
    refs = [json.dumps(block) for block in schema["properties"]["figures"]["properties"].values()]
    assert sum(ref.count('"#/$defs/rows.country"') for ref in refs) == 14
    assert all("ហុងកុង" not in ref for ref in refs)  # the names are not repeated in each table


def test_schema_is_deterministic():
    assert json.loads(schema_text()) == current_schema()
    assert schema_text() == schema_text()
