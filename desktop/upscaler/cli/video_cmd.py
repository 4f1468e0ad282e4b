"""`upscaler-cli upscale clip.mp4`: videos through the same command, flags and model choice as
images, plus ``--codec``, ``--crf``, ``--frames`` and ``--resume``.

``upscale_cmd`` hands over when an input is a video (by its extension). The planning and the
run are the core's (``upscaler.core.video``); this module names the outputs, prints plans,
progress (frames, fps, time left) and results, and turns Ctrl+C into a clean stop whose finished
segments ``--resume`` continues from.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path
from typing import TextIO

from upscaler.cli.progress import is_terminal
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, UpscalerError
from upscaler.core.pipeline import InputFiles, PlanError, model_slug
from upscaler.core.units import format_bytes, format_duration
from upscaler.core.video import (
    CODECS,
    VideoJob,
    VideoOptions,
    VideoPlan,
    VideoResult,
    is_video_path,
    parse_frames,
    plan_video,
    run_video,
)
from upscaler.core.video.mux import output_suffix
from upscaler.core.video.resume import saved_progress

#: Image-only flags, refused with videos rather than silently ignored.
IMAGE_ONLY = ("format", "quality", "background", "jpeg_subsampling", "png_compression")
VIDEO_ONLY = ("codec", "crf", "frames", "resume")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("videos (.mp4, .mkv, .mov, .webm, .avi ...)")
    group.add_argument(
        "--codec",
        choices=tuple(CODECS),
        type=str.lower,
        help="video codec of the result (default: h264; ffv1 is lossless, in .mkv)",
    )
    group.add_argument(
        "--crf",
        type=int,
        metavar="N",
        help="quality: lower is better and bigger (default h264 18, hevc 20, vp9 24, av1 28)",
    )
    group.add_argument(
        "--frames",
        type=_frames_arg,
        metavar="A-B",
        help="only frames A to B (counted from 0, both included): a trial on part of the clip",
    )
    group.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run from its finished segments",
    )


def _frames_arg(spec: str) -> tuple[int, int | None]:
    try:
        return parse_frames(spec)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def wants_video(args: argparse.Namespace) -> bool:
    """Video inputs or video flags: this module's run, not the image one."""
    videos = any(is_video_path(i) for i in args.inputs)
    return videos or any(_given(args, name) for name in VIDEO_ONLY)


def _given(args: argparse.Namespace, name: str) -> bool:
    value = getattr(args, name, None)
    return value not in (None, False)


def check_arguments(args: argparse.Namespace) -> None:
    images = [i for i in args.inputs if not is_video_path(i)]
    if images and len(images) == len(args.inputs):
        raise PlanError(
            "--codec, --crf, --frames and --resume are for videos; the inputs are not videos"
        )
    if images:
        raise PlanError(
            f"{images[0]}: give videos and images in separate commands (videos are .mp4, .mkv, "
            ".mov, .webm, .avi ...)"
        )
    used = [f"--{n.replace('_', '-')}" for n in IMAGE_ONLY if _given(args, n)]
    if args.no_metadata:
        used.append("--no-metadata")
    if used:
        raise PlanError(f"{', '.join(used)} only apply to images; a video keeps its metadata")


# -- naming -------------------------------------------------------------------------------------


def default_target(
    source: Path, info: ModelInfo, folder: Path | None, codec: str | None = None
) -> Path:
    """The source's container where it holds the codec, else Matroska (``output_suffix``)."""
    name = f"{source.stem}_x{info.scale}_{model_slug(info)}{output_suffix(source, codec)}"
    return (folder if folder is not None else source.parent) / name


