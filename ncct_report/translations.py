"""Translation round-trip of the narrative: export to a PO worksheet, import it back.

PO was chosen over CSV or XLSX: translators already have tools for it (Poedit,
Weblate, Lokalize, OmegaT), it carries the context of each text (file and item), a
"fuzzy" flag for drafts and translator comments, keeps multi-line text intact, and is
plain text that diffs well; the report's own labels use the same format.

A worksheet is for one year: its header names it (`ncct-report narrative 2016`) and
each entry's context is `2016/prov-02.yaml#items/3`. Import checks the whole worksheet
and every file it would write before writing any, then writes all of them or none; a
worksheet that is not a well-formed PO file, or an entry that points anywhere but a
regular submission file of that year, is refused (`TranslationImportError`).

Each translation is written with ruamel.yaml (round-trip), keeping the file's line
endings, and only if nothing but the translated items changes: a file whose other
lines would change (ruamel cannot keep some hand layouts) is left untouched and
reported.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from .errors import NcctError
from .findings import Joined, Msg, message
from .i18n import N_
from .load import MAX_BYTES
from .output import write_atomically
from .read import YAML_SUFFIXES, read_year
from .textsafe import CONTROL, UNSAFE, char_name

LANGS = ("km", "en")
MAX_PO_BYTES = 20_000_000  # a year's worksheet is under 1 MB
_PROJECT = re.compile(r"ncct-report narrative ([0-9]{4})(?: .*)?")
_CONTEXT = re.compile(r"([0-9]{4})/([^/\\]+)#items/(0|[1-9][0-9]{0,8})")
_ESCAPES = '\\abfnrtv"'  # what Babel unescapes; any other would be kept as a backslash
_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")  # ruamel counts these as line ends, we do not


class TranslationImportError(NcctError):
    """A worksheet that cannot be imported; no file was changed."""


def _context(year: int, path: Path, index: int) -> str:
    return f"{year}/{path.name}#items/{index}"


def _needs(item: dict, lang: str) -> bool:
    if lang == "km":
        return bool(item.get("en")) and (not item.get("km") or item.get("km_status") != "reviewed")
    return bool(item.get("km")) and not item.get("en")


def _submission_name(name: str) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in YAML_SUFFIXES and not UNSAFE.search(name)


def export_catalog(year: int, data_dir: Path, lang: str) -> Catalog:
    """Every narrative item of the year lacking a reviewed text in `lang`."""
    source = "en" if lang == "km" else "km"
    catalog = Catalog(locale=lang, project=f"ncct-report narrative {year}", fuzzy=False)
    from .reference import load_reference

    folder = data_dir / str(year)
    for sub in read_year(data_dir, year, *load_reference(), earlier_years=0).submissions:
        if sub.contributor is None or sub.path.parent != folder or not _submission_name(sub.path.name):
            continue  # only what the import can write back
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
    skipped: list[Msg] = field(default_factory=list)  # why some entries were not used (str() is the English)
    left_fuzzy: list[str] = field(default_factory=list)  # contexts translated but still marked fuzzy
    untranslated: int = 0  # entries without a translation


# --- reading the worksheet -------------------------------------------------------------


def _read_bytes(path: Path, limit: int, *, follow: bool) -> bytes:
    """A regular file's bytes (not a pipe or device, which could block or never end)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(message(N_("not a regular file")))
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(message(N_("larger than %(limit)s bytes"), limit=limit))
    return raw


