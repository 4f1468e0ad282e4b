"""Frames of the open clip, and of its upscaled result, read off the GUI thread.

The frame slider and playback ask for one frame after another; only the newest request is
read (a dragged slider skips what it passed), on a thread of its own, so frames come while the
worker thread upscales. The core's ``VideoReader`` keeps its place, so stepping forward (playback)
decodes without seeking again. Frames are turned upright as a player shows them.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from upscaler.core.errors import UpscalerError
from upscaler.core.video import FrameIndex, VideoInfo, VideoReader, probe_video, rotate_for_display
from upscaler.ui.worker import Failure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Frame:
    """One frame of a clip (upright) and, when asked for, the same frame of its result."""

    path: Path
    number: int
    pixels: np.ndarray
    result: np.ndarray | None = None  # the upscaled clip's frame
    token: int = 0  # the request it answers


@dataclass(frozen=True)
class Opened:
    """A clip that opened: its facts, every frame's time (the index) and frame 0."""

    path: Path
    info: VideoInfo
    index: FrameIndex
    first: np.ndarray


class _Open(QRunnable):
    def __init__(self, owner: FrameReader, path: Path) -> None:
        super().__init__()
        self._owner, self._path = owner, path

    def run(self) -> None:
        owner, path = self._owner, self._path
        if owner.stopped.is_set():
            return
        try:
            owner.close_reader(path)  # the file may have changed since it was last read
            first = owner.read(path, 0)  # probes and indexes (one pass over the packets)
            reader = owner.reader(path)
            opened = Opened(path, reader.info, reader.index, first)
        except UpscalerError as err:
            owner.failed.emit(path, Failure.of(err))
            return
        except Exception as err:  # noqa: BLE001 - a clip must not take the window down
            log.exception("cannot open %s", path)
            owner.failed.emit(path, Failure.of(err))
            return
        if not owner.stopped.is_set():
            owner.opened.emit(opened)


class _Read(QRunnable):
    def __init__(
        self,
        owner: FrameReader,
        token: int,
        path: Path,
        number: int,
        output: Path | None,
        offset: int = 0,
    ) -> None:
        super().__init__()
        self._owner, self._token = owner, token
        self._path, self._number, self._output = path, number, output
        self._offset = offset

    def run(self) -> None:
        owner = self._owner
        if owner.stopped.is_set() or self._token != owner.latest:
            return  # a newer request replaced this one
        try:
            pixels = owner.read(self._path, self._number)
            result = None
            if self._output is not None:  # a range of frames written: the others have none
                number = self._number - self._offset
                if 0 <= number < owner.reader(self._output).frame_count:
                    result = owner.read(self._output, number)
        except (UpscalerError, IndexError) as err:
            owner.failed.emit(self._path, Failure.of(err))
            return
        except Exception as err:  # noqa: BLE001 - a frame must not take the window down
            log.exception("cannot read frame %s of %s", self._number, self._path)
            owner.failed.emit(self._path, Failure.of(err))
            return
        if not owner.stopped.is_set():
            owner.frameRead.emit(Frame(self._path, self._number, pixels, result, self._token))


class FrameReader(QObject):
    """Reads the frames asked for with :meth:`request`; ``frameRead(Frame)`` or
    ``failed(path, Failure)`` answers (from the reading thread; connect bound slots)."""

    opened = Signal(object)  # Opened
    frameRead = Signal(object)  # Frame
    failed = Signal(object, object)  # path, Failure

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one reader at a time: VideoReader is not thread-safe
        self.stopped = threading.Event()
        self.latest = 0
        self._readers: dict[Path, VideoReader] = {}

    def request(self, path: Path, number: int, output: Path | None = None, offset: int = 0) -> int:
        """Read frame ``number`` of ``path`` (and frame ``number - offset`` of ``output``, which
        starts at the source's frame ``offset``, when it has one); older requests are dropped.
        Returns the request's token (``Frame.token``)."""
        self.latest += 1
        self._pool.start(_Read(self, self.latest, path, number, output, offset))
        return self.latest

    def open(self, path: Path) -> None:
        """Probe and index the clip and read its first frame, off the GUI thread (indexing a
        long clip reads the whole file): ``opened(Opened)`` or ``failed(path, Failure)``."""
        self._pool.start(_Open(self, path))

    def reader(self, path: Path) -> VideoReader:
        """The reading thread's reader of ``path``, opened on first use."""
        reader = self._readers.get(path)
        if reader is None:
            reader = self._readers[path] = VideoReader(path, probe_video(path))
        return reader

    def read(self, path: Path, number: int) -> np.ndarray:
        """Frame ``number`` upright (on the reading thread)."""
        reader = self.reader(path)
        pixels = rotate_for_display(reader.read_frame(number), reader.info.rotation)
        return np.ascontiguousarray(pixels)

    def forget(self, path: Path) -> None:
        """Close the reader of ``path`` (the file is replaced or no longer shown)."""
        self._pool.start(_Close(self, path))

    def close_reader(self, path: Path) -> None:
        reader = self._readers.pop(path, None)
        if reader is not None:
            reader.close()

    def shutdown(self) -> None:
        """Stop reading and close the files (waits for a frame being read)."""
        self.stopped.set()
        self._pool.clear()
        self._pool.waitForDone()
        for path in list(self._readers):
            self.close_reader(path)


class _Close(QRunnable):
    def __init__(self, owner: FrameReader, path: Path) -> None:
        super().__init__()
        self._owner, self._path = owner, path

    def run(self) -> None:
        self._owner.close_reader(self._path)
