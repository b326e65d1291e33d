"""Translation round-trip: export to PO, import back; only translated fields change."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from ncct_report.translations import export_catalog

from .conftest import run

DATA = Path(__file__).parent.parent / "data"
KHMER = re.compile("[\u1780-\u17ff]")


def test_export_import_changes_only_the_translated_items(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    po = tmp_path / "km.po"
    exported = run("translations", "export", "2016", "--lang", "km", "--data", data, "--out", po)
    assert exported.exit_code == 0
    with po.open("rb") as handle:
        catalog = read_po(handle)
    chosen = [m for m in catalog if m.id and m.context and m.context.startswith("2016/prov-02.yaml")][:2]
    assert len(chosen) == 2
    for message in chosen:
        message.string = "ការបកប្រែដែលបានពិនិត្យ " + message.context
        message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    before = {p.name: p.read_bytes() for p in (data / "2016").iterdir()}

    imported = run("translations", "import", po, "--data", data)
    assert imported.exit_code == 0, imported.stdout
    assert imported.stdout.splitlines()[-1] == "Updated 1 files; 0 entries skipped."
    after = {p.name: p.read_bytes() for p in (data / "2016").iterdir()}
    assert [name for name in before if before[name] != after[name]] == ["prov-02.yaml"]

    old = before["prov-02.yaml"].decode("utf-8").splitlines()
    new = after["prov-02.yaml"].decode("utf-8").splitlines()
    edits = [op for op in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(edits) == 2  # one place per translated item; every other line is byte-identical
    for _, a1, a2, b1, b2 in edits:
        assert all(KHMER.search(line) or line.strip() in ("km_status: draft", "km: >-") for line in old[a1:a2])
        assert all("ការបកប្រែដែលបានពិនិត្យ" in line or line.strip() in ("km_status: reviewed", "km: >-") for line in new[b1:b2])
    # and the two items are now reviewed, so a new export no longer asks for them
    remaining = {m.context for m in export_catalog(2016, data, "km") if m.id}
    assert not {m.context for m in chosen} & remaining


def test_fuzzy_or_empty_entries_are_not_imported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    po = tmp_path / "km.po"
    run("translations", "export", "2016", "--data", data, "--out", po)
    before = {p.name: p.read_bytes() for p in (data / "2016").iterdir()}
    result = run("translations", "import", po, "--data", data)  # every entry is still fuzzy
    assert result.stdout.splitlines()[-1] == "Updated 0 files; 0 entries skipped."
    assert {p.name: p.read_bytes() for p in (data / "2016").iterdir()} == before


def test_a_source_text_changed_since_export_is_skipped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    po = tmp_path / "km.po"
    run("translations", "export", "2016", "--data", data, "--out", po)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    message = next(m for m in catalog if m.id and m.context.startswith("2016/prov-02.yaml"))
    message.id, message.string = "Some other English text", "អត្ថបទ"
    message.flags.discard("fuzzy")
    catalog.delete(message.id, context=message.context)
    catalog.add("Some other English text", "អត្ថបទ", context=message.context)
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = run("translations", "import", po, "--data", data)
    assert result.exit_code == 1
    assert "the en text changed since the export" in result.stdout
