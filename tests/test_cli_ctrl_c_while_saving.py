"""Ctrl+C while the result is being saved: stop promptly and write nothing, or (when it comes
after the file is in place) report the file as written; never both.

Found by a user: Ctrl+C during a 14 s PNG encoding was ignored until the encoder ended, then the
complete file was written *and* exit 130 reported, so a retry without --overwrite failed.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests import images
from tests.ctrl_c import press_ctrl_c
from upscaler.cli import upscale_cmd
from upscaler.cli.main import main
from upscaler.core import pipeline
from upscaler.core.imageio import png_stream

pytestmark = pytest.mark.usefixtures("ctrl_c_raises")


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _save(path: Path, size: int = 120, seed: int = 0) -> Path:
    return images.save(path, images.noise(size, size, seed=seed))


def _cancel_of(monkeypatch: pytest.MonkeyPatch) -> list[threading.Event]:
    """The cancel events the command hands to its jobs."""
    events: list[threading.Event] = []
    real = pipeline.run_job

    def run_job(*args, **kwargs):
        events.append(kwargs["cancel"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run_job", run_job)
    return events


def test_ctrl_c_while_encoding_stops_at_once_and_writes_nothing(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _save(tmp_path / "a.png")
    monkeypatch.setattr(png_stream, "BAND_BYTES", 240 * 3 * 8)  # 30 bands for 240 rows
    cancels = _cancel_of(monkeypatch)
    bands: list[int] = []
    real_update = upscale_cmd.SaveProgress.__call__

    def saving(self, done: int, total: int) -> None:  # runs in the worker thread
        real_update(self, done, total)
        bands.append(done)
        if len(bands) == 1:
            press_ctrl_c(cancels[0])  # in the middle of the encoding

    monkeypatch.setattr(upscale_cmd.SaveProgress, "__call__", saving)
    code = main(["upscale", str(source), "--model", "bicubic_x2", "--png-compression", "9"])
    captured = capsys.readouterr()
    assert code == 130
    assert bands == [8]  # stopped at the next band, not at the end of the encoder
    assert captured.err == (
        f"{upscale_cmd.STOPPING_AFTER_TILE}\n{source}: cancelled; nothing was written\n"
        "upscaler-cli: interrupted\n"
    )
    assert captured.out == ""
    assert _files(tmp_path) == ["a.png"]  # no result, no temporary file


def test_ctrl_c_after_the_file_is_in_place_reports_it_as_written(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _save(tmp_path / "a.png"), _save(tmp_path / "b.png", seed=1)
    cancels = _cancel_of(monkeypatch)
    real_write = pipeline.write_image

    def write_image(*args, **kwargs):
        warnings = real_write(*args, **kwargs)
        if len(cancels) == 1:
            press_ctrl_c(cancels[0])  # too late: the first file has just been renamed in place
        return warnings

    monkeypatch.setattr(pipeline, "write_image", write_image)
    code = main(["upscale", str(first), str(second), "--model", "bicubic_x2"])
    captured = capsys.readouterr()
    assert code == 130  # the batch was interrupted: the second file never started
    assert captured.out.startswith(f"[1/2] {first} -> {tmp_path / 'a_x2_bicubic.png'} (")
    assert "cancelled" not in captured.err
    assert captured.err == f"{upscale_cmd.STOPPING_AFTER_TILE}\nupscaler-cli: interrupted\n"
    assert _files(tmp_path) == ["a.png", "a_x2_bicubic.png", "b.png"]

    # The same on the last (here: only) file: written, reported, exit 0; no "interrupted".
    cancels.clear()
    code = main(["upscale", str(second), "--model", "bicubic_x2"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.startswith(f"{second} -> {tmp_path / 'b_x2_bicubic.png'} (")
    assert captured.err == f"{upscale_cmd.STOPPING_AFTER_TILE}\n"  # the key was heard; no more
    assert "b_x2_bicubic.png" in _files(tmp_path)
