"""User-facing errors.

Every failure a person can cause or fix (a bad file, a missing model, a full disk) is raised as an
:class:`UpscalerError` whose ``str()`` is one message they can act on. The CLI prints it and the GUI
shows it in a dialog; neither ever shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path

from upscaler.core.messages import printable


class UpscalerError(Exception):
    """Base class: ``str(err)`` is a complete sentence for the user."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        shown = printable(self.path) if self.path is not None else None
        super().__init__(f"{shown}: {message}" if shown is not None else message)


class ImageReadError(UpscalerError):
    """The input image cannot be read (missing, unreadable, corrupt, too large...)."""


class ImageWriteError(UpscalerError):
    """The output cannot be written; any existing file at the target path is left intact."""


class ModelError(UpscalerError):
    """A model is unknown, missing, fails verification or cannot be loaded/run."""


class DownloadError(ModelError):
    """A model download failed; nothing is left behind under the final name."""


class ResourceError(UpscalerError):
    """The job would not fit in memory (or another resource limit) and was refused up front."""


class Cancelled(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The user cancelled a running job; no output was produced."""


class UnsupportedImageError(UpscalerError):
    """The pixels cannot be upscaled as given (wrong dtype, channel count or empty)."""
