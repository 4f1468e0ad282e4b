"""Videos in the window (issue 16): a clip opens (drop or Open) on its first frame with a frame
slider, the compare view works on the frame on screen (a trial of the model before the whole
clip), the clip plays, and Upscale writes the whole clip as the CLI does, with frame progress,
Cancel keeping the finished segments and the next run continuing from them."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from tests import clips
from upscaler.core import video
from upscaler.core.catalog import load_catalog
from upscaler.core.imageio import read_image
from upscaler.core.video import VideoReader
from upscaler.core.video.resume import resume_folder
from upscaler.ui.drop import classify_paths
from upscaler.ui.frames import Frame

CATALOG = load_catalog()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.picker.select(CATALOG.get("bicubic_x2"))
    return w


def open_clip(qtbot, window, path: Path) -> None:
    """Open as a drop or Open does, and wait: the clip is read off the GUI thread."""
    window.open_paths([path])
    assert window.video.opening == path
    qtbot.waitUntil(
        lambda: window.document.video is not None and window.document.video.path == path,
        timeout=20000,
    )


def frame(path: Path, number: int) -> np.ndarray:
    with VideoReader(path) as reader:
        return reader.read_frame(number)


def try_frame(qtbot, window, number: int) -> None:
    """Go to frame ``number`` and try the model on it (Upscale This Frame), to its end."""
    window.video_bar.slider.setValue(number)
    qtbot.waitUntil(lambda: window.document.video.frame == number, timeout=30000)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.video_bar.frame_button.click()


def start_held_at_frame_60(qtbot, window, monkeypatch) -> None:
    """Start the clip's run and hold it once 60 of its frames are written (the first 50, a
    segment, are kept) until the user cancels; a resumed run is not held."""
    real = video.run_video
    held = threading.Event()

    def run_video(plan, upscaler, *, progress=None, cancel=None, on_frame=None):
        def reported(done: int, total: int) -> None:
            progress(done, total)
            if done == 60 and not plan.options.resume:
                held.set()
                cancel.wait(30)

        return real(plan, upscaler, progress=reported, cancel=cancel, on_frame=on_frame)

    monkeypatch.setattr(video, "run_video", run_video)
    window.panel.upscale_button.click()
    qtbot.waitUntil(held.is_set, timeout=60000)


def test_a_dropped_video_is_a_video(tmp_path):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    incoming = classify_paths([clip.path, tmp_path])
    assert incoming.videos == [clip.path] and incoming.images == []


def test_opening_a_clip_shows_its_first_frame_and_the_slider(qtbot, window, tmp_path):
    clip = clips.make_clip(tmp_path / "c.mp4")
    open_clip(qtbot, window, clip.path)
    d = window.document
    assert d.video is not None and d.video.frame_count == clip.frames
    assert np.array_equal(d.image.pixels, frame(clip.path, 0))
    assert window.video_bar.isVisibleTo(window)
    assert window.video_bar.slider.maximum() == clip.frames - 1
    # Variable frame rate: each frame's own time and duration (playback waits for it).
    assert d.video.seconds_at(5) == pytest.approx(0.300)
    assert d.video.duration_of(2) == pytest.approx(0.070)
    assert "Frame 1 of 14" in window.video_bar.position.text()
    assert window.panel.upscale_button.text() == "Upscale the Video"
    assert "14 frames, 48 × 32 to 96 × 64 px" in window.panel.expected.text()
    assert window.windowTitle().startswith("c.mp4")
    window.video_bar.slider.setValue(5)
    qtbot.waitUntil(lambda: d.video.frame == 5 and d.image is not None, timeout=30000)
    assert np.array_equal(d.image.pixels, frame(clip.path, 5))
    assert "Frame 6 of 14" in window.video_bar.position.text()
    # An image replaces the clip, and the slider goes.
    window.open_paths([Path(__file__).parents[2] / "resources" / "sample.png"])
    assert d.video is None and not window.video_bar.isVisibleTo(window)


def test_a_rotated_clip_is_shown_upright(qtbot, window, tmp_path):
    clip = clips.make_clip(tmp_path / "r.mp4", rotation=90, audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    assert window.document.image.pixels.shape[:2] == (48, 32)  # 48x32 turned a quarter
    # The line above the button gives the sizes as shown, as step 1 and step 3 do.
    assert "14 frames, 32 × 48 to 64 × 96 px" in window.panel.expected.text()


def test_a_broken_video_says_so_and_changes_nothing(qtbot, window, tmp_path, dialogs):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"not a video at all" * 100)
    window.open_paths([bad])
    qtbot.waitUntil(lambda: bool(dialogs.errors), timeout=20000)
    assert window.document.video is None and window.document.image is None
    assert window.video.opening is None
    title, message = dialogs.errors[-1]
    assert title == "Cannot open video" and "broken.mp4" in message


def test_the_model_is_tried_on_the_frame_on_screen(qtbot, window, tmp_path, dialogs):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    try_frame(qtbot, window, 3)
    shown = window.document.shown
    assert shown is not None and shown.pixels.shape == (64, 96, 3)
    assert shown.frame_of == clip.path
    assert window.view.has_result()
    assert window.document.unsaved() == []  # a trial: closing does not ask about it
    assert not list(tmp_path.glob("c_x2*"))  # nothing written


def test_playback_shows_every_frame_and_stops_at_the_end(qtbot, window, tmp_path):
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    seen: list[int] = []
    window.frames.frameRead.connect(lambda f: seen.append(f.number))
    window.video_bar.play_button.click()
    assert window.video.playing
    qtbot.waitUntil(lambda: not window.video.playing, timeout=20000)
    # The window's slot and this one are separate queued events: on a busy machine the wait
    # above can return between them, before the last frame reaches this list.
    qtbot.waitUntil(lambda: len(seen) >= clip.frames - 1, timeout=30000)
    assert seen[: clip.frames - 1] == list(range(1, clip.frames))
    qtbot.waitUntil(lambda: window.document.video.frame == clip.frames - 1, timeout=30000)
    assert "Frame 14 of 14" in window.video_bar.position.text()
    assert np.array_equal(window.document.image.pixels, frame(clip.path, clip.frames - 1))


def test_the_whole_clip_is_written_as_the_cli_writes_it(qtbot, window, tmp_path):
    (tmp_path / "in").mkdir()
    clip = clips.make_clip(tmp_path / "in" / "c.mp4")
    window.set_output_folder(tmp_path / "out")
    open_clip(qtbot, window, clip.path)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
        assert window.document.busy and window.act.cancel.isEnabled()
    target = tmp_path / "out" / "c_x2_bicubic.mp4"
    assert target.is_file(), window.statusBar().currentMessage()
    assert "Written c_x2_bicubic.mp4: 14 frames" in window.statusBar().currentMessage()
    assert clips.video_pts_seconds(target) == clips.video_pts_seconds(clip.path)
    kinds = [kind for kind, _ in clips.stream_kinds(target)]
    assert kinds == ["video", "audio", "subtitle"]  # sound and subtitles kept
    with VideoReader(target) as reader:
        assert (reader.info.width, reader.info.height) == (96, 64)
    # The frame on screen now compares with the written clip's.
    qtbot.waitUntil(lambda: window.document.shown is not None, timeout=30000)
    assert window.document.shown.saved_to == target
    assert np.array_equal(window.document.shown.pixels, frame(target, 0))


def test_cancel_keeps_the_finished_parts_and_the_next_run_continues(
    qtbot, window, tmp_path, dialogs, monkeypatch
):
    pts = tuple(range(0, 4000, 40))  # 100 frames at 25 fps: segments of 50
    clip = clips.make_clip(tmp_path / "c.mp4", pts_ms=pts, audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    start_held_at_frame_60(qtbot, window, monkeypatch)
    qtbot.waitUntil(lambda: window.status.progress.value() >= 60, timeout=30000)
    assert "60/100 frames" in window.status.progress.text()
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.cancel.trigger()
    target = tmp_path / "c_x2_bicubic.mp4"
    assert not target.exists()
    assert "upscale the video again to continue" in window.statusBar().currentMessage()
    assert resume_folder(target).is_dir()
    dialogs.confirm_answers.append(True)  # continue
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    assert "about 50 frames done" in dialogs.confirms[-1]
    message = window.statusBar().currentMessage()
    assert "Written c_x2_bicubic.mp4: 100 frames" in message
    assert "50 frames came from the interrupted run" in message
    assert clips.video_pts_seconds(target) == clips.video_pts_seconds(clip.path)
    assert not resume_folder(target).exists()


def test_continuing_after_the_tile_size_changed_uses_the_runs_tile(
    qtbot, window, tmp_path, dialogs, monkeypatch
):
    # Step 3's tile size changed after Cancel: "Continue it?" Yes failed with "belongs to another
    # run (tile differ); run without --resume to start over", a CLI option, and no way on.
    pts = tuple(range(0, 4000, 40))  # 100 frames: segments of 50
    clip = clips.make_clip(tmp_path / "c.mp4", pts_ms=pts, audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    window.set_tile_size(32)
    start_held_at_frame_60(qtbot, window, monkeypatch)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.cancel.trigger()
    window.set_tile_size(16)
    dialogs.confirm_answers.append(True)  # continue
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    assert dialogs.errors == []
    assert "50 frames came from the interrupted run" in window.statusBar().currentMessage()
    assert (tmp_path / "c_x2_bicubic.mp4").is_file()
    assert window.tile_size() == 16  # step 3 keeps the user's choice for what comes next


def test_continuing_the_run_of_a_changed_clip_says_how_to_start_over(
    qtbot, window, tmp_path, dialogs, monkeypatch
):
    # The clip changed after Cancel (another file of that name): Continue fails, and the message
    # told a window user to "run without --resume".
    pts = tuple(range(0, 4000, 40))
    clip = clips.make_clip(tmp_path / "c.mp4", pts_ms=pts, audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    start_held_at_frame_60(qtbot, window, monkeypatch)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.cancel.trigger()
    os.utime(clip.path, ns=(10**18, 10**18))
    dialogs.confirm_answers.append(True)  # continue
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    title, message = dialogs.errors[-1]
    assert "belongs to another run" in message and "--resume" not in message
    assert message.endswith("Upscale the video again and answer No to start over.")


def test_a_taken_name_is_numbered_when_step_4_says_so(qtbot, window, tmp_path):
    from dataclasses import replace

    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    (tmp_path / "c_x2_bicubic.mkv").write_bytes(b"someone's file")
    window.document.set_output(replace(window.document.output, exists="rename"))
    open_clip(qtbot, window, clip.path)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    assert (tmp_path / "c_x2_bicubic.mkv").read_bytes() == b"someone's file"
    assert (tmp_path / "c (2)_x2_bicubic.mkv").is_file()


def test_a_frame_tried_can_be_saved_as_a_picture(qtbot, window, tmp_path, dialogs):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    try_frame(qtbot, window, 2)
    dialogs.save_answers.append(tmp_path / "chosen.png")
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.save.trigger()  # asks where: a frame has no image file to be named after
    assert dialogs.saved_suggestions == [tmp_path / "c 00003_x2_bicubic.png"]
    saved = read_image(tmp_path / "chosen.png").pixels
    assert np.array_equal(saved, window.document.shown.pixels)


def test_a_taken_name_is_refused_with_the_cores_message_when_step_4_skips(
    qtbot, window, tmp_path, dialogs
):
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    taken = tmp_path / "c_x2_bicubic.mkv"
    taken.write_bytes(b"someone's file")
    open_clip(qtbot, window, clip.path)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    title, message = dialogs.errors[-1]
    assert title == "Upscaling failed" and "c_x2_bicubic.mkv" in message
    # "Upscaling c.mkv with ... into c_x2_bicubic.mkv (H.264, CRF 18)..." used to stay.
    assert window.statusBar().currentMessage() == "c_x2_bicubic.mkv was not written."
    assert taken.read_bytes() == b"someone's file"
    assert not window.document.busy and window.panel.upscale_button.isEnabled()


def test_no_starts_the_interrupted_run_over(qtbot, window, tmp_path, dialogs, monkeypatch):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    target = tmp_path / "c_x2_bicubic.mp4"
    asked: list[bool] = []
    real = video.plan_video

    def plan_video(job, upscaler, options):
        asked.append(options.resume)
        return real(job, upscaler, options)

    monkeypatch.setattr(video, "plan_video", plan_video)
    monkeypatch.setattr(
        "upscaler.ui.video_commands.saved_progress", lambda path: 8 if path == target else None
    )
    dialogs.confirm_answers.append(False)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    assert "about 8 frames done" in dialogs.confirms[-1]
    assert asked == [False] and target.is_file()


def test_cancel_on_the_continue_question_starts_nothing(
    qtbot, window, tmp_path, dialogs, monkeypatch
):
    # Escape or Cancel on "Continue it? (No starts over.)" used to answer No: the finished
    # parts were thrown away and the whole clip started again.
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    target = tmp_path / "c_x2_bicubic.mp4"
    planned: list[bool] = []
    monkeypatch.setattr(video, "plan_video", lambda job, up, options: planned.append(True))
    monkeypatch.setattr(
        "upscaler.ui.video_commands.saved_progress", lambda path: 8 if path == target else None
    )
    dialogs.confirm_answers.append(None)  # Cancel
    window.panel.upscale_button.click()
    qtbot.wait(200)
    assert "about 8 frames done" in dialogs.confirms[-1]
    assert planned == [] and not window.document.busy and not target.exists()
    assert window.panel.upscale_button.isEnabled()


def test_a_clip_opens_by_drop_and_by_open(qtbot, window, tmp_path, dialogs):
    from PySide6.QtCore import QUrl

    from tests.ui.test_main_window import drop

    first = clips.make_clip(tmp_path / "a.mkv", audio=False, subtitles=False)
    second = clips.make_clip(tmp_path / "b.mp4", audio=False, subtitles=False)
    drop(window, [QUrl.fromLocalFile(str(first.path))])
    qtbot.waitUntil(lambda: window.document.video is not None, timeout=20000)
    assert window.document.video.path == first.path
    dialogs.open_answers.append([second.path])
    window.act.open.trigger()
    qtbot.waitUntil(lambda: window.document.video.path == second.path, timeout=20000)
    assert window.settings.recent_files[:2] == [second.path.resolve(), first.path.resolve()]


def test_playback_ignores_the_answer_to_an_older_request(qtbot, window, tmp_path):
    """A frame read for a slider move just before Play must not show up as a played one."""
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    window.video_bar.slider.setValue(5)
    stale = window.video._wanted  # the slider's request, not answered yet
    window.video_bar.play_button.click()
    assert window.video.playing and window.video._wanted != stale
    before = window.video._play_frame
    window.video._on_frame(Frame(clip.path, 5, frame(clip.path, 5), token=stale))  # late
    assert window.video._play_frame == before
    window.video_bar.play_button.click()
    qtbot.waitUntil(lambda: not window.video.playing, timeout=10000)
