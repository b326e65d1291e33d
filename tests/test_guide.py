"""The contributor guides (English and Khmer): their example is a valid submission, and
every command they show is run, in a folder set up as the guide describes, with the
output the guide shows.

How a guide is read here:

- A ```console block holds commands, each on a line starting with `$ `, followed by
  its output as the guide shows it. A line `...` alone stands for one or more lines
  left out of a long list; every line shown is compared, in order.
- A comment `<!-- test: ... -->` (hidden on the page) says what the reader's folder
  holds at that point; the guide's text says the same in words:
    `<!-- test: prov-02.yaml is the example -->` (the guide's first ```yaml block),
    `<!-- test: prov-02.yaml is the example with "OLD" as "NEW" -->` (each OLD once in
    the example; several joined by `and`),
    `<!-- test: prov-02.xlsx is the workbook filled in with the example [with ...] -->`
    (prov-02's form for 2017 as `ncct init 2017 --format xlsx` makes it, from
    data/2016, with the example's values typed into its cells as a person would),
    `<!-- test: no prov-02.yaml -->`.
- The folder starts with `data/2016/`, a copy of the repository's data/2016: last
  year's files, where the guide tells the reader to keep them.
- Commands that install ncct or set the terminal's environment are not run: NOT_RUN
  lists them with the reason, and the guide shows no output for them. Any other
  command must be `ncct ...`; one that is neither fails the test, so a guide cannot
  show a command that nothing checks.

Outputs are compared exactly (stdout and stderr as a terminal shows them), after these
normalisations only: the temporary folder's path removed (the commands name files
relative to it anyway), trailing spaces of each line and trailing empty lines removed,
and the version printed by `ncct --version` written as VERSION.

After a change of the tool's messages, `.venv/bin/python -m tests.test_guide` writes the
new outputs into both guides (read the difference: the words around them may need
changing too).
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ncct_report.validate import validate_paths

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
GUIDES = {"contributor-guide.md": "en", "contributor-guide.km.md": "km"}

NOT_RUN = {  # command as shown -> why the test does not run it
    "pipx install ncct_report-0.1.0-py3-none-any.whl": "installs ncct on the reader's computer (the tests run the checkout's)",
    "pipx install ./ncct-report": "installs ncct on the reader's computer, from a folder",
    "pipx ensurepath": "changes the PATH of the reader's account",
    "python3 -m pip install --user ncct_report-0.1.0-py3-none-any.whl": "installs ncct without pipx (Linux)",
    "py -m pip install --user ncct_report-0.1.0-py3-none-any.whl": "installs ncct without pipx (Windows)",
    "export LANG=km_KH.UTF-8": "sets the terminal's language (Linux); the Khmer guide's commands say --lang km instead",
    '$env:LANG="km_KH.UTF-8"': "sets the terminal's language (Windows PowerShell)",
}


# --- reading a guide ------------------------------------------------------------------


@dataclass
class Command:
    text: str  # as typed, without "$ "
    shown: list[str]  # the output the guide shows below it
    line: int  # in the guide


@dataclass
class Setup:
    text: str  # the directive, without "<!-- test:" and "-->"
    line: int


@dataclass
class Guide:
    name: str
    text: str
    example: str  # the first ```yaml block
    steps: list[Command | Setup] = field(default_factory=list)
    blocks: list[tuple[str, str, int]] = field(default_factory=list)  # (language, body, line) of every fenced block


FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.S | re.M)
SETUP = re.compile(r"<!-- test: (.*?) -->", re.S)


def read_guide(name: str) -> Guide:
    text = (DOCS / name).read_text(encoding="utf-8")
    events: list[tuple[int, Command | Setup]] = []
    blocks = []
    for block in FENCE.finditer(text):
        line = text.count("\n", 0, block.start()) + 1
        blocks.append((block.group(1), block.group(2), line))
        if block.group(1) != "console":
            continue
        command = None
        for offset, row in enumerate(block.group(2).splitlines(), start=1):
            if row.startswith("$ "):
                command = Command(row[2:].strip(), [], line + offset)
                events.append((block.start() + offset, command))
            else:
                assert command is not None, f"{name}:{line + offset}: output before any command in a console block"
                command.shown.append(row)
    for setup in SETUP.finditer(text):
        events.append((setup.start(), Setup(" ".join(setup.group(1).split()), text.count("\n", 0, setup.start()) + 1)))
    example = next(body for language, body, _ in blocks if language == "yaml")
    return Guide(name, text, example, [step for _, step in sorted(events, key=lambda e: e[0])], blocks)


# --- the reader's folder ----------------------------------------------------------------


_FORMS: dict[str, bytes] = {}


def blank_form(folder: Path) -> bytes:
    """prov-02's form for 2017, as `ncct init 2017 --format xlsx` makes it (the same
    function, for this one contributor), with data/2016 as last year."""
    if "prov-02" not in _FORMS:
        from ncct_report.build import build_date
        from ncct_report.reference import load_reference
        from ncct_report.init_year import last_year_submissions
        from ncct_report.spreadsheet import contributor_workbook

        catalog, registry = load_reference()
        previous, _ = last_year_submissions(folder / "data", 2017, catalog, registry)
        _FORMS["prov-02"] = contributor_workbook(registry["prov-02"], 2017, previous.get("prov-02"), catalog, generated=build_date())
    return _FORMS["prov-02"]


def fill_form(path: Path, values: dict) -> None:
    """Type a submission's values into the cells of its form, as a person would: found by
    the marks of column A (a table, its row of field names, its rows), never by position."""
    import openpyxl

    from ncct_report.spreadsheet import META_SHEET, YES

    wb = openpyxl.load_workbook(path)
    cells: dict[tuple, tuple] = {}
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        table, fields = None, {}
        for (mark,) in ws.iter_rows(max_col=1):
            kind, _, argument = str(mark.value or "").removeprefix("ncct:").partition(" ")
            if kind == "table":
                table = argument
            elif kind == "fields":
                fields = {ws.cell(mark.row, c).value: c for c in range(2, ws.max_column + 1) if ws.cell(mark.row, c).value}
            elif kind in ("values", "row", "nothing"):
                cells[(table, argument if kind == "row" else kind)] = (ws, mark.row, fields)
            elif kind in ("submitted", "item"):
                cells[(kind, mark.row)] = (ws, mark.row, fields)
    (ws, row, fields), = [cells[key] for key in cells if key[0] == "submitted"]
    ws.cell(row, fields["value"], values["submitted"])
    for iid, table in values.get("figures", {}).items():
        for code, figures in (table["rows"] if "rows" in table else {"values": table}).items():
            ws, row, fields = cells[(iid, code)]
            for measure, value in figures.items():
                ws.cell(row, fields[f"count {measure}"], value)
    for iid in values.get("nothing_to_report", []):
        ws, row, fields = cells[(iid, "nothing")]
        ws.cell(row, min(c for name, c in fields.items() if name.startswith("count ")), YES)
    items = sorted(key for key in cells if key[0] == "item")
    for key, item in zip(items, values.get("items", []), strict=False):
        ws, row, fields = cells[key]
        for name in ("section", "en", "km"):
            ws.cell(row, fields[name], item[name])
    wb.save(path)


def set_up(folder: Path, guide: Guide, setup: Setup) -> None:
    """Make the folder hold what a `<!-- test: ... -->` comment says."""
    import yaml

    said = re.fullmatch(r"no (\S+)", setup.text)
    if said:
        (folder / said.group(1)).unlink(missing_ok=True)
        return
    said = re.fullmatch(r"(\S+) is the (example|workbook filled in with the example)(?: with (.*))?", setup.text)
    assert said, f"{guide.name}:{setup.line}: a test comment this test does not know: {setup.text}"
    name, what, changes = said.groups()
    text = guide.example
    pairs = re.findall(r'"(.*?)" as "(.*?)"', changes or "")
    assert changes is None or " and ".join(f'"{old}" as "{new}"' for old, new in pairs) == changes, f"{guide.name}:{setup.line}: write changes as \"OLD\" as \"NEW\" and ..."
    for old, new in pairs:
        assert text.count(old) == 1, f"{guide.name}:{setup.line}: {old!r} is not in the example exactly once"
        text = text.replace(old, new)
    if what == "example":
        (folder / name).write_text(text, encoding="utf-8")
    else:
        (folder / name).write_bytes(blank_form(folder))
        fill_form(folder / name, yaml.safe_load(text))


# --- running a command ----------------------------------------------------------------


VERSION = re.compile(r"^ncct \d+(\.\d+)*\S*$", re.M)


def normalised(text: str, folder: Path) -> str:
    for path in {str(folder), str(folder.resolve())}:
        text = text.replace(path + "/", "").replace(path, ".")
    text = VERSION.sub("ncct VERSION", text)
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n")


def matches(shown: str, actual: str) -> bool:
    """The output shown, with each line `...` standing for one or more lines."""
    parts = [r"[^\n]*(?:\n[^\n]*)*?" if line == "..." else re.escape(line) for line in shown.split("\n")]
    return re.fullmatch("\n".join(parts), actual) is not None


def exit_code_meant(output: str) -> int:
    """The exit code the guide's words promise for an output: 2 when the command was
    typed wrong, 1 when something is in error, else 0 (warnings allowed)."""
    if re.match(r"(Usage|របៀបប្រើ)", output):
        return 2
    if re.search(r" (error|កំហុស) NCCT\d{3}|^(error|កំហុស)[:៖]", output, re.M):
        return 1
    return 0


def run_command(command: Command, folder: Path) -> tuple[str, int]:
    from typer.testing import CliRunner

    from ncct_report.cli import app

    words = shlex.split(command.text)
    assert words[0] == "ncct", command.text
    env = {"LC_ALL": None, "LC_MESSAGES": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": None, "FORCE_COLOR": None, "NCCT_DEBUG": None}
    result = CliRunner(env=env).invoke(app, words[1:])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return normalised(result.output, folder), result.exit_code


def run_guide(name: str, folder: Path, monkeypatch) -> list[tuple[Command, str | None, int | None]]:
    """Every command of the guide run in `folder` as the guide sets it up: (command,
    output, exit code), output None for a command not run."""
    guide = read_guide(name)
    shutil.copytree(ROOT / "data" / "2016", folder / "data" / "2016")
    monkeypatch.chdir(folder)
    done = []
    for step in guide.steps:
        if isinstance(step, Setup):
            set_up(folder, guide, step)
        elif step.text in NOT_RUN:
            done.append((step, None, None))
        else:
            assert step.text.startswith("ncct "), f"{name}:{step.line}: `{step.text}` is neither run (ncct ...) nor listed in NOT_RUN with a reason"
            done.append((step, *run_command(step, folder)))
    return done


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_of_the_guide_gives_the_output_shown(guide, tmp_path, monkeypatch):
    import difflib

    wrong = []
    for command, output, code in run_guide(guide, tmp_path, monkeypatch):
        shown = "\n".join(line.rstrip() for line in command.shown).rstrip("\n")
        where = f"{guide}:{command.line}: $ {command.text}"
        if output is None:
            if shown:
                wrong.append(f"{where}\n  not run ({NOT_RUN[command.text]}), so the guide may show no output for it")
            continue
        shown = VERSION.sub("ncct VERSION", shown)
        if not matches(shown, output):
            diff = difflib.unified_diff(shown.split("\n"), output.split("\n"), "shown in the guide", "output now", lineterm="")
            wrong.append(f"{where}\n" + "\n".join(diff))
        elif code != exit_code_meant(output):
            wrong.append(f"{where}\n  exit code {code}, not the {exit_code_meant(output)} the guide's words promise for this output")
    assert not wrong, "\n\n".join(wrong)


# --- what both guides say -----------------------------------------------------------------


def test_the_guides_show_the_same_steps_the_khmer_one_with_khmer_messages():
    """Same commands and folders, in the same order; the Khmer guide asks for Khmer
    messages (`ncct --lang km ...`), the English one never does."""
    steps = {}
    for name, lang in GUIDES.items():
        guide = read_guide(name)
        commands = [s.text for s in guide.steps if isinstance(s, Command) and s.text.startswith("ncct ")]
        if lang == "km":
            assert all(c.startswith("ncct --lang km ") for c in commands), [c for c in commands if not c.startswith("ncct --lang km ")]
        else:
            assert not [c for c in commands if "--lang" in c]
        steps[name] = [s.text.replace("ncct --lang km ", "ncct ") for s in guide.steps]
    assert steps["contributor-guide.md"] == steps["contributor-guide.km.md"]
    shown = {s for name in GUIDES for s in steps[name]}
    assert set(NOT_RUN) <= shown, f"listed as not run, but in no guide: {set(NOT_RUN) - shown}"


def test_the_guides_hold_commands_only_in_console_blocks():
    """Every fenced block is YAML (the example and its pieces), a console block (run) or
    text without commands; every command named in the text exists."""
    import typer.main

    from ncct_report.cli import app

    group = typer.main.get_command(app)
    for name in GUIDES:
        guide = read_guide(name)
        for language, body, line in guide.blocks:
            assert language in ("yaml", "console", "text"), f"{name}:{line}: a ```{language} block: use console (its commands are run), yaml or text"
            if language == "text":
                assert not re.search(r"^\$ |^ncct ", body, re.M), f"{name}:{line}: a command in a text block is not run: use a console block"
        outside = FENCE.sub("", guide.text)
        for words in re.findall(r"`ncct ([^`]*)`", outside):
            words = words.replace("--lang km ", "").split()
            if words and not words[0].startswith("-"):
                assert words[0] in group.commands, f"{name}: `ncct {' '.join(words)}`: no such command"


def test_the_guides_example_validates(tmp_path):
    """The complete example of each guide is a valid submission, and the two examples are
    the same file but for their comments (line numbers in the outputs shown depend on it)."""
    examples = {}
    for name in GUIDES:
        examples[name] = read_guide(name).example
        path = tmp_path / name / "2017" / "prov-02.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(examples[name], encoding="utf-8")
        result = validate_paths([path])
        assert result.findings.items == []
        assert result.submissions[0].figures["prevention.dissemination_workshops"].rows[None]["participants"] == 231000
    without_comments = [[line.split("#")[0].rstrip() for line in text.splitlines()] for text in examples.values()]
    assert without_comments[0] == without_comments[1], "the two examples differ beyond their comments"


def test_the_rules_the_guides_state_hold(tmp_path):
    """What the guides say in words about the count rule, row names and the warning for
    a figure far from last year's (NCCT301), checked on the example."""
    from ncct_report.reference import load_reference

    catalog, registry = load_reference()
    example = read_guide("contributor-guide.md").example

    def check(*changes: tuple[str, str], data: bool = False):
        text = example
        for old, new in changes:
            assert text.count(old) == 1
            text = text.replace(old, new)
        path = tmp_path / str(len(list(tmp_path.iterdir()))) / "prov-02.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        reading = validate_paths([path], catalog=catalog, registry=registry, data_dir=ROOT / "data" if data else None)
        return [f.code for f in reading.findings.items], reading.submissions[0].figures

    participants = lambda figures: figures["prevention.dissemination_workshops"].rows[None]["participants"]
    codes, figures = check()
    assert codes == [] and participants(figures) == 231000
    for written in ("២៣១០០០", "0231000"):  # Khmer digits; leading zeros
        codes, figures = check(("participants: 231000", f"participants: {written}"))
        assert codes == [] and participants(figures) == 231000, written
    for name in ("Hagar", "អង្គការហាហ្គារ"):  # a row by any of its names
        codes, figures = check(("hagar:", f"{name}:"))
        assert codes == [] and figures["protection.child_victims_in_centers"].rows["hagar"] == {"children": 3, "girls": 2}, name
    assert check(("participants: 231000", "participants: 231,000"))[0] == ["NCCT105"]
    last_year = 234122  # participants, data/2016/prov-02.yaml
    for value, warned in ((3 * last_year, False), (3 * last_year + 1, True), (78041, False), (78040, True), (231000, False)):
        codes, _ = check(("participants: 231000", f"participants: {value}"), data=True)
        assert ("NCCT301" in codes) is warned, value
    codes, _ = check(("participants: 231000", "participants: 0"), data=True)
    assert "NCCT301" in codes  # 0 against 100 or more
    codes, _ = check(("{children: 3,", "{children: 9,"), data=True)
    assert codes == []  # 9 children against 2 last year: more than 3 times, but both under 100
    assert "NCCT301" not in check(("participants: 231000", "participants: 2310000"))[0]  # only with --data


