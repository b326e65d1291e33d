"""A missing system library gets a message naming the Debian package to install."""

from __future__ import annotations

import builtins

from ncct_report import system


def test_missing_pango_names_the_debian_packages(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    problems = system.pdf_problems()
    assert len(problems) == 1
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1" in problems[0]


def test_this_machine_can_run_weasyprint():
    assert system.pdf_problems() == []
