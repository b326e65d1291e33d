"""`ncct init`: a template per contributor, last year's figures as comments, no overwrite."""

from __future__ import annotations

from pathlib import Path

from ncct_report.reference import load_registry
from ncct_report.registry import has_khmer
from ncct_report.validate import validate_paths

from .conftest import FIXTURES, run, write

ROOT = Path(__file__).resolve().parent.parent


def test_init_creates_one_template_per_contributor_and_never_overwrites(tmp_path):
    data = tmp_path / "data"
    for name in ("prov-02.yaml", "prov-07.yaml"):
        write(data / "2016", name, (FIXTURES / "good" / "2016" / name).read_text(encoding="utf-8"))
    kept = write(data / "2017", "prov-07.yaml", "contributor: prov-07\nyear: 2017\n# my work\n")
    before = kept.read_bytes()

    result = run("init", "2017", "--data", data)
    registry = load_registry()
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Created {len(registry.contributors) - 1} templates in {data / '2017'}; kept 1 existing file unchanged."
    assert sorted(p.stem for p in (data / "2017").glob("*.yaml")) == sorted(registry.contributors)
    assert kept.read_bytes() == before

    again = run("init", "2017", "--data", data)
    assert again.stdout.splitlines()[0] == f"Created 0 templates in {data / '2017'}; kept {len(registry.contributors)} existing files unchanged."


def test_a_template_lists_last_years_indicators_with_their_figures(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", (FIXTURES / "good" / "2016" / "prov-02.yaml").read_text(encoding="utf-8"))
    run("init", "2017", "--data", data)
    text = (data / "2017" / "prov-02.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=submission.schema.json\n")
    assert "  prevention.dissemination_workshops:  # B.2 Dissemination workshops / សិក្ខាសាលាផ្សព្វផ្សាយ\n" in text
    assert "    participants:   # 2016: 234,122\n" in text
    # an untouched template is valid, and holds no figure yet
    result = validate_paths([data / "2017" / "prov-02.yaml"])
    assert result.findings.items == []
    assert result.submissions[0].figures["prevention.dissemination_workshops"].rows[None] == {
        "events": None, "participants": None, "female": None,
    }


def test_a_templates_comments_are_in_english_and_khmer(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", (FIXTURES / "good" / "2016" / "prov-02.yaml").read_text(encoding="utf-8"))
    run("init", "2017", "--data", data)
    lines = (data / "2017" / "prov-02.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[1:3] == ["# Battambang: submission for 2017.", "# បាត់ដំបង៖ របាយការណ៍សម្រាប់ឆ្នាំ២០១៧។"]
    assert lines[5].startswith("# សូមបំពេញតួលេខ")
    # every comment after a key that is not a figure of last year holds Khmer
    described = [line.split("  # ", 1)[1] for line in lines[6:] if "  # " in line and not line.lstrip().startswith("#") and not line.split("  # ", 1)[1][:4].isdigit()]
    assert described and all(has_khmer(text) and " / " in text for text in described), described


def test_the_example_entry_of_a_template_becomes_an_item_once_its_marks_are_removed(tmp_path):
    data = tmp_path / "data"
    run("init", "2017", "--data", data)
    path = data / "2017" / "prov-02.yaml"
    text = path.read_text(encoding="utf-8")
    example = "  # - section: B.4\n  #   en: ...\n  #   km: ...\n"
    assert text.endswith(example)  # nothing after the example: uncommenting it gives a valid list
    path.write_text(text.replace(example, "  - section: B.4\n    en: Two signs posted.\n    km: ផ្លាកសញ្ញាពីរ។\n"), encoding="utf-8")
    result = validate_paths([path])
    assert result.findings.errors == [] and [i.en for i in result.submissions[0].items] == ["Two signs posted."]


def test_the_schema_the_templates_name_is_written_beside_them_and_kept_current(tmp_path):
    data = tmp_path / "data"
    schema = data / "2017" / "submission.schema.json"
    run("init", "2017", "--data", data)
    assert schema.read_bytes() == (ROOT / "schema" / "submission.schema.json").read_bytes()
    schema.write_text("{}", encoding="utf-8")  # out of date (an older catalog)
    again = run("init", "2017", "--data", data)
    assert again.exit_code == 0 and schema.read_bytes() == (ROOT / "schema" / "submission.schema.json").read_bytes()
    checked = run("validate", data / "2017")
    assert "submission.schema.json" not in checked.stdout  # ncct's own file, not a submission
