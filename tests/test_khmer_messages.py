"""The command line in Khmer: every refusal, error and listing a user can meet says
itself in Khmer with --lang km (ids, paths, commands and the system's own words
aside), and no English-only message can be added to the package unnoticed."""

from __future__ import annotations

import ast
import datetime as dt
import errno
import re
from pathlib import Path

import pytest

from ncct_report import reference
from ncct_report.errors import OS_HINTS, NcctError, os_error_message, unexpected_message

from .conftest import FIXTURES, run, write
from .test_translations import worksheet

PACKAGE = Path(__file__).resolve().parent.parent / "ncct_report"
GOOD = FIXTURES / "good"
KHMER = re.compile("[\u1780-\u17ff]")
EXAMPLE_LINE = re.compile(r"^  [ >]\s*\d+ \| ")  # `ncct explain`: the example file's own lines


def km(*args):
    return run("--lang", "km", *args)


SUBMISSION = "contributor: prov-01\nyear: 2016\nitems:\n  - section: A.1\n    en: The committee met.\n  - section: B.2\n    en: Officials visited.\n"


def two_files(tmp: Path) -> Path:
    """data/2016/a.yaml and b.yaml, each with two narrative items; returns data/."""
    write(tmp / "data" / "2016", "a.yaml", SUBMISSION)
    write(tmp / "data" / "2016", "b.yaml", SUBMISSION.replace("prov-01", "prov-02"))
    return tmp / "data"


# --- the cases: (arguments, exit code, an exact Khmer line or None, lines that need no Khmer) -------


def out_is_a_files_child(tmp, monkeypatch):
    afile = write(tmp, "afile", "x\n")
    said = f"កំហុស៖ {afile} ជាឯកសារ មិនមែនជាថតទេ៖ មិនអាចដាក់លទ្ធផលក្នុង {afile / 'out'} បានទេ។ សូមផ្តល់ថតមួយឱ្យ --out។"
    return ("export", "--years", "2016", "--data", GOOD, "--out", afile / "out"), 1, said


def out_holds_other_files(tmp, monkeypatch):
    write(tmp / "out", "notes.txt", "mine\n")
    return ("export", "--years", "2016", "--data", GOOD, "--out", tmp / "out"), 1, None


def out_is_a_link(tmp, monkeypatch):
    (tmp / "real").mkdir()
    (tmp / "out").symlink_to(tmp / "real")
    return ("export", "--years", "2016", "--data", GOOD, "--out", tmp / "out"), 1, None


def year_folder_is_a_file(tmp, monkeypatch):
    write(tmp / "data", "2016", "x\n")
    said = f"កំហុស៖ {tmp / 'data' / '2016'} ជាឯកសារ មិនមែនជាថតទេ៖ ឯកសាររបាយការណ៍ឆ្នាំ2016 ត្រូវដាក់ក្នុងថតដែលមានឈ្មោះនោះ។"
    return ("status", "2016", "--data", tmp / "data"), 1, said


def year_folder_is_a_link(tmp, monkeypatch):
    (tmp / "data").mkdir()
    (tmp / "data" / "2016").symlink_to(GOOD / "2016")
    return ("status", "2016", "--data", tmp / "data"), 1, None


def no_data_for_the_year(tmp, monkeypatch):
    return ("status", "2017", "--data", tmp), 1, None


def _form(tmp) -> Path:
    from ncct_report.reference import load_reference
    from ncct_report.spreadsheet import contributor_workbook

    catalog, registry = load_reference()
    form = tmp / "2017" / "prov-02.xlsx"
    form.parent.mkdir()
    form.write_bytes(contributor_workbook(registry["prov-02"], 2017, None, catalog, generated=dt.date(2018, 1, 2)))
    return form


def import_refuses_to_overwrite(tmp, monkeypatch):
    form = _form(tmp)
    write(form.parent, "prov-02.yaml", "year: 2017\n")
    return ("import", form), 1, None


def import_refuses_a_link(tmp, monkeypatch):
    form = _form(tmp)
    (form.parent / "prov-02.yaml").symlink_to(tmp / "elsewhere.yaml")
    return ("import", form), 1, None


def translations_import_of_a_binary_file(tmp, monkeypatch):
    path = write(tmp, "km.po", bytes(range(256)))
    said = f"កំហុស៖ {path} មិនមែនជាឯកសារ PO សម្រាប់បកប្រែទេ៖ វាជាឯកសារ binary (បន្ទាត់ទី1 មានបៃ NUL)"
    return ("translations", "import", path), 1, said


