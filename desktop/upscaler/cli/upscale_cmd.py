"""`upscaler-cli upscale`: enlarge files and folders, one line (or a bar) per file.

One bad file does not stop the others; the exit code is 0 only if every file succeeded. The
network runs in a worker thread so that Ctrl+C in the main thread can ask it to stop between
tiles, and the atomic write means a cancelled file leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from PIL import ImageColor

from upscaler.cli import video_cmd
from upscaler.cli.progress import FileProgress
from upscaler.cli.usage import UsageError, check_models_dir
from upscaler.core import adjust, pipeline
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.devices.detect import PRECISIONS
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ModelError, UpscalerError
from upscaler.core.imageio import FORMAT_CHOICES
from upscaler.core.messages import printable
from upscaler.core.store import ModelStore
from upscaler.core.units import format_bytes, format_duration
from upscaler.core.video.errors import NoRoomError, ResumeError

DEFAULT_SCALE = 3


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "upscale",
        help="enlarge images (files or folders)",
        description=(
            "Enlarge images with a super-resolution model. Results go beside each input as "
            "<name>_x<scale>_<model>.<ext> unless -o or --output-dir says otherwise; existing "
            "files are never replaced without --overwrite, and the input never."
        ),
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="image files or folders (the images directly inside; see --recursive), or video files",
    )
    parser.add_argument(
        "-r",
        "--recursive",
        action="store_true",
        help="also take the images in the folders' subfolders (with --output-dir, results keep "
        "the subfolder layout)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "-o", "--output", type=output_file_arg, metavar="OUT", help="output file (one input)"
    )
    where.add_argument("--output-dir", type=path_arg, metavar="DIR", help="folder for the results")
    parser.add_argument(
        "--model", metavar="NAME", help="model name or id (default: the best installed one)"
    )
    parser.add_argument(
        "--scale", type=int, metavar="N", help=f"enlargement factor (default {DEFAULT_SCALE})"
    )
    parser.add_argument(
        "--denoise",
        type=int,
        choices=range(4),
        metavar="0-3",
        help="JPEG-noise removal level, for models that offer it (waifu2x-photo); default none",
    )
    parser.add_argument(
        "--tile", type=tile_size, metavar="N", help="tile side in input pixels (default: auto)"
    )
    parser.add_argument(
        "--format",
        choices=tuple(FORMAT_CHOICES),
        type=str.lower,
        help="output format (default: the input's, or PNG if it cannot be written)",
    )
    parser.add_argument(
        "--quality",
        type=_percentage,
        metavar="Q",
        help="JPEG/WebP quality 1-100 (default: JPEG 95, WebP lossless)",
    )
    parser.add_argument(
        "--background",
        metavar="COLOR",
        help="colour under transparent areas for formats without alpha (e.g. white, #202020)",
    )
    parser.add_argument(
        "--jpeg-subsampling",
        choices=("4:4:4", "4:2:2", "4:2:0"),
        help="JPEG chroma subsampling (default 4:4:4: full colour detail)",
    )
    parser.add_argument(
        "--png-compression",
        type=int,
        choices=range(10),
        metavar="0-9",
        help="PNG compression level (default 6; 0 is fastest, 9 smallest)",
    )
    parser.add_argument(
        "--no-metadata",
        action="store_true",
        help="do not carry the input's EXIF over (the colour profile is always kept)",
    )
    parser.add_argument(
        "--device",
        default="auto",
        type=str.lower,
        metavar="NAME",
        help="where the network runs: auto (the GPU of an onnxruntime GPU build when there is "
        "one, else the CPU), cpu, or a name `upscaler-cli devices` lists; a device that fails "
        "hands the work to the CPU",
    )
    parser.add_argument(
        "--precision",
        default="auto",
        type=str.lower,
        choices=("auto", *PRECISIONS),
        help="auto (each model's measured choice: the fastest within its quality limit), or "
        "force one; one the device cannot run falls back to fp32 with a warning",
    )
    add_adjust_arguments(parser)
    parser.add_argument("--overwrite", action="store_true", help="replace existing output files")
    parser.add_argument("--models-dir", type=path_arg, metavar="DIR", help="extra folder of models")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be done and write nothing"
    )
    video_cmd.add_arguments(parser)
    parser.set_defaults(func=run)


def add_adjust_arguments(parser: argparse.ArgumentParser) -> None:
    """``--auto-crop``, ``--straighten``, ``--auto-color [STRENGTH]``, ``--restore-fade``."""
    group = parser.add_argument_group("automatic crop and colour")
    group.add_argument(
        "--auto-crop",
        action="store_true",
        help="cut off uniform borders (black bars, scanner margins) before upscaling",
    )
    group.add_argument(
        "--straighten",
        action="store_true",
        help="also turn a scan tilted by up to 6 degrees upright (implies --auto-crop)",
    )
    group.add_argument(
        "--auto-color",
        "--auto-colour",
        dest="auto_color",
        type=_strength,
        nargs="?",
        const=1.0,
        metavar="STRENGTH",
        help="correct white balance and levels after upscaling; STRENGTH from 0 to 1 (default 1)",
    )
    group.add_argument(
        "--restore-fade",
        action="store_true",
        help="restore a faded print: black and white point per channel (implies --auto-color)",
    )


def adjustments(args: argparse.Namespace) -> adjust.Adjustments | None:
    """The auto crop/colour options asked for, or None."""
    straighten = bool(getattr(args, "straighten", False))
    crop = straighten or bool(getattr(args, "auto_crop", False))
    fade = bool(getattr(args, "restore_fade", False))
    strength = getattr(args, "auto_color", None)
    if fade and strength is None:
        strength = 1.0
    colour = None
    if strength is not None:
        colour = adjust.ColourOptions(
            white_balance=strength,
            levels=0.0 if fade else strength,
            fade=strength if fade else 0.0,
        )
    result = adjust.Adjustments(crop=crop, straighten=straighten, colour=colour)
    return result if result.active else None


def _strength(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a strength from 0 to 1 (to give no strength, put --auto-color "
            "after the input files)"
        ) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"strength must be from 0 to 1, got {text}")
    return value


def encoder_options(args: argparse.Namespace) -> dict[str, object]:
    """The encoder settings the user overrode, as :class:`WriteOptions` fields."""
    options: dict[str, object] = {}
    if args.jpeg_subsampling:
        options["jpeg_subsampling"] = args.jpeg_subsampling
    if args.png_compression is not None:
        options["png_compress_level"] = args.png_compression
    if args.no_metadata:
        options["keep_metadata"] = False
    return options


def path_arg(text: str) -> Path:
    """A file or folder argument; an empty one is refused, not read as "." (the current folder),
    which is what an unset variable in a script (`-o "$OUT"`) would otherwise silently become."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the name is empty")
    return Path(text)


