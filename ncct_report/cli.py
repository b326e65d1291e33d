"""The `ncct` command line: thin commands over the library (validate, schema, ...)."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

# Start-up: `ncct --help` imports typer only; `ncct validate` adds what checking a file
# needs. rich is imported when something is printed with it, and the values of the
# parameters are converted without pydantic (see _Converted).


class _Converted:
    """Converts a parameter's value as typer would, without typer's pydantic adapter.

    typer converts every value of a parameter with a pydantic TypeAdapter built on first
    use (importing pydantic and building a schema per parameter: about 0.1 s of every
    command). The parameters here are paths, years, texts and choices: a value that
    plainly is one (an existing path, digits within the range, a listed choice) is
    converted here, with typer's own path checks; any other value goes to typer's own
    conversion, so every message and refusal stays exactly typer's."""

    def __init__(self, param):
        self.param = param
        self.typer = None

    def coerce(self, value: Any, param, ctx) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        try:
            done, result = self._convert(value, param, ctx, multi)
        except Exception:  # typer's conversion says why, in its own words
            done, result = False, None
        if done:
            return result
        if self.typer is None:
            from typer._coercion import build_runtime_param

            self.typer = build_runtime_param(param.type_descriptor)
        return self.typer.coerce(value, param=param, ctx=ctx)

    @staticmethod
    def _convert(value: Any, param, ctx, multi: bool) -> tuple[bool, Any]:
        from typing import get_args, get_origin

        from typer._param_types import coerce_cli_path, lenient_issubclass

        descriptor = param.type_descriptor
        annotation, info = descriptor.annotation, descriptor.parameter_info
        if info.parser is not None or descriptor.file_annotation is not None:
            return False, None

        def one(item: Any, kind: Any) -> tuple[bool, Any]:
            if kind is bool:
                return isinstance(item, bool), item
            if kind is str:
                return isinstance(item, str), item
            if kind is int:
                if isinstance(item, str) and item.isascii() and item.isdigit():
                    number = int(item)
                    inside = (info.min is None or number >= info.min) and (info.max is None or number <= info.max)
                    return inside and not info.clamp, number
                return False, None
            if lenient_issubclass(kind, Enum):
                if isinstance(item, kind):
                    return True, item
                found = [m for m in kind if isinstance(item, str) and str(m.value) == item]
                return len(found) == 1 and ctx.token_normalize_func is None and info.case_sensitive, found[0] if found else None
            if lenient_issubclass(kind, Path):
                if isinstance(item, str) and item:
                    item = kind(item)
                if not isinstance(item, kind):
                    return False, None
                return True, coerce_cli_path(item, info, path_type=info.path_type or kind, param=param, ctx=ctx)
            return False, None

        if multi:
            if get_origin(annotation) is not list or isinstance(value, str) or not isinstance(value, (list, tuple)):
                return False, None
            (kind,) = get_args(annotation)
            converted = [one(item, kind) for item in value]
            return all(ok for ok, _ in converted), [item for _, item in converted]
        return one(value, annotation)


def _convert_without_pydantic(command, ctx) -> None:
    """Give every parameter of `command` (its help option included) and of its
    sub-commands a _Converted, where typer has not built its own converter yet."""
    params = list(getattr(command, "params", ()))
    try:
        params.append(command.get_help_option(ctx))
    except Exception:  # another typer: its own conversion is used
        pass
    for param in params:
        if getattr(param, "_runtime_param", "absent") is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _Converted(param)
    for sub in getattr(command, "commands", {}).values():
        _convert_without_pydantic(sub, ctx)


