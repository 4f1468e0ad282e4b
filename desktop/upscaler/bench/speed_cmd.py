"""`upscaler-cli bench speed`: how fast each installed model runs here, and how much memory.

Prints Markdown tables (and writes them with ``--output``) for docs/benchmarks.md. See
``core/speedbench.py`` for how each figure is measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import cv2

from upscaler.bench import speed as speedbench
from upscaler.bench.speed import RUNS, Subject, Table, in_child
from upscaler.core.catalog import load_catalog
from upscaler.core.errors import UpscalerError
from upscaler.core.runtime import ort as ort_backend
from upscaler.core.store import ModelStore

SECTIONS = (
    "roofline", "edsr", "models", "overhead", "threads", "tiles", "preview", "memory", "explore"
)  # fmt: skip
LIGHT = ("ESPCN_x3", "FSRCNN_x3", "FSRCNN-small_x3")
MEMORY_MODELS = ("FSRCNN-small_x4", "ESPCN_x4")


def register(bench_sub: argparse._SubParsersAction) -> None:
    speed = bench_sub.add_parser(
        "speed",
        help="inference speed, roofline, threads, tile sizes and peak memory of each model",
        description=(
            "Time every installed model (and a random-weight network of EDSR's architecture) "
            "with both runtimes: medians of --runs runs after a warm-up, ratios from interleaved "
            "runs in one process, peak RSS from fresh processes. Takes several minutes."
        ),
    )
    speed.add_argument("--models", nargs="+", metavar="ID", help="model ids (default: installed)")
    speed.add_argument("--models-dir", type=Path, metavar="DIR", help="extra folder of models")
    speed.add_argument(
        "--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS), metavar="NAME",
        help=f"what to measure (default: all of {', '.join(SECTIONS)})",
    )  # fmt: skip
    speed.add_argument("--runs", type=int, default=RUNS, help=f"timed runs (default {RUNS})")
    speed.add_argument(
        "--edsr-size", default="160x120", metavar="WxH", help="EDSR input (default 160x120)"
    )
    speed.add_argument(
        "--memory-mp", type=float, nargs="+", default=[1, 4, 12], metavar="MP",
        help="input megapixels for the memory section (default 1 4 12)",
    )  # fmt: skip
    speed.add_argument("--output", type=Path, metavar="FILE", help="also write the Markdown here")
    speed.set_defaults(func=run_speed)


def _subjects(args: argparse.Namespace, scratch: Path) -> list[Subject]:
    store = ModelStore(args.models_dir)
    catalog = load_catalog()
    wanted = args.models or [m.id for m in catalog.all() if m.needs_file] + [
        speedbench.EDSR_ARCH_ID
    ]
    subjects = []
    for model_id in wanted:
        if model_id == speedbench.EDSR_ARCH_ID:
            subjects.append(speedbench.edsr_subject(scratch))
            continue
        info = catalog.get(model_id)
        path = store.find(info) if info.needs_file else None
        if path is not None:
            subjects.append(speedbench.subject_for(info, path))
    return subjects


def machine_description() -> list[str]:
    """CPU, cores, memory and library versions: the context every number depends on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    ort_version = getattr(ort_backend._ort, "__version__", "not installed")
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; RAM {memory:.0f} GiB",
        f"- {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- OpenCV {cv2.__version__}, onnxruntime {ort_version}",
        f"- load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
    ]


def _markdown(table: Table) -> str:
    lines = [f"### {table.title}", ""]
    if not table.rows:  # say why, rather than print an empty table
        return "\n".join([*lines, f"_{not_measured(table)}_"]) + "\n"
    if table.note:
        lines += [table.note, ""]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def not_measured(table: Table) -> str:
    """Why a section has no rows: the models it measures are not installed (or not chosen)."""
    if table.needs:
        models = ", ".join(table.needs)
        return (
            f"Not measured: this section measures {models}, and none of them is installed or "
            "chosen with --models. Point --models-dir at a folder that has them, or download "
            f"them (`upscaler-cli models download {table.needs[0]}`)."
        )
    return "Not measured: none of the installed models fits this section."


def _section(title: str, columns: list[str], note: str = "", needs: tuple[str, ...] = ()) -> Table:
    print(f"... {title}", file=sys.stderr, flush=True)
    return Table(title, columns, note=note, needs=needs)


