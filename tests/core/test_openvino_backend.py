"""The OpenVINO backend against onnxruntime on the project's own model: fp32 gives the same
pixels, bf16/fp16 stay close, int8 runs the pinned file; what it cannot load is a ModelError."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.runtime import openvino as ov_runtime
from upscaler.core.runtime.openvino import OpenVinoBackend

pytest.importorskip("openvino")

UPNET_X2 = paths.project_models_dir() / "UpNet_x2.onnx"


@pytest.fixture(scope="module")
def crop() -> np.ndarray:
    chart = cv2.imread(str(paths.resources_dir() / "sample.png"), cv2.IMREAD_COLOR)
    return np.ascontiguousarray(chart[60:124, 80:160])


@pytest.fixture(scope="module")
def reference(crop: np.ndarray) -> np.ndarray:
    return Upscaler(load_catalog().get("UpNet_x2"), UPNET_X2).upscale(crop)


def test_fp32_gives_onnxruntime_s_pixels(crop: np.ndarray, reference: np.ndarray) -> None:
    info = load_catalog().get("UpNet_x2")
    backend = OpenVinoBackend(UPNET_X2)
    assert (backend.runtime, backend.precision, backend.input_channels) == ("openvino", "fp32", 3)
    out = Upscaler(info, backend=backend).upscale(crop)
    assert np.abs(out.astype(int) - reference).max() <= 1


@pytest.mark.parametrize("precision", ["bf16", "fp16"])
def test_reduced_precision_stays_close(
    crop: np.ndarray, reference: np.ndarray, precision: str
) -> None:
    if precision.upper() not in ov_runtime.capabilities("CPU"):
        pytest.skip(f"this CPU has no {precision} units")  # CI's CPUs differ from day to day
    info = load_catalog().get("UpNet_x2")
    up = Upscaler(info, UPNET_X2, device="cpu", precision=precision)
    assert (up.device, up.precision, up.backend.runtime) == ("cpu", precision, "openvino")
    out = up.upscale(crop).astype(float)
    assert 0 < np.mean((out - reference) ** 2) < 255**2 / 10**4  # PSNR vs fp32 above 40 dB


def test_int8_on_openvino_runs_the_pinned_file(crop: np.ndarray, reference: np.ndarray) -> None:
    int8 = (paths.project_models_dir() / "UpNet_x2.int8.onnx").read_bytes()
    backend = OpenVinoBackend(UPNET_X2, precision="int8", data=int8)
    assert backend.context == OpenVinoBackend(UPNET_X2).context == 13  # from the fp32 graph
    out = Upscaler(load_catalog().get("UpNet_x2"), backend=backend).upscale(crop)
    assert 0 < np.mean((out.astype(float) - reference) ** 2) < 255**2 / 10**2.5


def test_a_file_it_cannot_read_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a network")
    with pytest.raises(ModelError, match="bad.onnx"):
        OpenVinoBackend(bad)


def test_abort_cancels_the_run_in_progress_and_no_later_one() -> None:
    """abort() (called from the cancelling thread) cancels OpenVINO's infer request; that run
    raises Cancelled, not a model error. Between runs it spoils nothing."""
    backend = OpenVinoBackend(UPNET_X2)
    blob = np.zeros((1, 3, 16, 16), np.float32)
    backend.abort()
    assert backend.run(blob).shape == (1, 3, 32, 32)
    request, cancelled = backend._request, []

    class Aborted:
        def infer(self, inputs):
            backend.abort()  # "from another thread", while the request runs
            raise RuntimeError("Infer Request was canceled")

        def cancel(self) -> None:
            cancelled.append(True)

    backend._request = Aborted()
    with pytest.raises(Cancelled):
        backend.run(blob)
    assert cancelled == [True]
    backend._request = request

    class Broken:
        def infer(self, inputs):
            raise RuntimeError("Exception from src/inference: out of memory")

    backend._request = Broken()
    with pytest.raises(ModelError, match="out of memory"):
        backend.run(blob)
