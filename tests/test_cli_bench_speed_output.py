"""``bench speed`` prints what it measured and says why where it measured nothing.

Found by a user: six empty sections with no explanation, raw onnxruntime warnings, an fp16 error
cut off mid-sentence, and the runtime called both "Ort" and "onnxruntime".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests import tiny_models
from upscaler.bench import explore as speed_explore
from upscaler.bench import speed as speedbench
from upscaler.bench import speed_cmd as bench_speed_cmd
from upscaler.cli.main import main
from upscaler.core.paths import project_models_dir
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.runtime.opencv import OpenCVBackend

needs_ort = pytest.mark.skipif(not ort_backend.available(), reason="onnxruntime not installed")


def test_a_section_without_its_models_says_why_instead_of_an_empty_table() -> None:
    table = speedbench.Table("Preview", ["model", "ms"], needs=("ESPCN_x3", "FSRCNN_x3"))
    text = bench_speed_cmd._markdown(table)
    assert text == (
        "### Preview\n\n_Not measured: this section measures ESPCN_x3, FSRCNN_x3, and none of "
        "them is installed or chosen with --models. Point --models-dir at a folder that has "
        "them, or download them (`upscaler-cli models download ESPCN_x3`)._\n"
    )
    table.rows.append(["ESPCN_x3", "12"])
    assert "| ESPCN_x3 | 12 |" in bench_speed_cmd._markdown(table)


@needs_ort
def test_bench_speed_with_only_the_built_in_models_prints_no_empty_table(capsys) -> None:
    code = main(["bench", "speed", "--sections", "preview", "tiles", "--models", "UpNet_x3"])
    captured = capsys.readouterr()
    assert code == 0
    sections = captured.out.split("\n### ")[1:]
    assert len(sections) == 2
    for section in sections:
        assert "Not measured: this section measures ESPCN_x3" in section
        assert "|---" not in section  # no header of an empty table
    assert captured.err.splitlines() == [  # the sections' order, not the command line's
        "... Tile size: fixed sides against Auto (1024x768 input, auto runtime)",
        "... Preview: a 256x256 region of a 1920x1080 image, model loaded",
    ]


def test_a_failure_reason_is_whole_and_on_one_line() -> None:
    err = RuntimeError(
        "[ONNXRuntimeError] : 1 : FAIL : Type Error: Type parameter (T) of Optype (Mul) bound to "
        "different types (tensor(float16) and tensor(float) in node\n(/body/blocks/blocks.0/Mul)."
    )
    assert speed_explore.failure_reason(err) == (
        "Type Error: Type parameter (T) of Optype (Mul) bound to different types "
        "(tensor(float16) and tensor(float) in node (/body/blocks/blocks.0/Mul)."
    )


@needs_ort
def test_upnet_runs_in_fp16_constants_included() -> None:
    """UpNet's residual scale is a Constant node: left in fp32 it made the fp16 graph fail."""
    data = (project_models_dir() / "UpNet_x3.onnx").read_bytes()
    session = speed_explore._session(speed_explore.to_float16(data))
    name = session.get_inputs()[0].name
    out = session.run(None, {name: np.zeros((1, 3, 8, 8), np.float16)})[0]
    assert out.shape == (1, 3, 24, 24) and out.dtype == np.float16


@needs_ort
def test_both_runtimes_have_one_name_each(tmp_path: Path) -> None:
    path = tiny_models.random_edsr(2).save(tmp_path / "m.onnx")
    assert speedbench.runtime_name(ort_backend.OrtBackend(path)) == "onnxruntime"
    assert speedbench.runtime_name(OpenCVBackend(path)) == "opencv"
    assert set(speedbench.RUNTIMES) == {"onnxruntime", "opencv"}


QUANTISE = """
import logging, sys
from pathlib import Path
import numpy as np
from tests import tiny_models
from upscaler.bench import explore as speed_explore
data = tiny_models.random_edsr(2, features=4, blocks=1).save(Path(sys.argv[1])).read_bytes()
blobs = [np.random.default_rng(i).random((1, 3, 12, 12), dtype=np.float32) for i in range(2)]
session = speed_explore._session(speed_explore.quantize_int8(data, "input", blobs))
assert session.get_inputs()[0].name == "input"
assert logging.getLogger().handlers == [], "a handler was left to print later warnings"
logging.warning("printed only if logging was left disabled: no")
"""


@needs_ort
def test_int8_quantisation_prints_nothing_and_leaves_logging_alone(tmp_path: Path) -> None:
    """In a fresh interpreter: pytest's own log capture would hide what a user sees."""
    pytest.importorskip("onnxruntime.quantization")
    done = subprocess.run(
        [sys.executable, "-c", QUANTISE, str(tmp_path / "m.onnx")],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == "WARNING:root:printed only if logging was left disabled: no\n"


def test_bench_speed_without_onnxruntime_says_so(monkeypatch, capsys) -> None:
    monkeypatch.setattr(ort_backend, "_ort", None)
    assert main(["bench", "speed", "--sections", "preview"]) == 1
    assert capsys.readouterr().err == (
        "upscaler-cli: error: bench speed compares OpenCV DNN with onnxruntime, which is not "
        "installed here (pip install onnxruntime)\n"
    )
