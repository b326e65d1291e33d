"""Translation round-trip: export to PO, import back; only translated fields change."""

from __future__ import annotations

import difflib
import errno
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncct_report import translations
from ncct_report.translations import export_catalog, import_po

from .conftest import run, write

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
    assert imported.stdout.splitlines()[-1] == "Updated 1 file; 0 entries skipped."
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


# --- hostile worksheets: refused whole, or written whole ----------------------------------

SUBMISSION = """\
# A note kept as it is.
contributor: prov-01
year: 2016
items:
  - section: A.1
    en: The committee met four times.
    km: ខ្មែរ ព្រាង
    km_status: draft
  # the second item
  - section: B.2
    en: >-
      Officials visited the border
      checkpoints twice.
source: test
"""
TRANSLATED = SUBMISSION.replace("ខ្មែរ ព្រាង\n    km_status: draft", "ការប្រជុំ\n    km_status: reviewed").replace(
    "checkpoints twice.\n", "checkpoints twice.\n    km: មន្ត្រី\n    km_status: reviewed\n"
)
FIRST, SECOND = "The committee met four times.", "Officials visited the border checkpoints twice."
DONE = [("2016/a.yaml#items/0", FIRST, "ការប្រជុំ"), ("2016/a.yaml#items/1", SECOND, "មន្ត្រី")]


def worksheet(path: Path, entries, *, project: str = "ncct-report narrative 2016", lang: str | None = "km") -> Path:
    """A PO worksheet as the export writes it: entries are (context, source, translation[, fuzzy])."""
    catalog = Catalog(locale=lang, project=project)
    for context, source, text, *fuzzy in entries:
        catalog.add(source, text, context=context, flags=["fuzzy"] if fuzzy and fuzzy[0] else [])
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


def tree(root: Path) -> dict[str, tuple[bool, bytes]]:
    """Every file under root (links not followed): is it a link, and its bytes or target."""
    return {
        str(p.relative_to(root)): (p.is_symlink(), os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
        for p in sorted(root.rglob("*")) if p.is_symlink() or p.is_file()
    }


def two_files(year_dir: Path) -> Path:
    """data/2016/a.yaml and b.yaml, the same submission; returns data/."""
    write(year_dir, "a.yaml", SUBMISSION)
    write(year_dir, "b.yaml", SUBMISSION.replace("prov-01", "prov-02"))
    return year_dir.parent


def test_the_export_names_its_year(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    catalog = export_catalog(2016, data, "km")
    assert catalog.project == "ncct-report narrative 2016"
    assert all(re.fullmatch(r"2016/[^/]+\.yaml#items/\d+", m.context) for m in catalog if m.id)


def test_a_file_that_cannot_be_read_stops_the_import_before_any_file_is_written(tmp_path, year_dir):
    data = two_files(year_dir)
    write(year_dir, "b.yaml", SUBMISSION + "items: [\n")  # broken after the export
    po = worksheet(tmp_path / "km.po", DONE + [("2016/b.yaml#items/0", FIRST, "ការប្រជុំ")])
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=r"b\.yaml: is not valid YAML"):
        import_po(po, data)
    assert tree(tmp_path) == before


def test_a_failed_write_puts_back_the_files_already_written(tmp_path, year_dir, monkeypatch):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", DONE + [("2016/b.yaml#items/0", FIRST, "ការប្រជុំ")])
    before = tree(tmp_path)
    real = translations.write_atomically
    calls = []

    def disk_full_on_b(path, content):
        calls.append(path.name)
        if path.name == "b.yaml" and calls.count("b.yaml") == 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, content)

    monkeypatch.setattr(translations, "write_atomically", disk_full_on_b)
    with pytest.raises(translations.TranslationImportError, match="b.yaml cannot be written .No space left on device.*no file was changed"):
        import_po(po, data)
    assert calls == ["a.yaml", "b.yaml", "a.yaml"]  # a written, b failed, a put back
    assert tree(tmp_path) == before


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_line_endings_and_the_last_newline_are_kept(tmp_path, year_dir, newline, final_newline):
    def as_file(text: str) -> bytes:
        text = text.replace("\n", newline)
        return (text if final_newline else text.removesuffix(newline)).encode("utf-8")

    write(year_dir, "a.yaml", as_file(SUBMISSION))
    result = import_po(worksheet(tmp_path / "km.po", DONE), year_dir.parent)
    assert result.updated == {str(year_dir / "a.yaml"): 2} and not result.skipped
    assert (year_dir / "a.yaml").read_bytes() == as_file(TRANSLATED)