def plan_targets(
    args: argparse.Namespace, info: ModelInfo
) -> tuple[list[VideoJob], list[UpscalerError]]:
    """Jobs for the named clips (folders hold images: a video is always named)."""
    if args.output is not None and len(args.inputs) != 1:
        raise PlanError("an output file name (-o) works with exactly one input; use --output-dir")
    jobs: list[VideoJob] = []
    errors: list[UpscalerError] = []
    claimed: dict[str, Path] = {}
    sources = [Path(item).expanduser() for item in args.inputs]
    protected = InputFiles(sources)  # no input is ever an output of the same run
    for source in sources:
        if args.output is not None:
            target = Path(args.output).expanduser()
        else:
            target = default_target(source, info, args.output_dir, getattr(args, "codec", None))
        key = os.path.normcase(str(target.resolve()))
        if key in claimed:
            errors.append(
                UpscalerError(f"would get the same output name as {claimed[key]}", source)
            )
            continue
        try:
            protected.check(source, target)
        except UpscalerError as refused:
            errors.append(refused)
            continue
        claimed[key] = source
        jobs.append(VideoJob(source, target))
    return jobs, errors


# -- progress -----------------------------------------------------------------------------------


class VideoProgress:
    """``frames 120/400 (30%), 2.5 fps, 1 min left``: redrawn in place on a terminal, a line every
    10% in a log. Called from the encoding thread."""

    def __init__(self, stream: TextIO, label: str, *, interactive: bool | None = None) -> None:
        self.stream = stream
        self.label = label
        self.interactive = is_terminal(stream) if interactive is None else interactive
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self._first: int | None = None
        self._last_draw = 0.0
        self._drawn = 0
        self._last_tenth = 0

    def line(self, done: int, total: int) -> str:
        if self._first is None:
            self._first = done  # frames an earlier run finished: not part of this run's speed
        elapsed = time.monotonic() - self._start
        made = done - self._first
        fps = made / elapsed if elapsed > 0 else 0.0
        left = f", {format_duration((total - done) / fps)} left" if fps > 0 and done < total else ""
        percent = 100 * done / total if total else 100
        return f"{self.label}: frames {done}/{total} ({percent:.0f}%), {fps:.1f} fps{left}"

    def update(self, done: int, total: int) -> None:
        with self._lock:
            text = self.line(done, total)
            now = time.monotonic()
            if self.interactive:
                if done < total and self._drawn and now - self._last_draw < 0.2:
                    return
                self._last_draw = now
                self.stream.write("\r" + text.ljust(self._drawn))
                self._drawn = len(text)
            else:
                tenth = (10 * done // total) if total else 10
                if tenth == self._last_tenth or done == 0:
                    return
                self._last_tenth = tenth
                self.stream.write(text + "\n")
            self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own, with the progress line wiped first and redrawn by the next update."""
        with self._lock:
            self._wipe()
            self.stream.write(text + "\n")
            self.stream.flush()

    def clear(self) -> None:
        with self._lock:
            self._wipe()
            self.stream.flush()

    def _wipe(self) -> None:
        """Blank the progress line drawn in place (the caller holds the lock)."""
        if self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0


# -- running ------------------------------------------------------------------------------------


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def _sizes(plan: VideoPlan) -> str:
    """The sizes before and after as a player shows the clip: a phone's portrait clip (stored
    landscape with a rotation tag, which the result keeps) is said to be portrait, as the window
    says."""
    width, height = plan.output_size
    shown = (height, width) if plan.info.rotation % 180 else (width, height)
    return f"{_size(plan.info.display_size)} -> {_size(shown)}"


def describe_plan(plan: VideoPlan, info: ModelInfo, auto_tile: bool) -> str:
    """One dry-run line: sizes, frames, model, tiling, codec and the estimate."""
    source = plan.info
    cost = plan.estimate
    rate = f"{float(source.frame_rate):.3g} fps, " if source.frame_rate else ""
    codec = plan.settings
    quality = f" CRF {codec.crf}" if codec.crf is not None and codec.codec != "mpeg4" else ""
    return (
        f"{plan.job.source} -> {plan.job.target}: {_sizes(plan)}, "
        f"{_frames(plan.frame_count)} ({rate}{source.codec}), "
        f"{info.label}, tile {'auto ' if auto_tile else ''}{plan.tile} px "
        f"({cost.frame.tiles} per frame), {codec.codec} ({codec.encoder}){quality}; "
        f"{cost.describe()}"
    )


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Plan every clip (refusals first), then run them one after another."""
    from upscaler.cli.upscale_cmd import choose_model, describe_error, model_file, open_store

    check_arguments(args)
    store = open_store(args.models_dir)
    info = choose_model(store, args.model, args.scale, getattr(args, "denoise", None))
    jobs, errors = plan_targets(args, info)
    for error in errors:
        print(f"error: {describe_error(error)}", file=err)
    failed = len(errors)
    if not jobs:
        return 1
    engine = Upscaler(info, model_file(store, info))
    options = VideoOptions(
        tile=args.tile,
        codec=args.codec,
        crf=args.crf,
        frames=args.frames,
        overwrite=args.overwrite,
        resume=args.resume,
    )
    for job in jobs:
        try:
            plan = plan_video(job, engine, options)
        except UpscalerError as error:
            failed += 1
            print(f"error: {describe_error(error)}", file=err)
            continue
        if args.dry_run:
            print(describe_plan(plan, info, args.tile is None), file=out)
            for note in plan.notes:
                print(f"  note: {note}", file=out)
            continue
        failed += _run_one(plan, engine, out, err)
    if args.dry_run:
        print("dry run: nothing was written", file=out)
    count = len(jobs) + len(errors)
    if count > 1 or failed:
        print(f"{count - failed} of {count} videos upscaled with {info.label}", file=err)
    return 0 if failed == 0 else 1


