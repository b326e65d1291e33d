"""The command line: exact output and exit codes, JSON contract, start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, run, write

BAD = (
    "contributor: prov-02\n"
    "year: 2016\n"
    "figures:\n"
    "  prevention.dissemination_workshops: {events: -3, participants: 40, female: 52}\n"
)


def test_validate_good_folder_exits_0():
    result = run("validate", FIXTURES / "good" / "2016")
    assert result.exit_code == 0
    assert result.stdout == "Checked 2 files: 0 errors, 0 warnings.\n"


def test_validate_prints_each_finding_with_line_code_and_fix(year_dir):
    path = write(year_dir, "prov-02.yaml", BAD)
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}",
        f"  {path}:4: error NCCT104 figures > prevention.dissemination_workshops > events: -3 is negative.",
        "      fix: Write the count as 0 or more. A decrease is computed by the report, never typed.",
        f"  {path}:4: warning NCCT201 prevention.dissemination_workshops: female (52) is more than participants (40).",
        "      fix: Check both figures against the source. If they are right, say why in a comment; "
        "the warning is listed in the report's data-quality annex.",
        "Checked 1 file: 1 error, 1 warning.",
    ]


def test_validate_json_follows_the_contract(year_dir):
    path = write(year_dir, "prov-02.yaml", BAD)
    result = run("validate", "--format", "json", path)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"] == 1
    assert [(f["code"], f["severity"], f["line"]) for f in data["errors"]] == [("NCCT104", "error", 4)]
    assert [(f["code"], f["severity"], f["line"]) for f in data["warnings"]] == [("NCCT201", "warning", 4)]
    for finding in data["errors"] + data["warnings"]:
        assert {"code", "severity", "file", "line", "message"} <= set(finding)
        assert finding["file"] == str(path)


def test_warnings_alone_exit_0_and_1_under_strict(year_dir):
    path = write(year_dir, "prov-02.yaml", BAD.replace("-3", "3"))
    assert run("validate", path).exit_code == 0
    strict = run("validate", "--strict", "--format", "json", path)
    assert strict.exit_code == 1
    assert [f["code"] for f in json.loads(strict.stdout)["errors"]] == ["NCCT201"]


def test_usage_errors_exit_2(tmp_path):
    assert run("validate", tmp_path / "missing.yaml").exit_code == 2
    assert run("validate").exit_code == 2
    assert run("validate", "--format", "xml", FIXTURES).exit_code == 2
    assert run("contributors", "--kind", "club").exit_code == 2


def test_schema_prints_json_and_writes_a_file(tmp_path):
    printed = run("schema")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["title"] == "NCCT annual submission"
    out = tmp_path / "s.json"
    written = run("schema", "--out", out)
    assert written.exit_code == 0
    assert written.stdout == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8") == printed.stdout


def test_contributors_lists_provinces_with_khmer_names():
    result = run("contributors", "--kind", "province")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 25
    assert lines[1].split() == ["prov-02", "province", "Battambang", "/", "បាត់ដំបង"]


def test_help_and_validate_do_not_import_weasyprint(year_dir):
    path = write(year_dir, "prov-02.yaml", BAD)
    code = (
        "import sys\n"
        "from ncct_report.cli import app\n"
        "for args in (['--help'], ['validate', sys.argv[1]]):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('weasyprint' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"


def test_usage_errors_say_what_is_wrong(tmp_path):
    """Parameters are converted without typer's pydantic adapters (start-up); a value
    typer refuses is still refused by typer, in its words, except a year, which typer
    (pydantic) would call "a valid integer, unable to parse string as an integer"."""
    cases = {
        ("build", "abc"): "Invalid value for 'YEAR': 'abc' is not a year: write it with four digits, such as 2016.",
        ("build", "1999"): "Invalid value for 'YEAR': 1999 is not a year of the report: use a year from 2000 to 2100.",
        ("init", "3000"): "Invalid value for 'YEAR': 3000 is not a year of the report: use a year from 2000 to 2100.",
        ("validate", "--format", "xml", str(tmp_path)): "Invalid value for '--format': Value error, 'xml' is not one of 'human', 'json'.",
        ("validate", str(tmp_path / "missing.yaml")): f"Invalid value for 'PATH': path '{tmp_path / 'missing.yaml'}' does not exist.",
        ("translations", "import", str(tmp_path), "--year", "1"): "Invalid value for '--year': 1 is not a year of the report: use a year from 2000 to 2100.",
    }
    for args, message in cases.items():
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.strip().splitlines()[-1] == f"Error: {message}", args


def test_parameters_are_converted_as_typer_converts_them(tmp_path):
    import typer.main
    from typer._click import Context
    from typer._coercion import build_runtime_param

    from ncct_report.cli import _Converted, app

    group = typer.main.get_command(app)
    commands = {name: cmd for name, cmd in group.commands.items()}
    values = ["2016", "02016", "2100", "١٢٣٤", " 2016", "2016 ", "+2016", "human", "json", "HUMAN", str(tmp_path), "", "data", "x"]
    for name, command in commands.items():
        for param in getattr(command, "params", ()):
            if not hasattr(param, "type_descriptor"):
                continue
            ctx = Context(command)
            ours, theirs = _Converted(param), build_runtime_param(param.type_descriptor)
            for value in values:
                given = (value,) if param.nargs == -1 else value
                try:
                    expected = ("ok", theirs.coerce(given, param=param, ctx=ctx))
                except Exception as exc:  # noqa: BLE001
                    expected = ("refused", type(exc).__name__, str(exc))
                try:
                    got = ("ok", ours.coerce(given, param=param, ctx=ctx))
                except Exception as exc:  # noqa: BLE001
                    got = ("refused", type(exc).__name__, str(exc))
                if got[0] == "refused" and _Converted._year_refusal(given, param):  # in our words (test above)
                    assert expected[0] == "refused", (name, param.name, value)
                    continue
                assert got == expected, (name, param.name, value)


def test_the_readme_command_reference_is_the_command_lines_own_help():
    from ncct_report.clidoc import with_reference

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert with_reference(readme) == readme, "run `make docs` to update the README's command reference"


def test_usage_lines_and_help_read_as_command_lines_do():
    from ncct_report.clidoc import reference_markdown

    text = reference_markdown()
    assert "{" not in text.replace("{en,km}", "") and "<list" not in text and "<path>" not in text and "<int" not in text
    assert "Usage: ncct build [OPTIONS] YEAR\n" in text and "Usage: ncct validate [OPTIONS] PATH...\n" in text
    assert "Usage: ncct codes [OPTIONS] [LIST]\n" in text and "-h, --help" in text


def test_version_and_short_help():
    from ncct_report import __version__

    assert run("--version").stdout == f"ncct {__version__}\n"
    assert run("validate", "-h").stdout.startswith("Usage: ncct validate [OPTIONS] PATH...")


def test_reference_commands_for_contributors():
    sections = run("sections").stdout.splitlines()
    assert sections[0].startswith("greeting") and any(line.strip().startswith("B.2 ") for line in sections)
    codes = run("codes", "month").stdout.splitlines()
    assert codes[0].startswith("jan  January / មករា / Jan / 1 / 01") and len(codes) == 12
    assert "Did you mean 'country'?" in run("codes", "contry").stderr
    explained = run("explain", "104")
    assert explained.exit_code == 0 and explained.stdout.startswith("NCCT104 (error): Negative count\n")
    assert "  >  4 |   prevention.dissemination_workshops: {events: -3}" in explained.stdout
    assert run("explain", "NCCT999").exit_code == 2
    unknown = run("indicators", "--section", "Z")
    assert unknown.exit_code == 2 and "'Z' is not a section of the report; `ncct sections` lists them." in unknown.stderr


def test_messages_and_help_in_khmer(tmp_path):
    """A Khmer-first contributor gets the findings, their fixes, the summary and the help
    in Khmer (`--lang km`, or a Khmer LANG), from the same catalogs as the report."""
    from ncct_report.i18n import translations

    km = translations("km").gettext
    bad = tmp_path / "prov-02.yaml"
    bad.write_text("contributor: prov-02\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {events: -3}\n", encoding="utf-8")
    result = run("--lang", "km", "validate", bad)
    assert result.exit_code == 1
    out = result.stdout
    assert f"{bad}:4: {km('error')} NCCT104 " in out  # file:line stay as they are: the editor goes there
    assert "-៣" in out and "-3" not in out.split("NCCT104", 1)[1].splitlines()[0]  # the value in Khmer digits
    assert km("Write the count as 0 or more. A decrease is computed by the report, never typed.") in out
    assert out.splitlines()[-1] == km("Checked %(files)s: ") % {"files": km("%(count)s file") % {"count": "១"}} + \
        km("%(count)s error") % {"count": "១"} + km(", ") + km("%(count)s warning") % {"count": "០"} + km(".")
    helped = run("--lang", "km", "validate", "-h").stdout
    assert helped.startswith(km("Usage: ") + "ncct validate") and km("Treat warnings as errors (exit 1 on any finding).") in helped
    assert km("Treat warnings as errors (exit 1 on any finding).") != "Treat warnings as errors (exit 1 on any finding)."
    headings = [line for line in helped.splitlines() if line and not line.startswith(" ") and line.endswith(("៖", ":"))]
    assert headings == [km("Arguments") + "៖", km("Options") + "៖"]  # Khmer punctuation
    assert "[ត្រូវតែមាន]" in helped and "[លំនាំដើម៖ human]" in helped and "required" not in helped and "default:" not in helped
    assert run("--lang", "fr", "sections").exit_code == 2


def test_the_language_comes_from_the_environment():
    from ncct_report.words import language_of

    assert language_of([], {"LANG": "km_KH.UTF-8"}) == "km"
    assert language_of([], {"LC_ALL": "en_US.UTF-8", "LANG": "km_KH.UTF-8"}) == "en"
    assert language_of(["--lang", "en", "validate"], {"LANG": "km_KH.UTF-8"}) == "en"
    assert language_of(["build", "2016", "--lang", "km"], {}) == "en"  # build's --lang names the editions
    assert language_of([], {}) == "en"


@pytest.mark.parametrize("args", [
    ("validate", str(FIXTURES / "good" / "2016" / "prov-02.yaml"), "--lang", "km"),
    ("validate", "--lang=km", str(FIXTURES / "good" / "2016" / "prov-02.yaml")),
    ("--lang", "km", "validate", str(FIXTURES / "good" / "2016" / "prov-02.yaml")),
])
def test_the_language_may_follow_a_command_without_its_own_lang(args):
    result = run(*args)
    assert (result.exit_code, result.stdout) == (0, "បានពិនិត្យ ឯកសារ ១៖ កំហុស ០ ការព្រមាន ០។\n")


def test_builds_lang_still_names_its_editions(tmp_path):
    result = run("build", "2016", "--data", FIXTURES / "good", "--out", tmp_path, "--format", "html", "--lang", "km")
    assert result.exit_code == 0, result.output
    assert "Built the 2016 report" in result.stdout  # the command line stays in English
    assert [p.name for p in (tmp_path / "2016").glob("*.html")] == ["ncct-report-2016.km.html"]


def test_one_indicator_is_shown_with_what_each_measure_counts():
    result = run("indicators", "prevention.dissemination_workshops")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "prevention.dissemination_workshops  [B.2] Dissemination workshops",
        "    measures:",
        "      events: Number of events — Times an activity took place (sessions, forums, broadcasts).",
    ]


def test_an_unknown_indicator_is_refused_with_the_closest_ids():
    result = run("indicators", "prevention.disemination_workshops")
    assert result.exit_code == 2
    assert "'prevention.disemination_workshops' is not an indicator of the catalog" in result.stderr
    assert "Did you mean prevention.dissemination_workshops" in result.stderr
