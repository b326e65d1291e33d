"""One error boundary for every command: a clear message and exit 1 (2 for usage),
never a traceback, for a broken catalog, a broken data folder or anything unexpected."""

from __future__ import annotations

import os
import shutil

import pytest

from ncct_report import reference
from ncct_report.catalog import catalog_dir

from .conftest import FIXTURES, run, write

COMMANDS = [
    ("validate", "{data}/2016"),
    ("build", "2016", "--data", "{data}", "--out", "{tmp}/out", "--format", "html,json"),
    ("init", "2017", "--data", "{data}"),
    ("status", "2016", "--data", "{data}"),
    ("translations", "export", "2016", "--data", "{data}", "--out", "{tmp}/t.po"),
    ("schema",),
    ("contributors",),
    ("indicators",),
    ("findings",),
    ("preview", "{data}/2016/prov-02.yaml", "--out", "{tmp}/preview.html"),
    ("export", "--years", "2016", "--data", "{data}", "--out", "{tmp}/export"),
    ("sections",),
    ("codes", "country"),
    ("explain", "NCCT104"),
]
NEEDS_NO_CATALOG = ("findings", "explain")


def _run(args, tmp_path, data):
    return run(*[a.format(data=data, tmp=tmp_path) for a in args])


@pytest.fixture
def broken_catalog(tmp_path, monkeypatch):
    folder = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), folder)
    text = (folder / "b-prevention.yaml").read_text(encoding="utf-8")
    (folder / "b-prevention.yaml").write_text(text.replace("section: B.2\n", "section: B.99\n", 1), encoding="utf-8")
    monkeypatch.setenv("NCCT_NO_CACHE", "1")
    monkeypatch.setattr(reference, "catalog_dir", lambda: folder)
    reference.load_reference.cache_clear()
    yield
    reference.load_reference.cache_clear()


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_broken_catalog_is_one_clear_message(args, tmp_path, broken_catalog):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    result = _run(args, tmp_path, data)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if args[0] in NEEDS_NO_CATALOG:
        assert result.exit_code == 0
        return
    assert result.exit_code == 1, output
    assert result.stderr.startswith("error: The catalog or registry is broken:\n")
    assert "b-prevention.yaml:309: NCCT901 Indicator 'prevention.institution_public_forums': unknown section 'B.99'." in result.stderr


def broken_tree(data):
    """A data folder with a bit of everything that is not a submission."""
    year = data / "2016"
    write(year, "prov-01.yaml", b"\x00\x01\x02binary\xff")
    write(year, "prov-02.yaml", "contributor: prov-02\nyear: 2016\nsubmitted: 2017-02-30\nfigures:\n  prevention.public_forums: {events: !!int x}\n")
    write(year, "prov-04.yaml", "contributor: prov-04\nyear: [2016\n")
    (year / "prov-03.yaml").mkdir()  # a folder with a submission's name
    write(year / "prov-03.yaml", "prov-05.yaml", "contributor: prov-05\nyear: 2016\n")
    os.mkfifo(year / "prov-06.yaml")
    os.symlink(year / "loop", year / "loop")
    os.symlink("/etc/passwd", year / "prov-07.yaml")
    write(data, "2015", "a file where a year folder should be\n")


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_broken_data_folder_never_gives_a_traceback_or_hangs(args, tmp_path):
    data = tmp_path / "data"
    broken_tree(data)
    result = _run(args, tmp_path, data)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and (result.exception is None or isinstance(result.exception, SystemExit))
    assert result.exit_code in (0, 1)
    if args[0] in ("validate", "build", "status"):
        assert result.exit_code == 1
    if args[0] == "validate":
        assert "prov-06.yaml: warning NCCT012 This is not a regular file (a pipe or a device); it is not read." in output
        assert "prov-03.yaml: warning NCCT012 This is a folder" in output
        assert "prov-05.yaml" not in output  # the folder was not walked into


def test_an_unexpected_problem_is_one_paragraph_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    import ncct_report.build as build_module

    def boom(*args, **kwargs):
        raise RuntimeError("the aggregation failed")

    monkeypatch.setattr(build_module, "aggregate", boom)
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    result = run("build", "2016", "--data", data, "--out", tmp_path / "out", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: ncct stopped on an unexpected problem while running `ncct build` (RuntimeError: the aggregation "
        "failed). No earlier output was replaced. Run the same command with --debug to see where it happened, and "
        "send that output to the person who looks after ncct-report.\n"
    )
    debug = run("--debug", "build", "2016", "--data", data, "--out", tmp_path / "out", "--format", "json")
    assert isinstance(debug.exception, RuntimeError)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "2016", "--data", "{data}", "--out", "{tmp}/afile"), "{tmp}/afile is a file, not a folder"),
        (("build", "2016", "--data", "{data}", "--out", "{tmp}/afile/below"), "{tmp}/afile is a file, not a folder"),
        (("build", "2016", "--data", "{tmp}/afile"), "there is no data for 2016"),
        (("schema", "--out", "{tmp}"), "cannot use {tmp}: Is a directory (a folder has that name; give the name of a file)."),
        (("translations", "export", "2016", "--data", "{data}", "--out", "{tmp}"), "cannot use {tmp}: Is a directory"),
        (("init", "2016", "--data", "{tmp}/yearfile"), "is a file, not a folder"),
        (("status", "2016", "--data", "{tmp}/yearfile"), "is a file, not a folder"),
    ],
)
def test_paths_that_cannot_be_used_are_clear_errors(tmp_path, args, message):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "good", data)
    write(tmp_path, "afile", "x")
    write(tmp_path / "yearfile", "2016", "not a folder")
    result = _run(args, tmp_path, data)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert message.format(tmp=tmp_path).lower() in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_an_output_folder_that_is_not_writable_is_refused_before_any_work(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = run("build", "2016", "--data", FIXTURES / "good", "--out", locked, "--format", "json")
    assert result.exit_code == 1 and "may not write in" in result.stderr
