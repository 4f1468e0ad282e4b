"""`upscaler-cli devices` and `upscale --device/--precision`."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.cli import devices_cmd
from upscaler.cli.main import main
from upscaler.core.devices.detect import Device, cpu_device

FAKE_GPU = Device("cuda", "gpu", "onnxruntime", "Fake GPU", ("fp32",), "CUDAExecutionProvider")


def test_devices_prints_a_line_per_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_cmd, "detect_devices", lambda: [cpu_device(), FAKE_GPU])
    out = io.StringIO()
    assert devices_cmd.run(argparse.Namespace(no_check=True), out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("cpu ") and "fp32" in lines[0]
    assert lines[1].startswith("cuda ") and "Fake GPU" in lines[1]
    assert "--device auto uses: cuda" in lines[2]


def test_devices_self_check_runs_on_the_cpu(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["devices"]) == 0
    cpu_line = capsys.readouterr().out.splitlines()[0]
    assert cpu_line.startswith("cpu ") and "fp32: ok" in cpu_line


def test_a_failing_device_self_check_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices_cmd, "detect_devices", lambda: [cpu_device(), FAKE_GPU])
    out = io.StringIO()
    devices_cmd.run(argparse.Namespace(no_check=False), out)
    gpu_line = out.getvalue().splitlines()[1]
    # onnxruntime here has no CUDA provider: the check fails with the reason, on one line
    assert gpu_line.startswith("cuda ") and "fp32: failed (" in gpu_line


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "in.png"
    rng = np.random.default_rng(0)
    cv2.imwrite(str(path), cv2.resize(rng.integers(0, 255, (8, 8, 3), np.uint8), (40, 32)))
    return path


def test_an_absent_device_warns_and_the_cpu_does_the_work(
    photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["upscale", str(photo), "--model", "UpNet", "--scale", "2", "--device", "cuda"])
    captured = capsys.readouterr()
    assert code == 0
    assert "warning: the device cuda is not available on this machine" in captured.err
    assert ", cpu " in captured.out and (photo.parent / "in_x2_upnet.png").is_file()


def test_precision_fp32_on_the_cpu_is_the_reference_path(
    photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["upscale", str(photo), "--scale", "2", "--model", "UpNet"]
    assert main([*args, "--device", "cpu", "--precision", "fp32"]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err and ", cpu fp32 (onnxruntime))" in captured.out


def test_an_unknown_device_is_refused_before_any_work(
    photo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["upscale", str(photo), "--scale", "2", "--device", "gpu0"]) == 1
    assert "unknown device 'gpu0'" in capsys.readouterr().err
    assert not list(photo.parent.glob("in_x2*"))
