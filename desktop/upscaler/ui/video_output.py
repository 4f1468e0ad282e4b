"""How a clip is written, in the window's words: the codecs this FFmpeg encodes (the core's list),
their names and descriptions, and the upscaled clip's file name (the core's naming).

The window never decides a codec's container or a name's extension itself: ``output_suffix``
(the CLI's rule: the source's container when it holds the codec, else Matroska) and
``pipeline.output_name`` do.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from upscaler.core import pipeline
from upscaler.core.catalog import ModelInfo
from upscaler.core.video.encode import CODECS, Codec, available_codecs, default_codec
from upscaler.core.video.mux import output_suffix
from upscaler.core.video.resume import resume_folder
from upscaler.ui.document import OutputOptions, VideoOutput

translate = QCoreApplication.translate

#: Codecs' own names (not translated); a codec the core adds later shows its key.
CODEC_NAMES = {
    "h264": "H.264",
    "hevc": "HEVC",
    "vp9": "VP9",
    "av1": "AV1",
    "mpeg4": "MPEG-4",
    "ffv1": "FFV1",
}


def codec_name(name: str) -> str:
    return CODEC_NAMES.get(name, name.upper())


def codec_description(name: str) -> str:
    """The Codec box's entry: the name and what it is good for."""
    texts = {
        "h264": translate("VideoOutput", "H.264 - plays everywhere"),
        "hevc": translate("VideoOutput", "HEVC (H.265) - smaller files"),
        "vp9": translate("VideoOutput", "VP9 - open format, for the web"),
        "av1": translate("VideoOutput", "AV1 - smallest, slowest"),
        "mpeg4": translate("VideoOutput", "MPEG-4 Part 2 - for old players, larger"),
        "ffv1": translate("VideoOutput", "FFV1 - lossless, large, .mkv"),
    }
    return texts.get(name, codec_name(name))


def chosen_codec(video: VideoOutput) -> Codec:
    """The codec a run will use ("" or one this FFmpeg lacks: the core's default)."""
    codec = CODECS.get(video.codec)
    if codec is None or codec not in available_codecs():
        return default_codec()
    return codec


def chosen_crf(video: VideoOutput) -> int | None:
    """The CRF a run will use: the chosen one, else the codec's default (None: lossless)."""
    codec = chosen_codec(video)
    if codec.default_crf is None:
        return None
    low, high = codec.crf_range
    if video.crf is not None and codec.name == video.codec and low <= video.crf <= high:
        return video.crf
    return codec.default_crf


def quality_words(codec: str, crf: int | None) -> str:
    """``HEVC, CRF 20`` or ``FFV1, lossless``."""
    if crf is None:
        return translate("VideoOutput", "{codec}, lossless").format(codec=codec_name(codec))
    return translate("VideoOutput", "{codec}, CRF {crf}").format(codec=codec_name(codec), crf=crf)


def video_target(source: Path, info: ModelInfo, output: OutputOptions) -> tuple[Path, bool]:
    """Where the upscaled clip goes and whether it may replace a file: step 4's folder, name
    pattern and choice for a taken name, with the container the core picks for the codec."""
    suffix = output_suffix(source, chosen_codec(output.video).name)
    folder = output.folder if output.folder is not None else source.parent

    def named(number: int) -> Path:
        name = pipeline.output_name(source, info, "PNG", output.pattern, number)
        return folder / (Path(name).stem + suffix)

    target = named(0)
    if output.exists == "rename":
        number = 1
        # A name whose interrupted run waits to be continued is this clip's, not taken.
        while target.exists() and not resume_folder(target).exists():
            number += 1
            target = named(number)
    return target, output.exists == "overwrite"
