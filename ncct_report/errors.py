"""Errors a user can act on, and the one message for anything unexpected.

Every command runs inside one boundary (cli.py): an `NcctError` prints its message in
the command line's language; an operating-system error names the path and what to do;
anything else becomes one paragraph that says what stopped and how to get the details
(`--debug`).

An NcctError carries its message as data (`findings.message`: a template marked with
N_ and its named values), not as a finished text, so that the boundary shows it in the
user's language; str() of it is the English.
"""

from __future__ import annotations

import errno
from typing import Any

from .i18n import N_, gettext_in
from .textsafe import printable


class NcctError(Exception):
    """A problem the user can fix; the message says what is wrong and what to do.

    `message` is a message (findings.message) or a text; `details` are more lines under
    it, each after `indent`. `text(lang)` is the whole in that language."""

    def __init__(self, message: Any = "", *details: Any, indent: str = "  "):
        self.message, self.details, self.indent = message, details, indent
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """The message and its details in `lang` (numbers in its digits; paths and ids as they are)."""
        return "\n".join([shown(self.message, lang), *(self.indent + shown(d, lang) for d in self.details)])


def shown(text: Any, lang: str = "en") -> str:
    """A message (findings.Msg) or a text, in `lang`: numbers in its digits."""
    if isinstance(text, str):
        return text
    digits = str
    if lang == "km":
        from .khmer import khmer_digits as digits
    return text.text(lang, None, digits)


OS_HINTS = {
    errno.EISDIR: N_("a folder has that name; give the name of a file"),
    errno.ENOTDIR: N_("part of that path is a file, not a folder; choose another place"),
    errno.EEXIST: N_("something with that name is already there; choose another name"),
    errno.EACCES: N_("you may not read or write there; choose another place or ask for access"),
    errno.EPERM: N_("you may not read or write there; choose another place or ask for access"),
    errno.EROFS: N_("that place is read-only; choose another place"),
    errno.ENOSPC: N_("the disk is full; free some space and try again"),
    errno.ENOENT: N_("it does not exist; check the path"),
    errno.ENAMETOOLONG: N_("the name is too long; choose a shorter path"),
}


def os_error_message(exc: OSError, lang: str = "en") -> str:
    """An operating-system error in one sentence: the path, the problem, what to do (the
    problem in the system's words)."""
    reason = exc.strerror or str(exc)
    hint = gettext_in(lang, OS_HINTS.get(exc.errno or 0, N_("check the path and try again")))
    if exc.filename is None or str(exc.filename) == "":
        template = N_("cannot go on: %(reason)s (%(hint)s).")
    else:
        template = N_("cannot use %(path)s: %(reason)s (%(hint)s).")
    return printable(gettext_in(lang, template) % {"path": exc.filename, "reason": reason, "hint": hint})


def unexpected_message(exc: BaseException, command: str, lang: str = "en") -> str:
    """Anything else: what stopped, that nothing was replaced, how to see the details."""
    return printable(gettext_in(lang, N_(
        "ncct stopped on an unexpected problem while running `ncct %(command)s` (%(problem)s). No earlier output "
        "was replaced. Run the same command with --debug to see where it happened, and send that output to the "
        "person who looks after ncct-report."
    )) % {"command": command, "problem": f"{type(exc).__name__}: {exc}"})