def _reason(exc: Exception) -> Msg | str:
    """Why a file could not be read: the system's words, or our message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if exc.args and isinstance(exc.args[0], Msg):
        return exc.args[0]
    return str(exc)


def _string_problem(text: str) -> str | None:
    if not text.startswith('"'):
        return message(N_('a quoted text ("...") is expected here'))
    i = 1
    while i < len(text):
        if text[i] == "\\":
            if i + 1 < len(text) and text[i + 1] not in _ESCAPES:
                return message(N_("\\%(char)s is not an escape a PO file knows (write a backslash as \\\\)"), char=text[i + 1])
            i += 2
        elif text[i] == '"':
            return None if i == len(text) - 1 else message(N_('there is text after the closing quote (write a quote inside a text as \\")'))
        else:
            i += 1
    return message(N_('the quoted text is not closed (the " at its end is missing)'))


class _Syntax(Exception):
    def __init__(self, line: int, problem: Msg):
        self.msg = message(N_("line %(line)s: %(problem)s"), line=str(line), problem=problem)
        super().__init__(str(self.msg))


def _check_syntax(lines: list[str]) -> None:
    """What Babel would read leniently (an unclosed quote, a msgstr without msgid, two
    msgstr, one entry twice with different texts) is an error here, with its line."""
    state = None  # None (between entries), "msgctxt", "msgid" or "msgstr"
    start, obsolete, parts, seen, header = 0, False, {}, {}, None
    fuzzy = next_fuzzy = False

    def finish():
        nonlocal header
        if state != "msgstr" or obsolete:
            return
        msgid, msgstr = ("".join(unescape(p) for p in parts[k]) for k in ("msgid", "msgstr"))
        context = "".join(unescape(p) for p in parts["msgctxt"]) if "msgctxt" in parts else None
        if msgid == "":
            if context is not None:
                raise _Syntax(start, message(N_("an empty msgid is the header, which has no msgctxt")))
            if header is not None:
                raise _Syntax(start, message(N_("a second header (an empty msgid; the first is on line %(line)s)"), line=str(header)))
            header = start
            return
        key = context if context is not None else ("", msgid)
        if key in seen and seen[key][1:] != (msgid, msgstr, fuzzy):
            raise _Syntax(start, message(N_("this entry appears twice, with different texts (also on line %(line)s)"), line=str(seen[key][0])))
        seen.setdefault(key, (start, msgid, msgstr, fuzzy))

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        is_obsolete = line.startswith("#~")
        if is_obsolete:
            line = line[2:].lstrip()
            if not line:
                continue
        elif line.startswith("#"):
            if state in ("msgctxt", "msgid"):
                raise _Syntax(number, message(N_("a comment inside the entry that begins on line %(line)s, before its msgstr"), line=str(start)))
            finish()
            state = None
            if line.startswith("#,"):
                next_fuzzy |= "fuzzy" in (flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if state is None:
                raise _Syntax(number, message(N_("a quoted text outside any entry (after a comment or at the start)")))
            if is_obsolete != obsolete:
                raise _Syntax(number, f"the entry that begins on line {start} is only partly marked obsolete (#~)")
            if problem := _string_problem(line):
                raise _Syntax(number, problem)
            parts[state].append(line)
            continue
        keyword, _, arg = line.partition(" ")
        if keyword == "msgid_plural" or keyword.startswith("msgstr["):
            raise _Syntax(number, message(N_("plural forms are not used in these worksheets")))
        if keyword not in ("msgctxt", "msgid", "msgstr"):
            raise _Syntax(number, message(N_("'%(keyword)s' is not a PO keyword (msgctxt, msgid, msgstr); is this a PO file?"), keyword=keyword[:40]))
        if problem := _string_problem(arg.strip()):
            raise _Syntax(number, problem)
        if keyword == "msgctxt" or (keyword == "msgid" and state in (None, "msgstr")):  # a new entry
            if state in ("msgctxt", "msgid"):
                raise _Syntax(start, message(N_("this entry has no msgstr") if state == "msgid" else N_("this entry has two msgctxt")))
            finish()
            start, obsolete, parts, fuzzy, next_fuzzy = number, is_obsolete, {}, next_fuzzy, False
        elif keyword == "msgstr" and state != "msgid":
            raise _Syntax(number, message(N_("a second msgstr in the entry that begins on line %(line)s"), line=str(start)) if state == "msgstr"
                          else message(N_("a msgstr without its msgid")))
        elif keyword == "msgid" and state == "msgid":
            raise _Syntax(start, message(N_("this entry has no msgstr")))
        elif is_obsolete != obsolete:
            raise _Syntax(number, f"the entry that begins on line {start} is only partly marked obsolete (#~)")
        state = keyword
        parts[keyword] = [arg.strip()]
    if state in ("msgctxt", "msgid"):
        raise _Syntax(start, message(N_("this entry has no msgstr (the file ends first)")))
    finish()


def _read_worksheet(po_file: Path) -> Catalog:
    try:
        raw = _read_bytes(po_file, MAX_PO_BYTES, follow=True)
    except (OSError, ValueError) as exc:
        raise TranslationImportError(message(N_("%(file)s cannot be read: %(reason)s"), file=po_file, reason=_reason(exc))) from None

    def not_po(problem: Msg | str) -> TranslationImportError:
        return TranslationImportError(message(N_("%(file)s is not a PO worksheet: %(problem)s"), file=po_file, problem=problem))

    def line_of(offset: int) -> int:
        return raw.count(b"\n", 0, offset) + 1

    if (nul := raw.find(b"\0")) >= 0:
        raise not_po(message(N_("it is a binary file (line %(line)s has a NUL byte)"), line=str(line_of(nul))))
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise not_po(message(N_("line %(line)s is not UTF-8 text"), line=str(line_of(exc.start)))) from None
    lines = ["" if line.strip().startswith("#~|") else line for line in text.split("\n")]  # previous msgid of an obsolete entry: a comment
    try:
        _check_syntax(lines)
        return read_po(lines, abort_invalid=True)
    except _Syntax as exc:
        raise not_po(exc.msg) from None
    except PoFileError as exc:
        raise not_po(message(N_("line %(line)s: %(problem)s"), line=str(exc.lineno + 1), problem=str(exc).rsplit(" on ", 1)[0])) from None
    except (ValueError, TypeError, LookupError, AttributeError) as exc:  # from Babel's reading of the header
        raise not_po(message(N_("its header cannot be read (%(problem)s)"), problem=str(exc))) from None


def _language(po_file: Path, catalog: Catalog) -> str:
    identifier = catalog.locale_identifier
    if not identifier:
        return "km"  # worksheets are nearly always for Khmer
    language = identifier.replace("-", "_").split("_")[0]
    if language not in LANGS:
        raise TranslationImportError(message(N_("%(file)s is a worksheet for the language '%(lang)s'; the report has only %(langs)s"),
                                             file=po_file, lang=identifier, langs=Joined(LANGS, message(N_(" and ")))))
    return language


def _sheet_year(po_file: Path, catalog: Catalog, year: int | None) -> int | None:
    found = _PROJECT.fullmatch(f"{catalog.project} {catalog.version}")
    own = int(found.group(1)) if found else None
    if own is not None and year is not None and own != year:
        raise TranslationImportError(message(N_("%(file)s is a worksheet for %(own)s, not %(year)s"), file=po_file, own=str(own), year=str(year)))
    return own if own is not None else year


# --- checking the entries and their files ----------------------------------------------


@dataclass
class _Entry:
    context: str
    index: int
    source: str
    text: str


@dataclass
class _Target:
    path: Path
    raw: bytes = b""
    entries: list[_Entry] = field(default_factory=list)


def _place(entry, sheet_year: int, problems: list[Msg]) -> tuple[str, int] | None:
    """(file name, item index) of an entry of this worksheet's year, or None with the problem noted."""
    context = entry.context
    if context is None:
        problems.append(message(N_("line %(line)s: the entry '%(text)s' has no msgctxt, so where it belongs is unknown"), line=str(entry.lineno), text=entry.id[:50]))
        return None
    found = _CONTEXT.fullmatch(context)
    if not found or UNSAFE.search(context):
        problems.append(message(N_("line %(line)s: the context '%(context)s' is not YEAR/FILE.yaml#items/N, as `ncct translations export` writes it"),
                                line=str(entry.lineno), context=context[:80]))
        return None
    entry_year, name, index = int(found.group(1)), found.group(2), int(found.group(3))
    if entry_year != sheet_year:
        problems.append(message(N_("%(context)s: an entry for %(entry_year)s in a worksheet for %(year)s"), context=context, entry_year=str(entry_year), year=str(sheet_year)))
        return None
    if not _submission_name(name):
        problems.append(message(N_("%(context)s: %(name)s is not a submission file (a .yaml file directly in the year's folder)"), context=context, name=name))
        return None
    return name, index


