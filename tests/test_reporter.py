"""The one printer of findings: the same characters with or without rich."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ncct_report import reporter
from ncct_report.validate import validate_paths

from .conftest import write

BAD = (
    "contributor: prov-02\nyear: 2016\nfigures:\n"
    "  prevention.dissemination_workshops: {events: -3, participants: 12O, female: 5}\n"
    "  prevention.public_forums: {events: 1, participants: [a], feemale: 2}\n"
    "items:\n  - {section: Z.9, en: \"Tab\\there, ESC \\e[31m, wide ក្រសួង ［x］\"}\n"
)


@pytest.mark.parametrize("lang", ["en", "km"])
def test_plain_output_is_what_rich_prints_without_a_terminal(tmp_path, monkeypatch, lang):
    from ncct_report import words

    monkeypatch.setattr(words, "_current", {"lang": lang})
    path = write(tmp_path / "2016", "prov-02.yaml", BAD)
    findings = validate_paths([path]).findings.items
    assert len(findings) >= 4

    class Collect(reporter.Printer):
        def print(self, text):
            printed.append(text)

    printed: list[reporter.Styled] = []
    reporter.print_findings(Collect(), 1, findings)
    reporter.print_not_checked(Collect(), 3, ["folder", "last year"])
    for text in printed:
        buffer = io.StringIO()
        Console(file=buffer, soft_wrap=True, highlight=False, force_terminal=False, width=60).print(text.rich())
        assert text.plain + "\n" == buffer.getvalue()


def test_the_printer_writes_plain_text_when_piped(capsys):
    text = reporter.Styled("error", style="bold red")
    text.append(" NCCT104 [not markup]")
    reporter.Printer().print(text)
    reporter.Printer(stderr=True).print(reporter.Styled("note", style="dim"))
    assert capsys.readouterr() == ("error NCCT104 [not markup]\n", "note\n")
