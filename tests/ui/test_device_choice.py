"""The window's device and precision choice (Model > Run On / Precision) and what it shows about
where a result ran: remembered, passed to the worker, and a mid-run fallback to the CPU is told."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from upscaler.core.catalog import ModelInfo
from upscaler.core.convert.edsr_graph import build_edsr_onnx
from upscaler.core.devices.detect import Device
from upscaler.core.devices.fallback import DeviceBackend
from upscaler.core.engine import Upscaler
from upscaler.core.runtime.ort import OrtBackend
from upscaler.ui import worker as worker_module
from upscaler.ui.document import Result
from upscaler.ui.jobs import UpscaleJob
from upscaler.ui.result_bar import where_text
from upscaler.ui.worker import Engine, WorkerHost

pytest.importorskip("onnxruntime")

GPU = Device("cuda", "gpu", "onnxruntime", "NVIDIA Test GPU (onnxruntime)", ("fp32",), "CUDA")


def test_the_menus_offer_automatic_cpu_and_each_precision(make_window) -> None:
    window = make_window()
    assert window.devices.device_names == ["auto", "cpu"]
    precisions = [a.data() for a in window.devices.precision_menu.actions()]
    assert precisions == ["auto", "fp32", "bf16", "fp16", "int8"]
    checked = [a.data() for a in window.devices.device_menu.actions() if a.isChecked()]
    assert checked == ["auto"]  # the settings' default
    assert window.devices.device_menu.menuAction() in window.act.model_menu.actions()


def test_a_choice_is_remembered_and_reaches_the_worker(make_window, settings) -> None:
    window = make_window()
    cpu = next(a for a in window.devices.device_menu.actions() if a.data() == "cpu")
    cpu.trigger()
    bf16 = next(a for a in window.devices.precision_menu.actions() if a.data() == "bf16")
    bf16.trigger()
    assert (settings.device, settings.precision) == ("cpu", "bf16")
    assert (window.host.worker.device, window.host.worker.precision) == ("cpu", "bf16")
    again = make_window()  # a new window starts with the remembered choice
    assert (again.host.worker.device, again.host.worker.precision) == ("cpu", "bf16")


def test_found_gpus_are_listed_and_an_absent_remembered_one_stays_chosen(
    make_window, settings
) -> None:
    settings.device = "directml"  # chosen on another day, not present now
    window = make_window()
    window.devices._on_found([GPU])  # what the detection thread delivers
    assert window.devices.device_names == ["auto", "cpu", "cuda", "directml"]
    texts = {a.data(): a.text() for a in window.devices.device_menu.actions()}
    assert texts["cuda"] == GPU.label
    assert "directml" in texts["directml"] and "CPU" in texts["directml"]
    checked = [a.data() for a in window.devices.device_menu.actions() if a.isChecked()]
    assert checked == ["directml"]


def test_a_result_says_what_ran_it() -> None:
    info = ModelInfo(id="m_x2", name="m", family="edsr", scale=2, filename="m.onnx")
    pixels = np.zeros((2, 2, 3), np.uint8)
    assert where_text(Result(pixels, info, "onnxruntime")) == "ONNX Runtime on the CPU"
    on_gpu = Result(pixels, info, "onnxruntime", device="cuda", precision="fp16")
    assert where_text(on_gpu) == "ONNX Runtime on CUDA, fp16"
    assert where_text(Result(pixels, info, None)) == "interpolation"


class BrokenDevice:
    """A device backend that loads but fails on its first run (a driver crash, say)."""

    runtime = "onnxruntime"

    def __init__(self, inner: OrtBackend) -> None:
        self.path, self.input_channels, self.context = inner.path, inner.input_channels, 2

    def run(self, blob: np.ndarray) -> np.ndarray:
        raise RuntimeError("CUDA error: an illegal memory access was encountered")


def test_a_fallback_during_a_job_is_reported_with_the_cpu(qtbot, tmp_path: Path, monkeypatch):
    model = tmp_path / "tiny_x2.onnx"
    model.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    info = ModelInfo(id="tiny_x2", name="tiny", family="edsr", scale=2, filename=model.name)

    def on_gpu(info: ModelInfo, path: Path, **_: object) -> Upscaler:
        cpu = OrtBackend(path)
        wrapped = DeviceBackend(BrokenDevice(cpu), "cuda", "fp32", fallback=lambda: cpu)
        return Upscaler(info, backend=wrapped)

    monkeypatch.setattr(worker_module, "Upscaler", on_gpu)
    host = WorkerHost()
    heard: list[Engine] = []
    host.modelLoaded.connect(heard.append)
    try:
        image = np.random.default_rng(1).integers(0, 256, (24, 24, 3), dtype=np.uint8)
        handle = host.submit(UpscaleJob(image=image, info=info, model_path=model))
        with qtbot.waitSignal(handle.finished, timeout=30000) as done:
            pass
        assert done.args[0].shape == (48, 48, 3)
        qtbot.waitUntil(lambda: len(heard) == 2, timeout=30000)
        assert [(e.device, e.precision) for e in heard] == [("cuda", "fp32"), ("cpu", "fp32")]
    finally:
        host.shutdown()
