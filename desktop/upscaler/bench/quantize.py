"""Static int8 quantisation of a model, calibrated on training images (never on Set5/Set14).

Shared by ``models/quantize.py`` (which writes the pinned files the program ships) and
``bench precision`` (which measures int8 for models that ship no int8 file). Needs the ``onnx``
package (a development dependency). Deterministic: a fixed list of training images, fixed crops,
MinMax calibration; the same inputs and onnxruntime version give the same bytes.

QDQ format, Conv only, per-channel int8 weights and uint8 activations: onnxruntime fuses the
QDQ pairs into its int8 convolutions and OpenVINO reads the same file. Quantising the residual
blocks' scalar ``Mul`` as well makes OpenVINO 2026.4 fail to compile the graph
(docs/pitfalls.md #23).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from upscaler.bench.quality import crop_to_scale, degrade
from upscaler.core.families import Family
from upscaler.core.runtime.ort import onnx_bytes_for

#: Training images used for calibration, relative to the training data folder: the first images
#: of T91 and of BSDS500's train part in name order (a mix of close-ups and scenes).
CALIBRATION_IMAGES = tuple(
    [f"T91/t{n}.png" for n in (1, 2, 3, 4, 5, 6, 7, 8)]
    + [f"BSDS500/train/{n}.jpg" for n in (100075, 100080, 100098, 103041, 104022, 105019)]
)
#: Side of the high-resolution centre crop taken from each image (smaller images: all of it).
CROP = 192


class _Recorder:
    """A stand-in network that keeps each blob the family feeds it and returns zeros."""

    def __init__(self, channels: int, scale: int) -> None:
        self.blobs: list[np.ndarray] = []
        self.channels, self.scale = channels, scale
        self.path = Path("calibration")
        self.input_channels, self.context, self.runtime = channels, 0, "record"

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.blobs.append(blob.copy())
        _, _, height, width = blob.shape
        return np.zeros((1, self.channels, height * self.scale, width * self.scale), np.float32)


def calibration_blobs(family: Family, scale: int, data_dir: Path) -> list[np.ndarray]:
    """The network inputs the family makes from the calibration crops (degraded by ``scale``)."""
    assert family.channels is not None
    recorder = _Recorder(family.channels, scale)
    for name in CALIBRATION_IMAGES:
        rgb = np.asarray(Image.open(data_dir / name).convert("RGB"))
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        height, width = bgr.shape[:2]
        side = min(CROP, height, width)  # some T91 images are smaller than the crop
        top, left = (height - side) // 2, (width - side) // 2
        hr = crop_to_scale(bgr[top : top + side, left : left + side], scale)
        family.process(degrade(hr, scale), recorder, scale)  # type: ignore[arg-type]
    return recorder.blobs


class _Reader:
    def __init__(self, name: str, blobs: list[np.ndarray]) -> None:
        self._items = iter([{name: b} for b in blobs])

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._items, None)


def quantize_int8(onnx: bytes, blobs: list[np.ndarray]) -> bytes:
    """The int8 QDQ graph of ``onnx``, calibrated (MinMax) on ``blobs``."""
    import onnx as onnx_lib
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_static

    name = onnx_lib.load_from_string(onnx).graph.input[0].name
    with tempfile.TemporaryDirectory() as folder:
        src, dst = Path(folder) / "fp32.onnx", Path(folder) / "int8.onnx"
        src.write_bytes(onnx)
        quantize_static(
            str(src),
            str(dst),
            _Reader(name, blobs),
            quant_format=QuantFormat.QDQ,
            op_types_to_quantize=["Conv"],
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
        return dst.read_bytes()


def quantize_model(path: Path, family: Family, scale: int, data_dir: Path) -> bytes:
    """``path`` (``.onnx`` or a convertible ``.pb``) quantised to int8 on the calibration set."""
    return quantize_int8(onnx_bytes_for(path), calibration_blobs(family, scale, data_dir))
