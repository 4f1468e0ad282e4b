"""How `bench precision` turns measurements into the recorded decision (no timing here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from upscaler.bench.precision import Row, decisions, write_table


def row(precision: str, runtime: str, seconds: float, accepted: bool, pays: bool) -> Row:
    return Row("M_x2", precision, runtime, seconds, 1.0, 30.0, 0.0, accepted, pays)


def test_accepted_paying_precisions_fastest_first_then_fp32() -> None:
    rows = [
        row("fp32", "onnxruntime", 1.0, True, False),
        row("int8", "openvino", 0.2, False, True),  # fastest, but loses too much
        row("int8", "onnxruntime", 0.5, True, True),
        row("bf16", "openvino", 0.3, True, True),
        row("fp16", "openvino", 0.95, True, False),  # within the limit, does not pay
    ]
    assert decisions(rows) == (("bf16", "openvino"), ("int8", "onnxruntime"), ("fp32", ""))


def test_only_reduced_precisions_that_beat_the_family_runtime_by_the_margin() -> None:
    rows = [
        row("fp32", "opencv", 1.0, True, False),  # the family's runtime (EDSR's)
        row("fp32", "openvino", 0.5, True, True),  # fp32 elsewhere: noise, not a choice
        row("int8", "onnxruntime", 0.8, True, True),  # 1.25x: within the noise
        row("bf16", "openvino", 0.7, True, True),
    ]
    assert decisions(rows, "opencv") == (("bf16", "openvino"), ("fp32", ""))


def test_one_runtime_per_precision_the_fastest() -> None:
    rows = [row("fp32", "onnxruntime", 1.0, True, False)]
    rows += [row("int8", "onnxruntime", 0.5, True, True), row("int8", "openvino", 0.4, True, True)]
    assert decisions(rows) == (("int8", "openvino"), ("fp32", ""))


def test_nothing_pays_means_fp32() -> None:
    rows = [row("fp32", "onnxruntime", 1.0, True, False), row("bf16", "openvino", 0.9, True, True)]
    assert decisions(rows) == (("fp32", ""),)


def test_the_written_table_is_a_module_with_the_decisions(tmp_path: Path) -> None:
    path = tmp_path / "measured.py"
    rows = [row("fp32", "onnxruntime", 1.0, True, False), row("bf16", "openvino", 0.3, True, True)]
    write_table(path, {"M_x2": rows}, "a test machine")
    spec = importlib.util.spec_from_file_location("measured_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.AUTO["M_x2"] == (("bf16", "openvino"), ("fp32", ""))
    assert module.EVIDENCE["M_x2"] == ("bf16/openvino 1.00x +0.000 dB",)
