"""Translation round-trip of the narrative: export to a PO worksheet, import it back.

PO was chosen over CSV or XLSX: translators already have tools for it (Poedit,
Weblate, Lokalize, OmegaT), it carries the context of each text (file and item), a
"fuzzy" flag for drafts and translator comments, keeps multi-line text intact, and is
plain text that diffs well; the report's own labels use the same format.

Import writes each translation into its file with ruamel.yaml (round-trip), and checks
that nothing but the translated items changed: a file whose other lines would change
(ruamel cannot keep some hand layouts) is left untouched and reported.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .output import write_atomically
from .read import read_year

LANGS = ("km", "en")


def _context(year: int, path: Path, index: int) -> str:
    return f"{year}/{path.name}#items/{index}"


def _needs(item: dict, lang: str) -> bool:
    if lang == "km":
        return bool(item.get("en")) and (not item.get("km") or item.get("km_status") != "reviewed")
    return bool(item.get("km")) and not item.get("en")


def export_catalog(year: int, data_dir: Path, lang: str) -> Catalog:
    """Every narrative item of the year lacking a reviewed text in `lang`."""
    source = "en" if lang == "km" else "km"
    catalog = Catalog(locale=lang, project=f"ncct-report narrative {year}", fuzzy=False)
    from .reference import load_reference

    for sub in read_year(data_dir, year, *load_reference(), earlier_years=0).submissions:
        if sub.contributor is None:
            continue
        for index, item in enumerate(sub.doc.data.get("items") or []):
            if not isinstance(item, dict) or not isinstance(item.get(source), str) or not _needs(item, lang):
                continue
            existing = item.get(lang) if isinstance(item.get(lang), str) else ""
            catalog.add(
                item[source].strip(),
                existing.strip(),
                context=_context(year, sub.path, index),
                auto_comments=[f"{sub.contributor}, section {item.get('section')}"],
                flags=["fuzzy"] if existing else [],  # a draft to review
            )
    return catalog


def export_po(year: int, data_dir: Path, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, export_catalog(year, data_dir, lang), width=0, omit_header=False)
    return buffer.getvalue()


@dataclass
class ImportResult:
    updated: dict[str, int] = field(default_factory=dict)  # file -> items translated
    skipped: list[str] = field(default_factory=list)  # why some entries were not used


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _item_spans(items, total_lines: int, next_key_line: int | None) -> list[tuple[int, int]]:
    starts = [item.lc.line for item in items]
    ends = starts[1:] + [next_key_line if next_key_line is not None else total_lines]
    return list(zip(starts, ends))


def import_po(po_file: Path, data_dir: Path) -> ImportResult:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    lang = str(catalog.locale) if catalog.locale else "km"
    source = "en" if lang == "km" else "km"
    by_file: dict[Path, list] = {}
    result = ImportResult()
    for message in catalog:
        if not message.id or not message.context:
            continue
        if not message.string or message.fuzzy:
            continue  # untranslated, or still a draft
        location, _, index = message.context.partition("#items/")
        path = data_dir / location
        if not index.isdigit() or not path.is_file() or path.parent.resolve().parent != data_dir.resolve():
            result.skipped.append(f"{message.context}: no such file or item in {data_dir}")
            continue
        by_file.setdefault(path, []).append((int(index), message))
    yaml = _yaml()
    for path, messages in sorted(by_file.items()):
        original = path.read_text(encoding="utf-8")
        data = yaml.load(original)
        items = data.get("items") or []
        keys = list(data)
        after = keys[keys.index("items") + 1] if "items" in keys and keys.index("items") + 1 < len(keys) else None
        spans = _item_spans(items, len(original.splitlines()), data.lc.key(after)[0] if after else None)
        touched: set[int] = set()
        for index, message in messages:
            if index >= len(items) or not isinstance(items[index].get(source), str) or items[index][source].strip() != message.id:
                result.skipped.append(f"{message.context}: the {source} text changed since the export; translate it again")
                continue
            item = items[index]
            old = item.get(lang)
            text = message.string
            if isinstance(old, FoldedScalarString) or (old is None and "\n" not in text and len(text) > 80):
                text = FoldedScalarString(text)
            elif isinstance(old, LiteralScalarString):
                text = LiteralScalarString(text)
            if lang in item:
                item[lang] = text
            else:
                item.insert(list(item).index(source) + 1, lang, text)
            if lang == "km":
                if "km_status" in item:
                    item["km_status"] = "reviewed"
                else:
                    item.insert(list(item).index("km") + 1, "km_status", "reviewed")
            touched.add(index)
        if not touched:
            continue
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        updated = buffer.getvalue()
        allowed = {line for i in touched for line in range(*spans[i])}
        matcher = difflib.SequenceMatcher(a=original.splitlines(), b=updated.splitlines(), autojunk=False)
        outside = [
            i for tag, a1, a2, _, _ in matcher.get_opcodes() if tag != "equal"
            for i in (range(a1, a2) if a2 > a1 else [a1]) if i not in allowed
        ]
        if outside:
            result.skipped.append(
                f"{path}: not updated, because writing it would also change line {outside[0] + 1} "
                "(a layout ruamel.yaml cannot keep); enter these translations by hand"
            )
            continue
        write_atomically(path, updated.encode("utf-8"))
        result.updated[str(path)] = len(touched)
    return result
