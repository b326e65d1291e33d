"""A build's outputs replace the previous ones as a set, whatever stops it and when."""

from __future__ import annotations

import os
import re

import pytest

from ncct_report import output
from ncct_report.build import build
from ncct_report.errors import NcctError
from ncct_report.output import MARKER, check_output_folder, recover, replace_folder

from .conftest import FIXTURES, run, write

OURS = re.compile(r"ncct-report-2016\..*")


def _set(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name != MARKER}


def test_a_second_build_replaces_the_whole_set(tmp_path):
    out = tmp_path / "out"
    build(2016, FIXTURES / "good", out, formats=("html", "json"))
    first = _set(out / "2016")
    result = build(2016, FIXTURES / "good", out, langs=("en",), formats=("json",))
    assert sorted(_set(out / "2016")) == ["ncct-report-2016.json"]
    assert result.removed == ["ncct-report-2016.en.html", "ncct-report-2016.km.html"]
    assert sorted(first) == ["ncct-report-2016.en.html", "ncct-report-2016.json", "ncct-report-2016.km.html"]
    assert [p.name for p in out.iterdir()] == ["2016"]  # no staging or set-aside folder left


@pytest.mark.parametrize("exchange", [True, False], ids=["atomic exchange", "two renames"])
def test_a_stop_while_writing_leaves_the_previous_set(tmp_path, monkeypatch, exchange):
    target = tmp_path / "out" / "2016"
    replace_folder(target, {"ncct-report-2016.json": b"old", "ncct-report-2016.en.html": b"old"})
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_write = type(target).write_bytes

    def stop_on_second(path, data):
        if path.name == "ncct-report-2016.en.html":
            raise KeyboardInterrupt  # the editor presses Ctrl-C
        return real_write(path, data)

    monkeypatch.setattr(type(target), "write_bytes", stop_on_second)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(target, {"ncct-report-2016.json": b"new", "ncct-report-2016.en.html": b"new"})
    assert _set(target) == {"ncct-report-2016.json": b"old", "ncct-report-2016.en.html": b"old"}
    assert [p.name for p in target.parent.iterdir()] == ["2016"]


def test_a_stop_between_the_two_renames_is_recovered_by_the_next_run(tmp_path, monkeypatch):
    target = tmp_path / "out" / "2016"
    replace_folder(target, {"a.json": b"old"})
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def stop_after_the_first(src, dst):
        calls.append(dst)
        real_rename(src, dst)
        if len(calls) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "rename", stop_after_the_first)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(target, {"a.json": b"new"})
    monkeypatch.setattr(output.os, "rename", real_rename)
    assert not target.exists()  # the previous set is set aside, the new one never arrived
    recover(target)
    assert _set(target) == {"a.json": b"old"}
    assert [p.name for p in target.parent.iterdir()] == ["2016"]


def test_stale_staging_folders_are_removed_by_the_next_build(tmp_path):
    out = tmp_path / "out"
    stale = out / ".2016.staging-abc123"
    write(stale, "ncct-report-2016.json", "half written")
    build(2016, FIXTURES / "good", out, langs=("en",), formats=("json",))
    assert sorted(p.name for p in out.iterdir()) == ["2016"]


def test_a_folder_with_other_files_is_never_replaced(tmp_path):
    out = tmp_path / "out"
    write(out / "2016", "my-notes.docx", "the editor's own notes")
    result = run("build", "2016", "--data", FIXTURES / "good", "--out", out, "--format", "json")
    assert result.exit_code == 1
    assert "holds files that ncct did not write (my-notes.docx)" in result.stderr
    assert (out / "2016" / "my-notes.docx").read_text() == "the editor's own notes"


def test_a_folder_of_an_earlier_version_is_taken_over(tmp_path):
    out = tmp_path / "out" / "2016"
    write(out, "ncct-report-2016.json", "{}")  # written before the marker existed
    check_output_folder(out, OURS)


def test_an_output_name_that_is_a_folder_does_not_break_the_set(tmp_path):
    out = tmp_path / "out"
    build(2016, FIXTURES / "good", out, langs=("en",), formats=("json",))
    (out / "2016" / "ncct-report-2016.en.html").mkdir()
    build(2016, FIXTURES / "good", out, langs=("en",), formats=("json", "html"))
    assert (out / "2016" / "ncct-report-2016.en.html").is_file()


def test_a_link_as_the_output_folder_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(elsewhere, tmp_path / "out" / "2016")
    with pytest.raises(NcctError, match="is a link"):
        build(2016, FIXTURES / "good", tmp_path / "out", formats=("json",))
