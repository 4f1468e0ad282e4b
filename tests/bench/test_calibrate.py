"""`bench estimate`: the measured case and its ratios (no timing is asserted: a benchmark)."""

from __future__ import annotations

import pytest

from upscaler.bench.calibrate import measure_case, run_case
from upscaler.bench.estimate_cmd import format_row, summary
from upscaler.cli.main import main
from upscaler.core.paths import project_models_dir


def test_a_case_measures_the_run_the_estimate_describes() -> None:
    case = measure_case("bicubic_x2", None, 96)
    assert case.tiles == 1 and case.runtime == "-"
    assert case.padded_pixels >= 96 * 96
    assert case.network_s > 0 and case.write_s > 0 and case.peak_bytes >= 0
    assert case.estimated_s > 0 and case.estimated_bytes > 0
    assert case.time_ratio == pytest.approx(case.estimated_s / case.measured_s)
    assert "bicubic_x2 96 px" in format_row(case)
    assert summary([case]).startswith("1 runs: time ratio")


@pytest.mark.slow
def test_a_network_case_runs_in_a_fresh_process_and_the_cli_prints_speeds(capsys) -> None:
    case = run_case("UpNet_x2", project_models_dir() / "UpNet_x2.onnx", 64)
    assert case.runtime in ("onnxruntime", "opencv")
    assert case.peak_bytes > 0  # the child's own peak: the run allocated the output at least
    assert main(["bench", "estimate", "--models", "bicubic_x3", "--sides", "48", "--speeds"]) == 0
    printed = capsys.readouterr().out
    assert "bicubic_x3 48 px" in printed and '"bicubic_x3": ' in printed


def test_each_phase_has_its_own_peak_and_cpu_time() -> None:
    """The constants come from these: the run's peak holds the output image, the writer's is
    measured from where the run left off, and the case survives the JSON round trip."""
    from upscaler.bench.calibrate import Case, reset_peak

    case = measure_case("bicubic_x4", None, 256, "BMP", content="noise")
    assert (case.out_pixels, case.out_bytes) == (1024 * 1024, 1024 * 1024 * 3)
    assert case.network_cpu_s > 0 and case.write_cpu_s >= 0 and case.content == "noise"
    if reset_peak():  # Linux: the phases' peaks are their own
        assert case.run_peak >= 0.9 * case.out_bytes
        assert case.peak_bytes >= case.run_peak
    assert case.largest_tile == 256 * 256  # one tile; a baseline reads no context beyond the edge
    assert Case.from_json(case.to_json()) == case
