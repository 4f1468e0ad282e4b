"""Short test clips made at test time with PyAV: odd sizes, variable frame rates, rotation, pixel
aspect, colour tags, a sound track and a subtitle track, so a test states exactly what the file
holds. Tiny (tens of pixels, a dozen frames) so every test stays fast."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

#: Irregular gaps (ms): a variable frame rate no constant rate can describe.
VFR_MS = (0, 40, 80, 150, 190, 300, 340, 380, 420, 500, 540, 580, 660, 700)
SUBTITLES = ((0, 200, "hello"), (250, 200, "world"))


@dataclass(frozen=True)
class Clip:
    path: Path
    width: int
    height: int
    pts_ms: tuple[int, ...]

    @property
    def frames(self) -> int:
        return len(self.pts_ms)


def frame_pixels(number: int, width: int, height: int) -> np.ndarray:
    """A smooth picture that moves with ``number`` (so frames differ and codecs stay accurate)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    phase = number * 0.7
    b = 128 + 100 * np.sin(x / 5 + phase)
    g = 128 + 100 * np.cos(y / 4 - phase)
    r = 128 + 80 * np.sin((x + y) / 7 + 2 * phase)
    return np.clip(np.stack([b, g, r], -1), 0, 255).astype(np.uint8)


def make_clip(
    path: Path,
    *,
    width: int = 48,
    height: int = 32,
    pts_ms: Sequence[int] = VFR_MS,
    encoder: str = "libx264",
    audio: bool = True,
    subtitles: bool = True,
    rotation: int = 0,
    sar: Fraction | None = None,
    color: tuple[int, int, int, int] | None = None,  # range, primaries, trc, space
    pix_fmt: str = "yuv420p",
    still: np.ndarray | None = None,
    options: dict[str, str] | None = None,
) -> Clip:
    """Write a clip; ``still`` repeats one picture (a static scene) instead of moving ones."""
    fmt = {".mkv": "matroska", ".mp4": "mp4", ".mov": "mov", ".avi": "avi"}[path.suffix]
    tb = Fraction(1, 1000)
    out = av.open(str(path), "w", format=fmt)
    video = out.add_stream(encoder, rate=25, options=options or {})
    video.width, video.height = width, height
    if (width % 2 or height % 2) and encoder == "libx264" and pix_fmt == "yuv420p":
        pix_fmt = "yuv444p"  # x264 cannot make odd-sized 4:2:0
    video.pix_fmt = pix_fmt
    if fmt != "avi":
        video.time_base = tb
        video.codec_context.time_base = tb
    if rotation:
        video.set_display_rotation(rotation)
    if sar is not None:
        video.sample_aspect_ratio = sar
    if color is not None:
        ctx = video.codec_context
        ctx.color_range, ctx.color_primaries, ctx.color_trc, ctx.colorspace = color
    sound = None
    if audio:
        sound = out.add_stream("aac", rate=48000)
        sound.layout = "stereo"
    subs = None
    if subtitles:
        subs = out.add_mux_stream("mov_text" if fmt in ("mp4", "mov") else "subrip")
        subs.time_base = tb
    for number, ms in enumerate(pts_ms):
        pixels = still if still is not None else frame_pixels(number, width, height)
        frame = av.VideoFrame.from_ndarray(pixels, format="bgr24")
        if color is not None:
            frame = frame.reformat(format=pix_fmt, dst_color_range=color[0] or None)
            frame.color_range = color[0]
        frame.pts = ms if fmt != "avi" else number
        frame.time_base = tb if fmt != "avi" else Fraction(1, 25)
        out.mux(video.encode(frame))
    out.mux(video.encode(None))
    if sound is not None:
        seconds = (pts_ms[-1] + 40) / 1000
        t = np.arange(int(48000 * seconds)) / 48000
        wave = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        for start in range(0, len(wave), 1024):
            chunk = wave[start : start + 1024]
            frame = av.AudioFrame.from_ndarray(
                np.stack([chunk, chunk]), format="fltp", layout="stereo"
            )
            frame.sample_rate = 48000
            frame.pts = start
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    if subs is not None:
        for start, duration, words in SUBTITLES:
            data = words.encode()
            if fmt in ("mp4", "mov"):
                data = len(data).to_bytes(2, "big") + data
            packet = av.Packet(data)
            packet.stream = subs
            packet.time_base = tb
            packet.pts = packet.dts = start
            packet.duration = duration
            out.mux(packet)
    out.close()
    return Clip(path, width, height, tuple(pts_ms))


def video_pts_seconds(path: Path) -> list[float]:
    """Presentation times of every picture, decoded, in order."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [float(f.pts * stream.time_base) for f in container.decode(stream)]


def decoded_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]


def psnr(reference: np.ndarray, test: np.ndarray) -> float:
    """PSNR (dB, 0..255) over every channel; inf when the pictures are equal."""
    diff = reference.astype(np.float64) - test.astype(np.float64)
    mse = float(np.mean(diff * diff))
    return float("inf") if mse == 0 else 10.0 * float(np.log10(255.0**2 / mse))


def stream_kinds(path: Path) -> list[tuple[str, str]]:
    with av.open(str(path)) as container:
        return [(s.type, s.codec_context.codec.name) for s in container.streams]


def subtitle_words(path: Path) -> list[tuple[float, str]]:
    """(start seconds, words) of every subtitle packet, whatever the text format."""
    from upscaler.core.video.streams import subtitle_text

    with av.open(str(path)) as container:
        stream = container.streams.subtitles[0]
        codec = stream.codec_context.codec.name
        return [
            (float(p.pts * stream.time_base), subtitle_text(codec, bytes(p)))
            for p in container.demux(stream)
            if p.size and subtitle_text(codec, bytes(p))
        ]
