"""Errors a user can act on, and the one message for anything unexpected.

Every command runs inside one boundary (cli.py): an `NcctError` prints its message; an
operating-system error names the path and what to do; anything else becomes one
paragraph that says what stopped and how to get the details (`--debug`).
"""

from __future__ import annotations

import errno

from .textsafe import printable


class NcctError(Exception):
    """A problem the user can fix; the message says what is wrong and what to do."""


OS_HINTS = {
    errno.EISDIR: "a folder has that name; give the name of a file",
    errno.ENOTDIR: "part of that path is a file, not a folder; choose another place",
    errno.EEXIST: "something with that name is already there; choose another name",
    errno.EACCES: "you may not read or write there; choose another place or ask for access",
    errno.EPERM: "you may not read or write there; choose another place or ask for access",
    errno.EROFS: "that place is read-only; choose another place",
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.ENOENT: "it does not exist; check the path",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
}


def os_error_message(exc: OSError) -> str:
    """An operating-system error in one sentence: the path, the problem, what to do."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    hint = OS_HINTS.get(exc.errno or 0, "check the path and try again")
    return printable(f"cannot use {where}: {reason} ({hint}).".replace("cannot use : ", "cannot go on: "))


def unexpected_message(exc: BaseException, command: str) -> str:
    """Anything else: what stopped, that nothing was replaced, how to see the details."""
    return printable(
        f"ncct stopped on an unexpected problem while running `ncct {command}` "
        f"({type(exc).__name__}: {exc}). No earlier output was replaced. Run the same command "
        "with --debug to see where it happened, and send that output to the person who looks "
        "after ncct-report."
    )
