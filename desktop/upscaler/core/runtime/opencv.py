"""OpenCV DNN: runs TensorFlow ``.pb`` graphs as they are, and ONNX; always available."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cv2
import numpy as np

from upscaler.core.errors import ModelError
from upscaler.core.messages import text
from upscaler.core.runtime.base import MODEL_SUFFIXES, check_blob, first_line


def use_all_cores() -> None:
    """Inference is the bottleneck: let OpenCV use every core."""
    cv2.setNumThreads(os.cpu_count() or 1)


class _DepthToSpace:
    """cv2.dnn's DepthToSpace for both pixel-shuffle orders (docs/pitfalls.md #12), registered
    only while a network loads.

    The TensorFlow importer cannot build the ``.pb`` graphs' DepthToSpace by itself, and the layer
    that ``cv2.dnn_superres.DnnSuperResImpl`` registers process-wide (docs/pitfalls.md #13) knows
    only DCR and three-channel images: once any code creates one, OpenCV runs every later ONNX
    DepthToSpace through it and scrambles PyTorch-style (CRD) models. Instantiating this layer
    while the network loads makes each network independent of that global state.
    """

    def __init__(self, params: dict, blobs: list) -> None:
        self.block = int(params.get("blocksize") or params.get("block_size") or 0)
        self.mode = str(params.get("mode", "DCR")).upper()  # TF's depth_to_space is DCR
        if self.block < 1 or self.mode not in ("DCR", "CRD"):
            raise ValueError(f"unsupported DepthToSpace (block {self.block}, mode {self.mode})")

    def getMemoryShapes(self, inputs: list) -> list:  # noqa: N802 - cv2.dnn's layer protocol
        n, c, h, w = inputs[0]
        s = self.block
        return [[n, c // (s * s), h * s, w * s]]

    def forward(self, inputs: list) -> list:
        x = inputs[0]
        n, c, h, w = x.shape
        s = self.block
        if self.mode == "DCR":
            y = x.reshape(n, s, s, c // (s * s), h, w).transpose(0, 3, 4, 1, 5, 2)
        else:
            y = x.reshape(n, c // (s * s), s, s, h, w).transpose(0, 1, 4, 2, 5, 3)
        return [np.ascontiguousarray(y.reshape(n, c // (s * s), h * s, w * s), dtype=np.float32)]


#: Registering a layer type is process-wide: one network loads at a time.
_LAYER_LOCK = threading.Lock()


@contextmanager
def _own_layers() -> Iterator[None]:
    with _LAYER_LOCK:
        # OpenCV's stub types the layer protocol more narrowly than the duck-typed API it calls.
        cv2.dnn_registerLayer("DepthToSpace", _DepthToSpace)  # type: ignore[arg-type]
        try:
            yield
        finally:
            cv2.dnn_unregisterLayer("DepthToSpace")


#: ``target`` names to cv2.dnn's (backend, target) pairs. OpenCL exists in the pip wheels (it
#: needs an OpenCL driver); CUDA only in OpenCV builds made with it (never the pip wheels).
TARGETS = {
    "cpu": (cv2.dnn.DNN_BACKEND_OPENCV, cv2.dnn.DNN_TARGET_CPU),
    "opencl": (cv2.dnn.DNN_BACKEND_OPENCV, cv2.dnn.DNN_TARGET_OPENCL),
    "opencl-fp16": (cv2.dnn.DNN_BACKEND_OPENCV, cv2.dnn.DNN_TARGET_OPENCL_FP16),
    "cuda": (cv2.dnn.DNN_BACKEND_CUDA, cv2.dnn.DNN_TARGET_CUDA),
    "cuda-fp16": (cv2.dnn.DNN_BACKEND_CUDA, cv2.dnn.DNN_TARGET_CUDA_FP16),
}


class OpenCVBackend:
    """A network run by ``cv2.dnn`` (TensorFlow ``.pb`` or ``.onnx``)."""

    def __init__(
        self, path: Path, prefer_outputs: tuple[str, ...] = (), *, target: str = "cpu"
    ) -> None:
        """``prefer_outputs``: output names to use if the graph has them (first found wins);
        otherwise the graph's default output is used. ``target``: one of :data:`TARGETS`
        (cv2.dnn falls back to the CPU by itself when a target cannot run: the device layer
        checks the target exists before asking for it)."""
        self.path = Path(path)
        self.runtime = "opencv"
        self._net = _read_net(self.path)
        backend, device = TARGETS[target]
        self._net.setPreferableBackend(backend)
        self._net.setPreferableTarget(device)
        outputs = self._net.getUnconnectedOutLayersNames()
        self.output = next((name for name in prefer_outputs if name in outputs), None)
        kernels = _kernel_sizes(self._net)
        self.input_channels = kernels[0][0] if kernels else None
        self.context = sum(k // 2 for _, k in kernels) if kernels else None
        use_all_cores()

    def run(self, blob: np.ndarray) -> np.ndarray:
        check_blob(blob, self.input_channels, self.path)
        try:
            self._net.setInput(np.ascontiguousarray(blob))
            out = self._net.forward(self.output) if self.output else self._net.forward()
        except cv2.error as err:
            raise ModelError(
                text("the model failed to run ({reason})", reason=first_line(err)), self.path
            ) from err
        return np.asarray(out, dtype=np.float32)


def read_onnx(data: bytes) -> cv2.dnn.Net:
    """An ONNX graph read by cv2.dnn with the program's own DepthToSpace (both orders), whatever
    a ``DnnSuperResImpl`` elsewhere in the process registered (docs/pitfalls.md #13); cv2.error
    when OpenCV cannot read it."""
    with _own_layers():
        net = cv2.dnn.readNetFromONNX(np.frombuffer(data, np.uint8))
        for name in net.getLayerNames():
            net.getLayer(name)  # instantiate now, while our DepthToSpace is registered
    return net


def _read_net(path: Path) -> cv2.dnn.Net:
    if not path.is_file():
        raise ModelError(text("the model file does not exist"), path)
    suffix = path.suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        raise ModelError(
            text(
                "unsupported model file type '{suffix}' (expected {suffixes})",
                suffix=suffix,
                suffixes=", ".join(MODEL_SUFFIXES),
            ),
            path,
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ModelError(
            text("the model file cannot be read ({reason})", reason=err.strerror), path
        ) from err
    buffer = np.frombuffer(data, np.uint8)
    try:
        with _own_layers():
            if suffix == ".pb":
                net = cv2.dnn.readNetFromTensorflow(buffer)
            else:
                net = cv2.dnn.readNetFromONNX(buffer)
            for name in net.getLayerNames():
                net.getLayer(name)  # instantiate now, while our DepthToSpace is registered
    except cv2.error as err:
        raise ModelError(
            text(
                "the model cannot be loaded; the file is damaged or not a {suffix} network "
                "({reason})",
                suffix=suffix,
                reason=first_line(err),
            ),
            path,
        ) from err
    if net.empty():
        raise ModelError(text("the model file holds no network"), path)
    return net


def _kernel_sizes(net: cv2.dnn.Net) -> list[tuple[int, int]]:
    """(input channels, kernel size) of every (de)convolution, in graph order."""
    found = []
    for name in net.getLayerNames():
        layer = net.getLayer(name)
        if layer.type in ("Convolution", "Deconvolution") and layer.blobs:
            weights = layer.blobs[0]
            if weights.ndim == 4:
                in_channels = weights.shape[1] if layer.type == "Convolution" else weights.shape[0]
                found.append((int(in_channels), int(max(weights.shape[2:]))))
    return found