def test_the_guides_list_the_same_codes_and_they_exist():
    from ncct_report.findings import kinds

    codes = [set(re.findall(r"NCCT\d{3}", (DOCS / g).read_text(encoding="utf-8"))) for g in GUIDES]
    assert codes[0] == codes[1] and codes[0] <= set(kinds())


# --- after a change of the tool's messages ----------------------------------------------


def write_outputs(name: str) -> list[str]:
    """Write into the guide the output of every command whose output differs from the
    one shown (a `...` keeps as many lines before and after it); returns the commands
    changed. Read the difference before committing it: the guide's words around an
    output may need to change too."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        done = run_guide(name, Path(folder), monkeypatch)
    lines = (DOCS / name).read_text(encoding="utf-8").split("\n")
    changed = []
    for command, output, _ in sorted(done, key=lambda d: -d[0].line):
        shown = "\n".join(line.rstrip() for line in command.shown).rstrip("\n")
        if output is None or matches(VERSION.sub("ncct VERSION", shown), output):
            continue
        new = output.split("\n")
        if "..." in command.shown:
            before = command.shown.index("...")
            after = len(command.shown) - before - 1
            new = new[:before] + ["..."] + (new[-after:] if after else [])
        lines[command.line : command.line + len(command.shown)] = new
        changed.append(f"{name}:{command.line}: $ {command.text}")
    (DOCS / name).write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":  # .venv/bin/python -m tests.test_guide: rewrite the outputs shown
    import os
    import tempfile

    os.environ.setdefault("NCCT_CACHE_DIR", tempfile.mkdtemp(prefix="ncct-guide-cache-"))
    for guide in GUIDES:
        for command in write_outputs(guide):
            print("rewrote", command)