def translations_import_of_a_text_file(tmp, monkeypatch):
    return ("translations", "import", write(tmp, "notes.txt", "hello\n")), 1, None


def translations_import_of_another_year(tmp, monkeypatch):
    po = worksheet(tmp / "km.po", [("2016/a.yaml#items/0", "The committee met.", "ការប្រជុំ")])
    return ("translations", "import", po, "--data", two_files(tmp), "--year", "2015"), 1, None


def translations_import_of_another_language(tmp, monkeypatch):
    po = worksheet(tmp / "fr.po", [("2016/a.yaml#items/0", "The committee met.", "Le comité")], lang="fr")
    return ("translations", "import", po, "--data", two_files(tmp)), 1, None


def translations_import_without_a_year(tmp, monkeypatch):
    po = worksheet(tmp / "km.po", [("2016/a.yaml#items/0", "The committee met.", "ការប្រជុំ")], project="something")
    return ("translations", "import", po, "--data", two_files(tmp)), 1, None


def translations_import_refused_entry_by_entry(tmp, monkeypatch):
    data = two_files(tmp)
    (data / "2016" / "c.yaml").symlink_to(data / "2016" / "a.yaml")
    po = worksheet(tmp / "km.po", [
        ("2015/a.yaml#items/0", "The committee met.", "ការប្រជុំ"),
        ("somewhere", "The committee met.", "ការប្រជុំ"),
        ("2016/c.yaml#items/0", "The committee met.", "ការប្រជុំ"),
        ("2016/notes.txt#items/0", "The committee met.", "ការប្រជុំ"),
        ("2016/a.yaml#items/0", "The committee met.", "ការ\x1bប្រជុំ"),
    ])
    return ("translations", "import", po, "--data", data), 1, None


def translations_import_result(tmp, monkeypatch):
    data = two_files(tmp)
    po = worksheet(tmp / "km.po", [
        ("2016/a.yaml#items/0", "The committee met.", "ការប្រជុំ"),
        ("2016/a.yaml#items/1", "Officials visited.", "មន្ត្រី", True),
        ("2016/b.yaml#items/0", "The committee met.", ""),
        ("2016/b.yaml#items/1", "Something else.", "ផ្សេង"),
        ("2016/gone.yaml#items/0", "The committee met.", "ការប្រជុំ"),
    ])
    return ("translations", "import", po, "--data", data), 1, "បានធ្វើបច្ចុប្បន្នភាព ឯកសារ ១ និងបានរំលង ធាតុ ២។"


def translations_export(tmp, monkeypatch):
    return ("translations", "export", "2016", "--data", two_files(tmp), "--out", tmp / "t.po"), 0, f"បានសរសេរ អត្ថបទ ៤ ដែលត្រូវបកប្រែទៅជា km ទៅក្នុង {tmp / 't.po'}។"


def translations_export_to_another_language(tmp, monkeypatch):
    return ("translations", "export", "2016", "--lang", "fr", "--data", GOOD), 2, None


def contributors_of_a_kind_that_is_not_one(tmp, monkeypatch):
    said = "កំហុស៖ តម្លៃមិនត្រឹមត្រូវសម្រាប់ --kind៖ 'x' មិនមែនជាប្រភេទទេ៖ សូមប្រើប្រភេទមួយក្នុងចំណោម ministry, institution, province, ngo, secretariat។"
    return ("contributors", "--kind", "x"), 2, said


def contributors(tmp, monkeypatch):
    return ("contributors", "--kind", "province"), 0, "prov-02                      province     បាត់ដំបង / Battambang"


def explain(tmp, monkeypatch):
    return ("explain", "NCCT101"), 0, "NCCT101 (កំហុស): ខ្វះវាលដែលតម្រូវ"


def explain_a_code_that_is_not_one(tmp, monkeypatch):
    return ("explain", "999"), 2, None


def findings(tmp, monkeypatch):
    return ("findings",), 0, "NCCT001  កំហុស      មិនមែនជាឯកសារអត្ថបទ"


def indicators(tmp, monkeypatch):
    return ("indicators", "--section", "B"), 0, "    ជួរឈរ៖ events (ចំនួនលើក), participants (អ្នកចូលរួម), female (ស្រី)"


def indicators_of_a_section_that_is_not_one(tmp, monkeypatch):
    return ("indicators", "--section", "Z"), 2, None


