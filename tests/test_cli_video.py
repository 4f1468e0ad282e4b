"""`upscaler-cli upscale clip.mp4`: the video side of the upscale command."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from tests import clips, images
from tests.ctrl_c import press_ctrl_c
from upscaler.cli import upscale_cmd, video_cmd
from upscaler.cli.main import main
from upscaler.core.pipeline import model_slug
from upscaler.core.store import ModelStore
from upscaler.core.video import probe_video
from upscaler.core.video.resume import resume_folder


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main(["upscale", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_one_frame_clip_says_one_frame(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "one.mkv", pts_ms=[0], audio=False, subtitles=False)
    code, out, err = _run(capsys, clip.path, "--scale", "2", "--model", "bicubic", "--dry-run")
    assert code == 0, err
    assert ", 1 frame (" in out + err and "1 frames" not in out + err
    code, out, err = _run(capsys, clip.path, "--scale", "2", "--model", "bicubic")
    assert code == 0, err
    assert ", 1 frame, " in out and "1 frames" not in out


def test_upscales_a_clip_beside_it(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "clip.mp4")
    code, out, err = _run(capsys, clip.path, "--scale", "2", "--model", "bicubic")
    assert code == 0, err
    target = tmp_path / "clip_x2_bicubic.mp4"
    assert out.startswith(f"{clip.path} -> {target} (48x32 -> 96x64, 14 frames, ")
    assert " fps, " in out
    assert _names(tmp_path) == ["clip.mp4", "clip_x2_bicubic.mp4"]
    assert len(clips.video_pts_seconds(target)) == clip.frames
    assert "frames 14/14 (100%)" in err  # the log's progress lines: frames, fps


def test_default_model_and_upnet(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "clip.mkv", audio=False, subtitles=False)
    code, out, err = _run(capsys, clip.path, "--scale", "2", "--frames", "0-2")
    assert code == 0, err
    default = ModelStore().default_model(2)
    assert default.builtin and default.needs_file  # a built-in network (UpNet2 since issue 11)
    target = tmp_path / f"clip_x2_{model_slug(default)}.mkv"
    assert len(clips.video_pts_seconds(target)) == 3


def test_output_options_codec_crf_and_frames(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "clip.avi", audio=False, subtitles=False)
    code, _, err = _run(
        capsys,
        clip.path,
        "--model",
        "bicubic",
        "--scale",
        "2",
        "--output-dir",
        tmp_path / "big",
        "--codec",
        "vp9",
        "--crf",
        "30",
        "--frames",
        "2-5",
    )
    assert code == 0, err
    target = tmp_path / "big" / "clip_x2_bicubic.mkv"  # AVI is not written: Matroska
    assert probe_video(target).codec == "vp9"
    assert len(clips.video_pts_seconds(target)) == 4
    code, _, err = _run(
        capsys, clip.path, "--model", "bicubic", "-o", tmp_path / "o.mp4", "--crf", "99"
    )
    assert code == 1 and "h264 takes --crf 0-51; got 99" in err
    assert not (tmp_path / "o.mp4").exists()


def test_dry_run_shows_the_estimate_and_writes_nothing(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "clip.mkv")
    code, out, _ = _run(
        capsys,
        clip.path,
        "--model",
        "bicubic",
        "--scale",
        "2",
        "--dry-run",
        "-o",
        tmp_path / "o.mp4",
    )
    assert code == 0
    assert "48x32 -> 96x64, 14 frames" in out and "of memory" in out and "on disk" in out
    assert "note: subtitle stream 2 (srt) is rewritten as mov_text" in out
    assert out.endswith("dry run: nothing was written\n")
    assert _names(tmp_path) == ["clip.mkv"]


def test_existing_output_and_input_are_protected(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "clip.mp4")
    target = tmp_path / "clip_x2_bicubic.mp4"
    target.write_bytes(b"old")
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2")
    assert code == 1 and "already exists" in err and "--overwrite" in err
    assert target.read_bytes() == b"old"
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "-o", clip.path, "--overwrite")
    assert code == 1 and "replace the input" in err
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2", "--overwrite")
    assert code == 0 and target.read_bytes() != b"old"


def test_no_room_on_the_disk_names_the_options_that_help(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from upscaler.core.video import estimate

    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    monkeypatch.setattr(estimate, "free_space", lambda folder: 10_000)
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2")
    assert code == 1 and "only 10.0 kB is free" in err
    assert "write it to another folder, or choose a higher CRF (--output-dir, --crf)\n" in err


def test_resume_of_another_run_names_the_option_to_start_over(tmp_path: Path, capsys) -> None:
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    target = tmp_path / "c_x2_bicubic.mp4"
    folder = resume_folder(target)
    folder.mkdir()
    (folder / "run.json").write_text("{}")  # unreadable progress
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2", "--resume")
    assert code == 1 and "run without --resume to start over" in err


def test_a_rotated_clip_is_described_by_its_size_as_shown(tmp_path: Path, capsys) -> None:
    # A phone's portrait clip is stored 48x32 and turned a quarter when played: its sizes are
    # given as the player (and the window) show it, 32x48, not as stored.
    clip = clips.make_clip(tmp_path / "phone.mp4", rotation=90, audio=False, subtitles=False)
    code, out, _ = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2", "--dry-run")
    assert code == 0 and ": 32x48 -> 64x96, 14 frames" in out
    code, out, _ = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2")
    assert code == 0 and "(32x48 -> 64x96, 14 frames" in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("not a video\n" * 30), "is not a video FFmpeg can read"),
        (lambda p: None, "no such file"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, capsys, make, message: str) -> None:
    source = tmp_path / "bad.mp4"
    make(source)
    code, out, err = _run(capsys, source, "--model", "bicubic", "--scale", "2")
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith(f"error: {source}: ") and message in err
    assert not (tmp_path / "bad_x2_bicubic.mp4").exists()


def test_videos_and_images_are_not_mixed_and_image_flags_are_refused(
    tmp_path: Path, capsys
) -> None:
    clip = clips.make_clip(tmp_path / "clip.mp4")
    picture = images.save(tmp_path / "a.png", images.noise(8, 8))
    # Command-line mistakes, answered as argparse answers its own: usage, one line, exit 2.
    code, _, err = _run(capsys, clip.path, picture, "--model", "bicubic")
    assert code == 2 and "separate commands" in err.splitlines()[-1]
    code, _, err = _run(capsys, clip.path, "--model", "bicubic", "--quality", "80")
    assert code == 2 and "--quality only apply to images" in err.splitlines()[-1]
    code, _, err = _run(capsys, picture, "--model", "bicubic", "--crf", "20")
    assert code == 2 and "are for videos" in err.splitlines()[-1]
    assert err.startswith("usage: upscaler-cli upscale ")
    with pytest.raises(SystemExit) as exit_code:
        main(["upscale", str(clip.path), "--frames", "9-3"])
    assert exit_code.value.code == 2 and "frame range" in capsys.readouterr().err


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_keeps_segments_and_resume_finishes(tmp_path: Path, capsys, monkeypatch) -> None:
    """25 fps: segments of 50 frames; Ctrl+C at frame 52 keeps the first segment.

    The encoding thread presses Ctrl+C once frame 52 is written and waits until the command has
    asked the run to stop, so no later frame (and no later segment) can be written first, however
    slowly the main thread is scheduled.
    """
    clip = clips.make_clip(tmp_path / "clip.mkv", pts_ms=range(0, 40 * 60, 40))
    args = [clip.path, "--model", "bicubic", "--scale", "2"]
    real = video_cmd.VideoProgress.update
    real_run_in_worker = upscale_cmd.run_in_worker
    cancels: list[threading.Event] = []
    seen: list[int] = []

    def run_in_worker(job_fn, cancel: threading.Event, *args):
        cancels.append(cancel)
        return real_run_in_worker(job_fn, cancel, *args)

    def update(self, done: int, total: int) -> None:  # runs in the encoding thread
        real(self, done, total)
        seen.append(done)
        if done == 52:
            press_ctrl_c(cancels[0])

    monkeypatch.setattr(upscale_cmd, "run_in_worker", run_in_worker)
    monkeypatch.setattr(video_cmd.VideoProgress, "update", update)
    code, out, err = _run(capsys, *args)
    assert code == 130 and out == ""
    assert err.index(upscale_cmd.STOPPING_AFTER_TILE) < err.index("stopped; nothing was written")
    assert "The 50 frames finished are kept: run the same command with --resume" in err
    target = tmp_path / "clip_x2_bicubic.mkv"
    assert not target.exists() and resume_folder(target).is_dir()
    assert seen == [0, *range(1, 53)]  # nothing after the keypress
    monkeypatch.setattr(video_cmd.VideoProgress, "update", real)
    code, out, err = _run(capsys, *args, "--resume")
    assert code == 0, err
    assert "60 frames, 50 resumed" in out
    np.testing.assert_allclose(clips.video_pts_seconds(target), np.arange(60) * 0.04, atol=0.0011)
    assert _names(tmp_path) == ["clip.mkv", "clip_x2_bicubic.mkv"]


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_before_the_first_segment_promises_no_resume(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Ctrl+C at frame 10 of a first 50-frame segment: nothing was finished, so the message must
    not send the user to --resume (which would start from the beginning)."""
    clip = clips.make_clip(tmp_path / "clip.mkv", pts_ms=range(0, 40 * 60, 40))
    real = video_cmd.VideoProgress.update
    real_run_in_worker = upscale_cmd.run_in_worker
    cancels: list[threading.Event] = []

    def run_in_worker(job_fn, cancel: threading.Event, *args):
        cancels.append(cancel)
        return real_run_in_worker(job_fn, cancel, *args)

    def update(self, done: int, total: int) -> None:  # runs in the encoding thread
        real(self, done, total)
        if done == 10:
            press_ctrl_c(cancels[0])

    monkeypatch.setattr(upscale_cmd, "run_in_worker", run_in_worker)
    monkeypatch.setattr(video_cmd.VideoProgress, "update", update)
    code, out, err = _run(capsys, clip.path, "--model", "bicubic", "--scale", "2")
    assert code == 130 and out == ""
    assert "stopped before the first segment was finished; nothing was written" in err
    assert "--resume" not in err and "kept" not in err


