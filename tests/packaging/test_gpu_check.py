"""The prepared GPU check runs end to end without a GPU (the CPU provider stands in for CUDA),
so the session that gets a GPU for a few minutes runs a script that is known to work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import gpu_check  # noqa: E402


def test_dry_run_compares_and_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "gpu.md"
    code = gpu_check.main(["--dry-run", "--runs", "1", "--size", "32x24", "--output", str(report)])
    assert code == 0
    text = report.read_text(encoding="utf-8")
    assert "DRY RUN" in text and "| UpNet_x4 | CPUExecutionProvider | 0 (pass" in text


def test_without_cuda_the_check_fails_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code = gpu_check.main(["--runs", "1", "--size", "32x24"])
    captured = capsys.readouterr()
    assert code == 1
    assert "| UpNet_x4 | CUDAExecutionProvider | failed:" in captured.out
    assert "no CUDAExecutionProvider" in captured.err


def test_a_missing_model_is_a_failed_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = f"DAT-light_x3={tmp_path / 'absent.onnx'}:unit"
    assert gpu_check.main(["--dry-run", "--runs", "1", "--model", spec]) == 1
    assert "| DAT-light_x3 | CPUExecutionProvider | missing:" in capsys.readouterr().out