def _target(context: str, folder: Path, name: str, result: ImportResult, problems: list[Msg]) -> tuple[Path, os.stat_result] | None:
    """A regular file directly in the year's folder, never a link to another place."""
    path = folder / name
    if folder.is_symlink():
        problems.append(message(N_("%(context)s: %(folder)s is a link; translations are written only into files of a real year folder"), context=context, folder=folder))
        return None
    try:
        info = path.lstat()
    except FileNotFoundError:
        result.skipped.append(message(N_("%(context)s: %(file)s does not exist (renamed or removed since the export?)"), context=context, file=path))
        return None
    except OSError as exc:
        problems.append(message(N_("%(context)s: %(file)s cannot be read (%(reason)s)"), context=context, file=path, reason=exc.strerror))
        return None
    if stat.S_ISLNK(info.st_mode):
        problems.append(message(N_("%(context)s: %(file)s is a link to another place; translations are written only into regular files directly in %(folder)s"),
                                context=context, file=path, folder=folder))
        return None
    if not stat.S_ISREG(info.st_mode):
        problems.append(message(N_("%(context)s: %(file)s is not a regular file"), context=context, file=path))
        return None
    return path, info


def _refused(po_file: Path, problems: list[Msg]) -> TranslationImportError:
    shown = problems[:20] + ([message(N_("... and %(count)s more"), count=len(problems) - 20)] if len(problems) > 20 else [])
    return TranslationImportError(message(N_("%(file)s was not imported, no file was changed:"), file=po_file), *shown)