def sections(tmp, monkeypatch):
    return ("sections",), 0, "I              ទិដ្ឋភាពទូទៅ / General overview"


def code_lists(tmp, monkeypatch):
    return ("codes",), 0, "month                         កូដ ១២  ខែ"


def codes_of_a_list(tmp, monkeypatch):
    return ("codes", "month"), 0, "jan  មករា / January / Jan / 1 / 01 / ខែមករា"


def codes_of_a_list_that_is_not_one(tmp, monkeypatch):
    return ("codes", "countri"), 2, None


def schema_written(tmp, monkeypatch):
    return ("schema", "--out", tmp / "s.json"), 0, f"បានសរសេរ {tmp / 's.json'}"


def schema_into_a_folder(tmp, monkeypatch):
    return ("schema", "--out", tmp), 1, f"កំហុស៖ មិនអាចប្រើ {tmp} បានទេ៖ Is a directory (មានថតមួយដែលមានឈ្មោះនោះ សូមផ្តល់ឈ្មោះឯកសារមួយ)។"


def validate_a_path_that_does_not_exist(tmp, monkeypatch):
    return ("validate", tmp / "missing.yaml"), 2, f"កំហុស៖ តម្លៃមិនត្រឹមត្រូវសម្រាប់ 'PATH'៖ '{tmp / 'missing.yaml'}' មិនមានទេ។"


def validate_in_a_format_that_is_not_one(tmp, monkeypatch):
    return ("validate", "--format", "xml", tmp), 2, "កំហុស៖ តម្លៃមិនត្រឹមត្រូវសម្រាប់ '--format'៖ 'xml' មិនមែនជាតម្លៃមួយក្នុងចំណោម 'human', 'json' ទេ។"


def a_year_missing(tmp, monkeypatch):
    return ("status",), 2, "សូមវាយ 'ncct status -h' ដើម្បីមើលជំនួយ។"


def a_command_that_is_not_one(tmp, monkeypatch):
    return ("valid",), 2, "កំហុស៖ គ្មានពាក្យបញ្ជា 'valid' ទេ។ តើអ្នកចង់សរសេរ 'validate' មែនទេ?"


def an_option_that_is_not_one(tmp, monkeypatch):
    return ("validate", "--bogus", tmp), 2, "កំហុស៖ គ្មានជម្រើស --bogus ទេ។"


def one_value_too_many(tmp, monkeypatch):
    return ("status", "2016", "2017"), 2, "កំហុស៖ តម្លៃច្រើនពេក៖ 2017 លើសពីអ្វីដែលពាក្យបញ្ជានេះទទួលយក។"


def build_final_and_skip_invalid(tmp, monkeypatch):
    return ("build", "2016", "--data", GOOD, "--out", tmp / "out", "--format", "json", "--final", "--skip-invalid"), 1, None


def build_final_refused(tmp, monkeypatch):
    return ("build", "2016", "--data", GOOD, "--out", tmp / "out", "--format", "json", "--final"), 1, "កំហុស៖ ជម្រើស --final បដិសេធមិនរៀបចំរបាយការណ៍ឆ្នាំ2016 ទេ៖"


def export_with_a_publication_file_that_cannot_be_used(tmp, monkeypatch):
    import shutil

    shutil.copytree(GOOD / "2016", tmp / "data" / "2016")
    write(tmp / "data", "publication.yaml", "colour: red\n")
    return ("export", "--years", "2016", "--data", tmp / "data", "--out", tmp / "out"), 1, None


def registry_that_is_not_a_file(tmp, monkeypatch):
    monkeypatch.setenv("NCCT_REGISTRY", str(tmp / "registry.yaml"))
    return ("contributors",), 1, None


def unexpected_problem(tmp, monkeypatch):
    from ncct_report import schema

    def broken() -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "schema_text", broken)
    return ("schema",), 1, None


CASES = [
    out_is_a_files_child, out_holds_other_files, out_is_a_link, year_folder_is_a_file, year_folder_is_a_link, no_data_for_the_year,
    import_refuses_to_overwrite, import_refuses_a_link,
    translations_import_of_a_binary_file, translations_import_of_a_text_file, translations_import_of_another_year,
    translations_import_of_another_language, translations_import_without_a_year, translations_import_refused_entry_by_entry,
    translations_import_result, translations_export, translations_export_to_another_language,
    contributors_of_a_kind_that_is_not_one, contributors, explain, explain_a_code_that_is_not_one, findings, indicators,
    indicators_of_a_section_that_is_not_one, sections, code_lists, codes_of_a_list, codes_of_a_list_that_is_not_one,
    schema_written, schema_into_a_folder, validate_a_path_that_does_not_exist, validate_in_a_format_that_is_not_one,
    a_year_missing, a_command_that_is_not_one, an_option_that_is_not_one, one_value_too_many,
    build_final_and_skip_invalid, build_final_refused, export_with_a_publication_file_that_cannot_be_used,
    registry_that_is_not_a_file, unexpected_problem,
]


