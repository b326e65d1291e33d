"""The contributor guide's complete example is a valid submission, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ncct_report.validate import validate_paths

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("guide", ["contributor-guide.md", "contributor-guide.km.md"])
def test_the_guides_example_validates(guide, tmp_path):
    text = (DOCS / guide).read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "2017" / "prov-02.yaml"
    path.parent.mkdir()
    path.write_text(example, encoding="utf-8")
    result = validate_paths([path])
    assert result.findings.items == []
    assert result.submissions[0].figures["prevention.dissemination_workshops"].rows[None]["participants"] == 231000


def test_the_guides_list_the_same_codes_and_they_exist():
    from ncct_report.findings import kinds

    codes = [set(re.findall(r"NCCT\d{3}", (DOCS / g).read_text(encoding="utf-8"))) for g in ("contributor-guide.md", "contributor-guide.km.md")]
    assert codes[0] == codes[1] and codes[0] <= set(kinds())
