"""File-system helpers shared by everything that writes beside the user's files (images, videos,
model downloads and imports, caches), so each guarantee is implemented once: the atomic write,
the no-clobber rename, the clean-up of temporary files a killed writer left."""

from __future__ import annotations

import errno
import glob
import os
import re
import secrets
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO


def same_file(a: Path, b: Path) -> bool:
    """True if both names lead to one file (links, other spellings); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the OS allows it (POSIX); best effort."""
    if os.name != "posix":
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- atomic writes ------------------------------------------------------------------------------
# Every file the program writes beside the user's files (images, videos, downloaded or imported
# models, caches) is written under a temporary name in the target folder, synced, then renamed:
# the old file or the new one, never half of one (docs/pitfalls.md #5).

#: Temporary files are ``.<name>.<8 hex digits>.part`` beside their target.
PART_SUFFIX = ".part"
#: A temporary file untouched this long belongs to a writer that died (live writers keep writing).
STALE_PART_SECONDS = 600.0


def part_path(target: Path) -> Path:
    """A fresh temporary name beside ``target``."""
    return target.parent / f".{target.name}.{secrets.token_hex(4)}{PART_SUFFIX}"


def remove_stale_parts(target: Path, *, older_than: float = STALE_PART_SECONDS) -> None:
    """Delete temporary files a killed earlier write of ``target`` left behind: only names this
    module makes, and only old ones (a fresh one may belong to a write in another process)."""
    now = time.time()
    ours = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{8}}{re.escape(PART_SUFFIX)}")
    for part in target.parent.glob(f".{glob.escape(target.name)}.*{PART_SUFFIX}"):
        with suppress(OSError):
            if ours.fullmatch(part.name) and now - part.stat().st_mtime > older_than:
                part.unlink()


def sync_file(path: Path) -> None:
    """Flush a file another library wrote (by name) to the disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def place(tmp: Path, target: Path, *, replace: bool = True) -> None:
    """Give the finished, synced ``tmp`` the name ``target``, durably.

    ``replace=True``: ``os.replace``, keeping the replaced file's permissions. ``replace=False``:
    only if nothing has the name (FileExistsError otherwise), atomically with a hard link where
    the file system has them, else check-then-rename (FAT, some network shares)."""
    if replace:
        with suppress(OSError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    else:
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:
            if os.path.lexists(target):
                taken = os.strerror(errno.EEXIST)
                raise FileExistsError(errno.EEXIST, taken, str(target)) from None
            os.replace(tmp, target)
        else:
            with suppress(OSError):  # the file is in place; a leftover name is cleaned up later
                os.unlink(tmp)
    sync_folder(target.parent)


class PartCreateError(OSError):
    """The temporary file could not be created: the folder refuses new files."""


def atomic_write(
    target: Path,
    fill: Callable[[BinaryIO], object],
    *,
    replace: bool = True,
    check: Callable[[Path], None] | None = None,
) -> None:
    """``fill`` writes the file into a temporary file beside ``target``; it is synced, ``check``
    (given the temporary path) may refuse it by raising, then :func:`place` names it.

    Anything raised on the way (by ``fill``, ``check``, the file system) removes the temporary
    file and leaves ``target`` as it was; the folder's stale temporary files go first. Raises
    :class:`PartCreateError` when the folder refuses the temporary file, FileExistsError when
    ``replace=False`` and the name is taken, other OSErrors as the file system gives them: callers
    turn them into their own messages."""
    remove_stale_parts(target)
    tmp = part_path(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as err:
        raise PartCreateError(err.errno, err.strerror, err.filename) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(tmp)
        place(tmp, target, replace=replace)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def write_cache(target: Path, data: bytes) -> None:
    """Atomically write a cache file (its folder made if missing); OSError as it comes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, lambda handle: handle.write(data))
