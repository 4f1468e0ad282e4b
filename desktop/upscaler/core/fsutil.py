"""File-system helpers shared by everything that writes beside the user's files (images, model
downloads and imports), so each guarantee is implemented once."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


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
