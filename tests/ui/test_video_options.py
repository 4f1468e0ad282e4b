"""Step 4's video options: the CLI's --codec, --crf and --frames in the window. Only codecs this
FFmpeg encodes are offered; the container follows the codec (the core's naming); the choice is
remembered; a picture never shows them; a resumed run keeps the codec it began with."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests import clips
from tests.ui.test_video_window import frame, open_clip, start_held_at_frame_60
from upscaler.core import video
from upscaler.core.catalog import load_catalog
from upscaler.core.video import encode
from upscaler.core.video.resume import resume_folder
from upscaler.ui.document import VideoOutput

CATALOG = load_catalog()
SAMPLE = Path(__file__).parents[2] / "resources" / "sample.png"


@pytest.fixture(autouse=True)
def fresh_codec_list():
    """The core caches which codecs this FFmpeg has; a test that pretends otherwise must not
    leave its answer behind."""
    encode.available_codecs.cache_clear()
    yield
    encode.available_codecs.cache_clear()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.picker.select(CATALOG.get("bicubic_x2"))
    return w


def codecs_listed(window) -> list[str]:
    box = window.output_step.codec_box
    return [box.itemData(i) for i in range(box.count())]


def choose(window, codec: str, crf: int | None = None) -> None:
    """As a user does: the codec from the box, then the quality typed in."""
    step = window.output_step
    step.codec_box.setCurrentIndex(step.codec_box.findData(codec))
    if crf is not None:
        step.crf_spin.setValue(crf)


def codec_of(path: Path) -> str:
    with av.open(str(path)) as container:  # the format's name, not its decoder's
        return container.streams.video[0].codec_context.codec.canonical_name


def frame_count(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0))


def test_only_the_codecs_this_ffmpeg_encodes_are_listed(qtbot, make_window, monkeypatch):
    real = encode.has_encoder
    missing = {"libx265", "libsvtav1", "libaom-av1"}
    monkeypatch.setattr(encode, "has_encoder", lambda name: name not in missing and real(name))
    window = make_window()
    assert codecs_listed(window) == ["h264", "vp9", "mpeg4", "ffv1"]
    texts = [window.output_step.codec_box.itemText(i) for i in range(4)]
    assert texts[0] == "H.264 - plays everywhere" and texts[3] == "FFV1 - lossless, large, .mkv"


def test_the_list_is_the_cores_own(qtbot, window):
    wanted = [c.name for c in video.CODECS.values() if encode.encoder_for(c) is not None]
    assert codecs_listed(window) == wanted
    assert codecs_listed(window)[0] == video.default_codec().name  # the default comes first


def test_a_picture_shows_no_video_options_and_a_clip_no_picture_format(qtbot, window, tmp_path):
    step = window.output_step
    window.open_paths([SAMPLE])
    assert step.format_box.isVisibleTo(window) and step.quality_spin.isVisibleTo(window)
    assert not step.codec_box.isVisibleTo(window) and not step.crf_spin.isVisibleTo(window)
    assert window.panel.titles[3].buddy() is step.format_box
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    assert step.codec_box.isVisibleTo(window) and step.crf_spin.isVisibleTo(window)
    assert step.whole_clip.isVisibleTo(window)
    assert not step.format_box.isVisibleTo(window) and not step.quality_spin.isVisibleTo(window)
    assert window.panel.titles[3].buddy() is step.codec_box  # Alt+4 goes to the codec
    assert step.video_name.text() == "Result file: c_x2_bicubic.mp4"
    window.open_paths([SAMPLE])
    assert not step.codec_box.isVisibleTo(window) and step.format_box.isVisibleTo(window)


def test_ffv1_is_written_lossless_into_matroska(qtbot, window, tmp_path):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    step = window.output_step
    choose(window, "ffv1")
    assert not step.crf_spin.isEnabled() and not step.crf_reset.isEnabled()
    assert step.crf_spin.text() == "lossless"
    assert window.document.output.video == VideoOutput("ffv1", None)
    assert step.video_name.text() == "Result file: c_x2_bicubic.mkv"  # the core's container
    assert "as FFV1, lossless" in window.panel.expected.text()
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    target = tmp_path / "c_x2_bicubic.mkv"
    assert target.is_file(), window.statusBar().currentMessage()
    assert not (tmp_path / "c_x2_bicubic.mp4").exists()
    assert codec_of(target) == "ffv1" and frame_count(target) == clip.frames
    choose(window, "h264")  # a lossy codec again: quality back, at its default
    assert step.crf_spin.isEnabled() and step.crf_spin.value() == 18


def test_hevc_at_a_chosen_quality(qtbot, window, tmp_path, monkeypatch):
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    step = window.output_step
    choose(window, "hevc")
    assert step.crf_spin.value() == 20 and (step.crf_spin.minimum(), step.crf_spin.maximum()) == (
        0,
        51,
    )
    assert not step.crf_reset.isEnabled()  # at the default already
    step.crf_spin.setFocus()
    QTest.keyClick(step.crf_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(step.crf_spin, "30")
    QTest.keyClick(step.crf_spin, Qt.Key.Key_Return)
    assert window.document.output.video == VideoOutput("hevc", 30)
    assert step.crf_reset.isEnabled()
    assert "as HEVC, CRF 30" in window.panel.expected.text()
    planned: list[video.VideoOptions] = []
    real = video.plan_video

    def plan_video(job, upscaler, options):
        planned.append(options)
        return real(job, upscaler, options)

    monkeypatch.setattr(video, "plan_video", plan_video)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    assert (planned[0].codec, planned[0].crf, planned[0].frames) == ("hevc", 30, None)
    target = tmp_path / "c_x2_bicubic.mp4"
    assert codec_of(target) == "hevc", window.statusBar().currentMessage()
    step.crf_reset.click()
    assert step.crf_spin.value() == 20 and window.document.output.video == VideoOutput("hevc", 20)


def test_the_choice_is_remembered_for_the_next_window(qtbot, make_window, tmp_path):
    first = make_window()
    choose(first, "vp9", 33)
    assert first.settings.video_codec == "vp9" and first.settings.video_crf == 33
    first.close()
    second = make_window()
    step = second.output_step
    assert step.codec_box.currentData() == "vp9" and step.crf_spin.value() == 33
    assert second.document.output.video == VideoOutput("vp9", 33)
    choose(second, "ffv1")
    third = make_window()
    assert third.output_step.codec_box.currentData() == "ffv1"
    assert third.document.output.video == VideoOutput("ffv1", None)


def test_a_range_of_frames_is_written_and_compared_frame_for_frame(qtbot, window, tmp_path):
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    step = window.output_step
    assert not step.first_spin.isEnabled()
    step.whole_clip.setChecked(False)
    step.first_spin.setValue(3)  # the slider's numbers: frames 3 to 8 are 2..7 from 0
    step.last_spin.setValue(8)
    assert window.document.video.frames == (2, 7)
    assert window.panel.expected.text().startswith("6 frames,")
    window.video_bar.slider.setValue(5)
    qtbot.waitUntil(lambda: window.document.video.frame == 5, timeout=10000)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    target = tmp_path / "c_x2_bicubic.mkv"
    assert frame_count(target) == 6
    # Frame 6 of the clip (5 from 0) is the result's fourth.
    qtbot.waitUntil(lambda: window.document.shown is not None, timeout=10000)
    assert np.array_equal(window.document.shown.pixels, frame(target, 3))
    window.video_bar.slider.setValue(0)  # not written: no result beside it
    qtbot.waitUntil(lambda: window.document.video.frame == 0, timeout=10000)
    assert window.document.shown is None
    # Another clip: the whole of it again.
    other = clips.make_clip(tmp_path / "d.mkv", audio=False, subtitles=False)
    open_clip(qtbot, window, other.path)
    assert step.whole_clip.isChecked() and window.document.video.frames is None


def interrupt(qtbot, window, monkeypatch) -> None:
    """Start the clip's run and cancel it once 60 of its frames are written."""
    start_held_at_frame_60(qtbot, window, monkeypatch)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.act.cancel.trigger()


