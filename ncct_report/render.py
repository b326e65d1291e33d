"""Render the report model to one self-contained HTML file per language.

One Jinja template set serves both editions; labels go through gettext catalogs
(`locale/<lang>/LC_MESSAGES/messages.po`, read with Babel); numbers, dates and
year-over-year sentences are formatted here, with Khmer digits in the km edition.
Autoescape is on everywhere: text from a submission can never become markup.
"""

from __future__ import annotations

import base64
import datetime as dt
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal, get_group_symbol, get_minus_sign_symbol
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .aggregate import Cell, Change, QualityEntry, Report, ref_key
from .findings import Ref
from .i18n import LANGUAGES, translations
from .khmer import break_syllables, break_words, khmer_digits
from .labels import Label
from .registry import KIND_LABELS
from .resources import TEMPLATES
from .textsafe import printable

LANGUAGE_NAMES = {"en": "English", "km": "ខ្មែរ"}


def output_name(year: int, lang: str, suffix: str) -> str:
    return f"ncct-report-{year}.{lang}.{suffix}"


UNNUMBERED = ("greeting", "B.0")
KHMER_SECTION_LETTERS = {"A": "ក", "B": "ខ", "C": "គ", "D": "ឃ"}


class Formatter:
    """Numbers, labels, dates and sentences in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.gettext = translations(lang).gettext
        self.locale = Locale.parse(lang)  # parsed once: Babel would re-read it for every number
        self._group = get_group_symbol(self.locale)
        self._minus = get_minus_sign_symbol(self.locale)

    def digits(self, text: str) -> str:
        return khmer_digits(text) if self.lang == "km" else text

    def num(self, value: int | float | None) -> str:
        if value is None:
            return ""
        if type(value) is int:  # most figures: Babel's pattern gives the same, 40 times slower
            return self.digits(f"{value:,}".replace(",", self._group).replace("-", self._minus))
        return self.digits(format_decimal(value, locale=self.locale))

    def pct(self, value: float | None) -> str:
        if value is None:
            return ""
        return self.digits(format_decimal(round(value, 1), format="#,##0.0", locale=self.locale) + "%")

    def text(self, value: str | None) -> str:
        if not value:
            return ""
        return break_words(value) if self.lang == "km" else value

    def header(self, label: Label | None) -> str:
        """A label in a narrow table header: Khmer may also wrap between syllables."""
        if label is None:
            return ""
        return break_syllables(label.text(self.lang)) if self.lang == "km" else label.text(self.lang)

    def label(self, label: Label | dict | None) -> str:
        if label is None:
            return ""
        if isinstance(label, dict):
            label = Label(**label)
        return self.text(label.text(self.lang))

    def date(self, day: dt.date) -> str:
        """A date as each language writes it: "12 February 2017", "ថ្ងៃទី១២ ខែកុម្ភៈ ឆ្នាំ២០១៧"."""
        from babel.dates import format_date

        if self.lang == "km":
            month = format_date(day, format="MMMM", locale="km")
            return self.digits(f"ថ្ងៃទី{day.day} ខែ{month} ឆ្នាំ{day.year}")
        return format_date(day, format="long", locale=self.lang)

    def year(self, year: int) -> str:
        return self.digits(str(year))

    @property
    def colon(self) -> str:
        """The colon before an explanation or a list: Khmer writes ៖."""
        return "៖" if self.lang == "km" else ":"

    def numbered(self, section_id: str) -> bool:
        """Whether the report prints a number before the section's title: not for the
        annexes, the greeting and the unnumbered opening of B."""
        return not section_id.startswith("annex") and section_id not in UNNUMBERED

    def section(self, section_id: str) -> str:
        """A section number as the edition writes it: B.6.2, or ខ.៦.២ with the Khmer
        letters that Khmer documents use for A-D (ក ខ គ ឃ)."""
        if self.lang != "km":
            return section_id
        head, dot, rest = section_id.partition(".")
        head = KHMER_SECTION_LETTERS.get(head, head)
        return self.digits(head + dot + rest)

    def change(self, change: Change) -> str:
        """The sentence after a measure's name: both compared figures and the change,
        and what was compared when only part of the table was given in both years."""
        _ = self.gettext
        ngettext = translations(self.lang).ngettext
        year = self.year(change.previous_year)
        if change.withheld == "contributors":
            return _("not compared with %(year)s: only %(overlap)s of %(of)s contributors gave this table in both years") % {
                "year": year, "overlap": self.num(change.overlap), "of": self.num(change.of)}
        if change.withheld == "rows":
            return _("not compared with %(year)s: only %(overlap)s of %(of)s rows were given in both years") % {
                "year": year, "overlap": self.num(change.overlap), "of": self.num(change.of)}
        if change.previous is None:
            return _("no figure for %(year)s to compare with") % {"year": year}
        if change.value is None:
            return _("not reported this year (%(year)s: %(previous)s)") % {"year": year, "previous": self.num(change.previous)}
        difference = change.difference or 0
        values = {
            "now": self.num(change.value), "before": self.num(change.previous), "year": year,
            "diff": self.num(abs(difference)), "pct": self.pct(abs(change.percent)) if change.percent is not None else "",
        }
        if difference > 0:
            sentence = _("%(now)s against %(before)s in %(year)s: an increase of %(diff)s (%(pct)s)") % values
        elif difference < 0:
            sentence = _("%(now)s against %(before)s in %(year)s: a decrease of %(diff)s (%(pct)s)") % values
        else:
            sentence = _("%(now)s, the same as in %(year)s") % values
        if change.contributors_compared is not None:
            count = change.contributors_compared
            phrases = {
                "province": ngettext("(on the %(count)s province that reported in both years)", "(on the %(count)s provinces that reported in both years)", count),
                "ministry": ngettext("(on the %(count)s ministry that reported in both years)", "(on the %(count)s ministries that reported in both years)", count),
                "institution": ngettext("(on the %(count)s institution that reported in both years)", "(on the %(count)s institutions that reported in both years)", count),
                "ngo": ngettext("(on the %(count)s NGO partner that reported in both years)", "(on the %(count)s NGO partners that reported in both years)", count),
            }
            generic = ngettext("(on the %(count)s contributor that reported in both years)", "(on the %(count)s contributors that reported in both years)", count)
            sentence += " " + phrases.get(change.contributors_kind or "", generic) % {"count": self.num(count)}
        if change.rows_compared is not None:
            sentence += " " + _("(on the %(count)s rows given in both years)") % {"count": self.num(change.rows_compared)}
        return sentence


def finding_text(entry: QualityEntry, report: Report, fmt: "Formatter") -> str:
    """A finding of the data-quality annex in the edition's language: names instead of
    ids, the edition's digits."""
    if entry.text is None:
        return fmt.digits(entry.message)

    def names(ref: Ref, lang: str) -> str:
        label = report.names.get(ref_key(ref))
        return label.text(lang) if label is not None else (ref.shown or ref.id)

    return fmt.text(entry.text.text(fmt.lang, names, fmt.digits))


