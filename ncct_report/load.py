"""Load a YAML file safely, keeping the line of every value.

Reads bytes, refuses what is not a small UTF-8 text file, then builds plain Python
values from libyaml's event stream (no recursion, so deep nesting cannot crash it),
rejecting duplicate keys and limiting aliases, depth and size.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from .findings import Findings, Msg, message
from .i18n import N_
from .numbers import MAX_DIGITS, parse_digits
from .textsafe import CONTROL, control_characters

MAX_BYTES = 1_000_000  # a real submission is 5-60 kB
MAX_DEPTH = 32
MAX_NODES = 500_000  # counts every value, aliases expanded: stops "billion laughs"
MAX_TAB_FINDINGS = 10
# UTF-16 byte-order marks, and what spreadsheets, documents, PDFs and pictures start with
BINARY_STARTS = (b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a path into the document: keys and list indexes


@dataclass
class Document:
    """A loaded YAML file: its data and where each value starts (1-based lines)."""

    file: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    unreadable: dict[tuple, Msg] = field(default_factory=dict)  # path -> why, reported as NCCT113

    def line_of(self, path: tuple) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class _Refused(Exception):
    def __init__(self, code: str, line: int | None, text: Msg, hint: str | None = None):
        super().__init__(text.text())
        self.code, self.line, self.message, self.hint = code, line, text, hint


def _where(path: tuple) -> str:
    return " > ".join(map(str, path)) or "the file"


def load_file(path: Path, display: str, findings: Findings, limit: int = MAX_BYTES) -> Document | None:
    """Load `path` of at most `limit` bytes; on any problem add a finding (named
    `display`) and return None."""
    try:
        raw = read_regular_file(path, limit)
    except _Refused as refused:
        findings.add(refused.code, display, refused.line, refused.message, hint=refused.hint)
        return None
    except OSError as exc:
        findings.add("NCCT001", display, None, message(N_("The file cannot be read: %(reason)s."), reason=exc.strerror or str(exc)))
        return None
    return load_bytes(raw, display, findings, max_nodes=max(MAX_NODES, MAX_NODES * limit // MAX_BYTES))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Pipes, devices and
    folders are refused before reading; the limit holds while reading, so a file
    that grows (or lies about its size) is never read past it."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Refused("NCCT011", None, message(N_("This file is a link; it is not read."))) from None
        raise
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Refused("NCCT001", None, message(N_("This is not a regular file (a folder, a pipe or a device); it is not read.")),
                           hint=N_("Give the path of a submission file (.yaml) or of the folder that holds them."))
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise _Refused("NCCT007", None, message(N_("The file is larger than %(limit)s bytes; it is not read."), limit=limit))
    return raw


def load_bytes(raw: bytes, display: str, findings: Findings, *, max_nodes: int = MAX_NODES) -> Document | None:
    """Load the bytes of a file (see load_file); a larger file may hold `max_nodes` values."""
    try:
        text = _decode(raw, display, findings)
        if _control_characters(text, display, findings) or _tab_indented(text, display, findings):
            return None
        data, lines, unreadable, controls = _compose(text, max_nodes)
    except _Refused as refused:
        findings.add(refused.code, display, refused.line, refused.message, hint=refused.hint)
        return None
    if data is None:
        findings.add("NCCT006", display, 1, message(N_("The file has no content.")))
        return None
    doc = Document(display, data, lines, unreadable)
    for path, problem in unreadable.items():
        findings.add("NCCT113", display, doc.line_of(path), message(N_("%(where)s: %(problem)s."), where=_where(path), problem=problem), path=_where(path))
    for path, names in controls.items():
        text = message(N_("%(where)s: the text holds an invisible control character: %(names)s."), where=_where(path), names=names)
        findings.add("NCCT118", display, doc.line_of(path), text, path=_where(path))
    return doc


def _decode(raw: bytes, display: str, findings: Findings) -> str:
    if not raw.strip():
        raise _Refused("NCCT006", 1, message(N_("The file is empty.")))
    binary = _Refused("NCCT001", None, message(N_("This is not a text file (it contains binary data or is saved as UTF-16).")))
    if raw.startswith(BINARY_STARTS):
        raise binary
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.add("NCCT005", display, 1, message(N_("The file starts with an invisible byte-order mark (BOM).")))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:8192]:
            raise binary from None
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _Refused(
            "NCCT002",
            line,
            message(N_("Line %(line)s has bytes that are not UTF-8 (byte %(byte)s)."), line=str(line), byte=f"0x{raw[exc.start]:02x}"),
        ) from None
    controls = len(CONTROL.findall(text, 0, 100_000))
    if controls and (CONTROL.match(text) or controls > max(8, len(text[:100_000]) / 100)):  # UTF-16 without a BOM, binary data
        raise binary
    return text  # a few control characters in a text: each one is reported at its line


def _control_characters(text: str, display: str, findings: Findings) -> bool:
    """Report control characters typed into the file (YAML cannot read them); True if any."""
    if not CONTROL.search(text.replace("\r", "")):
        return False
    found = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if CONTROL.search(line.rstrip("\r"))]
    for number, line in found[:MAX_TAB_FINDINGS]:
        column = CONTROL.search(line).start() + 1
        names = ", ".join(control_characters(line.rstrip("\r")))
        text = message(N_("Line %(line)s, column %(column)s has an invisible control character: %(names)s."), line=str(number), column=str(column), names=names)
        findings.add("NCCT118", display, number, text, column=column)
    return bool(found)


def _tab_indented(text: str, display: str, findings: Findings) -> bool:
    """Report lines indented with tabs (YAML forbids them); True if there are any."""
    bad = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            bad.append(number)
    if not bad:
        return False
    for number in bad[:MAX_TAB_FINDINGS]:
        findings.add("NCCT004", display, number, message(N_("Line %(line)s is indented with a tab."), line=str(number)))
    more = len(bad) - MAX_TAB_FINDINGS
    if more > 0:
        findings.add("NCCT004", display, bad[MAX_TAB_FINDINGS], message(N_("... and %(count)s more lines indented with tabs."), count=more))
    return True


def _compose(text: str, max_nodes: int = MAX_NODES) -> tuple[Any, dict[tuple, int], dict[tuple, Msg], dict[tuple, str]]:
    """Build values from the event stream, tracking lines, depth, size and anchors."""
    lines: dict[tuple, int] = {}
    unreadable: dict[tuple, Msg] = {}
    controls: dict[tuple, str] = {}  # path -> names of control characters (typed as escapes)
    anchors: dict[str, tuple[Any, int]] = {}
    # Each frame: [container, path, pending_key, key_line, node_count_start, anchor]
    stack: list[list] = []
    root: Any = None
    nodes = 0
    documents = 0

    def place(value: Any, line: int, size: int) -> None:
        nonlocal root
        if isinstance(value, str) and not value.isprintable() and CONTROL.search(value):
            is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
            at = _child_path(stack) if not is_key else stack[-1][1] + (value,)
            controls[at] = ", ".join(control_characters(value))
        if isinstance(value, _Unreadable):
            at = _child_path(stack) if not (stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY) else None
            if at is not None:
                unreadable[at] = value.message
            value = value.raw
        if not stack:
            root = value
            lines[()] = line
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            lines[path + (len(container),)] = line
            container.append(value)
            return
        if frame[2] is _NO_KEY:
            if not isinstance(value, str):
                value = _key_text(value)
            if value in container:
                first = lines.get(path + (value,))
                template = N_("The key '%(key)s' appears twice in the same block (first on line %(first)s); YAML would silently keep only the last one.") \
                    if first else N_("The key '%(key)s' appears twice in the same block; YAML would silently keep only the last one.")
                raise _Refused("NCCT010", line, message(template, key=value, first=str(first)))
            frame[2], frame[3] = value, line
            return
        key = frame[2]
        lines[path + (key,)] = frame[3]
        container[key] = value
        frame[2] = _NO_KEY

    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused("NCCT003", line, message(N_("The file holds more than one YAML document ('---').")),
                                   hint=N_("Keep one submission per file: remove the second '---' and what follows, or move it to its own file."))
            elif isinstance(event, ev.ScalarEvent):
                nodes += 1
                if stack and stack[-1][2] is _NO_KEY and type(stack[-1][0]) is dict:
                    value = event.value  # mapping keys stay as written: `01` is "01"
                    frame = stack[-1]
                    if value in frame[0] or event.anchor or not value.isprintable():
                        place(value, line, 1)  # the rare cases: a duplicate, an anchor, a control character
                        if event.anchor:
                            anchors[event.anchor] = (value, 1)
                    else:
                        frame[2], frame[3] = value, line  # the common case, inline: thousands of keys
                    continue
                value = _scalar(event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                place(value, line, 1)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise _Refused("NCCT009", line, message(N_("The data is nested more than %(depth)s levels deep."), depth=MAX_DEPTH))
                container: Any = {} if isinstance(event, ev.MappingStartEvent) else []
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    raise _Refused("NCCT003", line, message(N_("A key is a list or a mapping; keys must be plain names.")), hint=N_("Write keys as plain words or codes, e.g. `events:`."))
                path = _child_path(stack)
                place(container, line, 1)
                stack.append([container, path, _NO_KEY, None, nodes, event.anchor])
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                if frame[5]:
                    anchors[frame[5]] = (frame[0], nodes - frame[4] + 1)
            elif isinstance(event, ev.AliasEvent):
                if event.anchor not in anchors:
                    raise _Refused("NCCT003", line, message(N_("The alias *%(alias)s refers to no anchor."), alias=event.anchor))
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > max_nodes:
                    raise _Refused("NCCT008", line, message(N_("Aliases expand the data beyond %(count)s values."), count=max_nodes))
                place(value, line, size)
            if nodes > max_nodes:
                raise _Refused("NCCT008", line, message(N_("The file holds more than %(count)s values."), count=max_nodes))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "the YAML cannot be read"
        if "nesting depth" in problem:
            raise _Refused("NCCT009", line, message(N_("The data is nested too deeply (%(problem)s)."), problem=problem)) from None
        context = f" ({exc.context})" if exc.context else ""
        raise _Refused("NCCT003", line, message(N_("YAML syntax error: %(problem)s."), problem=problem + context)) from None
    except yaml.YAMLError as exc:
        raise _Refused("NCCT003", None, message(N_("YAML syntax error: %(problem)s."), problem=str(exc))) from None
    return root, lines, unreadable, controls


_NO_KEY = object()


def _child_path(stack: list[list]) -> tuple:
    if not stack:
        return ()
    frame = stack[-1]
    container, path = frame[0], frame[1]
    if isinstance(container, list):
        return path + (len(container),)
    return path + (frame[2],)


class _Unreadable:
    """A scalar that cannot be read as written (a tag that does not fit its text)."""

    def __init__(self, raw: str, problem: Msg):
        self.raw, self.message = raw, problem


_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_TAG = "tag:yaml.org,2002:"


def _scalar(event: ev.ScalarEvent) -> Any:
    """A scalar's value. Plain text follows YAML 1.2's core schema, narrowed by the
    count rule (numbers.py): digits (ASCII or Khmer) are a decimal int, `true`/`false`
    a bool, `null`/`~`/nothing is None; everything else stays text, so nothing is read
    as octal, sexagesimal, a float, a date or `yes`/`no`."""
    tag, value = event.tag, event.value
    if tag is None or tag == "!":
        if event.style:  # quoted or block text: always a string
            return value
        return _plain(value)
    short = tag[len(_TAG):] if tag.startswith(_TAG) else None
    text = value.strip()
    if short == "str":
        return value
    if short == "int":
        number = parse_digits(text.lstrip("+")) if not text.startswith("-") else parse_digits(text[1:])
        if number is None:
            return _Unreadable(value, message(N_("'%(value)s' is marked !!int but is not a whole number written with digits"), value=value))
        return -number if text.startswith("-") else number
    if short == "null":
        return None if text in _NULLS else _Unreadable(value, message(N_("'%(value)s' is marked !!null but is not empty"), value=value))
    if short == "bool":
        if text in _BOOLS:
            return _BOOLS[text]
        return _Unreadable(value, message(N_("'%(value)s' is marked !!bool but is neither true nor false"), value=value))
    if short == "float":
        try:
            float(text)
        except ValueError:
            return _Unreadable(value, message(N_("'%(value)s' is marked !!float but is not a number"), value=value))
        return value  # kept as written: a count check says it is not a whole number
    if short == "timestamp":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return _Unreadable(value, message(N_("'%(value)s' is marked !!timestamp but is not a date written YYYY-MM-DD"), value=value))
    shown = "!!" + short if short is not None else tag
    return _Unreadable(value, message(N_("the tag %(tag)s is not supported here; remove it"), tag=shown))


def _plain(value: str) -> Any:
    if value.isascii() and value.isdigit():
        return int(value, 10) if len(value) <= MAX_DIGITS else value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[0] in "-+" and len(value) > 1:
        number = parse_digits(value[1:])
        if number is not None:
            return -number if value[0] == "-" else number
        return value
    number = parse_digits(value)
    return value if number is None else number


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