# --- writing the translations ----------------------------------------------------------


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _lines(text: str) -> list[tuple[str, str]]:
    """(content, line ending) per line; the last line's ending is "" if the text lacks one."""
    parts = re.split(r"(\r\n|\n)", text)
    lines = list(zip(parts[0::2], parts[1::2] + [""]))
    return lines[:-1] if lines and lines[-1] == ("", "") else lines


def _load(target: _Target, problems: list[Msg]):
    """(text, yaml, round-trip data) of a target file, or None with the problem noted."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    try:
        target.raw = _read_bytes(target.path, MAX_BYTES, follow=False)
        text = target.raw.decode("utf-8")
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        reason = message(N_("it is not UTF-8 text")) if isinstance(exc, UnicodeDecodeError) else _reason(exc)
        problems.append(message(N_("%(file)s: cannot be read (%(reason)s); check it with `ncct validate %(file)s`"), file=target.path, reason=reason))
        return None
    yaml = _yaml()
    try:
        data = yaml.load(text.removeprefix("\ufeff"))
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark:
            problems.append(message(N_("%(file)s: is not valid YAML (line %(line)s); check it with `ncct validate %(file)s`"), file=target.path, line=str(mark.line + 1)))
        else:
            problems.append(message(N_("%(file)s: is not valid YAML; check it with `ncct validate %(file)s`"), file=target.path))
        return None
    if not isinstance(data, CommentedMap):
        problems.append(message(N_("%(file)s: is not a submission (a block of `key: value` lines); check it with `ncct validate %(file)s`"), file=target.path))
        return None
    return text, yaml, data


def _set(item, lang: str, value) -> None:
    source = "en" if lang == "km" else "km"
    if lang in item:
        item[lang] = value
    else:
        item.insert(list(item).index(source) + 1, lang, value)
    if lang == "km":
        if "km_status" in item:
            item["km_status"] = "reviewed"
        else:
            item.insert(list(item).index("km") + 1, "km_status", "reviewed")


def _translated(target: _Target, loaded, lang: str, result: ImportResult) -> bytes | None:
    """The file's new bytes, or None if nothing is to change or it cannot be written safely."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    text, yaml, data = loaded
    source = "en" if lang == "km" else "km"
    items = data.get("items")
    touched: dict[int, str] = {}
    for entry in target.entries:
        item = items[entry.index] if isinstance(items, CommentedSeq) and entry.index < len(items) else None
        if not isinstance(item, CommentedMap) or not isinstance(item.get(source), str) or item[source].strip() != entry.source or entry.index in touched:
            result.skipped.append(message(N_("%(context)s: the %(lang)s text changed since the export; translate it again"), context=entry.context, lang=source))
            continue
        old = item.get(lang)
        value = entry.text
        if isinstance(old, FoldedScalarString) or (old is None and "\n" not in value and len(value) > 80):
            value = FoldedScalarString(value)
        elif isinstance(old, LiteralScalarString):
            value = LiteralScalarString(value)
        _set(item, lang, value)
        touched[entry.index] = entry.text
    if not touched:
        return None
    why, updated = _rewritten(text, yaml, data, touched, lang)
    if updated is None:
        result.skipped.append(message(N_("%(file)s: not updated, because %(reason)s; enter these translations by hand"), file=target.path, reason=why))
        return None
    result.updated[str(target.path)] = len(touched)
    return updated.encode("utf-8")