def output_file_arg(text: str) -> Path:
    """``-o``: a file. A name ending in a slash means a folder (which may not exist yet, so the
    planner could not tell): say how to write into a folder instead of asking for an extension."""
    if text.endswith(("/", os.sep)) and text.strip("/" + os.sep):
        raise argparse.ArgumentTypeError(
            f"{text} ends with a slash, so it names a folder: use --output-dir {text} to write "
            "the results into it"
        )
    return path_arg(text)


def tile_size(text: str) -> int | None:
    """``--tile``: a side of at least 16 pixels, or ``auto`` (None); shared with ``bench``."""
    if text.strip().lower() == "auto":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a tile size in pixels") from None
    if value < 16:
        raise argparse.ArgumentTypeError(f"tile size must be at least 16 pixels, got {value}")
    return value


def _percentage(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 1 to 100") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"quality must be from 1 to 100, got {value}")
    return value


# -- model choice (shared with bench) -------------------------------------------------------------


def open_store(models_dir: Path | None) -> ModelStore:
    """The model store for ``--models-dir``; a folder that does not exist (or a file) is a typo
    to report, not something to ignore while another model quietly runs."""
    check_models_dir(models_dir)
    return ModelStore(models_dir)


def choose_model(
    store: ModelStore, name: str | None, scale: int | None, denoise: int | None = None
) -> ModelInfo:
    """``--model``/``--scale``/``--denoise`` to a catalog entry; without a name, the store's
    default. An unknown model, a scale or denoise level it lacks is a :class:`UsageError`."""
    catalog = load_catalog()
    try:
        if name is None:
            info = store.default_model(DEFAULT_SCALE if scale is None else scale)  # not `or`: 0
        elif scale is None:
            try:  # an id such as ESPCN_x2, or a name with a single scale, implies its scale
                info = catalog.get(name)
            except ModelError:
                info = catalog.get(name, DEFAULT_SCALE)
        else:
            info = catalog.get(name, scale)
        return info if denoise is None else catalog.with_denoise(info, denoise)
    except ModelError as err:
        raise UsageError(str(err)) from None


def model_file(store: ModelStore, info: ModelInfo) -> Path | None:
    """The verified file for ``info`` (None for built-in baselines); a clear error if missing."""
    if not info.needs_file:
        return None
    path = store.find(info)
    if path is not None:
        return path
    if info.source:  # from a pinned wheel: say which, and how to install it
        raise ModelError(store.source_problem(info))
    # Built-in models cannot be downloaded (`models download` refuses them): reinstalling can.
    cure = (
        "reinstall the program" if info.builtin else f"run `upscaler-cli models download {info.id}`"
    )
    damaged = [p for p in store.candidates(info) if store.problem(info, p)]
    if damaged:
        raise ModelError(
            f"{info.label} is damaged or the wrong file ({store.problem(info, damaged[0])}); "
            f"{cure} to get a good copy",
            damaged[0],
        )
    missing = "is missing from this installation" if info.builtin else "is not installed"
    raise ModelError(
        f"model {info.label} {missing}; {cure} (or point --models-dir at a folder that has it)"
    )


# -- running --------------------------------------------------------------------------------------


def describe_error(err: UpscalerError) -> str:
    """One line for a failed file, with the command-line way out where there is one."""
    text = str(err)
    if isinstance(err, pipeline.OutputExistsError):
        text += " (use --overwrite to replace it)"
    elif isinstance(err, pipeline.FolderNotWritableError):
        text += "; use --output-dir to write the results elsewhere"
    elif isinstance(err, ResumeError):
        text += "; run without --resume to start over"
    elif isinstance(err, NoRoomError):
        text += " (--output-dir, --crf)"
    return text


def describe_skipped(skipped: Sequence[Path]) -> str:
    """One line for the inputs left out as earlier results (what ``*.png`` matches on a rerun)."""
    names = ", ".join(printable(p.name) for p in skipped)
    what = "1 earlier result" if len(skipped) == 1 else f"{len(skipped)} earlier results"
    return (
        f"skipped {what} of the other inputs ({names}); name such a file alone to upscale it again"
    )


def _size(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


#: Said at the first Ctrl+C: the job stops at the end of the tile it is in (seconds, with a slow
#: model half a minute; an encoding stops at once), and only then does the command end.
STOPPING_AFTER_TILE = (
    "stopping cleanly; this can take as long as one tile (Ctrl+C again does not cut it short)..."
)


@dataclass
class WorkerOutcome:
    value: object = None
    error: BaseException | None = None
    interrupted: bool = False  # Ctrl+C arrived while the job ran


def run_in_worker(
    job_fn: Callable[[], object],
    cancel: threading.Event,
    on_stopping: Callable[[], None] | None = None,
) -> WorkerOutcome:
    """Run ``job_fn`` in a thread; Ctrl+C sets ``cancel`` and waits for the job to stop cleanly
    (mid-tile where the runtime can stop, else between tiles), so nothing is left half-written.
    Further Ctrl+C while it stops do not cut the wait short: the program would exit with the
    job's thread inside ONNX Runtime, and the C++ runtime then aborts the process ("terminate
    called without an active exception"). On OpenCV DNN a slow model's tile can take half a
    minute, so ``on_stopping`` (called at the first Ctrl+C) tells the user the stop is under
    way; without a word the second Ctrl+C is only a matter of time."""
    outcome = WorkerOutcome()
    go, finished = threading.Event(), threading.Event()

    def target() -> None:
        go.wait()  # the job starts only once the main thread is ready to handle Ctrl+C
        try:
            outcome.value = job_fn()
        except BaseException as err:  # handed to the main thread
            outcome.error = err
        finally:
            finished.set()

    # Polling a flag with sleep rather than Thread.join or Event.wait: a join interrupted by
    # Ctrl+C can leave the thread marked as stopped while it still runs (CPython gh-90882), and
    # KeyboardInterrupt raised inside Condition.wait's bookkeeping can leave its lock released;
    # sleep holds no lock, and a real SIGINT ends it at once.
    threading.Thread(target=target, name="upscale", daemon=True).start()
    try:
        go.set()
        while not finished.is_set():
            time.sleep(0.05)
    except KeyboardInterrupt:
        outcome.interrupted = True
        cancel.set()
        go.set()  # Ctrl+C may land before go.set() above: the job must start to see the cancel
        if on_stopping is not None:
            with suppress(KeyboardInterrupt):  # a second Ctrl+C while it prints
                on_stopping()
        while True:
            with suppress(KeyboardInterrupt):  # already stopping
                while not finished.is_set():
                    time.sleep(0.05)
                break
    return outcome


class SaveProgress:
    """The encoding's progress: once the tiles are done the file's bar starts again, labelled
    as saving (a large PNG takes seconds to write)."""

    def __init__(self, bar: FileProgress, label: str) -> None:
        self.bar, self.label, self.started = bar, label, False

    def __call__(self, done: int, total: int) -> None:
        if not self.started:
            self.started = True
            self.bar.start(self.label)
        self.bar.update(done, total)


def upscale_all(
    plan: pipeline.JobPlan,
    engine: Upscaler,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    background: tuple[int, int, int] | None = None,
) -> int:
    """Run every job; returns how many failed (each failure already printed as one line).

    Ctrl+C stops the current file (nothing written) and the rest, then raises KeyboardInterrupt.
    """
    progress = FileProgress(err)
    encoder = encoder_options(args)
    adjust_options = adjustments(args)
    total = len(plan.jobs)
    failed = 0
    cancel = threading.Event()
    for n, job in enumerate(plan.jobs, start=1):
        counter = f"[{n}/{total}] " if total > 1 else ""
        name = printable(job.source.name)
        progress.start(f"{counter}{name}")
        save_progress = SaveProgress(progress, f"{counter}{name}: saving")

        def work(
            job: pipeline.Job = job, on_save: SaveProgress = save_progress
        ) -> pipeline.JobResult:
            return pipeline.run_job(
                job,
                engine,
                tile=args.tile,
                quality=args.quality,
                background=background,
                encoder=encoder,
                overwrite=args.overwrite,
                progress=progress.update,
                cancel=cancel,
                adjust=adjust_options,
                save_progress=on_save,
            )

        outcome = run_in_worker(
            work,
            cancel,
            lambda: progress.message(STOPPING_AFTER_TILE, err),
        )
        if isinstance(outcome.error, Cancelled):
            progress.message(
                f"{counter}{printable(job.source)}: cancelled; nothing was written", err
            )
            raise KeyboardInterrupt
        if isinstance(outcome.error, UpscalerError):
            failed += 1
            progress.message(f"{counter}error: {describe_error(outcome.error)}", err)
        elif outcome.error is not None:
            raise outcome.error
        else:
            result = outcome.value
            assert isinstance(result, pipeline.JobResult)
            progress.message(
                f"{counter}{printable(job.source)} -> {printable(result.output)} "
                f"({_size(result.input_size)} -> "
                f"{_size(result.output_size)}, {result.seconds:.1f} s{ran_on(engine)})",
                out,
            )
            for note in result.adjustments:
                progress.message(f"  {note}", out)
            for warning in result.warnings:
                progress.message(f"  warning: {warning}", err)
        # Ctrl+C after the file was written (too late to stop it): it is reported as written,
        # never also as interrupted; the files after it are not started.
        if outcome.interrupted and (outcome.error is not None or n < total):
            raise KeyboardInterrupt
    return failed


def ran_on(engine: Upscaler) -> str:
    """``, cpu bf16 (openvino)``: where the network ran, at what precision, on which runtime
    (nothing for baselines)."""
    if engine.backend is None:
        return ""
    return f", {engine.device} {engine.precision} ({engine.backend.runtime})"


def parse_colour(text: str) -> tuple[int, int, int]:
    """``white``, ``#202020``, ``rgb(1,2,3)``: any colour Pillow knows, as RGB."""
    try:
        rgb = ImageColor.getrgb(text.strip())
    except ValueError:
        raise UsageError(
            f"argument --background: '{text}' is not a colour; use a name (white) or a hex value "
            "(#ffffff)"
        ) from None
    return (int(rgb[0]), int(rgb[1]), int(rgb[2]))


def describe_preview(preview: pipeline.JobPreview, info: ModelInfo, auto: bool) -> str:
    """``in -> out: WxH -> WxH, model, tile, memory and time`` for one job of a dry run."""
    cost = preview.estimate
    tiles = "1 tile" if cost.tiles == 1 else f"{cost.tiles} tiles"
    cropped = f"cropped to {_size(preview.cropped_size)} -> " if preview.cropped_size else ""
    return (
        f"{printable(preview.job.source)} -> {printable(preview.job.target)}: "
        f"{_size(preview.input_size)} -> "
        f"{cropped}{_size(preview.output_size)}, {info.label}, tile {'auto ' if auto else ''}"
        f"{cost.tile} px ({tiles}), about {format_bytes(cost.peak_bytes)} of memory, "
        f"{describe_time(cost.seconds)}"
    )


def describe_time(seconds: float) -> str:
    """``under a second`` or ``about 1:15``, as the window says it."""
    return "under a second" if seconds < 1 else f"about {format_duration(seconds)}"


def dry_run(
    plan: pipeline.JobPlan,
    engine: Upscaler,
    tile: int | None,
    out: TextIO,
    err: TextIO,
    background: tuple[int, int, int] | None = None,
    adjust_options: adjust.Adjustments | None = None,
) -> int:
    """Print what each job would do, reading only image headers (and, for --auto-crop, the
    pixels, to find the borders); returns how many would fail."""
    failed = 0
    for job in plan.jobs:
        try:
            preview = pipeline.preview_job(
                job, engine, tile=tile, background=background, adjust=adjust_options
            )
        except UpscalerError as error:
            failed += 1
            print(f"error: {describe_error(error)}", file=err)
            continue
        print(describe_preview(preview, engine.info, tile is None), file=out)
    if adjust_options is not None and adjust_options.colour is not None:
        print("auto colour: analysed and applied when the images are upscaled", file=out)
    return failed


def load_engine(
    info: ModelInfo, path: Path | None, args: argparse.Namespace, err: TextIO
) -> Upscaler:
    """The model on ``--device`` at ``--precision``; each fallback (a device missing or failing,
    a precision it cannot run) is one ``warning:`` line, and the work goes on on the CPU."""

    def warn(message: str) -> None:
        print(f"warning: {message}", file=err, flush=True)

    device = getattr(args, "device", "auto")
    precision = getattr(args, "precision", "auto")
    return Upscaler(info, path, device=device, precision=precision, on_notice=warn)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if video_cmd.wants_video(args):
        try:
            return video_cmd.run(args, out, err)
        except pipeline.PlanError as contradiction:  # a mistake in the command line
            raise UsageError(str(contradiction)) from None
    # A typo in the colour fails before any work, not once per file.
    background = parse_colour(args.background) if args.background else None
    adjust_options = adjustments(args)
    store = open_store(args.models_dir)
    info = choose_model(store, args.model, args.scale, args.denoise)
    try:
        plan = pipeline.plan_jobs(
            args.inputs,
            model=info,
            output=args.output,
            output_dir=args.output_dir,
            fmt=args.format,
            overwrite=args.overwrite,
            recursive=args.recursive,
        )
    except pipeline.PlanError as contradiction:  # the options contradict each other
        raise UsageError(str(contradiction)) from None
    for folder in plan.unsearched:
        print(
            f"note: {printable(folder)}: its subfolders were not searched (add --recursive to "
            "include them)",
            file=err,
        )
    if plan.skipped:
        print(describe_skipped(plan.skipped), file=err)
    if plan.unreadable:
        print(f"note: {pipeline.unreadable_text(plan.unreadable)}", file=err)
    for error in plan.errors:
        print(f"error: {describe_error(error)}", file=err)
    failed = len(plan.errors)
    engine = load_engine(info, model_file(store, info), args, err) if plan.jobs else None
    if args.dry_run:
        if engine is not None:
            failed += dry_run(plan, engine, args.tile, out, err, background, adjust_options)
        print("dry run: nothing was written", file=out)
        return 0 if failed == 0 else 1
    if engine is not None:
        failed += upscale_all(plan, engine, args, out, err, background)
    count = len(plan.jobs) + len(plan.errors)
    if count > 1 or failed:
        print(f"{count - failed} of {count} images upscaled with {info.label}", file=err)
    return 0 if failed == 0 else 1
