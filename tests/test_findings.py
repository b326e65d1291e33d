"""Every finding code is documented, used, and its documented example really produces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ncct_report.findings import findings_markdown, kinds
from ncct_report.rules import RULES
from ncct_report.validate import validate_paths

from .conftest import write

ROOT = Path(__file__).parent.parent
EXAMPLES = [k for k in kinds().values() if k.example_tree()]


def run_example(kind, data: Path):
    """Write the example's files under `data` and validate the folder of its finding."""
    for name, text in kind.example_tree().items():
        write(data, name, text)
    target = data / kind.example_file
    return validate_paths([target.parent if kind.example_files else target]), target


@pytest.mark.parametrize("kind", EXAMPLES, ids=[k.code for k in EXAMPLES])
def test_documented_example_gives_its_code_at_its_line(kind, tmp_path):
    result, target = run_example(kind, tmp_path / "data")
    found = [(f.code, Path(f.file).name, f.line) for f in result.findings.items]
    assert (kind.code, target.name, kind.example_line) in found, found


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_registered_rule_has_an_example_that_is_otherwise_valid(code, tmp_path):
    kind = kinds()[code]
    assert kind.example_tree(), f"{code}: add an example to findings.yaml"
    result, target = run_example(kind, tmp_path / "data")
    assert code in {f.code for f in result.findings.items}
    assert {f.code for f in result.findings.errors} <= {code}


def test_every_code_has_meaning_fix_and_a_valid_severity():
    for kind in kinds().values():
        assert re.fullmatch(r"NCCT\d{3}", kind.code)
        assert kind.severity in ("error", "warning")
        assert kind.meaning and kind.fix and kind.title


def test_codes_in_the_source_are_all_documented_and_all_documented_codes_are_used():
    source = "".join(p.read_text() for p in (ROOT / "ncct_report").rglob("*.py"))
    used = set(re.findall(r'"(NCCT\d{3})"', source))
    assert used == set(kinds())


def test_docs_findings_md_is_generated_from_the_registry():
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == findings_markdown()