class _Guarded(TyperGroup):
    """One error boundary for every command: a problem the user can fix prints its
    message, an operating-system error names the path, anything else one paragraph;
    the traceback only with --debug (or NCCT_DEBUG=1). Exit code 1 (2 for usage)."""

    def parse_args(self, ctx, args):
        _convert_without_pydantic(self, ctx)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _convert_without_pydantic(command, ctx)
        return name, command, rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get("NCCT_DEBUG") or ctx.find_root().params.get("debug"):
                raise
            from .errors import NcctError, os_error_message, unexpected_message
            from .textsafe import printable

            if isinstance(exc, NcctError):
                message = printable(str(exc))
            elif isinstance(exc, OSError):
                message = os_error_message(exc)
            else:
                message = unexpected_message(exc, ctx.invoked_subcommand or "")
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    name="ncct",
    cls=_Guarded,
    help=(
        "Compile the annual report of the National Committee for Counter Trafficking (NCCT) "
        "from contributors' yearly YAML submissions.\n\n"
        "Contributors: check your file with `ncct validate FILE` before sending it."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    """Options for every command."""


class OutputFormat(str, Enum):
    human = "human"
    json = "json"


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False, stderr=stderr)


@app.command()
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Submission files or folders of submissions (e.g. data/2016).", exists=True, show_default=False, metavar="PATH..."),
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human: grouped by file; json: one JSON object.")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any finding).")] = False,
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="Check files given alone as if they were in DATA/YEAR: with the other files of that year and the years before.",
                     file_okay=False, show_default=False, metavar="DIR"),
    ] = None,
) -> None:
    """Check submissions and list every problem with file, line and how to fix it.

    A file given alone is checked by itself (and with the years before it, if its folder
    has them); with --data it is also checked with the year's other files. A workbook
    (.xlsx, from `ncct init YEAR --format xlsx`) is checked cell by cell.
    Exit code 0: no errors (warnings allowed); 1: errors (or warnings with --strict);
    2: wrong usage, such as a path that does not exist.
    """
    from .reporter import print_findings, print_not_checked, write_findings_json
    from .validate import validate_paths

    workbooks = [p for p in paths if p.suffix.lower() == ".xlsx" and not p.is_dir()]
    result = validate_paths([p for p in paths if p not in workbooks], strict=strict, data_dir=data)
    files, findings = result.files, list(result.findings.items)
    not_shown, not_run = result.not_shown, set(result.not_run)
    if workbooks:
        from .reference import load_reference
        from .spreadsheet import validate_workbook

        catalog, registry = load_reference()
        for workbook in workbooks:
            checked = validate_workbook(workbook, catalog, registry, strict=strict, data_dir=data)
            files += checked.files
            findings += checked.findings.items
            not_shown, not_run = not_shown + checked.not_shown, not_run | set(checked.not_run)
    if output_format is OutputFormat.json:
        write_findings_json(sys.stdout, files, findings)
    else:
        print_findings(_console(), files, findings)
        print_not_checked(_console(stderr=True), not_shown, sorted(not_run))
    raise typer.Exit(1 if any(f.severity == "error" for f in findings) else 0)