@pytest.fixture
def fresh_reference():
    reference.load_reference.cache_clear()
    yield
    reference.load_reference.cache_clear()


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_every_message_and_listing_is_khmer_with_lang_km(case, tmp_path, monkeypatch, fresh_reference):
    args, code, exact = case(tmp_path, monkeypatch)
    result = km(*args)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.exit_code == code, result.stdout + result.stderr
    assert lines, "nothing was said"
    assert "Traceback" not in result.stdout + result.stderr
    for line in lines:
        if EXAMPLE_LINE.match(line) and case is explain:
            continue  # the lines of the example file, as it is written
        assert KHMER.search(line), f"an English line: {line!r}"
    if exact is not None:
        assert exact in lines, "\n".join(lines)


def test_the_khmer_words_of_a_refusal_and_its_details(tmp_path, fresh_reference):
    args, _, _ = translations_import_refused_entry_by_entry(tmp_path, None)
    lines = km(*args).stderr.splitlines()
    po = tmp_path / "km.po"
    assert lines[0] == f"កំហុស៖ {po} មិនត្រូវបាននាំចូលទេ ហើយគ្មានឯកសារណាមួយត្រូវបានផ្លាស់ប្តូរទេ៖"
    assert "  2015/a.yaml#items/0៖ ធាតុសម្រាប់ឆ្នាំ2015 នៅក្នុងឯកសារ PO សម្រាប់ឆ្នាំ2016" in lines
    assert any(line.startswith("  2016/a.yaml#items/0៖ ការបកប្រែមាន U+001B ESCAPE") for line in lines)
    english = run(*args).stderr.splitlines()  # the same refusal in English, word for word as before
    assert english[0] == f"error: {po} was not imported, no file was changed:"
    assert "  2015/a.yaml#items/0: an entry for 2015 in a worksheet for 2016" in english
    assert len(english) == len(lines)


def test_counts_are_in_khmer_digits_and_the_names_in_khmer(tmp_path, fresh_reference):
    result = km("build", "2016", "--data", GOOD, "--out", tmp_path / "out", "--format", "json", "--final")
    lines = result.stderr.splitlines()
    assert lines[1].startswith("  អ្នករាយការណ៍ដែលរំពឹងទុកចំនួន ២៤ មិនទាន់បានរាយការណ៍ទេ៖ ")
    assert "បន្ទាយមានជ័យ" in lines[1] and "Banteay Meanchey" not in lines[1]
    assert lines[-1].startswith("សូមរៀបចំដោយគ្មាន --final ដើម្បីបានសេចក្តីព្រាង ហើយ `ncct status 2016` ")


@pytest.mark.parametrize("number", sorted(OS_HINTS) + [errno.EIO])
def test_every_operating_system_error_says_what_to_do_in_khmer(number):
    problem = OSError(number, "Some system words", "/some/path")
    english = os_error_message(problem)
    assert english.startswith("cannot use /some/path: Some system words (") and english.endswith(").")
    said = os_error_message(problem, "km")
    assert said.startswith("មិនអាចប្រើ /some/path បានទេ៖ Some system words (") and said.endswith(")។")
    assert KHMER.search(said.split("(", 1)[1])
    assert os_error_message(OSError(number, "Some system words"), "km").startswith("មិនអាចបន្តបានទេ៖ ")


def test_an_unexpected_problem_is_one_paragraph_in_both_languages():
    english = unexpected_message(RuntimeError("boom"), "schema")
    assert english.startswith("ncct stopped on an unexpected problem while running `ncct schema` (RuntimeError: boom). ")
    assert unexpected_message(RuntimeError("boom"), "schema", "km").startswith(
        "ncct បានឈប់ដោយសារបញ្ហាដែលមិនបានរំពឹងទុក ខណៈពេលកំពុងដំណើរការ `ncct schema` (RuntimeError: boom)។ ")


