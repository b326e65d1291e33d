"""Findings: what the validator says about a file, as data with a location.

Every finding code is described once in `findings.yaml` (meaning, example, fix);
`docs/findings.md` is generated from it and the tests run every example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Callable, Literal

import yaml

from .textsafe import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class FindingKind:
    code: str
    severity: Severity
    title: str
    meaning: str
    fix: str
    example: str | None = None
    example_line: int | None = None
    example_name: str = "prov-02.yaml"
    example_files: dict[str, str] | None = None  # several files: path under the data folder -> text

    def example_tree(self) -> dict[str, str]:
        """The example as files under a data folder: {"2016/prov-02.yaml": text, ...}."""
        if self.example_files:
            return dict(self.example_files)
        return {f"2016/{self.example_name}": self.example} if self.example else {}

    @property
    def example_file(self) -> str:
        """The file of the example that holds the finding (path under the data folder)."""
        return self.example_name if "/" in self.example_name else f"2016/{self.example_name}"


@dataclass(frozen=True, slots=True)
class Ref:
    """A name a message shows: the id on the command line (what the file says), the
    name in the reader's language in the report."""

    kind: Literal["indicator", "measure", "row", "contributor", "section", "kind"]
    id: str
    indicator: str = ""  # for a row: whose code list
    shown: str = ""  # how the command line shows it, if not the id ("prov-02 (Battambang)")


@dataclass(frozen=True, slots=True)
class Joined:
    """Values shown one after the other: "female (3) + male (5)"."""

    items: tuple
    sep: Any = ", "  # a string, or a Msg (" or ") to translate


@dataclass(frozen=True, slots=True)
class Msg:
    """A message with its values, translated where it is shown."""

    template: str
    params: dict

    def text(self, lang: str = "en", names: Callable[[Ref, str], str] | None = None, digits: Callable[[str], str] = str) -> str:
        """The message in `lang`: the template from the PO catalogs, the values formatted
        for that language (numbers with `digits`, names with `names`, else ids)."""
        from .i18n import gettext_in

        template = gettext_in(lang, self.template)
        return template % {key: _shown(value, lang, names, digits) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.text()


def _shown(value: Any, lang: str, names, digits) -> str:
    if isinstance(value, Msg):
        return value.text(lang, names, digits)
    if isinstance(value, Ref):
        return names(value, lang) if names else (value.shown or value.id)
    if isinstance(value, Joined):
        return _shown(value.sep, lang, names, digits).join(_shown(v, lang, names, digits) for v in value.items)
    if hasattr(value, "km") and callable(getattr(value, "text", None)):  # a Label: the text in the language
        return printable(value.text(lang))
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return digits(f"{value:,}")
    return printable(str(value))


def message(template: str, **params: Any) -> Msg:
    """A message: `template` (marked with N_ where written) with named values."""
    return Msg(template, params)


@dataclass(slots=True)
class Finding:
    code: str
    severity: Severity
    file: str
    line: int | None
    message: str
    hint: str = ""
    column: int | None = None
    path: str = ""
    review: Any = None  # the reviewer's reason (a Label) when the secretariat has checked it
    text: Msg | None = None  # the message as data, for showing it in another language

    def to_json(self) -> dict:
        out = {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line, "message": self.message}
        for name in ("column", "path", "hint"):
            value = getattr(self, name)
            if value not in ("", None):
                out[name] = value
        if self.review is not None:
            out["reviewed"] = self.review.model_dump(exclude_none=True)
        return out

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.code)


@cache
def kinds() -> dict[str, FindingKind]:
    """All finding codes, keyed by code, from the package's findings.yaml."""
    text = resources.files("ncct_report").joinpath("findings.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = {}
    for code, spec in raw.items():
        spec = {k: v.strip() if isinstance(v, str) and k != "example" else v for k, v in spec.items()}
        out[code] = FindingKind(code=code, **spec)
    return out


@dataclass
class Findings:
    """Collects findings; knows the kind (severity, fix hint) of each code."""

    items: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        file: str,
        line: int | None,
        message: str | Msg,
        *,
        hint: str | None = None,
        path: str = "",
        column: int | None = None,
    ) -> Finding:
        kind = kinds()[code]
        text = message if isinstance(message, Msg) else None
        finding = Finding(  # what a file holds may hold control characters: never shown raw
            code=code,
            severity=kind.severity,
            file=printable(file),
            line=line,
            message=printable(text.text() if text else message),
            hint=kind.fix if hint is None else hint,
            column=column,
            path=printable(path),
            text=text,
        )
        self.items.append(finding)
        return finding

    def extend(self, other: "Findings") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == "warning"]

    def sorted(self) -> list[Finding]:
        return sorted(self.items, key=Finding.sort_key)


def findings_markdown() -> str:
    """The text of docs/findings.md, generated from findings.yaml."""
    out = [
        "# Findings",
        "",
        "Every message of `ncct validate` has a code. Errors mean the file cannot be",
        "used until it is fixed; warnings point at figures that look wrong and are",
        "listed in the report's data-quality annex (`--strict` turns them into errors).",
        "",
        "Generated from `ncct_report/findings.yaml` by `ncct findings --markdown`;",
        "edit that file, not this one.",
        "",
        "| code | severity | title |",
        "|---|---|---|",
    ]
    for kind in kinds().values():
        out.append(f"| [{kind.code}](#{kind.code.lower()}) | {kind.severity} | {kind.title} |")
    for kind in kinds().values():
        out += ["", f"## {kind.code}", "", f"**{kind.title}** ({kind.severity})", "", kind.meaning.strip(), ""]
        for name, text in kind.example_tree().items():
            out += [f"Example (`{name.removeprefix('2016/') if not kind.example_files else name}`):", "", "```yaml", text.rstrip("\n"), "```", ""]
        out += [f"How to fix: {kind.fix.strip()}"]
    return "\n".join(out) + "\n"