def _rewritten(text: str, yaml, data, touched: dict[int, str], lang: str) -> tuple[Msg | None, str | None]:
    """The file's new text, with each kept line's own ending, or why it cannot be written."""
    from ruamel.yaml import YAML

    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    if _ODD_BREAKS.search(body):
        return message(N_("it has line breaks other than LF or CRLF")), None
    old = _lines(body)
    buffer = io.StringIO()
    try:
        yaml.dump(data, buffer)
    except Exception as exc:  # whatever ruamel.yaml cannot write, the file stays as it is
        return message(N_("ruamel.yaml cannot write it (%(problem)s)"), problem=type(exc).__name__), None
    new = _lines(buffer.getvalue())

    # Lines of the touched items may change, nothing else; an insertion just after an
    # item's last line is a key added at its end.
    items, keys = data["items"], list(data)
    after = keys[keys.index("items") + 1] if keys.index("items") + 1 < len(keys) else None
    starts = [items.lc.item(i)[0] for i in range(len(items))]
    ends = starts[1:] + [data.lc.key(after)[0] if after is not None else len(old)]
    allowed = {line for i in touched for line in range(starts[i], ends[i])}
    opcodes = difflib.SequenceMatcher(a=[c for c, _ in old], b=[c for c, _ in new], autojunk=False).get_opcodes()
    for tag, a1, a2, _, _ in opcodes:
        if tag == "equal":
            continue
        outside = [i for i in range(a1, a2) if i not in allowed] if a2 > a1 else [] if {a1, a1 - 1} & allowed else [a1]
        if outside:
            return message(N_("writing it would also change line %(line)s (a layout ruamel.yaml cannot keep)"), line=str(outside[0] + 1)), None

    usual = "\r\n" if sum(e == "\r\n" for _, e in old) > sum(e == "\n" for _, e in old) else "\n"
    endings = [usual] * len(new)
    for tag, a1, a2, b1, _ in opcodes:
        if tag == "equal":
            for k in range(a2 - a1):
                endings[b1 + k] = old[a1 + k][1] or usual
    if endings and old and not old[-1][1]:
        endings[-1] = ""
    updated = bom + "".join(content + ending for (content, _), ending in zip(new, endings))

    # Read back, it must be the old data with just these texts (and statuses) set.
    safe = YAML(typ="safe", pure=True)
    try:
        expected, written = safe.load(body), safe.load(updated[len(bom):])
    except Exception:  # what cannot be read back is not written
        expected, written = None, None
    else:
        for index, value in touched.items():
            expected["items"][index].update({lang: value} | ({"km_status": "reviewed"} if lang == "km" else {}))
    if expected is None or written != expected:
        return message(N_("what ruamel.yaml would write does not read back as the same data with these translations")), None
    return None, updated