def test_progress_line_has_frames_fps_and_time_left(monkeypatch) -> None:
    # A clock of the test's own: "ten seconds in" must not become 10.2 s on a busy machine
    # (2.45 fps, 0:31 left).
    now = [1000.0]
    monkeypatch.setattr(video_cmd, "time", SimpleNamespace(monotonic=lambda: now[0]))
    stream = io.StringIO()
    progress = video_cmd.VideoProgress(stream, "clip.mp4", interactive=False)
    now[0] += 10  # ten seconds in
    progress._first = 0
    assert progress.line(25, 100) == "clip.mp4: frames 25/100 (25%), 2.5 fps, 0:30 left"
    for done in range(1, 101):
        progress.update(done, 100)
    assert len(stream.getvalue().splitlines()) == 10  # a line per 10% in a log


def test_ctrl_c_after_the_clip_was_written_says_it_was_written(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """A Ctrl+C that lands once the file is complete stops the command (exit 130), but the
    message must not claim that nothing was written."""
    clip = clips.make_clip(tmp_path / "clip.mkv", audio=False, subtitles=False)
    real = upscale_cmd.run_in_worker

    def late_ctrl_c(work, cancel, *args):  # the job finished, then the key was pressed
        outcome = real(work, cancel, *args)
        outcome.interrupted = True
        return outcome

    monkeypatch.setattr(upscale_cmd, "run_in_worker", late_ctrl_c)
    code, out, err = _run(capsys, clip.path, "--scale", "2", "--model", "bicubic")
    target = tmp_path / "clip_x2_bicubic.mkv"
    assert code == 130
    assert out.startswith(f"{clip.path} -> {target} ")
    assert "nothing was written" not in err
    assert len(clips.video_pts_seconds(target)) == clip.frames
