"""The pydantic models of the catalog files: used to read and check them (catalog.py),
never to use the built (cached) catalog."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .labels import Label
from .models import Strict as _Strict

class SectionSpec(_Strict):
    id: str
    title: Label


class MeasureSpec(_Strict):
    label: Label
    definition: Label | None = None
    part_of: list[str] = []


class CodeSpec(_Strict):
    id: str
    label: Label
    aliases: list[str] = []
    note: Label | None = None


class CodeListSpec(_Strict):
    label: Label
    source: Literal["inline", "territories", "months", "registry"] = "inline"
    codes: list[CodeSpec | str] = []
    aliases: dict[str, list[str]] = {}
    kinds: list[str] = []


ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"


class ChartSpec(_Strict):
    """A chart drawn with the table: `bars` (rows, one measure), `years` (national
    totals of some measures over the years), `rows_by_year` (rows, one measure, a
    series per year)."""

    kind: Literal["bars", "years", "rows_by_year"]
    measures: list[str] = Field(min_length=1)
    title: Label | None = None


class IndicatorSpec(_Strict):
    id: str = Field(pattern=ID)
    section: str
    label: Label
    note: Label | None = None
    measures: list[str] = Field(min_length=1)
    rows: str | None = None
    combine: Literal["sum_by_key", "per_contributor"] = "per_contributor"
    reporters: list[str] = []
    expect_all: bool = False
    chart: ChartSpec | None = None
    checks: list[str] = []
    derived: dict[str, list[str]] = {}
    # Whether the rows add up into a total: true (counts over disjoint rows), false
    # (stocks, in/out flows, rows of different kinds), or the measures that do.
    adds_up: bool | list[str] = True


class CatalogFileSpec(_Strict):
    km_status: Literal["draft", "reviewed"] | None = None
    sections: list[SectionSpec] = []
    measures: dict[str, MeasureSpec] = {}
    codelists: dict[str, CodeListSpec] = {}
    indicators: list[IndicatorSpec] = []