def test_an_error_is_its_english_text_and_shown_in_khmer_at_the_boundary():
    from ncct_report.findings import message
    from ncct_report.i18n import N_

    error = NcctError(message(N_("%(file)s cannot be used: %(problems)s."), file=Path("a/b.yaml"), problems="x"), "detail")
    assert str(error) == "a/b.yaml cannot be used: x.\n  detail"
    assert error.text("km") == "មិនអាចប្រើ a/b.yaml បានទេ៖ x។\n  detail"
    assert NcctError("plain").text("km") == "plain"


def test_english_usage_errors_are_the_command_line_librarys_own():
    result = run("contributors", "--kind", "x")
    assert result.stderr.splitlines()[-3:] == [
        "Try 'ncct contributors -h' for help.",
        "",
        "Error: Invalid value for --kind: 'x' is not a kind; use one of: ministry, institution, province, ngo, secretariat.",
    ]


# --- no English-only message in the package ------------------------------------------------

# Where text reaches the user: printing, refusing a parameter, and raising an NcctError
# (or a subclass). Text there must come through _() / N_() / message() (translated where
# shown), or hold no words (ids, paths, numbers, punctuation).
SHOWN_BY = {"echo", "print", "status", "Text", "BadParameter"}  # and status.update (the progress line)
TRANSLATED = {"_", "N_", "counted", "number", "gettext", "ngettext", "message"}  # message(): its template is checked apart
WORD = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = re.compile(r"%\(\w+\)s|\[/?[a-z ]*\]|\b[\w-]+\.(?:csv|json|yaml|po|html|xlsx)\b")  # placeholders, rich markup, file names

# Text shown as it is in every language, each with its reason.
ALLOWED = {
    ("cli.py", "ncct "): "`ncct --version`: the program's name before its version number",
    ("system.py", "error: "): "`python -m ncct_report.system`: the PDF check that make and the tests run (ncct build says it in Khmer)",
}
MAINTAINERS = {  # modules, or functions of a module, that only maintainers run: not the ncct command
    ("clidoc.py", None): "writes the README's command reference",
    ("reference.py", "main"): "`python -m ncct_report.reference`: the check of the catalog and registry that make runs",
}


def _error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """NcctError and every class of the package that derives from it."""
    found = {"NcctError"}
    while True:
        more = {node.name for tree in trees.values() for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef) and any(getattr(base, "id", getattr(base, "attr", "")) in found for base in node.bases)}
        if more <= found:
            return found
        found |= more


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _shows(call: ast.Call, shown_by: set[str]) -> bool:
    name = _name(call.func)
    return name in shown_by or (name == "update" and getattr(getattr(call.func, "value", None), "id", "") == "status")


def _untranslated(node: ast.AST) -> list[str]:
    """The literal text in an expression that does not go through a translation."""
    if isinstance(node, ast.Call) and _name(node.func) in TRANSLATED:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.Dict):  # the keys name the values of a template
        return [text for value in node.values for text in _untranslated(value)]
    if isinstance(node, (ast.keyword, ast.Compare)):  # an option's value; a test, not shown
        return []
    if isinstance(node, ast.Subscript):  # a look-up: its key is not shown
        return _untranslated(node.value)
    return [text for child in ast.iter_child_nodes(node) for text in _untranslated(child)]