def short_path(file: str) -> Markup:
    """The year folder and the file name (2016/prov-02.yaml): what the reader needs,
    with a line break allowed after each / and - (a narrow column never overflows)."""
    parts = file.replace("\\", "/").split("/")[-2:]
    return Markup("/<wbr>").join(Markup("-<wbr>").join(escape(p) for p in part.split("-")) for part in parts)


def sources_title(sources, report: Report) -> str:
    """Where a figure comes from: files and lines (shown on hover)."""
    parts = []
    for source in sources[:12]:
        name = report.contributors.get(source.contributor, {}).get("name")
        who = f" ({name.en})" if isinstance(name, Label) else ""
        parts.append(f"{source.file}:{source.line or '?'}{who}")
    if len(sources) > 12:
        parts.append(f"... {len(sources) - 12} more")
    return "; ".join(parts)


def cell_title(cell: Cell, report: Report) -> str:
    return sources_title(cell.sources, report)


def _shown(value):
    """Every value a template prints: control characters never reach the page."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    return env


def font_files() -> list[tuple[str, Path, str, str]]:
    """(family, path, style, weight) of the fonts the report uses, from Python packages."""
    import fontpkg

    out = []
    # Noto Sans Khmer carries a matching Latin alphabet, so one face serves both editions.
    for slug, family in (("noto-sans-khmer", "Noto Sans Khmer"),):
        for font in fontpkg.family(slug).files:
            weight = "100 900" if font.variable else str(font.weight or 400)
            out.append((family, Path(font.path), font.style, weight))
    return out


def font_face_css(embed: bool) -> str:
    """@font-face rules: fonts inlined (HTML edition) or as file URLs (PDF, see pdf.py)."""
    rules = []
    for family, path, style, weight in font_files():
        if embed:
            src = "data:font/ttf;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        else:
            src = path.resolve().as_uri()
        rules.append(f"@font-face {{ font-family: '{family}'; font-style: {style}; font-weight: {weight}; src: url({src}) format('truetype'); }}")
    return "\n".join(rules)


KHMER_PAGE_NUMBERS = "@page { @bottom-center { content: counter(page, khmer); } }"


def render_page(template: str, fmt: Formatter, stylesheets: tuple[str, ...], *, embed_fonts: bool, extra_css: str = "", **context) -> str:
    """A page of `template` in the Formatter's language, its stylesheets (files of
    templates/) and fonts inlined."""
    env = environment()
    env.install_gettext_translations(translations(fmt.lang), newstyle=True)  # type: ignore[attr-defined]
    css = "".join((TEMPLATES / name).read_text(encoding="utf-8") for name in stylesheets) + extra_css
    return env.get_template(template).render(
        lang=fmt.lang, f=fmt, css=Markup(css), fonts=Markup(font_face_css(embed=embed_fonts)), **context,
    )


def render_html(report: Report, lang: str, *, generated: dt.date, medium: str = "screen") -> str:
    """The edition in `lang`: self-contained for screens, or the PDF's source (medium="print")."""
    fmt = Formatter(lang)
    other = [(code, LANGUAGE_NAMES[code], output_name(report.year, code, "html")) for code in LANGUAGES if code != lang]
    return render_page(
        "report.html.j2", fmt,
        ("report.css", "print.css") if medium == "print" else ("report.css",),
        embed_fonts=medium == "screen",
        extra_css=KHMER_PAGE_NUMBERS if medium == "print" and lang == "km" else "",
        report=report,
        other_languages=other,
        cell_title=lambda cell: cell_title(cell, report),
        sources_title=lambda sources: sources_title(sources, report),
        generated=generated,
        kind_labels=KIND_LABELS,
        section_titles={n.id: n.title for root in report.sections for n in root.walk()},
        finding_text=lambda entry: finding_text(entry, report, fmt),
        short_path=short_path,
    )