def _frames(count: int) -> str:
    return "1 frame" if count == 1 else f"{count} frames"


def _run_one(plan: VideoPlan, engine: Upscaler, out: TextIO, err: TextIO) -> int:
    """Run one planned clip; returns 1 if it failed (already printed). Ctrl+C stops it cleanly
    (finished segments kept) and raises KeyboardInterrupt."""
    from upscaler.cli.upscale_cmd import STOPPING_AFTER_TILE, describe_error, run_in_worker

    target = plan.job.target
    if not plan.options.resume:
        earlier = saved_progress(target)
        if earlier:
            print(
                f"note: an interrupted earlier run of {target.name} had about {earlier} frames "
                "done; starting over (--resume would continue it)",
                file=err,
            )
    progress = VideoProgress(err, plan.job.source.name)
    cancel = threading.Event()
    outcome = run_in_worker(
        lambda: run_video(plan, engine, progress=progress.update, cancel=cancel),
        cancel,
        lambda: progress.message(STOPPING_AFTER_TILE),
    )
    progress.clear()
    stopped = outcome.interrupted and outcome.error is None and outcome.value is None
    if isinstance(outcome.error, Cancelled) or stopped:  # else the clip was written: say so
        kept = saved_progress(target)
        if kept:
            print(
                f"{plan.job.source}: stopped; nothing was written to {target.name}. The {kept} "
                "frames finished are kept: run the same command with --resume to continue",
                file=err,
            )
        else:  # --resume would start from the beginning: do not send the user to it
            print(
                f"{plan.job.source}: stopped before the first segment was finished; nothing "
                f"was written to {target.name}",
                file=err,
            )
        raise KeyboardInterrupt
    if isinstance(outcome.error, UpscalerError):
        print(f"error: {describe_error(outcome.error)}", file=err)
        if outcome.interrupted:
            raise KeyboardInterrupt
        return 1
    if outcome.error is not None:
        raise outcome.error
    result = outcome.value
    assert isinstance(result, VideoResult)
    resumed = f", {result.resumed_from} resumed" if result.resumed_from else ""
    print(
        f"{plan.job.source} -> {result.output} ({_sizes(plan)}, "
        f"{_frames(plan.frame_count)}{resumed}, {result.seconds:.1f} s, "
        f"{result.fps:.1f} fps, {format_bytes(result.output.stat().st_size)})",
        file=out,
    )
    for note in result.notes:
        print(f"  note: {note}", file=err)
    if outcome.interrupted:
        raise KeyboardInterrupt
    return 0
