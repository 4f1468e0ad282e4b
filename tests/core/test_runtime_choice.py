"""Runtime selection (auto / forced / fallback), its cache, the throughput fit and Auto tiles.

Timings are injected (a fake clock, fixed measurements): no test depends on how fast this machine
is."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from upscaler.core import ort_backend, runtime_choice, tf_to_onnx
from upscaler.core.backends import OpenCVBackend, load_backend
from upscaler.core.catalog import ModelInfo
from upscaler.core.edsr_graph import build_edsr_onnx
from upscaler.core.engine import MIN_AUTO_TILE, Upscaler
from upscaler.core.errors import ModelError
from upscaler.core.ort_backend import OrtBackend
from upscaler.core.runtime_choice import Throughput, measure, open_backend
from upscaler.core.tf_to_onnx import UnsupportedGraph
from upscaler.core.tile_size import MEASURED_FLOOR, STEP, auto_tile_side, efficiency

pytest.importorskip("onnxruntime")


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "tiny_x2.onnx"
    path.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2))
    return path


@pytest.fixture(autouse=True)
def _fresh_measurements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_choice, "_MEASURED", {})
    monkeypatch.delenv(runtime_choice.RUNTIME_ENV, raising=False)


@pytest.fixture
def fixed_speeds(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Replace measuring with fixed per-pixel costs per runtime; records the calls."""
    speeds = {"onnxruntime": 1e-6, "opencv": 2e-6, "calls": 0}

    def fake_measure(backend, runtime, channels, margin, clock=None) -> Throughput:
        speeds["calls"] += 1
        return linear(runtime, 1e-3, speeds[runtime])

    monkeypatch.setattr(runtime_choice, "measure", fake_measure)
    return speeds


@pytest.mark.parametrize(
    ("ort_cost", "expected"), [(1e-6, OrtBackend), (3e-6, OpenCVBackend), (2e-6, OpenCVBackend)]
)
def test_auto_keeps_the_faster_runtime(
    model: Path, fixed_speeds: dict, ort_cost: float, expected: type
) -> None:
    fixed_speeds["onnxruntime"] = ort_cost  # a tie goes to OpenCV (MARGIN)
    backend = open_backend(model)
    assert type(backend) is expected
    assert backend.throughput.runtime == ("onnxruntime" if expected is OrtBackend else "opencv")
    assert fixed_speeds["calls"] == 2


def test_the_choice_is_remembered_across_processes(model: Path, fixed_speeds: dict) -> None:
    assert isinstance(open_backend(model), OrtBackend)
    fixed_speeds["onnxruntime"] = 9.0  # would now lose, but the model was already measured
    runtime_choice._MEASURED.clear()  # as in a new process: only the cache file remains
    again = open_backend(model)
    assert isinstance(again, OrtBackend)
    assert again.throughput == linear("onnxruntime", 1e-3, 1e-6)
    assert fixed_speeds["calls"] == 2
    model.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2, seed=5))  # new content
    assert isinstance(open_backend(model), OpenCVBackend)
    assert fixed_speeds["calls"] == 4


def test_a_loaded_model_s_speed_is_known_without_loading_it(
    model: Path, fixed_speeds: dict
) -> None:
    assert runtime_choice.known_throughput(model) is None  # never loaded on this machine
    assert runtime_choice.known_throughput(model.with_name("missing.onnx")) is None
    measured = open_backend(model).throughput
    assert runtime_choice.known_throughput(model) == measured
    runtime_choice._MEASURED.clear()  # a new process: the cache file answers
    assert runtime_choice.known_throughput(model) == measured
    assert runtime_choice.known_throughput(model, runtime="opencv") is None  # another key
    model.write_bytes(build_edsr_onnx(blocks=1, channels=8, scale=2, seed=5))
    assert runtime_choice.known_throughput(model) is None  # new content, not measured yet


def test_a_throughput_covers_only_its_measured_sides() -> None:
    speed = Throughput("opencv", ((32, 1e-3), (100, 1e-2)))
    assert speed.covers(100) and speed.covers(40)
    assert not speed.covers(101)


def test_a_model_that_does_not_convert_runs_in_opencv(
    shared_models_dir: Path, fixed_speeds: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path):
        raise UnsupportedGraph("cannot convert node 'x' (Foo): operator not supported", path)

    monkeypatch.setattr(tf_to_onnx, "convert_file", refuse)
    pb = shared_models_dir / "ESPCN_x2.pb"
    backend = load_backend(pb, ("NCHW_output",), "auto")
    assert isinstance(backend, OpenCVBackend)
    assert backend.throughput.runtime == "opencv"
    with pytest.raises(ModelError, match="operator not supported"):
        load_backend(pb, ("NCHW_output",), "onnxruntime")


def test_without_onnxruntime_auto_is_opencv(
    model: Path, fixed_speeds: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ort_backend, "_ort", None)
    assert isinstance(open_backend(model), OpenCVBackend)
    assert fixed_speeds["calls"] == 1


@pytest.mark.parametrize(
    ("env", "expected"), [("opencv", OpenCVBackend), ("onnxruntime", OrtBackend)]
)
def test_the_environment_forces_a_runtime(
    model: Path, fixed_speeds: dict, monkeypatch: pytest.MonkeyPatch, env: str, expected: type
) -> None:
    fixed_speeds["onnxruntime"] = 1e-6 if expected is OpenCVBackend else 1.0  # the loser
    monkeypatch.setenv(runtime_choice.RUNTIME_ENV, env)
    assert type(open_backend(model)) is expected
    assert fixed_speeds["calls"] == 1
    assert type(load_backend(model, (), "opencv")) is OpenCVBackend  # explicit beats the variable


