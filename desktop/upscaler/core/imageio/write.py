"""Writing an image without ever damaging a file: encode into a temp file, then an atomic rename.

On any failure the previous file at the path is intact and no temporary file is left; the input
image itself is never a valid target.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from upscaler.core import fsutil
from upscaler.core.errors import Cancelled, ImageWriteError
from upscaler.core.fsutil import same_file
from upscaler.core.imageio.encode import Parts, encode_to
from upscaler.core.imageio.formats import WriteOptions, output_format
from upscaler.core.imageio.png_stream import ProgressFn
from upscaler.core.imageio.read import LoadedImage
from upscaler.core.messages import text


def atomic_write_bytes(path: Path, data: bytes | Parts, *, replace: bool = True) -> None:
    """:func:`atomic_write` of bytes already in memory."""

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
    """``fill`` writes the file; :func:`fsutil.atomic_write` puts it in place (old file or new,
    never half), with the failures as :class:`ImageWriteError`. Anything ``fill`` raises (a cancel
    included) leaves nothing; a cancel seen after ``fill``, before the rename, too. Once renamed,
    the file is there: a cancel after that point is too late and the write counts as done.

    With ``replace=False`` a file that appeared at ``path`` meanwhile (another program, a second
    run) is kept and :class:`ImageWriteError` raised: the check before encoding is not enough."""

    def check(_tmp: Path) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()

    try:
        fsutil.atomic_write(path, fill, replace=replace, check=check)
    except fsutil.PartCreateError as err:
        reason = err.strerror or err
        raise ImageWriteError(
            text("cannot create a file in {folder} ({reason})", folder=path.parent, reason=reason),
            path,
        ) from err
    except FileExistsError:
        raise exists_error(path) from None
    except OSError as err:
        raise ImageWriteError(
            text("could not write the file ({reason})", reason=str(err.strerror or err)), path
        ) from err


def exists_error(path: Path) -> ImageWriteError:
    return ImageWriteError(text("already exists (allow overwriting to replace it)"), path)


def check_destination(path: Path, *, source: LoadedImage | None, overwrite: bool) -> None:
    """Refuse the input file itself, an existing file (unless asked), a folder, a missing folder."""
    if source is not None and source.path is not None and same_file(path, source.path):
        raise ImageWriteError(text("is the input image; choose another output file name"), path)
    if path.is_dir():
        raise ImageWriteError(text("is a folder; give a file name for the output"), path)
    if path.exists() and not overwrite:
        raise exists_error(path)
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
