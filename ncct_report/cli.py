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

from .i18n import N_
from .words import _, counted, language, language_of, number, set_language

if TYPE_CHECKING:
    from rich.console import Console

YEARS = range(2000, 2101)  # the years a report can be built for

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
        try:
            return self.typer.coerce(value, param=param, ctx=ctx)
        except Exception:
            year = self._year_refusal(value, param)
            if year:  # instead of pydantic's "Input should be a valid integer, unable to parse string ..."
                raise typer.BadParameter(year, ctx=ctx, param=param) from None
            raise

    @staticmethod
    def _year_refusal(value: Any, param) -> str | None:
        """What is wrong with a year that is not one, said plainly."""
        info = param.type_descriptor.parameter_info
        if not isinstance(value, str) or (info.min, info.max) != (YEARS.start, YEARS.stop - 1):
            return None
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return _("'%(value)s' is not a year: write it with four digits, such as 2016.") % {"value": value}
        if int(text) not in YEARS:
            return _("%(year)s is not a year of the report: use a year from %(first)s to %(last)s.") % {"year": text, "first": YEARS.start, "last": YEARS.stop - 1}
        return None

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
        if getattr(param, "param_type_name", "") == "argument":
            _conventional_argument(param)
    for sub in getattr(command, "commands", {}).values():
        _convert_without_pydantic(sub, ctx)


_MARKS = (N_("required"), N_("default: %(value)s"))


def _library_marks(text: str) -> str:
    """`[required]` and `[default: human]`, which the command line library adds to a help
    text, in the command line's language."""
    text = text.replace("[required]", f"[{_('required')}]")
    return re.sub(r"\[default: ([^\]]*)\]", lambda m: "[" + _("default: %(value)s") % {"value": m.group(1)} + "]", text)


def _help_in_language(command, ctx) -> None:
    """Every help text of `command` and its sub-commands in the command line's language
    (`make messages` extracts them into the PO catalogs)."""
    from typer._click import HelpFormatter

    class Formatter(HelpFormatter):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

        def write_dl(self, rows, *args, **kwargs) -> None:
            if language() == "km":  # the library's own marks after each help text
                rows = [(term, _library_marks(text)) for term, text in rows]
            super().write_dl(rows, *args, **kwargs)

        def write_heading(self, heading: str) -> None:
            if language() == "km":  # Khmer writes ៖ where English writes a colon
                self.write(f"{'':>{self.current_indent}}{_(heading)}៖\n")
            else:
                super().write_heading(_(heading))

    def visit(cmd) -> None:
        things = [cmd, *getattr(cmd, "params", ())]
        try:
            things.append(cmd.get_help_option(ctx))
        except Exception:  # another typer: its own words
            pass
        for thing in things:
            if thing is None:
                continue
            if not hasattr(thing, "_help_en"):
                thing._help_en = thing.help
            thing.help = _(thing._help_en) if thing._help_en else thing._help_en
        cmd.context_class = type("Context", (cmd.context_class,), {"formatter_class": Formatter})
        for sub in getattr(cmd, "commands", {}).values():
            visit(sub)

    visit(command)
    ctx.formatter_class = Formatter


def help_texts() -> list[tuple[str, str]]:
    """Every help text of the command line, with where it is shown (for the PO catalogs)."""
    import typer.main

    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="ncct", **group.context_settings)
    out: list[tuple[str, str]] = []

    def visit(cmd, path: str) -> None:
        things = [cmd, *getattr(cmd, "params", ())]
        for thing in things:
            text = getattr(thing, "_help_en", None) or thing.help
            if text:
                out.append((text, f"ncct {path} -h".replace("  ", " ")))
        for name, sub in getattr(cmd, "commands", {}).items():
            visit(sub, f"{path} {name}".strip())

    _convert_without_pydantic(group, ctx)
    visit(group, "")
    return out


def _conventional_argument(param) -> None:
    """Show an argument as command lines usually do: `YEAR`, `PATH...`, `[LIST]` in the
    usage line (this typer writes `{year}`) and no type beside its name in the help
    (`PATH... <list[Path]>`)."""
    name = param.metavar or param.name.upper()

    def usage_name() -> str:
        shown = name if param.required else f"[{name}]"
        return shown + ("..." if param.nargs != 1 else "")

    param._usage_display_name = usage_name
    param._rich_display_name = usage_name
    param.display_type_rich = lambda ctx: None