def _calls(tree: ast.Module, module: str):
    """Every call, but those of what only maintainers run."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (module, node.name) in MAINTAINERS:
            skipped |= {id(n) for n in ast.walk(node)}
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call) and id(n) not in skipped)


def english_only_messages(folder: Path = PACKAGE) -> list[str]:
    trees = {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.py"))}
    shown_by = SHOWN_BY | _error_classes(trees)
    found = []
    for module, tree in trees.items():
        if (module, None) in MAINTAINERS:
            continue
        for call in _calls(tree, module):
            if _name(call.func) == "message":  # a message's template is marked with N_ (or holds no words)
                texts = [t for arg in call.args[:1] for t in _untranslated(arg)]
            elif _shows(call, shown_by):
                texts = [t for arg in call.args for t in _untranslated(arg)]
            else:
                continue
            for text in texts:
                if WORD.search(NOT_WORDS.sub("", text)) and (module, text) not in ALLOWED:
                    found.append(f"{module}:{call.lineno}: {text!r}")
    return sorted(found, key=lambda f: (f.split(":")[0], int(f.split(":")[1])))


def test_no_message_of_the_package_is_english_only():
    assert english_only_messages() == [], "mark the text with _() or N_() (message(N_(...)) in an exception), then run `make messages`"


def test_the_check_finds_an_english_only_message(tmp_path):
    code = (
        "import typer\n"
        "from .errors import NcctError\n"
        "class OwnError(NcctError):\n    pass\n"
        "def f(path):\n"
        "    typer.echo(f'Wrote {path}')\n"
        "    typer.echo(_('Wrote %(file)s') % {'file': path})\n"
        "    raise OwnError(f'{path} is broken')\n"
        "def g():\n"
        "    raise NcctError(message('not marked'))\n"
        "def h():\n"
        "    raise NcctError(message(N_('marked: %(file)s'), file='x'))\n"
    )
    write(tmp_path, "new.py", code)
    assert english_only_messages(tmp_path) == ["new.py:6: 'Wrote '", "new.py:8: ' is broken'", "new.py:10: 'not marked'"]


def test_without_pango_the_build_says_what_to_install_in_khmer(monkeypatch, tmp_path):
    from ncct_report import system

    monkeypatch.setattr(system, "missing_libraries", lambda: ["Pango", "PangoFT2"])
    result = km("build", "2016", "--data", GOOD, "--out", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "កំហុស៖ ការបង្កើត PDF ត្រូវការ Pango ដែល WeasyPrint ប្រើដើម្បីរៀបចំអត្ថបទ ប៉ុន្តែមិនអាចផ្ទុកវានៅទីនេះបានទេ (ខ្វះ៖ Pango, PangoFT2)។",
        "សូមដំឡើង Pango (រួមជាមួយ HarfBuzz និង fontconfig ដែលមកជាមួយវា) រួចសាកល្បងម្តងទៀត៖",
        *system.INSTALL,  # the commands to type, as they are typed
        "ឬរៀបចំដោយគ្មាន PDF៖ ប្រើ --format html,json។",
    ]


PO_HEADER = 'msgid ""\nmsgstr ""\n"Project-Id-Version: ncct-report narrative 2016 VERSION\\n"\n"Language: km\\n"\n\n'
ENTRY = 'msgctxt "2016/a.yaml#items/0"\nmsgid "The committee met."\nmsgstr "ការប្រជុំ"\n'


MALFORMED = [
    PO_HEADER + ENTRY.replace('"ការប្រជុំ"', '"ការប្រជុំ'),
    PO_HEADER + ENTRY.replace('msgstr "ការប្រជុំ"\n', ""),
    PO_HEADER + ENTRY + 'msgstr "again"\n',
    PO_HEADER + '# stray\nmsgstr "ការប្រជុំ"\n' + ENTRY,
    PO_HEADER + 'msgstr "ការប្រជុំ"\n' + ENTRY,
    PO_HEADER + ENTRY + "\n" + ENTRY.replace("ការប្រជុំ", "ផ្សេង"),
    PO_HEADER + ENTRY.replace("msgid", "# a comment\nmsgid"),
    PO_HEADER + ENTRY + '# a comment\n"ការ"\n',
    PO_HEADER + ENTRY.replace('"ការប្រជុំ"', '"ការ" ប្រជុំ"'),
    PO_HEADER + ENTRY.replace('"ការប្រជុំ"', '"ការ\\qប្រជុំ"'),
    PO_HEADER + ENTRY.replace("msgstr", 'msgid_plural "x"\nmsgstr[0]'),
    PO_HEADER + ENTRY.replace("msgctxt", "msgctxt_x"),
    PO_HEADER + PO_HEADER + ENTRY,
    b'# ok\nmsgid "\xff\xfe"\n',
    PO_HEADER.replace("Language: km", "POT-Creation-Date: yesterday") + ENTRY,
]


@pytest.mark.parametrize("content", MALFORMED, ids=[f"worksheet-{i}" for i in range(len(MALFORMED))])
def test_every_refusal_of_a_malformed_worksheet_is_said_in_khmer(tmp_path, content):
    from ncct_report.translations import TranslationImportError, import_po

    po = write(tmp_path, "km.po", content)
    with pytest.raises(TranslationImportError) as refused:
        import_po(po, two_files(tmp_path))
    said = refused.value.text("km")
    assert said.startswith(f"{po} មិនមែនជាឯកសារ PO សម្រាប់បកប្រែទេ៖ ")
    assert KHMER.search(said.split("៖ ", 1)[1]), said
    assert str(refused.value).startswith(f"{po} is not a PO worksheet: ")
