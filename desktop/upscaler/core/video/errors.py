"""The video errors: each names the file and says what to do, like the image errors."""

from __future__ import annotations

from upscaler.core.errors import ImageWriteError, UpscalerError


class VideoReadError(UpscalerError):
    """The clip cannot be read: not a video, no video stream, an unknown codec, truncated."""


class VideoWriteError(ImageWriteError):
    """The result cannot be written; nothing is left under the output name."""


class DiskFullError(VideoWriteError):
    """The disk filled up (or would, by the estimate); finished segments are kept for a resume."""


class ResumeError(UpscalerError):
    """Saved progress exists but does not belong to this run (other settings or another file)."""


class NoRoomError(DiskFullError):
    """Refused before any work: the estimate does not fit in the free space (the CLI names its
    options that help: --output-dir, --crf)."""