def _language_first(group, args: list[str]) -> list[str]:
    """`ncct validate FILE --lang km` as `ncct --lang km validate FILE`: the language may
    follow a command that has no --lang of its own (build's names its editions)."""
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index += 2 if args[index] in ("--lang", "--language") else 1
    command = group.commands.get(args[index]) if index < len(args) else None
    if command is None or hasattr(command, "commands") or any("--lang" in p.opts for p in command.params):
        return args
    rest = args[index + 1:]
    for at, arg in enumerate(rest):
        if arg == "--":
            break
        if arg == "--lang" and at + 1 < len(rest):
            return args[:index] + ["--lang", rest[at + 1]] + [args[index]] + rest[:at] + rest[at + 2:]
        if arg.startswith("--lang="):
            return args[:index] + [arg] + [args[index]] + rest[:at] + rest[at + 1:]
    return args


class _Guarded(TyperGroup):
    """One error boundary for every command: a problem the user can fix prints its
    message, an operating-system error names the path, anything else one paragraph;
    the traceback only with --debug (or NCCT_DEBUG=1). Exit code 1 (2 for usage)."""

    def parse_args(self, ctx, args):
        _convert_without_pydantic(self, ctx)
        args = _language_first(self, list(args))
        set_language(language_of(args))
        _help_in_language(self, ctx)
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as exc:
            _usage_error_in_language(exc)
            raise

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _convert_without_pydantic(command, ctx)
        return name, command, rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except typer.TyperException as exc:
            _usage_error_in_language(exc)
            raise
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:  # `ncct codes country | head`: the reader has stopped, nothing to say
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that Python's flush at exit fails quietly too
            raise typer.Exit(1) from None
        except Exception as exc:
            if os.environ.get("NCCT_DEBUG") or ctx.find_root().params.get("debug"):
                raise
            from .errors import NcctError, os_error_message, unexpected_message
            from .textsafe import printable

            def said(problem: Exception, lang: str) -> str:
                if isinstance(problem, NcctError):
                    return printable(problem.text(lang))
                if isinstance(problem, OSError):
                    return os_error_message(problem, lang)
                return unexpected_message(problem, ctx.invoked_subcommand or "", lang)

            try:
                text = _("error: %(message)s") % {"message": said(exc, language())}
            except Exception:  # the translations themselves cannot be read: the English
                text = "error: " + said(exc, "en")
            typer.echo(text, err=True)
            raise typer.Exit(1) from None


def _usage_error_in_language(exc: Exception) -> None:
    """A usage error (a parameter refused by a command or by the command line library)
    shown in the command line's language: the lines around it, and the library's own
    messages that users meet (a path that does not exist, an option that is not one).
    In English it is shown as the library writes it."""
    from typer._click import exceptions as click

    if language() == "en" or not isinstance(exc, click.UsageError) or isinstance(exc, click.NoArgsIsHelpError):
        return

    def show(file=None) -> None:
        from typer._click._compat import get_text_stderr
        from typer._click.utils import echo

        file = file or get_text_stderr()
        ctx, color = exc.ctx, None
        if ctx is not None:
            color = ctx.color
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _("Try '%(command)s %(option)s' for help.") % {"command": ctx.command_path, "option": ctx.help_option_names[0]} + "\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
        echo(_("Error: %(message)s") % {"message": _usage_message(exc, click)}, file=file, color=color)

    exc.show = show


# The command line library's own refusals, as it words them, and how they are said here.
_LIBRARY_SAYS = (
    (r"(?i:file|directory|path) (?P<path>'.*') does not exist\.", N_("%(path)s does not exist.")),
    (r"(?i:file|directory|path) (?P<path>'.*') is a file\.", N_("%(path)s is a file; give a folder.")),
    (r"(?i:file|directory|path) (?P<path>'.*') is a directory\.", N_("%(path)s is a folder; give a file.")),
    (r"(?i:file|directory|path) (?P<path>'.*') is not readable\.", N_("%(path)s cannot be read here.")),
    (r"(?i:file|directory|path) (?P<path>'.*') is not writable\.", N_("%(path)s cannot be written here.")),
    (r"No such command (?P<command>'.*')\.", N_("There is no command %(command)s.")),
    (r"No such command (?P<command>'.*')\. Did you mean (?P<names>.*)\?", N_("There is no command %(command)s. Did you mean %(names)s?")),
    (r"No such option: (?P<option>.*)", N_("There is no option %(option)s.")),
    (r"Missing command\.", N_("Give a command.")),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<values>.*)\)", N_("Too many values: %(values)s is more than the command takes.")),
    (r"Option (?P<option>'.*') requires an argument\.", N_("%(option)s needs a value after it.")),
    (r"Option (?P<option>'.*') does not take a value\.", N_("%(option)s takes no value.")),
    (r"Value error, (?P<value>'.*') is not one of (?P<allowed>.*)\.", N_("%(value)s is not one of %(allowed)s.")),
)