def test_a_mixed_file_keeps_each_line_ending(tmp_path, year_dir):
    lines = SUBMISSION.splitlines(keepends=True)
    mixed = "".join(line.replace("\n", "\r\n") if i % 2 else line for i, line in enumerate(lines))
    write(year_dir, "a.yaml", mixed.encode("utf-8"))
    assert import_po(worksheet(tmp_path / "km.po", DONE[:1]), year_dir.parent).updated
    after = (year_dir / "a.yaml").read_bytes().decode("utf-8").splitlines(keepends=True)
    assert [line for line in after if "km" not in line] == [line for line in mixed.splitlines(keepends=True) if "km" not in line]
    assert [line.strip() for line in after if "km" in line] == ["km: ការប្រជុំ", "km_status: reviewed"]


PO_HEADER = 'msgid ""\nmsgstr ""\n"Project-Id-Version: ncct-report narrative 2016 VERSION\\n"\n"Language: km\\n"\n\n'
GOOD_ENTRY = 'msgctxt "2016/a.yaml#items/0"\nmsgid "The committee met four times."\nmsgstr "ការប្រជុំ"\n'


@pytest.mark.parametrize("content, problem", [
    (PO_HEADER + GOOD_ENTRY.replace('"ការប្រជុំ"', '"ការប្រជុំ'), r"line 8: the quoted text is not closed"),
    (PO_HEADER + GOOD_ENTRY.replace("msgid", "msgid_x"), r"line 7: 'msgid_x' is not a PO keyword"),
    (PO_HEADER + GOOD_ENTRY.replace('msgstr "ការប្រជុំ"\n', ""), r"line 6: this entry has no msgstr"),
    (PO_HEADER + GOOD_ENTRY + 'msgstr "again"\n', r"line 9: a second msgstr"),
    (PO_HEADER + '# stray\nmsgstr "ការប្រជុំ"\n' + GOOD_ENTRY, r"line 7: a msgstr without its msgid"),
    (PO_HEADER + 'msgstr "ការប្រជុំ"\n' + GOOD_ENTRY, r"line 6: a second msgstr in the entry that begins on line 1"),
    (PO_HEADER + GOOD_ENTRY + "\n" + GOOD_ENTRY.replace("ការប្រជុំ", "ផ្សេង"), r"line 10: this entry appears twice, with different texts \(also on line 6\)"),
    (PO_HEADER + GOOD_ENTRY.replace("msgid", '# a comment\nmsgid'), r"line 7: a comment inside the entry"),
    (PO_HEADER + GOOD_ENTRY + '# a comment\n"ការ"\n', r"line 10: a quoted text outside any entry"),
    (PO_HEADER + GOOD_ENTRY.replace('"ការប្រជុំ"', '"ការ" ប្រជុំ"'), r"line 8: there is text after the closing quote"),
    (PO_HEADER + GOOD_ENTRY.replace('"ការប្រជុំ"', '"ការ\\qប្រជុំ"'), r"line 8: \\q is not an escape"),
    (PO_HEADER + GOOD_ENTRY.replace("msgstr", 'msgid_plural "x"\nmsgstr[0]'), r"line 8: plural forms"),
    (PO_HEADER + "#-#-#-#-#  a.po  #-#-#-#-#\n" + GOOD_ENTRY, r"line 6: cannot parse po file with conflicts"),
    (SUBMISSION, r"line 2: 'contributor:' is not a PO keyword"),
    (bytes(range(256)), r"binary file \(line 1 has a NUL byte\)"),
    (b'# ok\nmsgid "\xff\xfe"\n', r"line 2 is not UTF-8 text"),
    (PO_HEADER.replace("Language: km", "POT-Creation-Date: yesterday") + GOOD_ENTRY, r"its header cannot be read"),
])
def test_a_malformed_po_file_is_refused_with_its_line(tmp_path, year_dir, content, problem):
    data = two_files(year_dir)
    po = write(tmp_path, "km.po", content)
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=problem) as refused:
        import_po(po, data)
    assert str(refused.value).startswith(f"{po} is not a PO worksheet")
    assert tree(tmp_path) == before


