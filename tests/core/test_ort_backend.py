"""The ONNX Runtime backend agrees with OpenCV DNN (within 1 grey level), caches conversions by
content and is optional."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.core.convert.edsr_graph import build_edsr_onnx
from upscaler.core.convert.tf_to_onnx import CONVERTER_VERSION, convert_file
from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.runtime.opencv import OpenCVBackend
from upscaler.core.runtime.ort import OrtBackend, onnx_bytes_for, session_options

pytest.importorskip("onnxruntime")

DIV2K_MEAN = np.array([103.1545782, 111.561547, 114.35629928], np.float32)


def grey_levels(nchw: np.ndarray, scale: float, offset: np.ndarray | float = 0.0) -> np.ndarray:
    pixels = nchw[0].transpose(1, 2, 0) * scale + offset
    return np.clip(pixels, 0, 255).round()


@pytest.mark.parametrize(
    ("filename", "output"),
    [("ESPCN_x3.pb", "NCHW_output"), ("FSRCNN-small_x2.pb", "NCHW_output"),
     ("LapSRN_x4.pb", "NCHW_output_4x")],
)  # fmt: skip
def test_pb_model_agrees_with_opencv(
    filename: str, output: str, shared_models_dir: Path, set5_dir: Path, tmp_path: Path
) -> None:
    path = shared_models_dir / filename
    fast = OrtBackend(path, (output,), cache_dir=tmp_path)
    reference = OpenCVBackend(path, (output,))
    assert (fast.input_channels, fast.context) == (reference.input_channels, reference.context)
    assert fast.output == output
    bgr = cv2.imread(str(set5_dir / "bird.png"))[:40, :56]
    y = cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb)[:, :, :1].astype(np.float32) / 255.0
    blob = np.ascontiguousarray(y.transpose(2, 0, 1)[None])
    got, want = fast.run(blob), reference.run(blob)
    assert got.shape == want.shape
    assert np.abs(grey_levels(got, 255.0) - grey_levels(want, 255.0)).max() <= 1


def test_onnx_model_agrees_with_opencv(set5_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "edsr_tiny_x3.onnx"
    path.write_bytes(build_edsr_onnx(blocks=3, channels=16, scale=3, seed=1))
    fast = OrtBackend(path)
    reference = OpenCVBackend(path)
    # 3 blocks x 2 + head + body + upsample = 9 convolutions of 3x3: 9 pixels of context.
    assert (
        (fast.input_channels, fast.context)
        == (3, 9)
        == (
            reference.input_channels,
            reference.context,
        )
    )
    bgr = cv2.imread(str(set5_dir / "butterfly.png"))[:48, :40].astype(np.float32)
    blob = np.ascontiguousarray((bgr - DIV2K_MEAN).transpose(2, 0, 1)[None])
    got, want = fast.run(blob), reference.run(blob)
    assert got.shape == want.shape == (1, 3, 144, 120)
    diff = np.abs(grey_levels(got, 1.0, DIV2K_MEAN) - grey_levels(want, 1.0, DIV2K_MEAN))
    assert diff.max() <= 1
    assert np.std(got) > 1.0  # a real signal, not two backends agreeing on zeros


def test_wrong_channel_count_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edsr_tiny_x2.onnx"
    path.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    backend = OrtBackend(path)
    with pytest.raises(ModelError, match="expects 3-channel input"):
        backend.run(np.zeros((1, 1, 8, 8), np.float32))


def test_conversion_is_cached_by_content(shared_models_dir: Path, tmp_path: Path) -> None:
    pb = tmp_path / "model.pb"
    pb.write_bytes((shared_models_dir / "ESPCN_x2.pb").read_bytes())
    cache = tmp_path / "cache"
    first = onnx_bytes_for(pb, cache)
    assert first == convert_file(pb).onnx
    (entry,) = cache.iterdir()
    assert entry.name.endswith(f"-c{CONVERTER_VERSION}.onnx")
    assert entry.read_bytes() == first
    entry.write_bytes(b"cached")  # a second load must come from the cache...
    assert onnx_bytes_for(pb, cache) == b"cached"
    pb.write_bytes((shared_models_dir / "ESPCN_x3.pb").read_bytes())  # ...until the file changes
    assert onnx_bytes_for(pb, cache) == convert_file(pb).onnx
    assert len(list(cache.iterdir())) == 2


def test_session_uses_every_core_with_full_optimisation() -> None:
    import onnxruntime as ort

    options = session_options()
    assert options.intra_op_num_threads == os.cpu_count()
    assert options.graph_optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    assert session_options(1).intra_op_num_threads == 1


def test_missing_onnxruntime_is_a_model_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ort_backend, "_ort", None)
    assert not ort_backend.available()
    with pytest.raises(ModelError, match="onnxruntime is not available"):
        OrtBackend(tmp_path / "any.onnx")


def edsr_flops_per_pixel(blocks: int, channels: int, scale: int) -> int:
    """Multiply-adds x2 per *input* pixel of EDSR's convolutions, from its architecture."""
    c = channels
    return 2 * 9 * (3 * c + 2 * blocks * c * c + c * c + c * 3 * scale * scale)