def _usage_message(exc, click) -> str:
    """The message of a usage error in the command line's language."""
    if isinstance(exc, click.MissingParameter):
        if exc.message:  # a command's own words about it: as the library shows them
            return exc.format_message()
        hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint() if exc.param is not None else ""
        hint = click._join_param_hints(hint) or ""
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        template = N_("Missing argument %(name)s.") if kind == "argument" else N_("Missing option %(name)s.")
        return _(template) % {"name": hint}
    said = exc.message
    for pattern, template in _LIBRARY_SAYS:
        found = re.fullmatch(pattern, said)
        if found:
            said = _(template) % found.groupdict()
            break
    if isinstance(exc, click.NoSuchOption) and exc.possibilities:
        said += " " + _("Did you mean %(names)s?") % {"names": ", ".join(sorted(exc.possibilities))}
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint if exc.param_hint is not None else exc.param.get_error_hint() if exc.param is not None else None
        if hint is not None:
            return _("Invalid value for %(option)s: %(message)s") % {"option": click._join_param_hints(hint), "message": said}
        return _("Invalid value: %(message)s") % {"message": said}
    return said


app = typer.Typer(
    name="ncct",
    cls=_Guarded,
    help=(
        "Compile the annual report of the National Committee for Counter Trafficking (NCCT) "
        "from contributors' yearly YAML submissions.\n\n"
        "Contributors: check your file with `ncct validate FILE` before sending it."
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"ncct {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.", callback=_print_version, is_eager=True)] = False,
    lang: Annotated[str, typer.Option("--lang", help="The language of messages and help: en or km (default: from LC_ALL, LC_MESSAGES or LANG, e.g. LANG=km_KH.UTF-8). May also follow a command that has no --lang of its own (ncct validate FILE --lang km).",
                                      show_default=False, metavar="en|km")] = "",
) -> None:
    """Options for every command."""
    if lang and lang.lower()[:2] not in ("en", "km"):
        raise typer.BadParameter(_("use en or km."), param_hint="--lang")


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
        typer.Argument(help="Submission files, workbooks (.xlsx) or folders of submissions (e.g. data/2016).", exists=True, show_default=False, metavar="PATH"),
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human: grouped by file; json: one JSON object.", metavar="human|json")] = OutputFormat.human,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any finding).")] = False,
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="Check files given alone as if they were in DATA/YEAR: with the other files of that year and the years before.",
                     file_okay=False, show_default=False, metavar="DIR"),
    ] = None,
) -> None:
    """Check submissions: each problem with its file, line and fix.

    A file given alone is checked by itself (and with the years before it, if its folder
    has them); with --data it is also checked with the year's other files. A workbook
    (.xlsx, from `ncct init YEAR --format xlsx`) is checked cell by cell.
    Exit code 0: no errors (warnings allowed); 1: errors (or warnings with --strict);
    2: wrong usage, such as a path that does not exist.
    """
    from .reporter import Printer, print_findings, print_not_checked, write_findings_json
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
        print_findings(Printer(), files, findings)
        print_not_checked(Printer(stderr=True), not_shown, sorted(not_run))
    raise typer.Exit(1 if any(f.severity == "error" for f in findings) else 0)