def test_an_unknown_runtime_in_the_environment_is_refused(
    model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(runtime_choice.RUNTIME_ENV, "gpu")
    with pytest.raises(ModelError, match="unknown inference runtime 'gpu'"):
        open_backend(model)


def linear(runtime: str, overhead: float, per_pixel: float) -> Throughput:
    """A measurement of a network whose calls cost ``overhead + per_pixel * pixels``."""
    sides = range(32, 1200, 8)
    return Throughput(runtime, tuple((s, overhead + per_pixel * s * s) for s in sides))


class _Clocked:
    """A backend whose runs take exactly ``overhead + per_pixel * pixels`` on a fake clock."""

    input_channels, context, path = 1, 0, Path("fake")

    def __init__(self, overhead: float, per_pixel: float) -> None:
        self.now, self.overhead, self.per_pixel, self.sides = 0.0, overhead, per_pixel, []

    def clock(self) -> float:
        return self.now

    def run(self, blob: np.ndarray) -> np.ndarray:
        self.sides.append(blob.shape[2])
        self.now += self.overhead + self.per_pixel * blob.shape[2] * blob.shape[3]
        return blob


def test_measure_probes_padded_tiles_within_the_time_budget() -> None:
    fake = _Clocked(overhead=0.004, per_pixel=2e-6)
    result = measure(fake, "opencv", 1, 8, fake.clock)
    assert result.runtime == "opencv"
    # Tiny probe, then cores 64, 128, 256 with 8 px of margin; core 512 (528 px padded) is
    # predicted at 0.57 s from the 272 px run, over the 0.3 s budget.
    sides = [32, 80, 144, 272]
    assert [side for side, _ in result.points] == sides
    for side, seconds in result.points:
        assert seconds == pytest.approx(0.004 + 2e-6 * side * side, rel=1e-9)
    # A warm-up, three runs of each quick size (< 50 ms), two of a slower new shape.
    assert fake.sides == [32, 32, 32, 32, 80, 80, 80, 144, 144, 144, 272, 272]


def test_measure_stops_at_the_tiny_probe_on_a_slow_model() -> None:
    fake = _Clocked(overhead=0.0, per_pixel=1e-3)  # one 32x32 run takes 1 s
    result = measure(fake, "onnxruntime", 1, 68, fake.clock)
    assert (result.points, fake.sides) == (((32, pytest.approx(1.024)),), [32, 32])


def test_auto_tile_is_the_smallest_side_within_tolerance_of_the_best() -> None:
    cost = linear("opencv", 0.01, 1e-7)
    side = auto_tile_side(cost, 8, 64, 1024, tolerance=0.05, per_tile_s=0.0, floor=0)
    best = efficiency(cost, 1024, 8)  # with a constant per-pixel cost, bigger is always faster
    assert efficiency(cost, side, 8) >= 0.95 * best
    assert efficiency(cost, side - STEP, 8) < 0.95 * best
    assert 64 < side < 1024 and (side - 64) % STEP == 0
    # More fixed cost per call (or more context) needs bigger tiles to amortise it.
    assert auto_tile_side(linear("opencv", 0.05, 1e-7), 8, 64, 1024, floor=0, per_tile_s=0) > side
    assert auto_tile_side(linear("opencv", 0.01, 1e-7), 40, 64, 1024, floor=0, per_tile_s=0) > side
    # The engine's own per-tile work (not in the network probe) also favours bigger tiles.
    assert auto_tile_side(cost, 8, 64, 1024, floor=0, per_tile_s=0.01) > side
    assert auto_tile_side(None, 8, 64, 1024) == 1024
    assert auto_tile_side(cost, 8, 64, 96, floor=0) <= 96


def test_auto_tile_keeps_to_the_measured_floor() -> None:
    tiny_is_best = Throughput("opencv", ((32, 32 * 32 * 1e-7), (600, 600 * 600 * 9e-7)))
    assert auto_tile_side(tiny_is_best, 4, 64, 512, per_tile_s=0.0, floor=0) == 64
    assert auto_tile_side(tiny_is_best, 4, 64, 512, per_tile_s=0.0) == MEASURED_FLOOR == 128


def test_auto_tile_stops_where_tiles_outgrow_the_caches() -> None:
    # Per-pixel cost falls until 272 px (overhead amortised), then triples by 528 px.
    cost = Throughput("opencv", ((32, 32 * 32 * 5e-6), (144, 144**2 * 1e-6),
                                 (272, 272**2 * 1e-6), (528, 528**2 * 3e-6)))  # fmt: skip
    side = auto_tile_side(cost, margin=8, smallest=64, largest=512, per_tile_s=0.0, floor=0)
    rates = {s: efficiency(cost, s, 8) for s in range(64, 513, STEP)}
    best = max(rates.values())
    assert max(rates, key=rates.get) == 256  # the 272 px padded tile
    assert rates[side] >= 0.95 * best > rates[side - STEP]
    assert side <= 256 < 512


def test_the_engine_sizes_auto_tiles_from_the_backend_throughput(model: Path) -> None:
    backend = OpenCVBackend(model)
    info = ModelInfo(id="tiny_x2", name="EDSR", family="edsr", scale=2, filename=model.name)
    plain = Upscaler(info, backend=backend)
    largest = plain.auto_tile()  # no measurement: the largest side the budget allows
    backend.throughput = linear("opencv", 0.002, 1e-7)
    measured = Upscaler(info, backend=backend)
    expected = auto_tile_side(backend.throughput, measured.margin, MIN_AUTO_TILE, largest)
    assert measured.auto_tile() == expected < largest