@pytest.mark.parametrize("answer", [True, False])
def test_a_run_continued_keeps_the_codec_it_began_with(
    qtbot, window, tmp_path, dialogs, monkeypatch, answer
):
    pts = tuple(range(0, 4000, 40))  # 100 frames at 25 fps: segments of 50
    clip = clips.make_clip(tmp_path / "c.mp4", pts_ms=pts, audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    choose(window, "hevc", 30)
    interrupt(qtbot, window, monkeypatch)
    target = tmp_path / "c_x2_bicubic.mp4"
    assert resume_folder(target).is_dir() and not target.exists()
    choose(window, "h264")  # the same .mp4 name: the interrupted run is found
    dialogs.confirm_answers.append(answer)
    with qtbot.waitSignal(window.host.idle, timeout=60000):
        window.panel.upscale_button.click()
    question = dialogs.confirms[-1]
    assert "written as HEVC, CRF 30, the whole clip" in question
    assert "starts over as H.264, CRF 18, the whole clip" in question
    message = window.statusBar().currentMessage()
    assert "Written c_x2_bicubic.mp4: 100 frames" in message
    if answer:  # continued as it began
        assert codec_of(target) == "hevc"
        assert "50 frames came from the interrupted run" in message
    else:
        assert codec_of(target) == "h264"
        assert "interrupted run" not in message
    assert frame_count(target) == 100


def test_the_video_options_are_reached_with_the_keyboard(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_side_panel import focus_chain

    window.show()
    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    open_clip(qtbot, window, clip.path)
    step = window.output_step
    choose(window, "h264", 23)  # the Default button is live
    step.whole_clip.setChecked(False)  # and so are the frame boxes
    QApplication.processEvents()
    tabbable = [
        w
        for w in focus_chain(window)
        if w.isVisibleTo(window) and w.isEnabled() and w.focusPolicy().value & 1  # TabFocus
    ]
    wanted = [
        step.codec_box,
        step.crf_spin,
        step.crf_reset,
        step.whole_clip,
        step.first_spin,
        step.last_spin,
        step.choose_button,
    ]
    assert [w for w in tabbable if w in wanted] == wanted  # all there, in the order shown
    for widget in wanted[:-1]:
        assert widget.toolTip(), widget.objectName()
    # Alt+4 lands on the codec; a key changes it.
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: step.codec_box.hasFocus(), timeout=5000)
    QTest.keyClick(step.codec_box, Qt.Key.Key_Down)
    assert window.document.output.video.codec == codecs_listed(window)[1]