def _split_option(value: str, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    parts = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
    unknown = [p for p in parts if p not in allowed]
    if unknown or not parts:
        raise typer.BadParameter(f"use one or more of {', '.join(allowed)}, separated by commas.", param_hint=name)
    return parts


@app.command()
def build(
    year: Annotated[int, typer.Argument(help="The year to compile, e.g. 2016.", min=2000, max=2100)],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Where to write; outputs go to OUT/YEAR/.")] = Path("build"),
    lang: Annotated[str, typer.Option("--lang", help="Editions: en, km or both.")] = "en,km",
    output_format: Annotated[str, typer.Option("--format", help="Outputs, comma-separated: html, pdf, json, csv (open data), xlsx (the tables), or all.")] = "html,pdf,json",
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant", help="A PDF standard to follow, e.g. pdf/ua-1 (accessible PDF).")] = None,
    final: Annotated[bool, typer.Option("--final", help="Refuse to build while errors or missing contributors remain (otherwise: a draft).")] = False,
) -> None:
    """Compile the annual report of YEAR from DATA/YEAR: HTML and PDF in Khmer and English.

    Errors in the submissions stop the build (exit 1) and are listed; warnings do not,
    and appear in the report's data-quality annex. A failed build leaves the previous
    outputs untouched.
    """
    from .build import FORMATS, LANGS, PDF_VARIANTS, build as run_build
    from .reporter import print_build_summary, print_findings

    if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
        raise typer.BadParameter(f"use one of {', '.join(PDF_VARIANTS)}.", param_hint="--pdf-variant")
    langs = _split_option(lang, LANGS, "--lang")
    formats = FORMATS if output_format.strip() == "all" else _split_option(output_format, FORMATS, "--format")
    console = _console()
    with console.status("Building ...") as status:
        result = run_build(year, data, out, langs, formats, progress=lambda step: status.update(f"Building: {step} ..."), pdf_variant=pdf_variant, final=final)
    if not result.ok:
        print_findings(console, result.files, result.errors)
        console.print(f"[bold red]The {year} report was not built:[/] fix the errors above, then build again.")
        raise typer.Exit(1) from None
    if result.report is not None and result.report.draft:
        missing = len(result.report.completeness.missing)
        tables = sum(bool(t.missing) for t in result.report.tables())
        console.print(f"[yellow]This is a DRAFT:[/] {missing} expected contributor{'s' if missing != 1 else ''} not reported, "
                      f"{tables} table{'s' if tables != 1 else ''} lacking figures (ncct status {year}).")
    print_build_summary(console, result)


@app.command()
def export(
    years: Annotated[str, typer.Option("--years", help="The years, e.g. 2014-2016 or 2015,2016.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", help="The folder to write (replaced as a whole).", show_default=False)],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
) -> None:
    """Write the figures of several years as one observations.csv with its data package.

    Every figure each contributor submitted, as submitted, with its source; partners can
    compare years without rebuilding the reports. Years with errors are refused.
    """
    from .build import build_date
    from .opendata import years_files
    from .output import check_output_folder, replace_folder
    from .read import read_year, year_folder
    from .reference import load_reference
    from .reporter import print_findings

    wanted = _years_option(years)
    check_output_folder(out, re.compile(r"[a-z_]+\.csv|datapackage\.json"))
    catalog, registry = load_reference()
    readings = {}
    for year in wanted:
        year_folder(data, year)
        reading = read_year(data, year, catalog, registry, earlier_years=0)
        if reading.findings.errors:
            print_findings(_console(), reading.files, reading.findings.errors)
            typer.echo(f"error: the {year} files have errors; fix them (ncct validate {data / str(year)}) and export again.", err=True)
            raise typer.Exit(1)
        readings[year] = [s for s in reading.submissions if s.filled]
    files = years_files(readings, catalog, registry, data, f"{build_date().isoformat()}T00:00:00Z")
    replace_folder(out, files)
    count = files["observations.csv"].count(b"\n") - 1
    typer.echo(f"Wrote {count:,} observations of {len(wanted)} years to {out / 'observations.csv'}, described by {out / 'datapackage.json'}.")


def _years_option(value: str) -> list[int]:
    years: set[int] = set()
    for part in value.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", part)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise typer.BadParameter(f"'{part.strip()}' is not a year or a range of years such as 2014-2016.", param_hint="--years")
        first = int(match.group(1))
        years.update(range(first, int(match.group(2) or first) + 1))
    return sorted(years)


class InitFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command()
def init(
    year: Annotated[int, typer.Argument(help="The year to prepare, e.g. 2017.", min=2000, max=2100)],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
    output_format: Annotated[InitFormat, typer.Option("--format", help="yaml: a YAML template each; xlsx: a workbook each (Excel, LibreOffice).")] = InitFormat.yaml,
) -> None:
    """Create DATA/YEAR/ with a template for every registered contributor.

    Each template lists what that contributor reported the year before, with last
    year's figures as comments (--format xlsx: beside the cells to fill, in a workbook
    that `ncct import` reads back). Existing files are never overwritten.
    """
    from .reference import load_reference

    if output_format is InitFormat.xlsx:
        from .build import build_date
        from .spreadsheet import init_workbooks

        result = init_workbooks(year, data, *load_reference(), generated=build_date())
    else:
        from .init_year import init_year

        result = init_year(year, data, *load_reference())
    made = "workbooks" if output_format is InitFormat.xlsx else "templates"
    typer.echo(f"Created {len(result.created)} {made} in {result.folder}; kept {len(result.kept)} existing files unchanged.")
    if result.previous_errors:
        typer.echo(f"Note: the files of {year - 1} have {result.previous_errors} errors; what cannot be read is not in the templates (ncct validate {data / str(year - 1)}).")
    if result.created:
        typer.echo(f"Send each contributor its file; check what has arrived with `ncct status {year}`.")


@app.command()
def status(
    year: Annotated[int, typer.Argument(help="The year to check, e.g. 2017.", min=2000, max=2100)],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human or json.")] = OutputFormat.human,
) -> None:
    """Who has reported for YEAR: expected, received, valid, with errors, missing.

    Exit code 0 when every expected contributor has sent a valid file, 1 otherwise.
    """
    from .completeness import year_status
    from .read import read_year, year_folder
    from .reference import load_reference
    from .reporter import print_status, status_json

    folder = year_folder(data, year)
    catalog, registry = load_reference()
    reading = read_year(data, year, catalog, registry)
    result = year_status(year, reading.submissions, reading.earlier.get(year - 1, []), reading.findings.errors, registry, catalog)
    if output_format is OutputFormat.json:
        typer.echo(status_json(result))
    else:
        print_status(_console(), result, registry, folder)
    raise typer.Exit(0 if result.complete else 1)


@app.command("import")
def import_form(
    workbook: Annotated[Path, typer.Argument(help="A filled workbook made by `ncct init YEAR --format xlsx`.", exists=True, dir_okay=False, show_default=False, metavar="FILE.xlsx")],
    force: Annotated[bool, typer.Option("--force", help="Replace a submission file that already holds something else.")] = False,
) -> None:
    """Write the YAML submission of a filled workbook beside it (<contributor-id>.yaml).

    Each value of the file names its cell. The workbook is checked first and every
    finding shown at its Sheet!Cell; errors (a value that cannot be read, a count that
    is not one ...) stop the import: correct the workbook and import it again. A file
    already there with other content is replaced only with --force.
    Exit code 0: written (or already there); 1: not written.
    """
    from .reference import load_reference
    from .reporter import print_findings
    from .spreadsheet import import_workbook, validate_imported, write_submission

    imported = import_workbook(workbook)
    reading = validate_imported(imported, *load_reference())
    if reading.findings.items:
        print_findings(_console(), reading.files, reading.findings.items)
    if not imported.ok or reading.findings.errors:
        typer.echo(f"error: {workbook} was not imported: correct the cells named above, save, and import it again.", err=True)
        raise typer.Exit(1)
    target = imported.submission_path
    outcome = write_submission(target, imported.text, force=force)
    typer.echo({"created": f"Wrote {target}.", "replaced": f"Replaced {target}.",
                "unchanged": f"{target} already holds this submission; nothing changed."}[outcome])


translations_app = typer.Typer(help="Translation round-trip of the narrative (PO worksheets for translators).", no_args_is_help=True)
app.add_typer(translations_app, name="translations")


@translations_app.command("export")
def translations_export(
    year: Annotated[int, typer.Argument(help="The year whose narrative to translate.", min=2000, max=2100)],
    lang: Annotated[str, typer.Option("--lang", help="The language to translate into: km or en.")] = "km",
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
    out: Annotated[Optional[Path], typer.Option("--out", help="The PO file to write (default: translations-YEAR.LANG.po).")] = None,
) -> None:
    """Write every narrative text lacking a reviewed LANG version to a PO worksheet.

    Drafts come with their current text, marked fuzzy: the translator reviews them,
    clears the fuzzy mark and sends the file back for `ncct translations import`.
    """
    from .output import write_atomically
    from .read import year_folder
    from .translations import LANGS, export_catalog, export_po

    if lang not in LANGS:
        raise typer.BadParameter(f"use one of: {', '.join(LANGS)}.", param_hint="--lang")
    year_folder(data, year)
    out = out or Path(f"translations-{year}.{lang}.po")
    count = len(export_catalog(year, data, lang))
    write_atomically(out, export_po(year, data, lang))
    typer.echo(f"Wrote {count} texts to translate into {lang} to {out}.")


@translations_app.command("import")
def translations_import(
    po_file: Annotated[Path, typer.Argument(help="The translated PO worksheet.", exists=True, dir_okay=False)],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.")] = Path("data"),
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Refuse the worksheet unless it is for this year.")] = None,
) -> None:
    """Write the finished translations of a PO worksheet back into the submissions.

    Only translated, non-fuzzy entries are used; they become `km_status: reviewed`.
    Everything else in the files - comments, order, layout, line endings - stays as it
    was. The whole worksheet is checked first: if any entry is malformed, of another
    year, or points anywhere but a .yaml file in DATA/YEAR/, nothing is written.
    """
    from .translations import import_po

    result = import_po(po_file, data, year=year)
    for path, count in result.updated.items():
        typer.echo(f"{path}: {count} translations written")
    for reason in result.skipped:
        typer.echo(f"skipped: {reason}")
    for context in result.left_fuzzy[:20]:
        typer.echo(f"left fuzzy (not imported): {context}")
    if len(result.left_fuzzy) > 20:
        typer.echo(f"... and {len(result.left_fuzzy) - 20} more left fuzzy")
    if result.left_fuzzy or result.untranslated:
        typer.echo(f"Not imported: {len(result.left_fuzzy)} entries still marked fuzzy (clear the mark once reviewed), {result.untranslated} untranslated.")
    typer.echo(f"Updated {len(result.updated)} files; {len(result.skipped)} entries skipped.")
    raise typer.Exit(1 if result.skipped else 0)


@app.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the schema to this file instead of printing it.")] = None,
) -> None:
    """Print the JSON Schema of a submission (for editors' completion and checking)."""
    from .schema import schema_text

    text = schema_text()
    if out is None:
        sys.stdout.write(text)
        return
    from .output import write_atomically

    write_atomically(out, text.encode("utf-8"))
    typer.echo(f"Wrote {out}")


