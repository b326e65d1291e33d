"""The command line: exact output and exit codes, JSON contract, start-up imports."""

from __future__ import annotations

import json
import subprocess
import sys

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


def test_usage_errors_keep_typers_messages(tmp_path):
    """Parameters are converted without typer's pydantic adapters (start-up); a value
    typer refuses is still refused by typer, in its words."""
    cases = {
        ("build", "abc"): "Invalid value for 'year': Input should be a valid integer, unable to parse string as an integer",
        ("build", "1999"): "Invalid value for 'year': Input should be greater than or equal to 2000",
        ("init", "3000"): "Invalid value for 'year': Input should be less than or equal to 2100",
        ("validate", "--format", "xml", str(tmp_path)): "Invalid value for '--format': Value error, 'xml' is not one of 'human', 'json'.",
        ("validate", str(tmp_path / "missing.yaml")): f"Invalid value for 'PATH...': path '{tmp_path / 'missing.yaml'}' does not exist.",
        ("translations", "import", str(tmp_path), "--year", "1"): "Invalid value for '--year': Input should be greater than or equal to 2000",
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
                assert got == expected, (name, param.name, value)