def test_the_command_refuses_a_malformed_po_file(tmp_path, year_dir):
    data = two_files(year_dir)
    po = write(tmp_path, "km.po", PO_HEADER + GOOD_ENTRY.replace('"ការប្រជុំ"', '"ការប្រជុំ'))
    result = run("translations", "import", po, "--data", data)
    assert result.exit_code == 1
    assert "Updated" not in result.output and "line 8: the quoted text is not closed" in result.output
    assert (year_dir / "a.yaml").read_text(encoding="utf-8") == SUBMISSION


@pytest.mark.parametrize("content", ["", "# nothing yet\n", PO_HEADER, PO_HEADER.replace("2016", "PROJECT")])
def test_a_valid_po_file_without_entries_has_nothing_to_do(tmp_path, year_dir, content):
    data = two_files(year_dir)
    po = write(tmp_path, "km.po", content)
    before = tree(tmp_path)
    assert import_po(po, data) == translations.ImportResult()
    assert tree(tmp_path) == before


def test_identical_entries_twice_are_one(tmp_path, year_dir):
    data = two_files(year_dir)
    po = write(tmp_path, "km.po", PO_HEADER + GOOD_ENTRY + "\n#. a comment\n" + GOOD_ENTRY)
    assert import_po(po, data).updated == {str(year_dir / "a.yaml"): 1}


def test_an_entry_of_another_year_is_refused(tmp_path, year_dir):
    data = two_files(year_dir)
    write(data / "2015", "a.yaml", SUBMISSION.replace("2016", "2015"))
    po = worksheet(tmp_path / "km.po", DONE + [("2015/a.yaml#items/0", FIRST, "ការប្រជុំ")])
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=r"2015/a\.yaml#items/0: an entry for 2015 in a worksheet for 2016"):
        import_po(po, data)
    assert tree(tmp_path) == before


def test_a_worksheet_of_another_year_is_refused(tmp_path, year_dir):
    data = two_files(year_dir)
    write(data / "2015", "a.yaml", SUBMISSION.replace("2016", "2015"))
    po = worksheet(tmp_path / "km.po", DONE)
    unnamed = worksheet(tmp_path / "unnamed.po", [("2015/a.yaml#items/0", FIRST, "ការប្រជុំ")], project="PROJECT")
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match="is a worksheet for 2016, not 2015"):
        import_po(po, data, year=2015)
    with pytest.raises(translations.TranslationImportError, match=r"2015/a\.yaml#items/0: an entry for 2015 in a worksheet for 2016"):
        import_po(unnamed, data, year=2016)
    assert tree(tmp_path) == before


def test_the_year_comes_from_the_header_or_the_caller(tmp_path, year_dir):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", DONE, project="PROJECT")
    with pytest.raises(translations.TranslationImportError, match="does not say which year it is for"):
        import_po(po, data)
    assert import_po(po, data, year=2016).updated == {str(year_dir / "a.yaml"): 2}


@pytest.mark.parametrize("context", [
    "a.yaml#items/0", "2016/a.yaml", "2016/a.yaml#items/x", "2016/a.yaml#items/-1", "2016/a.yaml#items/１",
    "16/a.yaml#items/0", "2016/a.yaml#items/0 ", "2016/a\x1b[2J.yaml#items/0",
])
def test_a_context_that_does_not_parse_is_refused(tmp_path, year_dir, context):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", DONE + [(context, FIRST, "ការប្រជុំ")])
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=r"line \d+: the context .* is not YEAR/FILE\.yaml#items/N") as refused:
        import_po(po, data)
    assert "\x1b" not in str(refused.value)
    assert tree(tmp_path) == before


def test_an_entry_without_context_is_refused(tmp_path, year_dir):
    data = two_files(year_dir)
    po = write(tmp_path, "km.po", PO_HEADER + 'msgid "The committee met four times."\nmsgstr "ការប្រជុំ"\n')
    with pytest.raises(translations.TranslationImportError, match="line 6: the entry 'The committee met four times.' has no msgctxt"):
        import_po(po, data)