def _split_option(value: str, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    parts = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
    unknown = [p for p in parts if p not in allowed]
    if unknown or not parts:
        raise typer.BadParameter(_("use one or more of %(allowed)s, separated by commas.") % {"allowed": ", ".join(allowed)}, param_hint=name)
    return parts


@app.command()
def build(
    year: Annotated[int, typer.Argument(help="The year to compile, e.g. 2016.", min=YEARS.start, max=YEARS.stop - 1, show_default=False, metavar="YEAR")],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Where to write; outputs go to OUT/YEAR/.", metavar="DIR")] = Path("build"),
    lang: Annotated[str, typer.Option("--lang", help="Editions: en, km or both (comma-separated).", metavar="LANGS")] = "en,km",
    output_format: Annotated[str, typer.Option("--format", help="Outputs, comma-separated: html, pdf, json, csv (open data), xlsx (the tables), or all.", metavar="FORMATS")] = "html,pdf,json",
    pdf_variant: Annotated[Optional[str], typer.Option("--pdf-variant", help="A PDF standard to follow, e.g. pdf/ua-1 (accessible PDF).", metavar="STANDARD")] = None,
    final: Annotated[bool, typer.Option("--final", help="Refuse to build while errors or missing contributors remain (otherwise: a draft).")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Build a draft from the files without errors; the others are named on its cover and in its annex.")] = False,
) -> None:
    """Compile the YEAR report: HTML and PDF in Khmer and English.

    Errors in the submissions stop the build (exit 1) and are listed; warnings do not,
    and appear in the report's data-quality annex. A failed build leaves the previous
    outputs untouched.
    """
    from .build import FORMATS, LANGS, PDF_VARIANTS, build as run_build
    from .reporter import Printer, Styled, print_build_summary, print_findings

    if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
        raise typer.BadParameter(_("use one of %(allowed)s.") % {"allowed": ", ".join(PDF_VARIANTS)}, param_hint="--pdf-variant")
    langs = _split_option(lang, LANGS, "--lang")
    formats = FORMATS if output_format.strip() == "all" else _split_option(output_format, FORMATS, "--format")
    console = _console()
    with console.status(_("Building ...")) as status:
        result = run_build(year, data, out, langs, formats, progress=lambda step: status.update(_("Building: %(step)s ...") % {"step": _step(step)}), pdf_variant=pdf_variant,
                           final=final, skip_invalid=skip_invalid)
    errors = Printer(stderr=True)
    if not result.ok:
        print_findings(errors, result.files, result.errors)
        said = Styled(_("The %(year)s report was not built:") % {"year": year}, style="bold red")
        said.append(" " + _("fix the errors above, then build again."))
        errors.print(said)
        raise typer.Exit(1) from None
    if result.left_out:
        print_findings(errors, result.files, [f for f in result.errors if f.file in result.left_out])
        said = Styled(_("Left out of this draft (errors above):"), style="yellow")
        said.append(" " + ", ".join(result.left_out))
        errors.print(said)
    if result.report is not None and result.report.draft:
        missing = len(result.report.completeness.missing)
        tables = sum(bool(t.missing) for t in result.report.tables())
        console.print("[yellow]" + _("This is a DRAFT:") + "[/] " + _("%(missing)s not reported, %(tables)s lacking figures (ncct status %(year)s).")
                      % {"missing": counted(missing, "expected contributor"), "tables": counted(tables, "table"), "year": year})
    print_build_summary(console, result)


# What a build is doing, for its progress line (the others name outputs: "html km", "pdf en").
_STEPS = {"read": N_("reading the files"), "aggregate": N_("adding up the figures"), "open data": N_("open data"),
          "workbook": N_("workbook"), "write": N_("writing the outputs")}


def _step(step: str) -> str:
    if language() == "en":
        return step
    if step.endswith(" done"):
        return _("%(output)s done") % {"output": step.removesuffix(" done")}
    return _(_STEPS[step]) if step in _STEPS else step


@app.command()
def export(
    years: Annotated[str, typer.Option("--years", help="The years, e.g. 2014-2016 or 2015,2016.", show_default=False, metavar="YEARS")],
    out: Annotated[Path, typer.Option("--out", help="The folder to write (replaced as a whole).", show_default=False, metavar="DIR")],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
) -> None:
    """Write several years' figures as open data (CSV, data package).

    Every figure each contributor submitted, as submitted, with its source; partners can
    compare years without rebuilding the reports. Years with errors are refused.
    """
    from .build import build_date
    from .opendata import years_files
    from .output import check_output_folder, replace_folder
    from .read import read_year, year_folder
    from .reference import load_reference
    from .reporter import Printer, print_findings

    wanted = _years_option(years)
    check_output_folder(out, re.compile(r"[a-z_]+\.csv|datapackage\.json"))
    catalog, registry = load_reference()
    readings = {}
    for year in wanted:
        year_folder(data, year)
        reading = read_year(data, year, catalog, registry, earlier_years=0)
        if reading.findings.errors:
            print_findings(Printer(), reading.files, reading.findings.errors)
            typer.echo(_("error: the %(year)s files have errors; fix them (ncct validate %(folder)s) and export again.") % {"year": year, "folder": data / str(year)}, err=True)
            raise typer.Exit(1)
        readings[year] = [s for s in reading.submissions if s.filled]
    files = years_files(readings, catalog, registry, data, f"{build_date().isoformat()}T00:00:00Z")
    replace_folder(out, files)
    count = files["observations.csv"].count(b"\n") - 1
    typer.echo(_("Wrote %(observations)s of %(years)s to %(file)s, described by %(package)s.")
               % {"observations": counted(count, "observation"), "years": counted(len(wanted), "year"), "file": out / "observations.csv", "package": out / "datapackage.json"})


def _years_option(value: str) -> list[int]:
    years: set[int] = set()
    for part in value.split(","):
        match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", part)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise typer.BadParameter(_("'%(value)s' is not a year or a range of years such as 2014-2016.") % {"value": part.strip()}, param_hint="--years")
        first = int(match.group(1))
        years.update(range(first, int(match.group(2) or first) + 1))
    return sorted(years)


class InitFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command()
def init(
    year: Annotated[int, typer.Argument(help="The year to prepare, e.g. 2017.", min=YEARS.start, max=YEARS.stop - 1, show_default=False, metavar="YEAR")],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
    output_format: Annotated[InitFormat, typer.Option("--format", help="yaml: a YAML template each; xlsx: a workbook each (Excel, LibreOffice).", metavar="yaml|xlsx")] = InitFormat.yaml,
) -> None:
    """Create DATA/YEAR/ with a template for every registered contributor.

    Each template lists what that contributor reported the year before, with last
    year's figures as comments (--format xlsx: beside the cells to fill, in a workbook
    that `ncct import` reads back). Existing files are never overwritten.
    """
    from .reference import load_reference
    from .schema import SCHEMA_NAME

    if output_format is InitFormat.xlsx:
        from .build import build_date
        from .spreadsheet import init_workbooks

        result = init_workbooks(year, data, *load_reference(), generated=build_date())
    else:
        from .init_year import init_year

        result = init_year(year, data, *load_reference())
    made = "workbook" if output_format is InitFormat.xlsx else "template"
    typer.echo(_("Created %(made)s in %(folder)s; kept %(kept)s unchanged.") % {"made": counted(len(result.created), made), "folder": result.folder, "kept": counted(len(result.kept), "existing file")})
    if result.previous_errors:
        typer.echo(_("Note: the files of %(year)s have %(errors)s; what cannot be read is not in the templates (ncct validate %(folder)s).")
                   % {"year": year - 1, "errors": counted(result.previous_errors, "error"), "folder": data / str(year - 1)})
    if result.created and output_format is InitFormat.xlsx:
        typer.echo(_("Send each contributor its file; check what has arrived with `ncct status %(year)s`.") % {"year": year})
    elif result.created:
        typer.echo(_("Send each contributor its file, with %(schema)s (its first line names it: editors check and complete the file with it); check what has arrived with `ncct status %(year)s`.")
                   % {"year": year, "schema": result.folder / SCHEMA_NAME})


@app.command()
def status(
    year: Annotated[int, typer.Argument(help="The year to check, e.g. 2017.", min=YEARS.start, max=YEARS.stop - 1, show_default=False, metavar="YEAR")],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
    output_format: Annotated[OutputFormat, typer.Option("--format", help="human or json.", metavar="human|json")] = OutputFormat.human,
) -> None:
    """Who has reported for YEAR: received, valid, with errors, missing.

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
    workbook: Annotated[Path, typer.Argument(help="A filled workbook made by `ncct init YEAR --format xlsx`.", exists=True, dir_okay=False, show_default=False, metavar="FILE")],
    force: Annotated[bool, typer.Option("--force", help="Replace a submission file that already holds something else.")] = False,
) -> None:
    """Turn a filled workbook into its YAML submission, written beside it.

    Each value of the file names its cell. The workbook is checked first and every
    finding shown at its Sheet!Cell; errors (a value that cannot be read, a count that
    is not one ...) stop the import: correct the workbook and import it again. A file
    already there with other content is replaced only with --force.
    Exit code 0: written (or already there); 1: not written.
    """
    from .reference import load_reference
    from .reporter import Printer, print_findings
    from .spreadsheet import import_workbook, validate_imported, write_submission

    imported = import_workbook(workbook)
    reading = validate_imported(imported, *load_reference())
    if reading.findings.items:
        print_findings(Printer(), reading.files, reading.findings.items)
    if not imported.ok or reading.findings.errors:
        typer.echo(_("error: %(file)s was not imported: correct the cells named above, save, and import it again.") % {"file": workbook}, err=True)
        raise typer.Exit(1)
    target = imported.submission_path
    outcome = write_submission(target, imported.text, force=force)
    said = {"created": _("Wrote %(file)s."), "replaced": _("Replaced %(file)s."), "unchanged": _("%(file)s already holds this submission; nothing changed.")}
    typer.echo(said[outcome] % {"file": target})


@app.command()
def preview(
    file: Annotated[Path, typer.Argument(help="Your submission (.yaml) or workbook (.xlsx).", exists=True, dir_okay=False, show_default=False, metavar="FILE")],
    data: Annotated[
        Optional[Path],
        typer.Option("--data", help="Folder holding one sub-folder per year, where your file of the year before is (default: the folder your file's year folder is in).",
                     file_okay=False, show_default=False, metavar="DIR"),
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="The page to write (default: FILE's name ending in .preview.html, in the current folder).", dir_okay=False, show_default=False, metavar="FILE")] = None,
) -> None:
    """Show your own tables as the report will, your figures of the year before beside them.

    Writes one HTML page (open it in a web browser), in the language of the command line
    (--lang km for Khmer). The file is checked first: the findings head the page, and what
    cannot be read is not shown.
    Exit code 0: written; 1: written, but the file has errors, or nothing could be read.
    """
    from .build import build_date
    from .output import write_atomically
    from .preview import make_preview, read_for_preview, render_preview
    from .reference import load_reference
    from .reporter import Printer, print_findings

    catalog, registry = load_reference()
    reading = read_for_preview(file, catalog, registry, data)
    shown = make_preview(reading, catalog, registry)
    if reading.findings.items:
        print_findings(Printer(), reading.files, reading.findings.items)
    if shown is None:
        typer.echo(_("error: nothing of %(file)s could be read; correct the errors above and preview again.") % {"file": file}, err=True)
        raise typer.Exit(1)
    out = out or Path(file.stem + ".preview.html")
    write_atomically(out, render_preview(shown, language(), generated=build_date()).encode("utf-8"))
    typer.echo(_("Wrote %(file)s: open it in a web browser.") % {"file": out})
    if shown.errors:
        typer.echo(_("Its figures with errors are not shown: correct them and preview again."), err=True)
        raise typer.Exit(1)


translations_app = typer.Typer(help="Translate the narrative: PO worksheets out to translators and back.", no_args_is_help=True)
app.add_typer(translations_app, name="translations")


@translations_app.command("export")
def translations_export(
    year: Annotated[int, typer.Argument(help="The year whose narrative to translate.", min=YEARS.start, max=YEARS.stop - 1, show_default=False, metavar="YEAR")],
    lang: Annotated[str, typer.Option("--lang", help="The language to translate into: km or en.", metavar="LANG")] = "km",
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
    out: Annotated[Optional[Path], typer.Option("--out", help="The PO file to write (default: translations-YEAR.LANG.po).", show_default=False, metavar="FILE")] = None,
) -> None:
    """Write every narrative text lacking a reviewed LANG version to a PO worksheet.

    Drafts come with their current text, marked fuzzy: the translator reviews them,
    clears the fuzzy mark and sends the file back for `ncct translations import`.
    """
    from .output import write_atomically
    from .read import year_folder
    from .translations import LANGS, export_catalog, export_po

    if lang not in LANGS:
        raise typer.BadParameter(_("use one of: %(allowed)s.") % {"allowed": ", ".join(LANGS)}, param_hint="--lang")
    year_folder(data, year)
    out = out or Path(f"translations-{year}.{lang}.po")
    count = len(export_catalog(year, data, lang))
    write_atomically(out, export_po(year, data, lang))
    typer.echo(_("Wrote %(texts)s to translate into %(lang)s to %(file)s.") % {"texts": counted(count, "text"), "lang": lang, "file": out})


@translations_app.command("import")
def translations_import(
    po_file: Annotated[Path, typer.Argument(help="The translated PO worksheet.", exists=True, dir_okay=False, show_default=False, metavar="FILE")],
    data: Annotated[Path, typer.Option("--data", help="Folder holding one sub-folder per year.", metavar="DIR")] = Path("data"),
    year: Annotated[Optional[int], typer.Option("--year", min=YEARS.start, max=YEARS.stop - 1, help="Refuse the worksheet unless it is for this year.", show_default=False, metavar="YEAR")] = None,
) -> None:
    """Write the finished translations of a PO worksheet back into the submissions.

    Only translated, non-fuzzy entries are used; they become `km_status: reviewed`.
    Everything else in the files - comments, order, layout, line endings - stays as it
    was. The whole worksheet is checked first: if any entry is malformed, of another
    year, or points anywhere but a .yaml file in DATA/YEAR/, nothing is written.
    """
    from .errors import shown
    from .textsafe import printable
    from .translations import import_po

    result = import_po(po_file, data, year=year)
    for path, count in result.updated.items():
        typer.echo(_("%(file)s: %(translations)s written") % {"file": path, "translations": counted(count, "translation")})
    for reason in result.skipped:
        typer.echo(_("skipped: %(reason)s") % {"reason": printable(shown(reason, language()))})
    for context in result.left_fuzzy[:20]:
        typer.echo(_("left fuzzy (not imported): %(entry)s") % {"entry": context})
    if len(result.left_fuzzy) > 20:
        typer.echo(_("... and %(count)s more left fuzzy") % {"count": number(len(result.left_fuzzy) - 20)})
    if result.left_fuzzy or result.untranslated:
        typer.echo(_("Not imported: %(fuzzy)s still marked fuzzy (clear the mark once reviewed), %(untranslated)s untranslated.")
                   % {"fuzzy": counted(len(result.left_fuzzy), "entry"), "untranslated": number(result.untranslated)})
    typer.echo(_("Updated %(files)s; %(entries)s skipped.") % {"files": counted(len(result.updated), "file"), "entries": counted(len(result.skipped), "entry")})
    raise typer.Exit(1 if result.skipped else 0)


@app.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the schema to this file instead of printing it.", show_default=False, metavar="FILE")] = None,
) -> None:
    """Print the JSON Schema of a submission (for editors)."""
    from .schema import schema_text

    text = schema_text()
    if out is None:
        sys.stdout.write(text)
        return
    from .output import write_atomically

    write_atomically(out, text.encode("utf-8"))
    typer.echo(_("Wrote %(file)s") % {"file": out})


@app.command()
def findings(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/findings.md instead of the short list.")] = False,
) -> None:
    """List every finding code that `ncct validate` can report."""
    from .findings import findings_markdown, kinds

    if markdown:
        sys.stdout.write(findings_markdown())
        return
    if language() == "en":
        for kind in kinds().values():
            typer.echo(f"{kind.code}  {kind.severity:<7}  {kind.title}")
        return
    severity = {"error": _("error"), "warning": _("warning")}
    width = max(map(len, severity.values()))
    for kind in kinds().values():
        typer.echo(f"{kind.code}  {severity[kind.severity]:<{width}}  {_(kind.title)}")


@app.command()
def contributors(
    kind: Annotated[Optional[str], typer.Option("--kind", help="Only this kind: ministry, institution, province, ngo, secretariat.", show_default=False, metavar="KIND")] = None,
) -> None:
    """List registered contributors: ids and names."""
    from .reference import load_registry
    from .registry import KINDS

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(_("'%(kind)s' is not a kind; use one of: %(allowed)s.") % {"kind": kind, "allowed": ", ".join(KINDS)}, param_hint="--kind")
    registry = load_registry()
    for c in registry.contributors.values():
        if kind is None or c.kind == kind:  # the id and the kind as files and --kind write them; the names in both languages
            names = f"{c.name.km} / {c.name.en}" if language() == "km" and c.name.km else f"{c.name.en} / {c.name.km}"
            typer.echo(f"{c.id:<28} {c.kind:<12} {names}")


@app.command()
def indicators(
    indicator: Annotated[Optional[str], typer.Argument(help="One indicator, shown with what each of its measures counts.", show_default=False, metavar="INDICATOR")] = None,
    section: Annotated[Optional[str], typer.Option("--section", help="Only this section and its sub-sections, e.g. B.2 or C.1 (`ncct sections` lists them).", show_default=False, metavar="SECTION")] = None,
) -> None:
    """List the catalog's indicators: ids, sections, measures and rows.

    With an indicator's id: that one, with the definition of each of its measures.
    """
    from .reference import load_catalog

    catalog = load_catalog()
    if indicator is not None and indicator not in catalog.indicators:
        from difflib import get_close_matches

        close = get_close_matches(indicator, list(catalog.indicators), n=3, cutoff=0.5)
        hint = (" " + _("Did you mean %(names)s?") % {"names": ", ".join(close)}) if close else ""
        raise typer.BadParameter(_("'%(indicator)s' is not an indicator of the catalog; `ncct indicators` lists them.") % {"indicator": indicator} + hint, param_hint="INDICATOR")
    if section and section not in catalog.sections:
        raise typer.BadParameter(_("'%(section)s' is not a section of the report; `ncct sections` lists them.") % {"section": section}, param_hint="--section")
    lang = language()

    def measures(ids: list[str]) -> str:  # the ids, as files write them; in Khmer each with its name
        if lang == "en":
            return ", ".join(ids)
        return ", ".join(f"{m} ({catalog.measures[m].label.text(lang)})" if m in catalog.measures else m for m in ids)

    for ind in catalog.indicators.values():
        if section and not (ind.section == section or ind.section.startswith(section + ".")):
            continue
        if indicator is not None and ind.id != indicator:
            continue
        typer.echo(f"{ind.id}  [{ind.section}] {ind.label.text(lang)}")
        if indicator is not None:  # one indicator: what each measure counts
            typer.echo("    " + _("measures:"))
            for m in [*ind.measures, *ind.derived]:
                measure = catalog.measures.get(m)
                name = measure.label.text(lang) if measure else m
                meaning = measure.definition.text(lang) if measure and measure.definition else ""
                typer.echo(f"      {m}: {name}" + (f" — {meaning}" if meaning else ""))
        else:
            typer.echo("    " + _("measures: %(measures)s") % {"measures": measures(ind.measures)})
        if ind.derived and indicator is None:
            typer.echo("    " + _("totals may also give: %(measures)s") % {"measures": measures(ind.derived)})
        if ind.rows:
            count = len(catalog.codelists[ind.rows].codes)
            typer.echo("    " + _("rows: %(codes)s of the list %(list)s (`ncct codes %(list)s` lists them)") % {"codes": counted(count, "code"), "list": ind.rows})


@app.command()
def sections() -> None:
    """List the report's sections: ids and titles."""
    from .reference import load_catalog

    for sid, title in load_catalog().sections.items():
        depth = sid.count(".") if not sid.startswith("annex") else 0
        names = f"{title.km} / {title.en}" if language() == "km" and title.km else f"{title.en} / {title.km or ''}"
        typer.echo(f"{'  ' * depth}{sid:<{14 - 2 * depth}} {names}".rstrip(" /"))  # both: ids are written in files


@app.command()
def codes(
    code_list: Annotated[Optional[str], typer.Argument(help="A code list, e.g. province or country; without it, every list.", show_default=False, metavar="LIST")] = None,
) -> None:
    """List the code lists of rows, or every code of one list with its names.

    A row may be written with its code or with any of its names, English or Khmer.
    """
    from .reference import load_catalog

    catalog = load_catalog()
    if code_list is None:
        width = max(map(len, catalog.codelists))
        for lid, codelist in catalog.codelists.items():
            typer.echo(f"{lid:<{width}}  {counted(len(codelist.codes), 'code'):>9}  {codelist.label.text(language())}")
        return
    if code_list not in catalog.codelists:
        from difflib import get_close_matches

        close = get_close_matches(code_list, list(catalog.codelists), n=1)
        hint = " " + _("Did you mean '%(name)s'?") % {"name": close[0]} if close else ""
        raise typer.BadParameter(_("'%(name)s' is not a code list.") % {"name": code_list} + hint + " " + _("`ncct codes` lists them."), param_hint="LIST")
    listed = catalog.codelists[code_list].codes
    width = max(map(len, listed), default=0)
    for code in listed.values():
        names = [code.label.en, code.label.km or "", *code.aliases]
        if language() == "km":
            names[:2] = names[1::-1]
        typer.echo(f"{code.id:<{width}}  " + " / ".join(dict.fromkeys(n for n in names if n)))


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A finding code, e.g. NCCT104.", show_default=False, metavar="CODE")],
) -> None:
    """Explain a finding code: what it means, an example, and how to fix it."""
    from .findings import kinds

    known = kinds()
    wanted = code.strip().upper()
    if wanted.isdigit():
        wanted = f"NCCT{wanted}"
    kind = known.get(wanted)
    if kind is None:
        raise typer.BadParameter(_("'%(code)s' is not a finding code; `ncct findings` lists them.") % {"code": code}, param_hint="CODE")
    severity = {"error": _("error"), "warning": _("warning")}[kind.severity]
    typer.echo(f"{kind.code} ({severity}): {_(kind.title)}\n")
    typer.echo(_(kind.meaning.strip()) + "\n")
    for name, text in kind.example_tree().items():
        typer.echo(_("Example (%(file)s):") % {"file": name})
        for at, line in enumerate(text.rstrip("\n").splitlines(), start=1):
            mark = ">" if at == kind.example_line and name.endswith(kind.example_name) else " "
            typer.echo(f"  {mark}{at:>3} | {line}")
        typer.echo("")
    typer.echo(_("How to fix: %(fix)s") % {"fix": _(kind.fix.strip())})


def main() -> None:
    app()
