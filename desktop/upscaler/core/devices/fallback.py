"""A network on a device, with the way back to the CPU: no device failure loses a result.

:class:`DeviceBackend` wraps the backend a device loaded. When a run fails on the device (a driver
error, a lost device), it says so once, opens the model on the CPU in fp32 and runs the same tile
again there, and every later tile too. When the device runs out of memory, the tile is split in
two (with the network's receptive context as overlap, so the pixels are the same) and the smaller
size is kept for later tiles; only when even small pieces do not fit does it go to the CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.messages import Text, text
from upscaler.core.runtime.base import Backend, first_line

NoticeFn = Callable[[Text], None]

#: Pieces are not split below this side (input pixels): their context would cost more than the
#: picture, and a device that cannot run them is not worth keeping.
MIN_SPLIT_SIDE = 32

_MEMORY_WORDS = ("out of memory", "outofmemory", "alloc", "insufficient memory", "oom")


def is_out_of_memory(err: BaseException) -> bool:
    """A device memory failure, as the runtimes word it (CUDA, DirectML, OpenVINO, OpenCL)."""
    if isinstance(err, MemoryError):
        return True
    message = str(err).lower()
    return any(word in message for word in _MEMORY_WORDS)


class DeviceBackend:
    """The Backend protocol over a device's backend, falling back to the CPU's on failure."""

    def __init__(
        self,
        primary: Backend,
        device: str,
        precision: str,
        *,
        fallback: Callable[[], Backend] | None = None,
        notice: NoticeFn | None = None,
        memory: int | None = None,
    ) -> None:
        """``fallback`` opens the model on the CPU in fp32 (None: this already is the CPU fp32
        path, a failure is the model's own and is raised); ``notice`` receives the one message
        a fallback gives."""
        self._current = primary
        self._fallback = fallback
        self._notice = notice
        self.path: Path = primary.path
        self.input_channels = primary.input_channels
        self.context = primary.context
        self.device = device
        self.precision = precision
        #: The device's memory in bytes when known: the engine sizes Auto tiles within it.
        self.memory = memory
        #: Largest blob (input pixels) the device has run since it last ran out of memory.
        self.max_pixels: int | None = None
        #: The messages given so far (the fallback's, the memory split's).
        self.notices: list[Text] = []
        #: True once a failure moved the work to the CPU.
        self.fell_back = False

    @property
    def runtime(self) -> str:
        return self._current.runtime

    def _say(self, message: Text) -> None:
        self.notices.append(message)
        if self._notice is not None:
            self._notice(message)

    def run(self, blob: np.ndarray) -> np.ndarray:
        if self._fallback is None:
            return self._current.run(blob)
        try:
            return self._run_fitting(blob)
        except Cancelled:  # the user's cancel (abort()), not a failing device
            raise
        except Exception as err:  # noqa: BLE001 - any device failure: the CPU takes over
            return self._to_cpu(blob, err)

    def abort(self) -> None:
        """Stop the current runtime's run in progress, where it can be stopped."""
        abort = getattr(self._current, "abort", None)
        if abort is not None:
            abort()

    def _to_cpu(self, blob: np.ndarray, err: Exception) -> np.ndarray:
        assert self._fallback is not None
        device = self.device
        cpu = self._fallback()  # a ModelError here is the model's own: nothing else can run it
        self._current, self._fallback = cpu, None
        self.device, self.precision, self.fell_back = "cpu", "fp32", True
        self._say(
            text(
                "{device} failed ({reason}); the rest runs on the CPU",
                device=device,
                reason=first_line(err),
            )
        )
        return cpu.run(blob)

    def _run_fitting(self, blob: np.ndarray) -> np.ndarray:
        height, width = blob.shape[2:]
        if self.max_pixels is not None and height * width > self.max_pixels:
            return self._split(blob)
        try:
            return self._current.run(blob)
        except Exception as err:  # noqa: BLE001 - only memory failures are handled here
            if not is_out_of_memory(err) or not self._can_split(blob):
                raise
            if self.max_pixels is None:
                self._say(
                    text(
                        "{device} ran out of memory on a {width}x{height} tile; using smaller "
                        "pieces",
                        device=self.device,
                        width=width,
                        height=height,
                    )
                )
            self.max_pixels = max(1, height * width // 2 - 1)
            return self._split(blob)

    def _can_split(self, blob: np.ndarray) -> bool:
        return self.context is not None and max(blob.shape[2:]) // 2 >= MIN_SPLIT_SIDE

    def _split(self, blob: np.ndarray) -> np.ndarray:
        """Run ``blob`` as two overlapping halves along its longer side; stitch the outputs."""
        if not self._can_split(blob):
            raise ModelError(text("the device cannot run even small tiles"), self.path)
        assert self.context is not None
        pad = self.context
        axis = 3 if blob.shape[3] >= blob.shape[2] else 2
        size = blob.shape[axis]
        mid = size // 2
        first = self._run_fitting(np.ascontiguousarray(_take(blob, axis, 0, min(size, mid + pad))))
        scale = first.shape[axis] // min(size, mid + pad)
        start = max(0, mid - pad)
        second = self._run_fitting(np.ascontiguousarray(_take(blob, axis, start, size)))
        return np.concatenate(
            [_take(first, axis, 0, mid * scale), _take(second, axis, (mid - start) * scale, None)],
            axis=axis,
        )


def _take(array: np.ndarray, axis: int, start: int, stop: int | None) -> np.ndarray:
    index = [slice(None)] * array.ndim
    index[axis] = slice(start, stop)
    return array[tuple(index)]
