"""Video: probing, frame access, the bounded pipeline, stream keeping, resume and bad input.

Every clip is made by the test (tests/clips.py): tiny, with sound, subtitles, variable frame
rate, rotation and pixel aspect where the test needs them. Frames go through bicubic (instant) so
the tests check the video plumbing; the engine itself is tested elsewhere.
"""

from __future__ import annotations

import errno
import threading
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from tests import clips, images
from upscaler.core import estimate as estimate_mod
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ResourceError
from upscaler.core.pipeline import OutputExistsError, SameAsInputError
from upscaler.core.video import (
    DiskFullError,
    ResumeError,
    VideoJob,
    VideoOptions,
    VideoReader,
    VideoReadError,
    parse_frames,
    plan_video,
    preview_frame,
    probe_video,
    run_video,
)
from upscaler.core.video import encode as encode_mod
from upscaler.core.video import estimate as video_estimate_mod
from upscaler.core.video import job as job_mod
from upscaler.core.video.resume import resume_folder

BICUBIC2 = load_catalog().get("bicubic", 2)
BICUBIC3 = load_catalog().get("bicubic", 3)


@pytest.fixture(scope="module")
def engine() -> Upscaler:
    return Upscaler(BICUBIC2)


def _run(source: Path, target: Path, engine: Upscaler, **options) -> object:
    options.setdefault("segment_frames", 4)
    plan = plan_video(VideoJob(source, target), engine, VideoOptions(**options))
    return run_video(plan, engine)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _packets(path: Path) -> list[tuple[float, bool]]:
    """Every picture packet's time and keyframe flag, in presentation order."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        found = [
            (float(p.pts * stream.time_base), bool(p.is_keyframe))
            for p in container.demux(stream)
            if p.size
        ]
    return sorted(found)


# -- probing and reading ----------------------------------------------------------------------


def test_probe_reports_size_rotation_aspect_colour_and_streams(tmp_path: Path) -> None:
    clip = clips.make_clip(
        tmp_path / "c.mp4",
        width=49,
        height=33,
        rotation=90,
        sar=Fraction(4, 3),
        color=(1, 1, 1, 1),
    )
    info = probe_video(clip.path)
    assert (info.width, info.height) == (49, 33)
    assert info.display_size == (33, 49)
    assert info.rotation == 90
    assert info.sample_aspect_ratio == Fraction(4, 3)
    assert (info.color_range, info.color_primaries, info.color_trc, info.colorspace) == (1, 1, 1, 1)
    assert info.frame_count == clip.frames
    assert [(s.kind, s.codec) for s in info.others] == [("audio", "aac"), ("subtitle", "mov_text")]


def test_index_has_every_variable_rate_timestamp(tmp_path: Path) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    with VideoReader(clip.path) as reader:
        index = reader.index
        assert reader.frame_count == clip.frames
    assert [round(index.seconds(n) * 1000) for n in range(len(index))] == list(clip.pts_ms)
    assert index.keyframes[0] == 0


@pytest.mark.parametrize("ext", [".mp4", ".avi"])  # AVI: B-frames without presentation times
def test_read_frame_n_equals_the_nth_decoded_frame_in_any_order(tmp_path: Path, ext) -> None:
    clip = clips.make_clip(tmp_path / f"c{ext}", options={"g": "4"}, audio=False, subtitles=False)
    every = clips.decoded_frames(clip.path)
    with VideoReader(clip.path) as reader:
        for number in (5, 6, 7, 13, 2, 0, 9, 9, 3):
            np.testing.assert_array_equal(reader.read_frame(number), every[number])
        with pytest.raises(IndexError):
            reader.read_frame(clip.frames)


def test_preview_frame_is_what_the_run_writes_before_encoding(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    original, upscaled = preview_frame(clip.path, 6, engine, tile=16)
    np.testing.assert_array_equal(original, clips.decoded_frames(clip.path)[6])
    seen: dict[int, np.ndarray] = {}
    plan = plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine, VideoOptions(tile=16))
    run_video(plan, engine, on_frame=lambda n, px: seen.setdefault(n, px))
    np.testing.assert_array_equal(seen[6], upscaled)


# -- the whole run ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source_ext", "target_ext"),
    [(".mp4", ".mp4"), (".mkv", ".mkv"), (".mp4", ".mkv"), (".mkv", ".mp4")],
)
def test_run_keeps_timing_rotation_aspect_colour_sound_and_subtitles(
    tmp_path: Path, engine, source_ext: str, target_ext: str
) -> None:
    clip = clips.make_clip(
        tmp_path / f"c{source_ext}",
        width=49,
        height=33,
        rotation=-90,
        sar=Fraction(8, 9),
        color=(1, 1, 1, 1),
    )
    target = tmp_path / f"out{target_ext}"
    result = _run(clip.path, target, engine)
    assert _names(tmp_path) == sorted([clip.path.name, target.name])  # no parts left
    info = probe_video(target)
    assert (info.width, info.height) == (98, 66)
    assert info.rotation == -90
    assert info.sample_aspect_ratio == Fraction(8, 9)
    assert (info.color_range, info.color_primaries, info.color_trc, info.colorspace) == (1, 1, 1, 1)
    times = clips.video_pts_seconds(target)
    assert len(times) == clip.frames == result.frames
    np.testing.assert_allclose(times, np.array(clip.pts_ms) / 1000, atol=0.0011)
    kinds = [k for k, _ in clips.stream_kinds(target)]
    assert kinds == ["video", "audio", "subtitle"]
    assert clips.stream_kinds(target)[1] == ("audio", "aac")  # copied, not re-encoded
    assert [w for _, w in clips.subtitle_words(target)] == ["hello", "world"]
    assert [round(t, 2) for t, _ in clips.subtitle_words(target)] == [0.0, 0.25]
    rewritten = source_ext != target_ext
    assert any("subtitle" in n for n in result.notes) == rewritten


def test_frames_are_the_engine_output_within_codec_error(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False, pix_fmt="yuv444p")
    target = tmp_path / "o.mkv"
    _run(clip.path, target, engine, crf=0)  # lossless 4:4:4 H.264: only YUV<->BGR rounding
    sources = clips.decoded_frames(clip.path)
    written = clips.decoded_frames(target)
    assert len(written) == len(sources)
    for source, out in zip(sources, written, strict=True):
        expected = engine.upscale(source).astype(np.int16)
        assert np.abs(out.astype(np.int16) - expected).mean() < 1.0


def test_every_frame_uses_one_tile_grid(tmp_path: Path, monkeypatch) -> None:
    engine = Upscaler(BICUBIC2)
    clip = clips.make_clip(tmp_path / "c.mkv", width=60, height=40)
    tiles: list[int | None] = []
    real = engine.upscale

    def spy(pixels, **kw):
        tiles.append(kw.get("tile"))
        return real(pixels, **kw)

    monkeypatch.setattr(engine, "upscale", spy)
    plan = plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine, VideoOptions())
    run_video(plan, engine)
    assert len(tiles) == clip.frames and set(tiles) == {plan.tile} and plan.tile is not None


def test_odd_output_size_is_exact_and_said(tmp_path: Path) -> None:
    engine = Upscaler(BICUBIC3)
    clip = clips.make_clip(  # MPEG-4 part 2 makes odd-sized 4:2:0, which x264 cannot
        tmp_path / "c.mp4", width=49, height=33, audio=False, subtitles=False, encoder="mpeg4"
    )
    result = _run(clip.path, tmp_path / "o.mp4", engine)
    info = probe_video(tmp_path / "o.mp4")
    assert (info.width, info.height) == (147, 99)
    assert info.pix_fmt == "yuv444p"
    assert any("odd size" in n for n in result.notes)


def test_frame_range_makes_a_trial_clip_starting_at_zero(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    result = _run(clip.path, target, engine, frames=parse_frames("5-9"))
    times = clips.video_pts_seconds(target)
    expected = (np.array(clip.pts_ms[5:10]) - clip.pts_ms[5]) / 1000
    np.testing.assert_allclose(times, expected, atol=0.0011)
    assert result.frames == 5
    sources = clips.decoded_frames(clip.path)
    first = clips.decoded_frames(target)[0].astype(np.int16)
    errors = [np.abs(first - engine.upscale(sources[n])).mean() for n in (4, 5, 6)]
    assert errors[1] < 6 and errors[1] < min(errors[0], errors[2]) / 2
    assert clips.subtitle_words(target) == []  # both start before frame 5 (0.30 s)
    with av.open(str(target)) as out:
        audio = [
            float(p.pts * out.streams.audio[0].time_base) for p in out.demux(audio=0) if p.size
        ]
    assert audio and min(audio) >= -0.001 and max(audio) < expected[-1] + 0.05


@pytest.mark.parametrize("spec", ["3-1", "a-b", "x", "1-2-3", "-5-", ""])
def test_bad_frame_ranges_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="frame range"):
        parse_frames(spec)


def test_parse_frames_forms() -> None:
    assert parse_frames("4") == (4, 4)
    assert parse_frames("2-") == (2, None)
    assert parse_frames("-7") == (0, 7)
    assert parse_frames(" 3 - 5 ") == (3, 5)


def test_frame_range_past_the_end_is_refused(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    with pytest.raises(Exception, match="14 frames"):
        plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine, VideoOptions(frames=(20, 30)))


@pytest.mark.parametrize("codec", ["hevc", "vp9", "av1", "ffv1", "mpeg4"])
def test_other_codecs(tmp_path: Path, engine, codec: str) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", subtitles=False)
    target = tmp_path / "o.mkv"
    _run(clip.path, target, engine, codec=codec)
    with av.open(str(target)) as written:  # the format's name, not the decoder's (libdav1d)
        assert written.streams.video[0].codec_context.codec.canonical_name == codec
    np.testing.assert_allclose(
        clips.video_pts_seconds(target), np.array(clip.pts_ms) / 1000, atol=0.0011
    )


def test_sound_the_container_cannot_hold_is_reencoded_losslessly_and_said(
    tmp_path: Path, engine
) -> None:
    source = tmp_path / "c.mkv"
    clip = clips.make_clip(source, subtitles=False, audio=False)
    # Add an 8-bit PCM track: Matroska holds it, MP4 does not.
    with av.open(str(clip.path)) as src, av.open(str(tmp_path / "pcm.mkv"), "w") as out:
        video = out.add_stream_from_template(src.streams.video[0])
        sound = out.add_stream("pcm_u8", rate=48000)
        sound.layout = "mono"
        for packet in src.demux(src.streams.video[0]):
            if packet.size:
                packet.stream = video
                out.mux(packet)
        frame = av.AudioFrame.from_ndarray(
            np.full((1, 4800), 128, np.uint8), format="u8", layout="mono"
        )
        frame.sample_rate, frame.pts = 48000, 0
        out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    target = tmp_path / "o.mp4"
    result = _run(tmp_path / "pcm.mkv", target, engine)
    kinds = clips.stream_kinds(target)
    assert kinds[1][0] == "audio" and kinds[1][1] in ("flac", "alac")
    assert any("re-encoded losslessly" in n for n in result.notes)


# -- files are protected ------------------------------------------------------------------------


def test_existing_output_is_refused_without_overwrite(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    target.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError):
        plan_video(VideoJob(clip.path, target), engine, VideoOptions())
    assert target.read_bytes() == b"keep me"
    _run(clip.path, target, engine, overwrite=True)
    assert len(clips.video_pts_seconds(target)) == clip.frames


def test_the_input_is_never_the_output(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    before = clip.path.read_bytes()
    with pytest.raises(SameAsInputError):
        plan_video(VideoJob(clip.path, clip.path), engine, VideoOptions(overwrite=True))
    assert clip.path.read_bytes() == before


def test_output_appears_only_when_whole(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    seen: list[bool] = []
    plan = plan_video(VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4))
    run_video(plan, engine, on_frame=lambda n, px: seen.append(target.exists()))
    assert seen and not any(seen)
    assert target.exists()


def test_pipeline_memory_is_bounded_by_a_few_frames(tmp_path: Path, monkeypatch) -> None:
    """The decoder may not run ahead of the encoder by more than the queues hold."""
    import time

    from upscaler.core.video import decode as decode_mod

    engine = Upscaler(BICUBIC2)
    clip = clips.make_clip(
        tmp_path / "c.mkv", pts_ms=range(0, 40 * 30, 40), audio=False, subtitles=False
    )
    decoded = [0]
    ahead: list[int] = []
    real = decode_mod.VideoReader.frames

    def counting(self, *args, **kwargs):
        for frame in real(self, *args, **kwargs):
            decoded[0] += 1
            yield frame

    monkeypatch.setattr(decode_mod.VideoReader, "frames", counting)
    real_upscale = engine.upscale

    def slow(pixels, **kw):
        time.sleep(0.01)
        return real_upscale(pixels, **kw)

    monkeypatch.setattr(engine, "upscale", slow)
    plan = plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine, VideoOptions())
    run_video(plan, engine, progress=lambda done, total: ahead.append(decoded[0] - done))
    from upscaler.core.video.estimate import QUEUE_FRAMES

    assert decoded[0] == 30
    assert max(ahead) <= 2 * QUEUE_FRAMES + 3


# -- cancel and resume --------------------------------------------------------------------------


def _cancel_after(frames: int) -> tuple[threading.Event, object]:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= frames:
            cancel.set()

    return cancel, progress


def test_cancel_leaves_no_output_and_keeps_finished_segments(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    plan = plan_video(VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4))
    cancel, progress = _cancel_after(9)
    with pytest.raises(Cancelled):
        run_video(plan, engine, cancel=cancel, progress=progress)
    assert not target.exists()
    assert _names(tmp_path) == sorted(["c.mkv", resume_folder(target).name])
    kept = _names(resume_folder(target))
    assert "000000.nut" in kept and "000001.nut" in kept
    assert not any(name.endswith(".part") for name in kept)


@pytest.mark.parametrize("ext", [".mp4", ".mkv"])
def test_resumed_run_equals_an_uninterrupted_one(tmp_path: Path, engine, ext: str) -> None:
    clip = clips.make_clip(tmp_path / f"c{ext}")
    whole = tmp_path / f"whole{ext}"
    _run(clip.path, whole, engine)
    target = tmp_path / f"resumed{ext}"
    for stop_after in (5, 10):  # interrupted twice, in different segments
        plan = plan_video(
            VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4, resume=True)
        )
        cancel, progress = _cancel_after(stop_after)
        with pytest.raises(Cancelled):
            run_video(plan, engine, cancel=cancel, progress=progress)
    plan = plan_video(
        VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4, resume=True)
    )
    result = run_video(plan, engine)
    assert result.resumed_from == 8 and result.frames == clip.frames - 8
    assert _packets(target) == _packets(whole)
    assert clips.video_pts_seconds(target) == clips.video_pts_seconds(whole)
    # The same pictures within encoder noise, not bit for bit: libx264 now and then encodes
    # bit-identical frames to other bytes (a segment's I-frame a fraction of a QP apart, 41-53 dB
    # between the decodes), even in two uninterrupted runs (docs/pitfalls.md, pitfall 32).
    # Neighbouring frames of the clip are under 14 dB apart, so a shifted, repeated or wrong
    # frame still fails.
    pairs = zip(clips.decoded_frames(target), clips.decoded_frames(whole), strict=True)
    far = {n: round(db, 1) for n, (a, b) in enumerate(pairs) if (db := clips.psnr(b, a)) < 30}
    assert far == {}
    assert clips.stream_kinds(target) == clips.stream_kinds(whole)
    assert not resume_folder(target).exists()


def test_resume_refuses_progress_of_another_run(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    plan = plan_video(VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4))
    cancel, progress = _cancel_after(5)
    with pytest.raises(Cancelled):
        run_video(plan, engine, cancel=cancel, progress=progress)
    other = plan_video(
        VideoJob(clip.path, target),
        engine,
        VideoOptions(segment_frames=4, crf=30, tile=16, resume=True),
    )
    with pytest.raises(ResumeError) as err:
        run_video(other, engine)
    # What differs, in words (it said "(crf, tile differ)", the identity's key names).
    assert "belongs to another run (another quality (CRF), tile size)" in str(err.value)
    # Without --resume the old parts are dropped and the run starts over.
    fresh = plan_video(VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4, crf=30))
    assert run_video(fresh, engine).resumed_from == 0


def test_a_damaged_segment_is_remade_on_resume(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    plan = plan_video(
        VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4, resume=True)
    )
    cancel, progress = _cancel_after(9)
    with pytest.raises(Cancelled):
        run_video(plan, engine, cancel=cancel, progress=progress)
    second = resume_folder(target) / "000001.nut"
    second.write_bytes(second.read_bytes()[:100])  # a crash while the OS wrote it back
    result = run_video(plan, engine)
    assert result.resumed_from == 4
    assert len(clips.video_pts_seconds(target)) == clip.frames


# -- bad input ----------------------------------------------------------------------------------


def _truncate(path: Path, fraction: float) -> Path:
    data = path.read_bytes()
    cut = path.with_name("cut_" + path.name)
    cut.write_bytes(data[: int(len(data) * fraction)])
    return cut


def _refused(tmp_path: Path, source: Path, engine, match: str) -> None:
    before = _names(tmp_path)
    with pytest.raises(VideoReadError, match=match) as caught:
        plan_video(VideoJob(source, tmp_path / "o.mkv"), engine, VideoOptions())
    assert str(source) in str(caught.value) and "\n" not in str(caught.value)
    assert _names(tmp_path) == before


def _long_clip(path: Path, **kw) -> clips.Clip:
    return clips.make_clip(
        path, pts_ms=range(0, 40 * 60, 40), width=64, height=48, audio=False, subtitles=False, **kw
    )


def test_truncated_mp4_without_its_index_is_refused(tmp_path: Path, engine) -> None:
    clip = _long_clip(tmp_path / "c.mp4")
    _refused(tmp_path, _truncate(clip.path, 0.6), engine, "damaged or truncated")


def test_truncated_mp4_with_its_index_first_is_refused(tmp_path: Path, engine) -> None:
    clip = _long_clip(tmp_path / "c.mp4", options=None)
    fast = tmp_path / "fast.mp4"
    with (
        av.open(str(clip.path)) as src,
        av.open(str(fast), "w", options={"movflags": "faststart"}) as out,
    ):
        stream = out.add_stream_from_template(src.streams.video[0])
        for packet in src.demux(src.streams.video[0]):
            if packet.size:
                packet.stream = stream
                out.mux(packet)
    _refused(tmp_path, _truncate(fast, 0.6), engine, "truncated")


def test_truncated_mkv_is_refused(tmp_path: Path, engine) -> None:
    clip = _long_clip(tmp_path / "c.mkv")
    _refused(tmp_path, _truncate(clip.path, 0.6), engine, "truncated")


def test_a_recording_cut_mid_way_starts_at_its_first_keyframe(tmp_path: Path, engine) -> None:
    # A TV or camera recording begun mid-way (an MPEG-TS cut at any packet) starts with pictures
    # that refer to frames before the cut. Players start at the first keyframe; the run refused
    # the whole file ("frame 0 of 88 cannot be decoded; the file is damaged").
    whole = tmp_path / "whole.ts"
    with av.open(str(whole), "w", format="mpegts") as out:
        stream = out.add_stream("libx264", rate=25, options={"g": "25", "bf": "2"})
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for number in range(75):
            frame = av.VideoFrame.from_ndarray(clips.frame_pixels(number, 64, 48), format="bgr24")
            frame.pts = number
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    data = whole.read_bytes()
    cut = tmp_path / "cut.ts"
    cut.write_bytes(data[(len(data) * 2 // 5) // 188 * 188 :])  # whole TS packets
    with av.open(str(cut)) as container:
        first = next(p for p in container.demux(video=0) if p.size)
        assert not first.is_keyframe  # the cut is inside a group of pictures
    shown = clips.video_pts_seconds(cut)  # what a decoder (a player) shows
    assert 20 <= len(shown) <= 50
    target = tmp_path / "out.mkv"
    result = _run(cut, target, engine)
    assert result.frames == len(shown)
    np.testing.assert_allclose(clips.video_pts_seconds(target), shown, atol=0.0011)


def test_an_mkv_damaged_in_the_middle_is_not_called_truncated(tmp_path: Path, engine) -> None:
    # Its video stops early because the middle is garbage, not because the file is cut short:
    # the message said "is truncated" of a file that is whole.
    clip = _long_clip(tmp_path / "c.mkv")
    data = bytearray(clip.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 3000] = bytes((n * 97 + 13) % 256 for n in range(3000))
    damaged = tmp_path / "damaged.mkv"
    damaged.write_bytes(bytes(data))
    clip.path.unlink()
    _refused(tmp_path, damaged, engine, "is truncated or damaged")


def test_file_without_video_is_refused(tmp_path: Path, engine) -> None:
    path = tmp_path / "sound.mkv"
    with av.open(str(path), "w") as out:
        sound = out.add_stream("flac", rate=48000)
        sound.layout = "mono"
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 4800), np.int16), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts = 48000, 0
        out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    _refused(tmp_path, path, engine, "no video stream")


def test_unsupported_codec_is_refused(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    data = clip.path.read_bytes()
    assert data.count(b"V_MPEG4/ISO/AVC") == 1
    odd = tmp_path / "odd.mkv"
    odd.write_bytes(data.replace(b"V_MPEG4/ISO/AVC", b"V_MPEG4/ISO/ZZZ"))
    _refused(tmp_path, odd, engine, "codec .* not supported|cannot be decoded")


def test_not_a_video_is_refused(tmp_path: Path, engine) -> None:
    fake = tmp_path / "notes.mp4"
    fake.write_text("just some text\n" * 20)
    _refused(tmp_path, fake, engine, "not a video")


@pytest.mark.parametrize(("ext", "kind"), [(".png", "PNG"), (".jpg", "JPEG")])
def test_a_picture_named_as_a_video_is_refused(tmp_path: Path, engine, ext, kind) -> None:
    # FFmpeg reads a lone picture as a one-frame clip: a photo saved as "clip.mp4" became a
    # 0.04 s H.264 video of itself instead of being refused (or upscaled as the picture it is).
    picture = tmp_path / f"p{ext}"
    images.save(picture, clips.frame_pixels(0, 64, 48))
    fake = tmp_path / "holiday.mp4"
    fake.write_bytes(picture.read_bytes())
    picture.unlink()
    _refused(tmp_path, fake, engine, f"is a {kind} picture, not a video")


def test_missing_file_is_refused(tmp_path: Path, engine) -> None:
    with pytest.raises(Exception, match="no such file"):
        plan_video(VideoJob(tmp_path / "gone.mp4", tmp_path / "o.mkv"), engine)


def test_output_too_big_for_memory_is_refused_with_the_estimate(
    tmp_path: Path, engine, monkeypatch
) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    monkeypatch.setattr(estimate_mod, "available_memory", lambda: 1000)
    with pytest.raises(ResourceError, match=r"needs about .* of memory but only 1.0 kB"):
        plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine)
    assert _names(tmp_path) == ["c.mkv"]


def test_output_too_big_for_the_disk_is_refused_with_the_estimate(
    tmp_path: Path, engine, monkeypatch
) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    monkeypatch.setattr(video_estimate_mod, "free_space", lambda folder: 10_000)
    with pytest.raises(DiskFullError, match=r"needs about .* of disk space .* only 10.0 kB") as e:
        plan_video(VideoJob(clip.path, tmp_path / "o.mkv"), engine)
    assert _names(tmp_path) == ["c.mkv"]
    # The window shows this too: the way out in words, not the CLI's options (the CLI adds them).
    assert "another folder" in str(e.value) and "--" not in str(e.value)


def test_lossless_estimate_is_far_bigger(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    lossy = plan_video(VideoJob(clip.path, tmp_path / "a.mkv"), engine).estimate.disk_bytes
    lossless = plan_video(
        VideoJob(clip.path, tmp_path / "b.mkv"), engine, VideoOptions(codec="ffv1")
    ).estimate.disk_bytes
    assert lossless > 10 * lossy


class FullDisk:
    """An output container whose writes fail with ENOSPC."""

    def __init__(self, real) -> None:
        self.real = real

    def mux(self, packets) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        self.real.close()


def test_disk_full_mid_run_leaves_no_output(tmp_path: Path, engine, monkeypatch) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv")
    target = tmp_path / "o.mkv"
    real = encode_mod.SegmentWriter.add
    calls = [0]

    def failing(self, pixels, pts):
        calls[0] += 1
        if calls[0] == 6:  # the file system refuses the next write, as a full disk does
            self._out = FullDisk(self._out)
        return real(self, pixels, pts)

    monkeypatch.setattr(encode_mod.SegmentWriter, "add", failing)
    plan = plan_video(VideoJob(clip.path, target), engine, VideoOptions(segment_frames=4))
    with pytest.raises(DiskFullError, match="disk is full"):
        run_video(plan, engine)
    assert not target.exists()
    assert _names(resume_folder(target)) == ["000000.nut", "run.json"]  # kept for --resume


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs (Linux, root: CI runs as root); skipped where it cannot be mounted."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_mid_run(tmp_path: Path, engine, small_disk: Path, monkeypatch) -> None:
    """Lossless output (about 2 MB) outgrows a 1 MB disk partway: one line, no output."""
    clip = clips.make_clip(
        tmp_path / "c.mkv",
        width=160,
        height=120,
        pts_ms=range(0, 40 * 60, 40),
        audio=False,
        subtitles=False,
        options={"crf": "0"},
    )
    target = small_disk / "o.mkv"
    monkeypatch.setattr(job_mod, "check_disk", lambda *a, **k: None)  # run anyway
    plan = plan_video(
        VideoJob(clip.path, target), engine, VideoOptions(codec="ffv1", segment_frames=8)
    )
    with pytest.raises(DiskFullError, match="disk is full") as caught:
        run_video(plan, engine)
    assert "\n" not in str(caught.value)
    assert not target.exists()
    assert not [p for p in small_disk.rglob("*") if p.name.endswith(".part")]


def test_chapters_are_kept_and_cut_to_a_frame_range(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False)
    marked = tmp_path / "marked.mkv"
    ms = Fraction(1, 1000)
    with av.open(str(clip.path)) as src, av.open(str(marked), "w") as out:
        video = out.add_stream_from_template(src.streams.video[0])
        out.set_chapters(
            [
                {"id": 1, "start": 0, "end": 300, "time_base": ms, "metadata": {"title": "One"}},
                {"id": 2, "start": 300, "end": 700, "time_base": ms, "metadata": {"title": "Two"}},
            ]
        )
        for packet in src.demux(src.streams.video[0]):
            if packet.size:
                packet.stream = video
                out.mux(packet)
    target = tmp_path / "o.mkv"
    _run(marked, target, engine, frames=(3, None))  # frame 3 is at 0.15 s
    with av.open(str(target)) as out:
        kept = [
            (
                c["metadata"]["title"],
                float(c["start"] * c["time_base"]),
                float(c["end"] * c["time_base"]),
            )
            for c in out.chapters()
        ]
    assert kept == [("One", 0.0, 0.15), ("Two", 0.15, 0.55)]


def test_ten_bit_video_stays_ten_bit(tmp_path: Path, engine) -> None:
    clip = clips.make_clip(tmp_path / "c.mkv", audio=False, subtitles=False, pix_fmt="yuv420p10le")
    info = probe_video(clip.path)
    assert (info.pix_fmt, info.bit_depth) == ("yuv420p10le", 10)
    with VideoReader(clip.path) as reader:
        first = reader.read_frame(0)
    assert first.dtype == np.uint16 and first.max() > 255  # not 8-bit values in 16-bit
    target = tmp_path / "o.mkv"
    _run(clip.path, target, engine)
    assert probe_video(target).pix_fmt == "yuv420p10le"
    with VideoReader(target) as reader:
        out = reader.read_frame(0).astype(np.int32)
    expected = engine.upscale(first).astype(np.int32)
    assert np.abs(out - expected).mean() < 6 * 256  # within a few 8-bit levels