@pytest.mark.parametrize("context, problem", [
    ("2016/link.yaml#items/0", r"2016/link\.yaml#items/0: .*link\.yaml is a link to another place"),
    ("2016/../../outside.yaml#items/0", r"the context '2016/\.\./\.\./outside\.yaml#items/0' is not"),
    ("2016/..#items/0", r"2016/\.\.#items/0: \.\. is not a submission file"),
    ("2016/sub/c.yaml#items/0", r"the context '2016/sub/c\.yaml#items/0' is not"),
    ("2016/notes.txt#items/0", r"2016/notes\.txt#items/0: notes\.txt is not a submission file"),
    ("2016/.hidden.yaml#items/0", r"\.hidden\.yaml is not a submission file"),
    ("2016/folder.yaml#items/0", r"2016/folder\.yaml#items/0: .*folder\.yaml is not a regular file"),
])
def test_only_regular_files_directly_in_the_year_folder_are_written(tmp_path, year_dir, context, problem):
    data = two_files(year_dir)
    write(tmp_path, "outside.yaml", SUBMISSION)
    (year_dir / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    write(year_dir / "sub", "c.yaml", SUBMISSION)
    write(year_dir, "notes.txt", SUBMISSION)
    write(year_dir, ".hidden.yaml", SUBMISSION)
    (year_dir / "folder.yaml").mkdir()
    po = worksheet(tmp_path / "km.po", DONE + [(context, FIRST, "ការប្រជុំ")])
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=problem):
        import_po(po, data)
    assert tree(tmp_path) == before


def test_a_linked_year_folder_is_not_written(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "a.yaml", SUBMISSION)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "2016").symlink_to(elsewhere)
    po = worksheet(tmp_path / "km.po", DONE)
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match="2016 is a link"):
        import_po(po, tmp_path / "data")
    assert tree(tmp_path) == before


def test_the_command_does_not_follow_a_linked_submission(tmp_path, year_dir):
    data = two_files(year_dir)
    write(tmp_path, "outside.yaml", SUBMISSION)
    (year_dir / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    po = worksheet(tmp_path / "km.po", [("2016/link.yaml#items/0", FIRST, "ការប្រជុំ")])
    result = run("translations", "import", po, "--data", data)
    assert result.exit_code == 1 and "link.yaml is a link" in result.output
    assert (year_dir / "link.yaml").is_symlink()
    assert (tmp_path / "outside.yaml").read_text(encoding="utf-8") == SUBMISSION


def test_a_control_character_in_a_translation_is_refused(tmp_path, year_dir):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", [("2016/a.yaml#items/0", FIRST, "ការ\x1b[31mប្រជុំ")])
    before = tree(tmp_path)
    with pytest.raises(translations.TranslationImportError, match=r"2016/a\.yaml#items/0: the translation contains U\+001B ESCAPE"):
        import_po(po, data)
    assert tree(tmp_path) == before


def test_a_missing_file_or_a_changed_source_is_skipped_and_the_rest_written(tmp_path, year_dir):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", DONE + [
        ("2016/gone.yaml#items/0", FIRST, "ការប្រជុំ"),
        ("2016/b.yaml#items/0", "Another text", "ការប្រជុំ"),
        ("2016/b.yaml#items/7", FIRST, "ការប្រជុំ"),
    ])
    result = import_po(po, data)
    assert result.updated == {str(year_dir / "a.yaml"): 2}
    assert len(result.skipped) == 3
    assert "2016/gone.yaml#items/0: " in str(result.skipped[0]) and "does not exist" in str(result.skipped[0])
    assert all("the en text changed since the export" in str(s) for s in result.skipped[1:])
    assert (year_dir / "b.yaml").read_text(encoding="utf-8") == SUBMISSION.replace("prov-01", "prov-02")


def test_the_result_says_which_entries_were_left_fuzzy_or_untranslated(tmp_path, year_dir):
    data = two_files(year_dir)
    po = worksheet(tmp_path / "km.po", [
        ("2016/a.yaml#items/0", FIRST, "ការប្រជុំ", True),  # translated, still a draft
        ("2016/a.yaml#items/1", SECOND, ""),
        ("2016/b.yaml#items/0", FIRST, "", True),
        ("2016/b.yaml#items/1", SECOND, "មន្ត្រី"),
    ])
    result = import_po(po, data)
    assert result.left_fuzzy == ["2016/a.yaml#items/0"]
    assert result.untranslated == 2
    assert result.updated == {str(year_dir / "b.yaml"): 1} and result.skipped == []
    assert (year_dir / "a.yaml").read_text(encoding="utf-8") == SUBMISSION


