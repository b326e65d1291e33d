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
    block = current_schema()["properties"]["figures"]["properties"]["migration.monthly_migrants"]
    names = block["properties"]["rows"]["propertyNames"]["enum"]
    assert {"jan", "January", "Sept", "01"} <= set(names)


def test_schema_is_deterministic():
    assert json.loads(schema_text()) == current_schema()
    assert schema_text() == schema_text()