@app.command()
def findings(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/findings.md instead of the short list.")] = False,
) -> None:
    """List every finding code that `ncct validate` can report."""
    from .findings import findings_markdown, kinds

    if markdown:
        sys.stdout.write(findings_markdown())
        return
    for kind in kinds().values():
        typer.echo(f"{kind.code}  {kind.severity:<7}  {kind.title}")


@app.command()
def contributors(
    kind: Annotated[Optional[str], typer.Option(help="Only this kind: ministry, institution, province, ngo, secretariat.")] = None,
) -> None:
    """List registered contributors: the id to write in `contributor:` and the names."""
    from .reference import load_registry
    from .registry import KINDS

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"'{kind}' is not a kind; use one of: {', '.join(KINDS)}.", param_hint="--kind")
    registry = load_registry()
    for c in registry.contributors.values():
        if kind is None or c.kind == kind:
            typer.echo(f"{c.id:<28} {c.kind:<12} {c.name.en} / {c.name.km}")


@app.command()
def indicators(
    section: Annotated[Optional[str], typer.Option(help="Only this section and its sub-sections, e.g. B.2 or C.1.")] = None,
) -> None:
    """List the catalog's indicators: id, section, measures and row codes."""
    from .reference import load_catalog

    catalog = load_catalog()
    for ind in catalog.indicators.values():
        if section and not (ind.section == section or ind.section.startswith(section + ".")):
            continue
        typer.echo(f"{ind.id}  [{ind.section}] {ind.label.en}")
        typer.echo(f"    measures: {', '.join(ind.measures)}")
        if ind.derived:
            typer.echo(f"    totals may also give: {', '.join(ind.derived)}")
        if ind.rows:
            codes = catalog.codelists[ind.rows].codes
            shown = ", ".join(list(codes)[:12]) + (" ..." if len(codes) > 12 else "")
            typer.echo(f"    rows ({ind.rows}): {shown}")


def main() -> None:
    app()
