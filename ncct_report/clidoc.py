"""The command reference of the README, made from the command line itself (each
command's `-h`), so that it cannot drift: `make docs` writes it, a test compares it."""

from __future__ import annotations

import re
from pathlib import Path

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
WIDTH = 88


def _helps(command, ctx) -> list[tuple[str, str]]:
    out = [(ctx.command_path, command.get_help(ctx))]
    for name in getattr(command, "list_commands", lambda ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        out += _helps(sub, type(ctx)(sub, info_name=name, parent=ctx, terminal_width=WIDTH, max_content_width=WIDTH))
    return out


def reference_markdown() -> str:
    """Every command's help, in the order of `ncct -h`."""
    import typer.main

    from .cli import _convert_without_pydantic, app

    group = typer.main.get_command(app)
    settings = {**group.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = group.context_class(group, info_name="ncct", **settings)
    _convert_without_pydantic(group, ctx)  # also shows arguments as `YEAR`, `PATH...`
    parts = []
    for path, text in _helps(group, ctx):
        parts += [f"#### `{path}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(parts)


def with_reference(readme: str) -> str:
    """The README with its command reference replaced by the current one."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {START} ... {END} block")
    return pattern.sub(lambda _: f"{START}\n\n{reference_markdown()}\n{END}", readme)


def main() -> None:  # python -m ncct_report.clidoc README.md
    import sys

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(with_reference(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
