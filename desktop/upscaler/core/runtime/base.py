"""What the engine needs from an inference runtime: "NCHW float32 in, NCHW float32 out".

Plus a few facts about the graph (input channels, how far an output pixel can see) and which
runtime it is, so the runtimes (OpenCV DNN, ONNX Runtime) slot in behind one protocol without
touching the engine or the families.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from upscaler.core.errors import ModelError
from upscaler.core.messages import text

#: The order ``auto`` tries for most networks: onnxruntime's fused kernels run light networks
#: 1.1-3.7x faster than cv2.dnn (docs/benchmarks.md).
ORT_FIRST = ("onnxruntime", "opencv")
#: For wide 3x3 networks (EDSR) OpenCV's Winograd convolutions are ~2.5x faster (measured).
OPENCV_FIRST = ("opencv", "onnxruntime")

#: File types a network can be loaded from.
MODEL_SUFFIXES = (".pb", ".onnx")


class Backend(Protocol):
    """A loaded network. Not thread-safe: one run at a time (the engine uses one worker)."""

    path: Path
    #: Channels the network's input expects, or None when the graph does not say.
    input_channels: int | None
    #: Input pixels of context an output pixel may depend on (an upper bound), or None if unknown.
    context: int | None

    @property
    def runtime(self) -> str:
        """The runtime that runs it (``opencv``, ``onnxruntime``...), shown to the user."""
        ...

    def run(self, blob: np.ndarray) -> np.ndarray:
        """Run one ``1xCxHxW`` float32 blob; return the selected output as NCHW float32."""
        ...


def check_blob(blob: np.ndarray, input_channels: int | None, path: Path) -> None:
    """Refuse what the runtime would silently misuse (cv2.dnn tints 1-channel blobs:
    docs/pitfalls.md #4)."""
    if blob.ndim != 4 or blob.shape[0] != 1 or blob.dtype != np.float32:
        raise ModelError(
            text(
                "the network input must be one float32 NCHW image, got {dtype} {shape}",
                dtype=blob.dtype,
                shape=blob.shape,
            ),
            path,
        )
    if input_channels is not None and blob.shape[1] != input_channels:
        raise ModelError(
            text(
                "the model expects {input_channels}-channel input but was given {given} channel(s)",
                input_channels=input_channels,
                given=blob.shape[1],
            ),
            path,
        )


def first_line(err: Exception) -> str:
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    return lines[-1] if lines else type(err).__name__