def _write_all(po_file: Path, new: dict[Path, tuple[bytes, bytes]]) -> None:
    """Write every file, or, if one cannot be written, put back those already written."""
    written: list[Path] = []
    try:
        for path, (_, data) in new.items():
            write_atomically(path, data)
            written.append(path)
    except BaseException as exc:
        failed = next((p for p in new if p not in written), None)
        lost = []
        for path in written:
            try:
                write_atomically(path, new[path][0])
            except Exception:  # go on putting back the others, then say which failed
                lost.append(str(path))
        if not isinstance(exc, Exception):
            raise
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if lost:
            said = message(N_("%(file)s was not imported: %(failed)s cannot be written (%(reason)s); could NOT put back the original of %(lost)s: restore it from a copy"),
                           file=po_file, failed=failed, reason=reason, lost=", ".join(lost))
        else:
            said = message(N_("%(file)s was not imported: %(failed)s cannot be written (%(reason)s), so the files already written were put back: no file was changed"),
                           file=po_file, failed=failed, reason=reason)
        raise TranslationImportError(said) from exc


def import_po(po_file: Path, data_dir: Path, year: int | None = None) -> ImportResult:
    """Write the finished translations of a worksheet into the submissions of its year
    (which must be `year`, if given): into all the files or, on any problem, none."""
    catalog = _read_worksheet(po_file)
    result = ImportResult()
    entries = [m for m in catalog if m.id]
    if not entries:
        return result
    lang = _language(po_file, catalog)
    sheet_year = _sheet_year(po_file, catalog, year)
    if sheet_year is None:
        raise TranslationImportError(message(N_("%(file)s does not say which year it is for: its header should read "
                                                "`Project-Id-Version: ncct-report narrative YEAR`, as `ncct translations export` writes it"), file=po_file))
    problems: list[Msg] = []
    targets: dict[tuple[int, int], _Target] = {}
    for entry in entries:
        place = _place(entry, sheet_year, problems)
        text = entry.string.strip()
        if not text:
            result.untranslated += 1
        elif entry.fuzzy:
            result.left_fuzzy.append(entry.context)
        elif place is not None:
            controls = CONTROL.findall(text) + re.findall("[\r\u2028\u2029]", text)
            if controls:
                names = ", ".join(dict.fromkeys(char_name(c) for c in controls))
                problems.append(message(N_("%(context)s: the translation contains %(names)s; remove it"), context=entry.context, names=names))
                continue
            found = _target(entry.context, data_dir / str(sheet_year), place[0], result, problems)
            if found is not None:
                path, info = found
                # one file under two names (a case-insensitive disk, a hard link) is written once
                target = targets.setdefault((info.st_dev, info.st_ino), _Target(path))
                target.entries.append(_Entry(entry.context, place[1], entry.id, text))
    loaded = {key: _load(target, problems) for key, target in sorted(targets.items(), key=lambda kv: kv[1].path)}
    if problems:
        raise _refused(po_file, problems)
    new: dict[Path, tuple[bytes, bytes]] = {}
    for key, target in targets.items():
        updated = _translated(target, loaded[key], lang, result)
        if updated is not None:
            new[target.path] = (target.raw, updated)
    _write_all(po_file, dict(sorted(new.items())))
    return result
