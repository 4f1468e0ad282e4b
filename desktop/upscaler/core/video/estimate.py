"""What a video run will cost before it starts: memory, disk and time, from one frame's engine
estimate and the pipeline around it.

Memory is one frame's run (the engine's own estimate) plus the frames waiting in the pipeline's
queues and the frames the encoder holds for its look-ahead. Disk is the encoded size, from bits per
output pixel measured on upscaled footage at each codec's default quality (halving every 6 CRF
steps, the x264/x265 rule), twice over: the finished segments and the joined clip exist together
until the end. Both are estimates: the disk check refuses only what clearly cannot fit.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from upscaler.core.estimate import Estimate, check_fits
from upscaler.core.messages import text
from upscaler.core.units import format_bytes, format_duration
from upscaler.core.video.errors import NoRoomError

#: Frames waiting between the pipeline's stages (decoded -> upscaled -> encoded).
QUEUE_FRAMES = 2
#: Output frames (in the encoder's pixel format) an encoder holds: x264/x265 look-ahead (20, set
#: in encode.EncoderSettings) plus references and threads; the others hold a few.
ENCODER_FRAMES = {"libx264": 32, "libx265": 40, "libvpx-vp9": 24, "libsvtav1": 48}
DEFAULT_ENCODER_FRAMES = 8
#: Frames the decoder keeps (H.264's 16 references at most, plus threads).
DECODER_FRAMES = 20
#: Bits per output pixel at each codec's default quality: x264 CRF 18 gave 0.28 (bicubic) and 0.39
#: (UpNet, sharper) on a pan across Set14's baboon (the most textured picture there) at 640x480
#: x2; the others scaled by their usual efficiency. Rounded up: the disk check must not let a run
#: start that cannot finish.
BITS_PER_PIXEL = {"h264": 0.4, "hevc": 0.25, "vp9": 0.3, "av1": 0.2, "mpeg4": 0.8, "ffv1": 9.0}
#: Encoder seconds per output pixel. x264 (medium) measured 2.8e-7 at 1280x960 on the 2-core
#: development machine under a load average of 12 (other jobs); an idle machine is several times
#: faster. The others relative to x264 (FFmpeg's own encoders are lighter, x265/VP9 heavier).
ENCODE_SECONDS_PER_PIXEL = {
    "libx264": 1e-7,
    "libx265": 5e-7,
    "libvpx-vp9": 4e-7,
    "libsvtav1": 2e-7,
    "mpeg4": 3e-8,
    "ffv1": 5e-8,
}
#: FFmpeg's libraries, codec threads and their stacks, beyond the frames counted here (measured:
#: 187 MB growth against 150 MB of counted frames, bicubic x2 640x480 to H.264).
PIPELINE_OVERHEAD = 32 * 1024**2
#: The same margin as the image estimate's (allocator fragmentation, threads' malloc arenas).
SAFETY = 1.25
#: Free space left over after the run.
DISK_HEADROOM = 64 * 1000**2


@dataclass(frozen=True)
class VideoEstimate:
    frame: Estimate  # one frame through the engine (tile side, tiles per frame)
    frames: int
    peak_bytes: int
    disk_bytes: int  # the finished clip
    seconds: float

    def describe(self) -> str:
        return (
            f"about {format_bytes(self.peak_bytes)} of memory, {format_bytes(self.disk_bytes)} "
            f"on disk, time about {format_duration(self.seconds)}"
        )


def video_estimate(
    frame: Estimate,
    *,
    frames: int,
    width: int,
    height: int,
    scale: int,
    bytes_per_sample: int,
    codec: str,
    encoder: str,
    crf: int | None,
    default_crf: int | None,
    companion_bytes: int,
) -> VideoEstimate:
    """The whole run's cost from one frame's engine estimate (``frame``)."""
    in_pixels = width * height
    out_pixels = in_pixels * scale * scale
    packed_in = in_pixels * 3 * bytes_per_sample
    packed_out = out_pixels * 3 * bytes_per_sample
    yuv_out = out_pixels * 3 * bytes_per_sample  # 4:4:4 at worst
    queued = (QUEUE_FRAMES + 1) * (packed_in + packed_out)
    encoder_bytes = ENCODER_FRAMES.get(encoder, DEFAULT_ENCODER_FRAMES) * yuv_out
    decoder_bytes = DECODER_FRAMES * in_pixels * 3 * bytes_per_sample
    extra = SAFETY * (queued + encoder_bytes + decoder_bytes) + PIPELINE_OVERHEAD
    peak = frame.peak_bytes + extra
    bits = BITS_PER_PIXEL.get(codec, 0.5)
    if crf is not None and default_crf is not None:
        bits *= 2 ** ((default_crf - crf) / 6)
    disk = int(out_pixels * frames * bits / 8) + companion_bytes
    encode = out_pixels * ENCODE_SECONDS_PER_PIXEL.get(encoder, 1e-7)
    return VideoEstimate(frame, frames, int(peak), disk, frames * (frame.seconds + encode))


def check_memory(est: VideoEstimate, path: Path, *, available: int | None = None) -> None:
    """Refuse a run whose peak memory does not fit (the image check's message and numbers)."""
    check_fits(
        Estimate(est.peak_bytes, est.seconds, est.frame.tiles, est.frame.tile),
        path,
        available=available,
    )


def free_space(folder: Path) -> int | None:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def check_disk(
    est: VideoEstimate, target: Path, *, kept_bytes: int = 0, free: int | None = None
) -> None:
    """Refuse a run whose output cannot fit: the parts and the joined clip exist together at
    the end (``kept_bytes``: parts an interrupted run already wrote, which need no new room)."""
    free = free_space(target.parent) if free is None else free
    if free is None:
        return
    needed = 2 * est.disk_bytes - kept_bytes + DISK_HEADROOM
    if needed > free:
        raise NoRoomError(
            text(
                "the result needs about {needed} of disk space (a {size} clip, written as parts "
                "and then joined) but only {free} is free; free some space, write it to another "
                "folder, or choose a higher CRF",
                needed=format_bytes(needed),
                size=format_bytes(est.disk_bytes),
                free=format_bytes(free),
            ),
            target,
        )
