"""Load a YAML file safely, keeping the line of every value.

Reads bytes, refuses what is not a small UTF-8 text file, then builds plain Python
values from libyaml's event stream (no recursion, so deep nesting cannot crash it),
rejecting duplicate keys and limiting aliases, depth and size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from .findings import Findings

MAX_BYTES = 1_000_000  # a real submission is 5-60 kB
MAX_DEPTH = 32
MAX_NODES = 200_000  # counts every value, aliases expanded: stops "billion laughs"
MAX_TAB_FINDINGS = 10

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()

Path_ = tuple  # a path into the document: keys and list indexes


@dataclass
class Document:
    """A loaded YAML file: its data and where each value starts (1-based lines)."""

    file: str
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class _Refused(Exception):
    def __init__(self, code: str, line: int | None, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.line, self.message, self.hint = code, line, message, hint


def load_file(path: Path, display: str, findings: Findings) -> Document | None:
    """Load `path`; on any problem add a finding (named `display`) and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Refused(
                "NCCT007",
                None,
                f"The file is {size:,} bytes; files above {MAX_BYTES:,} bytes are not read.",
            )
        raw = path.read_bytes()
    except _Refused as refused:
        findings.add(refused.code, display, refused.line, refused.message)
        return None
    except OSError as exc:
        findings.add("NCCT001", display, None, f"The file cannot be read: {exc.strerror or exc}.")
        return None
    return load_bytes(raw, display, findings)


def load_bytes(raw: bytes, display: str, findings: Findings) -> Document | None:
    try:
        text = _decode(raw, display, findings)
        if _tab_indented(text, display, findings):
            return None
        data, lines = _compose(text)
    except _Refused as refused:
        findings.add(refused.code, display, refused.line, refused.message, hint=refused.hint)
        return None
    if data is None:
        findings.add("NCCT006", display, 1, "The file has no content.")
        return None
    return Document(display, data, lines)


def _decode(raw: bytes, display: str, findings: Findings) -> str:
    if not raw.strip():
        raise _Refused("NCCT006", 1, "The file is empty.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:8192]:
        raise _Refused(
            "NCCT001",
            None,
            "This is not a text file (it contains binary data or is saved as UTF-16).",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.add("NCCT005", display, 1, "The file starts with an invisible byte-order mark (BOM).")
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _Refused(
            "NCCT002",
            line,
            f"Line {line} has bytes that are not UTF-8 (byte 0x{raw[exc.start]:02x}).",
        ) from None


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
        findings.add("NCCT004", display, number, f"Line {number} is indented with a tab.")
    more = len(bad) - MAX_TAB_FINDINGS
    if more > 0:
        findings.add("NCCT004", display, bad[MAX_TAB_FINDINGS], f"... and {more} more lines indented with tabs.")
    return True


def _compose(text: str) -> tuple[Any, dict[tuple, int]]:
    """Build values from the event stream, tracking lines, depth, size and anchors."""
    lines: dict[tuple, int] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    # Each frame: [container, path, pending_key, key_line, node_count_start, anchor]
    stack: list[list] = []
    root: Any = None
    nodes = 0
    documents = 0

    def place(value: Any, line: int, size: int) -> None:
        nonlocal root
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
                raise _Refused(
                    "NCCT010",
                    line,
                    f"The key '{value}' appears twice in the same block"
                    + (f" (first on line {first})" if first else "")
                    + "; YAML would silently keep only the last one.",
                )
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
                    raise _Refused("NCCT003", line, "The file holds more than one YAML document ('---').", hint="Keep one submission per file: remove the second '---' and what follows, or move it to its own file.")
            elif isinstance(event, ev.ScalarEvent):
                nodes += 1
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    value = event.value  # mapping keys stay as written: `01` is "01"
                else:
                    value = _scalar(event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                place(value, line, 1)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise _Refused("NCCT009", line, f"The data is nested more than {MAX_DEPTH} levels deep.")
                container: Any = {} if isinstance(event, ev.MappingStartEvent) else []
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    raise _Refused("NCCT003", line, "A key is a list or a mapping; keys must be plain names.", hint="Write keys as plain words or codes, e.g. `events:`.")
                path = _child_path(stack)
                place(container, line, 1)
                stack.append([container, path, _NO_KEY, None, nodes, event.anchor])
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                if frame[5]:
                    anchors[frame[5]] = (frame[0], nodes - frame[4] + 1)
            elif isinstance(event, ev.AliasEvent):
                if event.anchor not in anchors:
                    raise _Refused("NCCT003", line, f"The alias *{event.anchor} refers to no anchor.")
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > MAX_NODES:
                    raise _Refused("NCCT008", line, f"Aliases expand the data beyond {MAX_NODES:,} values.")
                place(value, line, size)
            if nodes > MAX_NODES:
                raise _Refused("NCCT008", line, f"The file holds more than {MAX_NODES:,} values.")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "the YAML cannot be read"
        if "nesting depth" in problem:
            raise _Refused("NCCT009", line, f"The data is nested too deeply ({problem}).") from None
        context = f" ({exc.context})" if exc.context else ""
        raise _Refused("NCCT003", line, f"YAML syntax error: {problem}{context}.") from None
    except yaml.YAMLError as exc:
        raise _Refused("NCCT003", None, f"YAML syntax error: {exc}.") from None
    return root, lines


_NO_KEY = object()


def _child_path(stack: list[list]) -> tuple:
    if not stack:
        return ()
    frame = stack[-1]
    container, path = frame[0], frame[1]
    if isinstance(container, list):
        return path + (len(container),)
    return path + (frame[2],)


_STR = "tag:yaml.org,2002:str"
_IMPLICIT = _resolver.yaml_implicit_resolvers


def _scalar(event: ev.ScalarEvent) -> Any:
    tag, value = event.tag, event.value
    if tag is None or tag == "!":
        if event.style:  # quoted or block text: always a string
            return value
        if not value:
            pass
        elif value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
            return int(value)  # the common case, decided without regexes
        elif value[0] not in _IMPLICIT:
            return value  # cannot be a number, bool, null, date: a string
        tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR:
        return value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise _Refused("NCCT003", event.start_mark.line + 1, f"Unsupported value: {exc.problem}.") from None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return event.value
    return value


def _key_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
