"""Findings: what the validator says about a file, as data with a location.

Every finding code is described once in `findings.yaml` (meaning, example, fix);
`docs/findings.md` is generated from it and the tests run every example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

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
        message: str,
        *,
        hint: str | None = None,
        path: str = "",
        column: int | None = None,
    ) -> Finding:
        kind = kinds()[code]
        finding = Finding(  # what a file holds may hold control characters: never shown raw
            code=code,
            severity=kind.severity,
            file=printable(file),
            line=line,
            message=printable(message),
            hint=kind.fix if hint is None else hint,
            column=column,
            path=printable(path),
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