def test_an_english_worksheet_writes_en(tmp_path, year_dir):
    write(year_dir, "a.yaml", "contributor: prov-01\nitems:\n  - section: A.1\n    km: ការប្រជុំ\n    km_status: reviewed\n")
    po = worksheet(tmp_path / "en.po", [("2016/a.yaml#items/0", "ការប្រជុំ", "The meeting.")], lang="en")
    assert import_po(po, year_dir.parent).updated == {str(year_dir / "a.yaml"): 1}
    assert (year_dir / "a.yaml").read_text(encoding="utf-8").endswith("    km: ការប្រជុំ\n    en: The meeting.\n    km_status: reviewed\n")
    with pytest.raises(translations.TranslationImportError, match="language 'fr'"):
        import_po(worksheet(tmp_path / "fr.po", [("2016/a.yaml#items/0", "ការប្រជុំ", "La réunion.")], lang="fr"), year_dir.parent)


# --- fuzz: nothing but TranslationImportError, and no write unless the entry is valid ----

FUZZ_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD_CONTEXTS = ["2016/a.yaml#items/0", "2016/a.yaml#items/1", "2016/a.yaml#items/2", "2016/b.yaml#items/0", "2016/b.yaml#items/1", "2016/gone.yaml#items/0"]
BAD_CONTEXTS = [
    "2016/link.yaml#items/0", "2016/sub/c.yaml#items/0", "2015/a.yaml#items/0", "2016/../outside.yaml#items/0",
    "2016/a.yaml", "", "2016/a.yaml#items/01", "2016/sub#items/0", "2016/.#items/0",
]
contexts = st.one_of(st.sampled_from(GOOD_CONTEXTS), st.sampled_from(GOOD_CONTEXTS), st.sampled_from(GOOD_CONTEXTS), st.sampled_from(BAD_CONTEXTS), st.text(max_size=30))
SOURCES = [FIRST, SECOND, FIRST, SECOND, "ខ្មែរ ព្រាង", "Another text", "The committee met four times. "]
TEXTS = ["ការប្រជុំ", "", "  ", "ក\nខ", "bell\a", 'q"uote', "true", "- x", "# not a comment", "ពាក្យ " * 30, "a: b", "\\", "'", "ក: ខ #"]
texts = st.one_of(st.sampled_from(TEXTS), st.sampled_from(TEXTS), st.text(max_size=30))


def _fuzz_tree(root: Path) -> Path:
    data = root / "data"
    write(data / "2016", "a.yaml", SUBMISSION)
    write(data / "2016", "b.yaml", SUBMISSION.replace("\n", "\r\n").removesuffix("\r\n").replace("\r\nsource: test", ""))
    write(data / "2016" / "sub", "c.yaml", SUBMISSION)
    write(data / "2015", "a.yaml", SUBMISSION)
    write(root, "outside.yaml", SUBMISSION)
    (data / "2016" / "link.yaml").symlink_to(root / "outside.yaml")
    return data


