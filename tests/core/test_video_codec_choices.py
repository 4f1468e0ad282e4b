"""Which codecs can be chosen, which container each is written in, and what an interrupted run
was made with: the facts the CLI's --codec and the window's Codec box share."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import pytest

from tests import clips
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled
from upscaler.core.video import (
    CODECS,
    SavedChoices,
    VideoJob,
    VideoOptions,
    VideoWriteError,
    available_codecs,
    encode,
    plan_video,
    run_video,
    saved_choices,
)
from upscaler.core.video.mux import CONTAINERS, output_suffix
from upscaler.core.video.resume import resume_folder

BICUBIC2 = load_catalog().get("bicubic_x2")
SUFFIX = {"mp4": ".mp4", "mov": ".mov", "matroska": ".mkv"}


@pytest.fixture(autouse=True)
def fresh_codec_list():
    encode.available_codecs.cache_clear()
    yield
    encode.available_codecs.cache_clear()


@pytest.fixture(scope="module")
def engine() -> Upscaler:
    return Upscaler(BICUBIC2)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("source")
    return clips.make_clip(folder / "c.mp4", audio=False, subtitles=False).path


def test_available_codecs_are_those_with_an_encoder(monkeypatch):
    real = encode.has_encoder
    monkeypatch.setattr(encode, "has_encoder", lambda name: name != "libx265" and real(name))
    names = [c.name for c in available_codecs()]
    assert "hevc" not in names
    assert names == [c.name for c in CODECS.values() if c.name != "hevc" and encode.encoder_for(c)]


@pytest.mark.parametrize(
    ("name", "codec", "suffix"),
    [
        ("a.mp4", "h264", ".mp4"),
        ("a.MP4", "hevc", ".MP4"),
        ("a.mp4", "ffv1", ".mkv"),  # FFV1 only in Matroska
        ("a.mov", "vp9", ".mkv"),  # MOV holds neither VP9 nor AV1
        ("a.mov", "av1", ".mkv"),
        ("a.mov", "mpeg4", ".mov"),
        ("a.mp4", "av1", ".mp4"),
        ("a.avi", "h264", ".mkv"),  # a container we do not write
        ("a.webm", "vp9", ".mkv"),
        ("a.mkv", None, ".mkv"),
        ("a.mp4", None, ".mp4"),  # the default codec (H.264 here) goes into MP4
    ],
)
def test_the_output_container_follows_the_codec(name, codec, suffix):
    assert output_suffix(Path(name), codec) == suffix


def test_a_container_that_cannot_hold_the_codec_is_refused_before_any_work(
    tmp_path, engine, source
):
    target = tmp_path / "o.mov"
    with pytest.raises(VideoWriteError, match=r"vp9 video cannot be written in a \.mov file"):
        plan_video(VideoJob(source, target), engine, VideoOptions(codec="vp9"))
    assert list(tmp_path.iterdir()) == []  # no segments, no resume folder


@pytest.mark.parametrize(
    ("codec", "fmt"),
    [(c.name, f) for c in CODECS.values() for f in c.containers],
)
def test_every_container_said_to_hold_a_codec_does(tmp_path, engine, source, codec, fmt):
    if encode.encoder_for(CODECS[codec]) is None:
        pytest.skip(f"this FFmpeg build cannot encode {codec}")
    target = tmp_path / f"o{SUFFIX[fmt]}"
    assert CONTAINERS[target.suffix] == fmt
    plan = plan_video(VideoJob(source, target), engine, VideoOptions(codec=codec))
    run_video(plan, engine)
    with av.open(str(target)) as written:
        assert written.format.name.split(",")[0] in (fmt, "mov")  # FFmpeg reads MP4 as mov
        assert written.streams.video[0].codec_context.codec.canonical_name == codec


@pytest.mark.parametrize("codec", [c.name for c in CODECS.values()])
def test_encoders_write_nothing_on_the_terminal(
    tmp_path, engine, source, codec, capfd, monkeypatch
):
    """The encoder libraries print to the process's stderr themselves, once per segment (SVT-AV1
    a 20-line banner, x265 a warning about its thread pool): that buried the CLI's own lines (61
    lines for a 6 s clip) and must not appear."""
    if encode.encoder_for(CODECS[codec]) is None:
        pytest.skip(f"this FFmpeg build cannot encode {codec}")
    monkeypatch.setenv("SVT_LOG", "")  # the test's own setting goes back afterwards ...
    monkeypatch.delenv("SVT_LOG")  # ... and the run starts without one, as a user's does
    plan = plan_video(VideoJob(source, tmp_path / "o.mkv"), engine, VideoOptions(codec=codec))
    capfd.readouterr()
    run_video(plan, engine)
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_an_interrupted_run_says_what_it_was_made_with(tmp_path, engine, source):
    target = tmp_path / "o.mp4"
    assert saved_choices(target) is None
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 5:
            cancel.set()

    options = VideoOptions(codec="hevc", frames=(1, 9), segment_frames=4)
    plan = plan_video(VideoJob(source, target), engine, options)
    with pytest.raises(Cancelled):
        run_video(plan, engine, progress=progress, cancel=cancel)
    assert resume_folder(target).is_dir()
    # The default quality filled in; frames as --frames gives them (0-based, both included);
    # the tile side the automatic choice resolved to.
    assert saved_choices(target) == SavedChoices("hevc", 20, (1, 9), plan.tile)
    # Those choices continue it.
    again = VideoOptions(codec="hevc", crf=20, frames=(1, 9), segment_frames=4, resume=True)
    result = run_video(plan_video(VideoJob(source, target), engine, again), engine)
    assert result.resumed_from == 4 and result.plan.frame_count == 9


def test_an_unreadable_record_has_no_choices(tmp_path):
    target = tmp_path / "o.mp4"
    resume_folder(target).mkdir()
    (resume_folder(target) / "run.json").write_text("{not json", encoding="utf-8")
    assert saved_choices(target) is None


def test_the_cli_names_an_ffv1_clip_mkv_and_refuses_vp9_into_mov(tmp_path, capsys):
    from upscaler.cli.main import main

    clip = clips.make_clip(tmp_path / "c.mp4", audio=False, subtitles=False)
    code = main(
        ["upscale", str(clip.path), "--model", "bicubic", "--scale", "2", "--codec", "ffv1"]
    )
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    target = tmp_path / "c_x2_bicubic.mkv"
    with av.open(str(target)) as written:
        assert written.streams.video[0].codec_context.codec.canonical_name == "ffv1"
    assert not (tmp_path / "c_x2_bicubic.mp4").exists()
    mov = tmp_path / "o.mov"
    code = main(["upscale", str(clip.path), "--model", "bicubic", "--codec", "vp9", "-o", str(mov)])
    err = capsys.readouterr().err
    assert (
        code == 1
        and "vp9 video cannot be written in a .mov file; use one of .m4v, .mkv, .mp4" in err
    )
    assert not mov.exists() and not resume_folder(mov).exists()
