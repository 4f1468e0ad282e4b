"""Writing an image without ever damaging a file: encode into a temp file, then an atomic rename.

On any failure the previous file at the path is intact and no temporary file is left; the input
image itself is never a valid target.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

import numpy as np

from upscaler.core.errors import Cancelled, ImageWriteError
from upscaler.core.fsutil import same_file, sync_folder
from upscaler.core.imageio.encode import Parts, encode_to
from upscaler.core.imageio.formats import WriteOptions, output_format
from upscaler.core.imageio.png_stream import ProgressFn
from upscaler.core.imageio.read import LoadedImage
from upscaler.core.messages import text

#: Temp files are ``.<name>.<8 hex>.part`` beside the target.
PART_SUFFIX = ".part"
#: A temp file older than this belongs to a write that died (writing takes seconds at most).
STALE_PART_SECONDS = 600.0


def _part_name(path: Path) -> str:
    return f".{path.name}.{secrets.token_hex(4)}{PART_SUFFIX}"


def remove_stale_parts(path: Path, *, older_than: float = STALE_PART_SECONDS) -> None:
    """Delete temp files a killed earlier write of ``path`` left behind (ours, and old enough that
    no write can still be using them: the encoded bytes are ready before the temp file opens)."""
    now = time.time()
    ours = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}{re.escape(PART_SUFFIX)}")
    for part in path.parent.glob(f".{glob.escape(path.name)}.*{PART_SUFFIX}"):
        with suppress(OSError):
            if ours.fullmatch(part.name) and now - part.stat().st_mtime > older_than:
                part.unlink()


def atomic_write_bytes(path: Path, data: bytes | Parts, *, replace: bool = True) -> None:
    """Temp file in the target folder, fsync, ``os.replace``: old file or new, never half.

    With ``replace=False`` a file that appeared at ``path`` meanwhile (another program, a second
    run) is kept and :class:`ImageWriteError` raised: the check before encoding is not enough."""

    def fill(handle: BinaryIO) -> None:
        for part in [data] if isinstance(data, (bytes, memoryview)) else data:
            handle.write(part)

    atomic_write(path, fill, replace=replace)


def atomic_write(
    path: Path,
    fill: Callable[[BinaryIO], None],
    *,
    replace: bool = True,
    cancel: threading.Event | None = None,
) -> None:
    """``fill`` writes the file into a temp file in the target folder; then fsync and the
    rename (see :func:`atomic_write_bytes`). Anything ``fill`` raises (a cancel included) removes
    the temp file; a cancel seen after ``fill``, before the rename, too. Once renamed, the file
    is there: a cancel after that point is too late and the write counts as done."""
    folder = path.parent
    remove_stale_parts(path)
    tmp = folder / _part_name(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as err:
        reason = err.strerror or err
        raise ImageWriteError(
            text("cannot create a file in {folder} ({reason})", folder=folder, reason=reason), path
        ) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if not replace:
            _place_new(tmp, path)
        else:
            if path.exists():
                with suppress(OSError):
                    os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
    except BaseException as err:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise ImageWriteError(
                text("could not write the file ({reason})", reason=str(err.strerror or err)), path
            ) from err
        raise
    sync_folder(folder)


def _place_new(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` only if nothing has it: a hard link fails atomically on an
    existing name. File systems without hard links fall back to check-then-rename."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError:
        if os.path.lexists(path):
            raise _exists_error(path) from None
        os.replace(tmp, path)
        return
    with suppress(OSError):  # the file is in place; a leftover temp name is cleaned up later
        os.unlink(tmp)


#: Public name for the no-clobber placement (the video writer gives its finished clip a name the
#: same way).
place_new = _place_new


def _exists_error(path: Path) -> ImageWriteError:
    return ImageWriteError(text("already exists (allow overwriting to replace it)"), path)


def check_destination(path: Path, *, source: LoadedImage | None, overwrite: bool) -> None:
    """Refuse the input file itself, an existing file (unless asked), a folder, a missing folder."""
    if source is not None and source.path is not None and same_file(path, source.path):
        raise ImageWriteError(text("is the input image; choose another output file name"), path)
    if path.is_dir():
        raise ImageWriteError(text("is a folder; give a file name for the output"), path)
    if path.exists() and not overwrite:
        raise _exists_error(path)
    if not path.parent.is_dir():
        raise ImageWriteError(text("the folder {folder} does not exist", folder=path.parent), path)


def write_image(
    path: str | Path,
    pixels: np.ndarray,
    *,
    source: LoadedImage | None = None,
    options: WriteOptions | None = None,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> list[str]:
    """Encode and atomically write; returns warnings (e.g. 16-bit reduced to 8 for JPEG).

    ``progress(done, total)`` follows the encoding (rows of a PNG; ``(0, 0)`` while a format
    that cannot say how far it is works). A set ``cancel`` stops it promptly (PNG, JPEG, TIFF,
    BMP; WebP when its encoder returns) with :class:`Cancelled` and nothing written; the file
    is either written completely and this returns, or not at all."""
    path = Path(path)
    options = options or WriteOptions()
    fmt = output_format(path, options)
    check_destination(path, source=source, overwrite=overwrite)
    warnings: list[str] = []

    def fill(handle: BinaryIO) -> None:
        warnings.extend(
            encode_to(
                handle,
                pixels,
                fmt,
                source=source,
                options=options,
                path=path,
                progress=progress,
                cancel=cancel,
            )
        )

    atomic_write(path, fill, replace=overwrite, cancel=cancel)
    return warnings
