"""The device layer: detection (mocked providers), the CPU fallbacks, memory splitting, the
recorded precision choice and the pinned int8 files. No GPU is needed: GPUs are simulated by
fake devices and backends that fail the way real ones do."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.ctrl_c import DEADLINE
from upscaler.core import paths
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.convert.edsr_graph import build_edsr_onnx
from upscaler.core.devices import detect, measured, quantized
from upscaler.core.devices import open as device_open
from upscaler.core.devices.detect import Device, cpu_device
from upscaler.core.devices.fallback import DeviceBackend
from upscaler.core.devices.precision import auto_choices, plan_for
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.runtime import openvino as ov_runtime
from upscaler.core.runtime import ort
from upscaler.core.runtime.ort import OrtBackend

pytest.importorskip("onnxruntime")

CPU_ALL = Device("cpu", "cpu", "auto", "test CPU", ("fp32", "bf16", "fp16", "int8"), "CPU")
CPU_PLAIN = Device("cpu", "cpu", "auto", "old CPU", ("fp32", "int8"), "CPU")
FAKE_CUDA = Device("cuda", "gpu", "onnxruntime", "fake GPU", ("fp32",), "CUDAExecutionProvider")


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_x2.onnx"
    path.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    return path


@pytest.fixture
def info() -> ModelInfo:
    return ModelInfo(id="tiny_x2", name="tiny", family="edsr", scale=2, filename="tiny_x2.onnx")


def image(side: int = 64) -> np.ndarray:
    rng = np.random.default_rng(5)
    return rng.integers(0, 256, (side, side, 3), dtype=np.uint8)


# -- detection ------------------------------------------------------------------------------------


def test_gpu_providers_of_an_onnxruntime_gpu_build_are_devices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        ort, "providers",
        lambda: ["CUDAExecutionProvider", "DmlExecutionProvider", "CPUExecutionProvider"],
    )  # fmt: skip
    names = [d.name for d in detect.detect_devices()]
    assert names[:3] == ["cpu", "cuda", "directml"]
    assert "coreml" not in names
    chosen, why = device_open.choose_device("auto", detect.detect_devices())
    assert (chosen.name, why) == ("cuda", None)


def test_openvino_gpus_are_named_with_their_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    props = {
        ("GPU.0", "FULL_DEVICE_NAME"): "Intel Arc",
        ("GPU.0", "GPU_DEVICE_TOTAL_MEM_SIZE"): 8 << 30,
        ("GPU.0", "OPTIMIZATION_CAPABILITIES"): ["FP32", "FP16", "INT8"],
        ("GPU.1", "FULL_DEVICE_NAME"): "Intel UHD",
        ("GPU.1", "OPTIMIZATION_CAPABILITIES"): ["FP32"],
    }
    monkeypatch.setattr(ov_runtime, "device_names", lambda: ["CPU", "GPU.0", "GPU.1"])
    monkeypatch.setattr(ov_runtime, "device_property", lambda d, n: props.get((d, n)))
    gpus = detect.openvino_gpu_devices()
    assert [(g.name, g.handle, g.memory) for g in gpus] == [
        ("openvino-gpu", "GPU.0", 8 << 30),
        ("openvino-gpu.1", "GPU.1", None),
    ]
    assert gpus[0].precisions == ("fp32", "fp16", "int8") and gpus[1].precisions == ("fp32",)
    # offered by name only: auto keeps the CPU
    assert device_open.choose_device("auto", [cpu_device(), *gpus])[0].name == "cpu"


def test_without_openvino_the_cpu_has_no_bf16(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ov_runtime, "device_names", lambda: [])
    assert cpu_device().precisions == ("fp32", "int8")


def test_the_cpu_offers_bf16_only_when_openvino_reports_the_units(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ov_runtime, "device_names", lambda: ["CPU"])
    monkeypatch.setattr(ov_runtime, "capabilities", lambda d: {"FP32", "BF16", "INT8"})
    assert cpu_device().precisions == ("fp32", "bf16", "int8")


def test_a_typo_is_an_error_and_an_absent_device_is_the_cpu() -> None:
    with pytest.raises(ModelError, match="unknown device 'cdua'"):
        device_open.choose_device("cdua", [CPU_ALL])
    chosen, why = device_open.choose_device("cuda", [CPU_ALL])
    assert chosen.name == "cpu" and "cuda is not available" in str(why)


# -- fallbacks ------------------------------------------------------------------------------------


def test_a_device_that_fails_to_load_falls_back_to_the_cpu_with_one_message(
    model: Path, info: ModelInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(device_open, "detect_devices", lambda: [CPU_ALL, FAKE_CUDA])

    def refuse(*args: object, **kwargs: object) -> None:
        raise ModelError("CUDA driver version is insufficient")

    monkeypatch.setattr(device_open, "open_plan", refuse)
    heard: list[str] = []
    up = Upscaler(info, model, device="cuda", precision="auto", on_notice=heard.append)
    assert (up.device, up.precision) == ("cpu", "fp32")
    assert len(heard) == 1 and "cuda could not load the model" in heard[0]
    assert "insufficient" in heard[0] and up.notices == heard
    reference = Upscaler(info, model).upscale(image())
    assert np.array_equal(up.upscale(image()), reference)


class FailsOnCall:
    """A device backend that works for ``n - 1`` runs, then raises as a lost GPU does."""

    def __init__(self, inner: OrtBackend, n: int, error: Exception) -> None:
        self.inner, self.n, self.error, self.calls = inner, n, error, 0
        self.path, self.input_channels = inner.path, inner.input_channels
        self.context = inner.context
        self.runtime = "onnxruntime"

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.calls += 1
        if self.calls >= self.n:
            raise self.error
        return self.inner.run(blob)


def test_a_device_failing_on_the_nth_tile_hands_the_rest_to_the_cpu(
    model: Path, info: ModelInfo
) -> None:
    failing = FailsOnCall(OrtBackend(model), 3, ModelError("CUDA error: an illegal memory access"))
    heard: list[str] = []
    wrapped = DeviceBackend(failing, "cuda", "fp32", fallback=lambda: OrtBackend(model),
                            notice=heard.append)  # fmt: skip
    up = Upscaler(info, backend=wrapped)
    assert len(up.plan(64, 64, 16)) > 4
    result = up.upscale(image(), tile=16)
    reference = Upscaler(info, backend=OrtBackend(model)).upscale(image(), tile=16)
    assert np.array_equal(result, reference)  # the failed tile was run again, nothing lost
    assert failing.calls == 3  # the device is not tried again after it failed
    assert (up.device, up.precision, wrapped.fell_back) == ("cpu", "fp32", True)
    assert len(heard) == 1 and heard[0].startswith("cuda failed (CUDA error")


def test_the_cpu_path_does_not_hide_a_model_s_own_failure(model: Path) -> None:
    failing = FailsOnCall(OrtBackend(model), 1, ModelError("broken graph"))
    with pytest.raises(ModelError, match="broken graph"):
        DeviceBackend(failing, "cpu", "fp32").run(np.zeros((1, 3, 8, 8), np.float32))


class SmallMemory:
    """A device backend that runs out of memory above ``limit`` input pixels."""

    def __init__(self, inner: OrtBackend, limit: int) -> None:
        self.inner, self.limit, self.sizes = inner, limit, []
        self.path, self.input_channels = inner.path, inner.input_channels
        self.context = inner.context
        self.runtime = "onnxruntime"

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.sizes.append(blob.shape[2:])
        if blob.shape[2] * blob.shape[3] > self.limit:
            raise ModelError("CUDA failure 2: out of memory ; GPU=0")
        return self.inner.run(blob)


def test_a_tile_too_big_for_the_device_memory_is_split_with_the_same_pixels(
    model: Path, info: ModelInfo
) -> None:
    small = SmallMemory(OrtBackend(model), limit=80 * 80)
    heard: list[str] = []
    wrapped = DeviceBackend(small, "cuda", "fp32", fallback=lambda: OrtBackend(model),
                            notice=heard.append)  # fmt: skip
    up = Upscaler(info, backend=wrapped)
    result = up.upscale(image(160))
    reference = Upscaler(info, backend=OrtBackend(model)).upscale(image(160))
    assert np.abs(result.astype(int) - reference).max() <= 1
    assert up.device == "cuda"  # smaller pieces, still on the device
    assert len(heard) == 1 and "ran out of memory" in heard[0]
    assert wrapped.max_pixels is not None and wrapped.max_pixels < 160 * 160
    ran = [h * w for h, w in small.sizes]
    assert ran[0] >= 160 * 160 and len(ran) > 3  # the whole image (plus edge context) first
    assert sum(size > 80 * 80 for size in ran) <= 3  # the failing size is remembered


def test_a_gpu_s_memory_bounds_the_auto_tile(
    model: Path, info: ModelInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny_gpu = Device("cuda", "gpu", "onnxruntime", "tiny", ("fp32",), "CUDAExecutionProvider",
                      memory=64 << 20)  # fmt: skip
    monkeypatch.setattr(device_open, "detect_devices", lambda: [CPU_ALL, tiny_gpu])
    monkeypatch.setattr(device_open, "open_plan", lambda *a, **k: OrtBackend(model))
    up = Upscaler(info, model, device="cuda", memory_budget=4 << 30)
    assert up.device == "cuda" and up.memory_budget == 32 << 20
    assert up.auto_tile() < Upscaler(info, model, memory_budget=4 << 30).auto_tile()


# -- precision ------------------------------------------------------------------------------------


UPNET_X4 = paths.project_models_dir() / "UpNet_x4.onnx"
RECORDED = {"UpNet_x4": (("bf16", "openvino"), ("int8", "onnxruntime"), ("fp32", ""))}


def test_auto_takes_the_recorded_choice_the_machine_can_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(measured, "AUTO", RECORDED)
    monkeypatch.setattr(ov_runtime, "available", lambda: True)
    plan, why = plan_for(CPU_ALL, "UpNet_x4", UPNET_X4)
    assert (plan.precision, plan.runtime, why) == ("bf16", "openvino", None)
    # the same every time: a table, not a probe
    assert {plan_for(CPU_ALL, "UpNet_x4", UPNET_X4)[0] for _ in range(3)} == {plan}
    plan, _ = plan_for(CPU_PLAIN, "UpNet_x4", UPNET_X4)  # no bf16 units: the next choice
    assert (plan.precision, plan.runtime) == ("int8", "onnxruntime")
    assert plan.variant == paths.project_models_dir() / "UpNet_x4.int8.onnx"


def test_auto_without_the_int8_file_or_table_entry_is_fp32(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(measured, "AUTO", RECORDED)
    monkeypatch.setattr(quantized, "shipped_variants", lambda: {})
    plan, _ = plan_for(CPU_PLAIN, "UpNet_x4", UPNET_X4)
    assert (plan.precision, plan.runtime) == ("fp32", "")
    assert plan_for(CPU_ALL, "imported_x2", tmp_path / "x.onnx")[0].precision == "fp32"
    assert auto_choices("imported_x2") == (("fp32", ""),)


def test_an_explicit_precision_the_device_lacks_is_fp32_with_a_reason() -> None:
    plan, why = plan_for(CPU_PLAIN, "UpNet_x4", UPNET_X4, "bf16")
    assert plan.precision == "fp32" and "bf16 is not available" in str(why)
    plan, why = plan_for(FAKE_CUDA, "UpNet_x4", UPNET_X4, "int8")
    assert plan.precision == "fp32" and "int8 is not available on cuda" in str(why)
    with pytest.raises(ModelError, match="unknown precision"):
        plan_for(CPU_ALL, "UpNet_x4", UPNET_X4, "fp8")


def test_the_recorded_table_names_models_precisions_and_runtimes() -> None:
    for model_id, choices in measured.AUTO.items():
        name, _, scale = model_id.rpartition("_x")  # ids of models measured before they were
        assert name and scale.isdigit(), model_id  # in the catalog (DAT-light) are kept too
        assert choices[-1] == ("fp32", ""), model_id
        for precision, runtime in choices[:-1]:
            assert precision in ("bf16", "fp16", "int8"), model_id
            assert runtime in ("openvino", "onnxruntime"), model_id
            assert model_id in measured.EVIDENCE, model_id


# -- pinned int8 files ----------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_the_shipped_int8_files_match_their_pins(scale: int) -> None:
    source = paths.project_models_dir() / f"UpNet_x{scale}.onnx"
    found, why = quantized.find_variant(f"UpNet_x{scale}", "int8", source)
    assert found == paths.project_models_dir() / f"UpNet_x{scale}.int8.onnx" and why is None
    info = load_catalog().get(f"UpNet_x{scale}")
    assert quantized.shipped_variants()[info.id].source_sha256 == info.sha256


def _copy_pair(tmp_path: Path) -> tuple[Path, Path]:
    models = paths.project_models_dir()
    source = Path(shutil.copy(models / "UpNet_x4.onnx", tmp_path / "UpNet_x4.onnx"))
    int8 = Path(shutil.copy(models / "UpNet_x4.int8.onnx", tmp_path / "UpNet_x4.int8.onnx"))
    return source, int8


def test_a_damaged_int8_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, int8 = _copy_pair(tmp_path)
    data = bytearray(int8.read_bytes())
    data[len(data) // 2] ^= 0xFF
    int8.write_bytes(bytes(data))
    monkeypatch.setattr(quantized, "project_models_dir", lambda: tmp_path)
    found, why = quantized.find_variant("UpNet_x4", "int8", source)
    assert found is None and "SHA-256" in str(why)


def test_an_int8_file_of_another_model_version_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, _ = _copy_pair(tmp_path)
    source.write_bytes(source.read_bytes() + b"\0")  # "retrained": not the file it was made from
    monkeypatch.setattr(quantized, "project_models_dir", lambda: tmp_path)
    found, why = quantized.find_variant("UpNet_x4", "int8", source)
    assert found is None and "another version" in str(why)


def test_int8_on_the_cpu_runs_close_to_fp32() -> None:
    info = load_catalog().get("UpNet_x4")
    chart = cv2.imread(str(paths.resources_dir() / "sample.png"), cv2.IMREAD_COLOR)
    crop = np.ascontiguousarray(chart[100:148, 100:164])
    fp32 = Upscaler(info, UPNET_X4).upscale(crop)
    int8 = Upscaler(info, UPNET_X4, device="cpu", precision="int8")
    assert int8.precision == "int8"
    out = int8.upscale(crop)
    mse = float(np.mean((out.astype(float) - fp32) ** 2))
    assert 0 < mse < 255**2 / 10**2.5  # really quantised, yet within 25 dB of fp32 on a chart


def test_the_time_estimate_counts_the_recorded_speedup(monkeypatch: pytest.MonkeyPatch) -> None:
    from upscaler.core.estimate import estimate, recorded_speedup

    gains = {"int8/onnxruntime": 2.0, "int8/openvino": 2.0}  # int8 runs on either
    monkeypatch.setattr(measured, "SPEEDUP", {"UpNet_x4": gains})
    info = load_catalog().get("UpNet_x4")
    up = Upscaler(info, UPNET_X4, device="cpu", precision="int8")
    assert recorded_speedup(up) == 2.0
    assert recorded_speedup(Upscaler(info, UPNET_X4)) == 1.0
    slow, fast, encode = (estimate(640, 480, 3, info, speedup=s).seconds for s in (1, 2, 1e9))
    assert fast - encode == pytest.approx((slow - encode) / 2, rel=1e-3)  # network time halved


class StopsWhenAborted:
    """A runtime that can be stopped mid-run (as ONNX Runtime and OpenVINO can): its run waits
    for ``abort()`` and then raises Cancelled, as theirs do."""

    def __init__(self, inner: OrtBackend) -> None:
        self.inner, self.aborted, self.calls = inner, threading.Event(), 0
        self.running = threading.Event()
        self.path, self.input_channels = inner.path, inner.input_channels
        self.context = inner.context
        self.runtime = "onnxruntime"

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.calls += 1
        self.running.set()
        if self.aborted.wait(DEADLINE):
            raise Cancelled()
        return self.inner.run(blob)

    def abort(self) -> None:
        self.aborted.set()


def test_a_cancel_stops_a_device_run_and_is_no_device_failure(model: Path, info: ModelInfo) -> None:
    """A cancel reaches the device's runtime through the fallback wrapper, and the Cancelled its
    run raises must not be taken for a failing GPU and run again on the CPU."""
    stoppable = StopsWhenAborted(OrtBackend(model))
    fallbacks: list[int] = []

    def cpu() -> OrtBackend:
        fallbacks.append(1)
        return OrtBackend(model)

    up = Upscaler(info, backend=DeviceBackend(stoppable, "cuda", "fp32", fallback=cpu))
    cancel = threading.Event()
    # The cancel comes while the first tile runs (it waits for the abort, or DEADLINE).
    threading.Thread(target=lambda: stoppable.running.wait(DEADLINE) and cancel.set()).start()
    with pytest.raises(Cancelled):
        up.upscale(image(), tile=16, cancel=cancel)
    assert stoppable.aborted.is_set() and stoppable.calls == 1
    assert fallbacks == [] and up.device == "cuda"