def _by_id(subjects: list[Subject], ids: tuple[str, ...]) -> list[Subject]:
    return [s for s in subjects if s.id in ids]


def run_speed(args: argparse.Namespace) -> int:
    if not ort_backend.available():
        raise UpscalerError(
            "bench speed compares OpenCV DNN with onnxruntime, which is not installed here "
            "(pip install onnxruntime)"
        )
    runs = max(args.runs, 1)
    width, height = (int(v) for v in args.edsr_size.lower().split("x"))
    started = time.time()
    out = [
        "## Machine",
        "",
        *machine_description(),
        f"- command: `upscaler-cli bench speed {' '.join(sys.argv[3:])}`".rstrip(),
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="upscaler-bench-") as scratch:
        # A fresh cache: every child measures its runtime choice as a first load would, instead
        # of reusing decisions remembered from other runs or older versions.
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")
        subjects = _subjects(args, Path(scratch))
        edsr = _by_id(subjects, (speedbench.EDSR_ARCH_ID,))
        tables: list[Table] = []
        roofline = 0.0
        if "roofline" in args.sections or {"edsr", "models"} & set(args.sections):
            table = _section(
                "fp32 roofline (sgemm 2048^3, GFLOP/s)", ["threads", "numpy", "onnxruntime MLAS"]
            )
            for threads in sorted({1, os.cpu_count() or 1}):
                result = in_child(speedbench.sgemm_gflops, threads, 2048, runs)
                roofline = max(roofline, *result.values())
                table.rows.append(
                    [str(threads)] + [f"{result.get(k, 0):.0f}" for k in ("numpy", "onnxruntime")]
                )
            tables.append(table)
        model_cols = [
            "model", "runtime", "input", "auto tile", "ms", "out MP/s", "GFLOP/s", "of roofline",
            "peak RSS MiB", "speed vs OpenCV",
        ]  # fmt: skip
        if "edsr" in args.sections and edsr:
            table = _section(
                "EDSR architecture (32 blocks x 256 channels, x3, random weights)",
                model_cols,
                note=f"{(edsr[0].flops or 0) / 1e6:.1f} MFLOP per input pixel; roofline "
                f"{roofline:.0f} GFLOP/s (best sgemm above). OpenCV's 3x3 convolutions use "
                "Winograd, which does fewer multiplications than the analytic count, so its "
                "GFLOP/s can exceed the roofline.",
            )
            table.rows += in_child(
                speedbench.bench_model, edsr[0], [(width, height)], runs, roofline
            )
            tables.append(table)
        if "models" in args.sections:
            table = _section(
                "Models: whole image through the engine (Auto tiles)",
                model_cols,
                note="Sizes limited to 20 GFLOP per run. Each runtime with its own measured Auto "
                "tile. Peak RSS: the child process so far.",
            )
            for subject in subjects:
                if subject.id == speedbench.EDSR_ARCH_ID:
                    continue
                sizes = speedbench.sizes_for(subject, [128, 256, 512], 20e9)
                table.rows += in_child(speedbench.bench_model, subject, sizes, runs, roofline)
            tables.append(table)
        if "overhead" in args.sections:
            table = _section(
                "Engine overhead against raw cv2.dnn_superres (same model and image, interleaved)",
                [
                    "model", "input", "dnn_superres ms", "engine ms (OpenCV, one tile)",
                    "overhead", "overhead with Auto tiles", "engine ms (auto runtime)",
                    "speed-up",
                ],
            )  # fmt: skip
            for subject in subjects:
                flops = subject.flops or 0.0
                if flops * 640 * 480 <= 20e9:
                    size = (640, 480)
                elif flops * 320 * 240 <= 60e9:
                    size = (320, 240)
                else:
                    continue  # LapSRN x4/x8: minutes per run; same code path as LapSRN x2
                row = in_child(speedbench.bench_overhead, subject, *size, runs)
                if row:
                    table.rows.append(row)
            tables.append(table)
        if "threads" in args.sections:
            table = _section(
                "Threads: 1 vs all cores",
                ["model", "runtime", "input", "1 thread ms", "all cores ms", "speed-up"],
                needs=(*LIGHT, "LapSRN_x2", speedbench.EDSR_ARCH_ID),
            )
            for subject in _by_id(subjects, (*LIGHT, "LapSRN_x2", speedbench.EDSR_ARCH_ID)):
                side = 48 if subject.id == speedbench.EDSR_ARCH_ID else 256
                table.rows += in_child(speedbench.bench_threads, subject, side, runs)
            tables.append(table)
        if "tiles" in args.sections:
            tiles = [64, 128, 256, 512, 1024]
            table = _section(
                "Tile size: fixed sides against Auto (1024x768 input, auto runtime)",
                ["model", "runtime", "input", *[f"tile {t} ms" for t in tiles], "Auto ms",
                 "best fixed", "Auto vs best (medians)", "Auto vs best (fastest runs)"],
                needs=LIGHT,
            )  # fmt: skip
            for subject in _by_id(subjects, LIGHT):
                # Seven runs: the differences sought (10%) are close to this machine's noise.
                row = in_child(speedbench.bench_tiles, subject, 1024, 768, tiles, max(runs, 7))
                table.rows.append(row)
            tables.append(table)
        if "preview" in args.sections:
            table = _section(
                "Preview: a 256x256 region of a 1920x1080 image, model loaded",
                ["model", "runtime", "load ms (runtime choice already cached)", "preview ms"],
                needs=LIGHT,
            )
            for subject in _by_id(subjects, LIGHT):
                table.rows.append(in_child(speedbench.bench_preview, subject, runs))
            tables.append(table)
        if "memory" in args.sections:
            table = _section(
                "Peak memory against input size (x4, Auto tiles, PNG written; fresh process each)",
                ["model", "runtime", "input", "output", "tile", "input+output MiB",
                 "RSS after load MiB", "peak RSS MiB", "upscale s", "write s"],
                needs=MEMORY_MODELS,
            )  # fmt: skip
            for subject in _by_id(subjects, MEMORY_MODELS)[:1]:
                for mp in args.memory_mp:
                    table.rows.append(in_child(speedbench.memory_case, subject, mp, True))
            tables.append(table)
        if "explore" in args.sections:
            tables += _explore(subjects, edsr, width, height, runs)
    out.append(f"Took {time.time() - started:.0f} s; load average at end: "
               f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.\n")  # fmt: skip
    out += [_markdown(t) for t in tables]
    text = "\n".join(out)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


def _explore(
    subjects: list[Subject], edsr: list[Subject], width: int, height: int, runs: int
) -> list[Table]:
    """Reduced precision, batching and parallel tiles (onnxruntime), measured, not adopted."""
    from upscaler.bench import explore as speed_explore

    precision = _section(
        "Reduced precision in onnxruntime (fp16; int8 static quantisation, QLinearConv)",
        ["model", "precision", "ms", "speed vs fp32", "PSNR vs fp32 output"],
        note="Input: the benchmark's photo-like test image, 256x256 (EDSR architecture: 64x48), "
        "pre-processed as its family does. int8 calibrated on that image plus noisy copies.",
        needs=(*LIGHT[:2], "UpNet_x3", speedbench.EDSR_ARCH_ID),
    )
    for subject in [*_by_id(subjects, (*LIGHT[:2], "UpNet_x3")), *edsr]:
        arch = subject.id == speedbench.EDSR_ARCH_ID
        image = speedbench.test_image(64, 48) if arch else speedbench.test_image(256, 256)
        blob = speedbench.network_input(subject.info, image)
        peak = float(blob.max() - blob.min())
        precision.rows += in_child(speed_explore.precision_rows, subject, blob, runs, peak)
    batching = _section(
        "Batching 4 tiles per call against 4 calls (onnxruntime)",
        ["model", "tiles", "one per call ms", "batched ms", "speed-up"],
        needs=(*LIGHT[:2], "LapSRN_x2"),
    )
    for subject in _by_id(subjects, (*LIGHT[:2], "LapSRN_x2")):
        batching.rows.append(in_child(speed_explore.batching_row, subject, 160, 4, runs))
    parallel = _section(
        "Two tiles at once (2 engines x 1 thread) against one engine x 2 threads",
        ["model", "image", "time outside inference", "1 x 2 threads ms", "2 x 1 thread ms",
         "speed-up"],
        note="Running two bands in parallel also overlaps one band's pre/post-processing with "
        "the other's inference.",
        needs=LIGHT,
    )  # fmt: skip
    for subject in _by_id(subjects, LIGHT):
        row = in_child(speed_explore.parallel_tiles_row, subject, 1024, 768, 256, runs)
        if row:
            parallel.rows.append(row)
    return [precision, batching, parallel]