def test_edsr_flops_match_the_published_architecture() -> None:
    # 32 blocks x 2 convolutions of 256->256 dominate: ~76.8 MFLOP per input pixel at x3.
    assert edsr_flops_per_pixel(32, 256, 3) == 2 * 9 * (768 + 64 * 65536 + 65536 + 256 * 27)


def test_benchmark_flops_follow_the_graph(shared_models_dir: Path, tmp_path: Path) -> None:
    from upscaler.bench.speed import flops_per_input_pixel

    edsr = build_edsr_onnx(blocks=2, channels=16, scale=3)
    assert flops_per_input_pixel(edsr) == edsr_flops_per_pixel(2, 16, 3)
    espcn = onnx_bytes_for(shared_models_dir / "ESPCN_x3.pb", tmp_path)
    assert flops_per_input_pixel(espcn) == 2 * (25 * 1 * 64 + 9 * 64 * 32 + 9 * 32 * 9)


def _tiny_backend(tmp_path: Path) -> OrtBackend:
    path = tmp_path / "edsr_tiny_x2.onnx"
    path.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    return OrtBackend(path)


def test_a_run_stopped_by_its_terminate_flag_is_a_cancel(tmp_path, monkeypatch) -> None:
    """onnxruntime itself stops a run whose RunOptions.terminate is set (what abort() sets from
    the cancelling thread); that failure is the user's cancel, not a broken model."""
    backend = _tiny_backend(tmp_path)
    blob = np.zeros((1, 3, 16, 16), np.float32)
    real = ort_backend._ort.RunOptions

    def terminated() -> object:
        options = real()
        options.terminate = True
        return options

    monkeypatch.setattr(ort_backend._ort, "RunOptions", terminated)
    with pytest.raises(Cancelled):
        backend.run(blob)
    monkeypatch.setattr(ort_backend._ort, "RunOptions", real)
    assert backend.run(blob).shape == (1, 3, 32, 32)  # the next run is unaffected


def test_abort_sets_the_terminate_flag_of_the_run_in_progress(tmp_path) -> None:
    backend = _tiny_backend(tmp_path)
    backend.abort()  # between runs: nothing to stop, and no later run is spoiled
    blob = np.zeros((1, 3, 16, 16), np.float32)
    assert backend.run(blob).shape == (1, 3, 32, 32)
    session, seen = backend._session, []

    class Aborted:
        """The session, with abort() called from "another thread" while it runs."""

        def run(self, outputs, feeds, options):
            backend.abort()
            seen.append(options.terminate)
            return session.run(outputs, feeds, options)  # onnxruntime sees the flag: it stops

    backend._session = Aborted()
    with pytest.raises(Cancelled):
        backend.run(blob)
    assert seen == [True]


def test_a_real_failure_is_still_a_model_error(tmp_path) -> None:
    backend = _tiny_backend(tmp_path)

    class Broken:
        def run(self, outputs, feeds, options):
            raise RuntimeError("[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : bad alloc")

    backend._session = Broken()
    with pytest.raises(ModelError, match="bad alloc"):
        backend.run(np.zeros((1, 3, 16, 16), np.float32))
