"""Writing outputs safely: single files atomically, and a build's outputs as a set.

A single file is written to a temporary file beside it, then renamed over it.

A build's outputs (OUT/YEAR/) are written into a staging folder beside it, which then
takes the place of OUT/YEAR in one step: on Linux an atomic exchange of the two
folders (renameat2 RENAME_EXCHANGE); elsewhere two renames, the old folder first set
aside as `.YEAR.previous-*`. After any stop, OUT/YEAR holds the whole previous set or
the whole new one; if a stop falls between the two renames, the next run puts the
previous set back. Staging and set-aside folders left by a stopped build are removed
by the next one. A marker file says the folder is ncct's, so a folder holding other
files is never replaced.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .errors import NcctError
from .i18n import N_

MARKER = ".ncct-outputs"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either the old or the new file."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> bool:
    """Write `path` only if it does not exist (atomically); False if it already did."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        try:
            os.link(tmp, path)  # fails if the file exists: never overwrites
        except FileExistsError:
            return False
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


def check_output_folder(target: Path, ours: re.Pattern) -> None:
    """Refuse, before any work, a place where the outputs could not be written or would
    replace someone else's files. `ours` matches the names of files ncct writes there."""
    from .findings import message

    for parent in [target, *target.parents]:
        if parent.is_symlink() and parent == target:
            raise NcctError(message(N_("%(folder)s is a link; give --out a folder that is not a link."), folder=target))
        if parent.exists():
            if not parent.is_dir():
                raise NcctError(message(N_("%(file)s is a file, not a folder: the outputs cannot go in %(folder)s. Give --out a folder."), file=parent, folder=target))
            if not os.access(parent, os.W_OK | os.X_OK):
                raise NcctError(message(N_("ncct may not write in %(folder)s: give --out a folder you may write to."), folder=parent))
            break
    if target.is_dir() and not (target / MARKER).exists():
        strangers = [p.name for p in target.iterdir() if not ours.fullmatch(p.name)]
        if strangers:
            shown = ", ".join(sorted(strangers)[:5]) + (" ..." if len(strangers) > 5 else "")
            raise NcctError(message(
                N_("%(folder)s holds files that ncct did not write (%(files)s); ncct replaces that folder as a whole, "
                   "so it will not write there. Give --out another folder."),
                folder=target, files=shown,
            ))


def replace_folder(target: Path, files: dict[str, bytes]) -> list[str]:
    """Make `target` hold exactly `files` (relative names -> bytes), replacing its old
    content as a set. Returns the names of the old files that are gone."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (staging / MARKER).write_text("This folder is written by ncct build and replaced as a whole by the next build.\n")
        mode = 0o777 & ~_umask()
        os.chmod(staging, mode)  # as an ordinary new folder would be, not mkdtemp's 0700
        gone = sorted(_names(target) - set(files)) if target.is_dir() else []
        if not target.exists():
            os.rename(staging, target)
        elif _exchange(staging, target):
            shutil.rmtree(staging)  # now the previous set
        else:
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=parent))
            os.rename(target, aside / target.name)
            os.rename(staging, target)
            shutil.rmtree(aside)
        return gone
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(target: Path) -> None:
    """Clean up after a stopped build: put a set-aside previous set back if the new one
    never arrived, and remove staging folders."""
    parent = target.parent
    if not parent.is_dir():
        return
    for aside in sorted(parent.glob(f".{target.name}.previous-*")):
        kept = aside / target.name
        if not target.exists() and kept.is_dir():
            os.rename(kept, target)
        shutil.rmtree(aside, ignore_errors=True)
    for staging in parent.glob(f".{target.name}.staging-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _names(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != MARKER}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))
