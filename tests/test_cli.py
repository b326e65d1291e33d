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