def _check_import(po_bytes: bytes, year: int | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = _fuzz_tree(root)
        po = write(root, "ws.po", po_bytes)
        before = tree(root)
        try:
            result = import_po(po, data, year=year)
        except translations.TranslationImportError:
            assert tree(root) == before
            return
        after = tree(root)
        assert after.keys() == before.keys()  # no file added (or temporary file left), none removed
        changed = sorted(name for name in before if after[name] != before[name])
        assert changed == sorted(str(Path(p).relative_to(root)) for p in result.updated)
        if not changed:
            return
        catalog = read_po(io.BytesIO(po_bytes))
        named = re.fullmatch(r"ncct-report narrative (\d{4})( .*)?", f"{catalog.project} {catalog.version}")
        assert named is None or year is None or int(named.group(1)) == year
        sheet_year = int(named.group(1)) if named else year
        lang = (catalog.locale_identifier or "km")[:2]
        source = "en" if lang == "km" else "km"
        for name in changed:
            assert name in (f"data/{sheet_year}/a.yaml", f"data/{sheet_year}/b.yaml")
            old, new = (yaml.safe_load(v[1].decode("utf-8")) for v in (before[name], after[name]))
            assert {k: v for k, v in old.items() if k != "items"} == {k: v for k, v in new.items() if k != "items"}
            assert len(old["items"]) == len(new["items"])
            for index, (was, now) in enumerate(zip(old["items"], new["items"])):
                if was == now:
                    continue
                entries = [m for m in catalog if m.context == f"{sheet_year}/{Path(name).name}#items/{index}" and not m.fuzzy]
                assert any(
                    m.id == was[source].strip() and now == {**was, lang: m.string.strip(), **({"km_status": "reviewed"} if lang == "km" else {})}
                    for m in entries
                ), (name, index, was, now)
            ending = b"\r\n" if name.endswith("b.yaml") else b"\n"
            assert after[name][1].count(b"\n") == after[name][1].count(ending)
            assert after[name][1].endswith(b"\n") == before[name][1].endswith(b"\n")


@FUZZ_SETTINGS
@given(st.binary(max_size=600))
def test_fuzz_random_bytes(po_bytes):
    _check_import(po_bytes)


def _entry(context: str, source: str, text: str, fuzzy: bool) -> str:
    from babel.messages.pofile import escape

    return f"{'#, fuzzy' if fuzzy else '#. comment'}\nmsgctxt {escape(context)}\nmsgid {escape(source)}\nmsgstr {escape(text)}\n"


entries = st.builds(_entry, contexts, st.sampled_from(SOURCES), texts, st.booleans())
po_lines = st.one_of(
    entries, entries, entries,
    st.sampled_from([
        'msgid "abc', 'msgstr', '"', '"continued"', '#, fuzzy', '#~ msgid "x"', '#~ msgstr "y"', 'msgid_plural "x"',
        'msgstr[0] "x"', '"\\q"', "#-#-#-#-#", "", "msgctxt", 'msgctxt "2016/a.yaml#items/0"', f'msgid "{FIRST}"',
        'msgstr "ការ"', "\t", "\r", "\x00", "\ufeff", '"Language: en\\n"', '"Project-Id-Version: x\\n"',
    ]),
    st.text(max_size=30),
)
headers = st.one_of(st.just(PO_HEADER), st.sampled_from(["", PO_HEADER.replace("2016", "2015"), PO_HEADER.replace("km", "en"), PO_HEADER.replace("2016 ", "")]))


@FUZZ_SETTINGS
@given(headers, st.lists(po_lines, max_size=12), st.sampled_from(["\n", "\r\n"]), st.sampled_from([None, 2016, 2015]))
def test_fuzz_po_like_text(header, lines, newline, year):
    _check_import((header + "\n".join(lines)).replace("\n", newline).encode("utf-8", "surrogatepass"), year)


@FUZZ_SETTINGS
@given(
    st.one_of(st.just("ncct-report narrative 2016"), st.sampled_from(["ncct-report narrative 2015", "PROJECT", "ncct-report narrative"])),
    st.one_of(st.just("km"), st.sampled_from(["en", "km_KH", "fr", None])),
    st.lists(st.tuples(contexts, st.one_of(st.sampled_from(SOURCES), st.text(min_size=1, max_size=30)), texts, st.booleans()), max_size=6, unique_by=lambda e: e[0]),
    st.sampled_from([None, 2016]),
)
def test_fuzz_random_catalogs(project, lang, entries, year):
    with tempfile.TemporaryDirectory() as folder:
        po = worksheet(Path(folder) / "ws.po", entries, project=project, lang=lang)
        _check_import(po.read_bytes(), year)


@FUZZ_SETTINGS
@given(
    st.lists(st.tuples(st.sampled_from(GOOD_CONTEXTS), st.sampled_from(SOURCES), texts, st.booleans()), max_size=5, unique_by=lambda e: e[0]),
    st.sampled_from(["km", "km", "en"]),
)
def test_fuzz_worksheets_of_the_right_year(entries, lang):
    with tempfile.TemporaryDirectory() as folder:
        po = worksheet(Path(folder) / "ws.po", entries, lang=lang)
        _check_import(po.read_bytes())
