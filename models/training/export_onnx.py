"""Export a trained UpNet to ONNX in the engine's EDSR convention and check it in cv2.dnn.

PyTorch's PixelShuffle becomes ONNX DepthToSpace mode CRD; the check below runs the exported file
through ``cv2.dnn.readNetFromONNX`` and compares with PyTorch, so an importer that mixes up
CRD/DCR (PITFALLS 12) fails the export instead of shipping a scrambled model.
"""

from __future__ import annotations

import io
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from upnet_model import UpNet, folded_copy


def onnx_bytes(model: UpNet) -> bytes:
    folded = folded_copy(model).eval()
    dummy = torch.zeros(1, 3, 24, 24)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # The TorchScript exporter is deprecated but gives the plain Conv/DepthToSpace graph
        # that OpenCV's importer reads; the dynamo exporter's graph is checked no differently.
        warnings.simplefilter("ignore", DeprecationWarning)
        _export(folded, dummy, buf)
    return buf.getvalue()


def _export(folded: UpNet, dummy: torch.Tensor, buf: io.BytesIO) -> None:
    torch.onnx.export(
        folded,
        (dummy,),
        buf,
        input_names=["input"],
        output_names=["output"],
        opset_version=13,
        dynamic_axes={"input": {2: "height", 3: "width"}, "output": {2: "height", 3: "width"}},
        dynamo=False,
    )


def check_in_opencv(model: UpNet, data: bytes, size: tuple[int, int] = (37, 29)) -> float:
    """Max absolute difference between cv2.dnn and PyTorch on a random mean-subtracted input.

    The file runs through the program's own OpenCV backend, which loads ONNX DepthToSpace in
    the right mode even in a process where ``cv2.dnn_superres`` registered its DCR-only layer."""
    from upscaler.core.runtime.opencv import OpenCVBackend

    rng = np.random.default_rng(0)
    x = rng.uniform(-110, 140, size=(1, 3, size[1], size[0])).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "check.onnx"
        path.write_bytes(data)
        got = OpenCVBackend(path).run(x)
    with torch.no_grad():
        want = model.eval()(torch.from_numpy(x)).numpy()
    if got.shape != want.shape:
        raise RuntimeError(f"cv2.dnn output shape {got.shape} != PyTorch {want.shape}")
    return float(np.abs(got - want).max())


def export(model: UpNet, path: Path, tolerance: float = 0.05) -> float:
    """Write the ONNX file atomically after checking it in OpenCV; returns the max difference."""
    data = onnx_bytes(model)
    diff = check_in_opencv(model, data)
    if diff > tolerance:
        raise RuntimeError(f"cv2.dnn disagrees with PyTorch by {diff:.4f} grey levels")
    tmp = path.with_suffix(".onnx.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_bytes(data)
    tmp.replace(path)
    return diff
