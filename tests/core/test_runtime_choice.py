"""Runtime selection (family preference / forced / fallback) and Auto tiles: fixed rules.

Nothing here is timed: the same model on the same machine always gets the same runtime and the
same tiles, however busy the machine is."""

from __future__ import annotations

from pathlib import Path

import pytest

from upscaler.core.catalog import ModelInfo
from upscaler.core.convert import tf_to_onnx
from upscaler.core.convert.edsr_graph import build_edsr_onnx
from upscaler.core.convert.tf_to_onnx import UnsupportedGraph
from upscaler.core.engine import Upscaler, auto_tile_for
from upscaler.core.errors import ModelError
from upscaler.core.families import family_for, registered
from upscaler.core.runtime import choice as runtime_choice
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.runtime.base import OPENCV_FIRST, ORT_FIRST
from upscaler.core.runtime.choice import candidates, open_backend
from upscaler.core.runtime.opencv import OpenCVBackend
from upscaler.core.runtime.ort import OrtBackend
from upscaler.core.tile_size import MIN_AUTO_TILE, auto_tile_side

pytest.importorskip("onnxruntime")


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_x2.onnx"
    path.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    return path


@pytest.fixture(autouse=True)
def _no_runtime_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(runtime_choice.RUNTIME_ENV, raising=False)


@pytest.mark.parametrize(
    ("preference", "expected"), [(ORT_FIRST, OrtBackend), (OPENCV_FIRST, OpenCVBackend)]
)
def test_auto_opens_the_family_s_first_runtime(
    model: Path, preference: tuple[str, ...], expected: type
) -> None:
    backend = open_backend(model, (), "auto", preference)
    assert type(backend) is expected
    assert backend.runtime == ("onnxruntime" if expected is OrtBackend else "opencv")


def test_the_choice_is_the_same_every_time(model: Path) -> None:
    runtimes = {open_backend(model, (), "auto", ORT_FIRST).runtime for _ in range(3)}
    assert runtimes == {"onnxruntime"}


def test_every_family_states_known_runtimes() -> None:
    for family in registered().values():
        assert set(family.runtimes) <= {"onnxruntime", "opencv"}, family
        assert (family.channels is None) == (family.runtimes == ()), family
    assert family_for(ModelInfo("EDSR_x2", "EDSR", "edsr", 2)).runtimes == OPENCV_FIRST
    assert family_for(ModelInfo("UpNet_x2", "UpNet", "upnet", 2)).runtimes == ORT_FIRST


def test_a_model_that_does_not_convert_runs_in_opencv(
    shared_models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path):
        raise UnsupportedGraph("cannot convert node 'x' (Foo): operator not supported", path)

    monkeypatch.setattr(tf_to_onnx, "convert_file", refuse)  # imported where it is used
    pb = shared_models_dir / "ESPCN_x2.pb"
    backend = open_backend(pb, ("NCHW_output",), "auto", ORT_FIRST)
    assert isinstance(backend, OpenCVBackend)
    with pytest.raises(ModelError, match="operator not supported"):
        open_backend(pb, ("NCHW_output",), "onnxruntime")


def test_without_onnxruntime_auto_is_opencv(model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ort_backend, "_ort", None)
    assert candidates("auto", ORT_FIRST) == ("opencv",)
    assert isinstance(open_backend(model, (), "auto", ORT_FIRST), OpenCVBackend)
    with pytest.raises(ModelError, match="onnxruntime is not available"):
        open_backend(model, (), "onnxruntime")


def test_opencv_is_always_a_candidate() -> None:
    assert candidates("auto", ("onnxruntime",))[-1] == "opencv"


@pytest.mark.parametrize(
    ("env", "expected"), [("opencv", OpenCVBackend), ("onnxruntime", OrtBackend)]
)
def test_the_environment_forces_a_runtime(
    model: Path, monkeypatch: pytest.MonkeyPatch, env: str, expected: type
) -> None:
    monkeypatch.setenv(runtime_choice.RUNTIME_ENV, env)
    preference = OPENCV_FIRST if expected is OrtBackend else ORT_FIRST  # the other one
    assert type(open_backend(model, (), "auto", preference)) is expected
    assert type(open_backend(model, (), "opencv")) is OpenCVBackend  # explicit beats the variable


def test_an_unknown_runtime_in_the_environment_is_refused(
    model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(runtime_choice.RUNTIME_ENV, "gpu")
    with pytest.raises(ModelError, match="unknown inference runtime 'gpu'"):
        open_backend(model)


def test_auto_tile_is_the_largest_that_fits_the_budget() -> None:
    # 1 MB at 64 bytes per pixel: a 128 px padded tile; 8 px of margin each side leaves 112.
    assert auto_tile_side(1024**2, 64, 8, 512) == 112
    assert auto_tile_side(1024**3, 64, 8, 512) == 512  # the family's limit
    assert auto_tile_side(1024, 64, 8, 512) == MIN_AUTO_TILE  # never below the floor


def test_the_engine_and_the_estimate_share_the_auto_tile_rule(model: Path) -> None:
    info = ModelInfo(id="tiny_x2", name="EDSR", family="edsr", scale=2, filename=model.name)
    for budget in (64 * 1024**2, 512 * 1024**2, 4 * 1024**3):
        engine = Upscaler(info, model, memory_budget=budget)
        expected = auto_tile_for(family_for(info), 2, engine.margin, budget)
        assert engine.auto_tile() == expected
        assert engine.auto_tile() == Upscaler(info, model, memory_budget=budget).auto_tile()


def test_without_opencv_auto_offers_onnxruntime_alone(monkeypatch) -> None:
    monkeypatch.setattr(runtime_choice, "opencv_available", lambda: False)
    assert candidates("auto", OPENCV_FIRST) == ("onnxruntime",)
    assert candidates("auto", ORT_FIRST) == ("onnxruntime",)


def test_with_no_runtime_at_all_the_message_says_so(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(runtime_choice, "opencv_available", lambda: False)
    monkeypatch.setattr(ort_backend, "available", lambda: False)
    with pytest.raises(ModelError, match="no inference runtime is installed"):
        open_backend(tmp_path / "model.onnx")


def test_opencv_is_found_without_being_imported() -> None:
    import subprocess
    import sys

    probe = "import sys; from upscaler.core.runtime.choice import opencv_available as a; "
    probe += "print(a(), 'cv2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == ["True", "False"], done.stderr
