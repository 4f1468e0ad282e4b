"""`upscaler-cli bench precision`: the per-model, per-precision table and the recorded decisions.

    upscaler-cli bench precision --shared ../shared                 # every installed model
    upscaler-cli bench precision --shared ../shared --write-table   # and record the decisions
    upscaler-cli bench precision --models UpNet_x4 --extra DAT-light_x3=dat.onnx:faithful:dat

See ``bench/precision.py`` for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from upscaler.bench import precision as bench
from upscaler.bench.speed import EDSR_ARCH_ID, edsr_subject, sgemm_gflops
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.devices import measured
from upscaler.core.families import get_family
from upscaler.core.store import ModelStore

TABLE_FILE = Path(measured.__file__)


def register(bench_sub: argparse._SubParsersAction) -> None:
    parser = bench_sub.add_parser(
        "precision",
        help="fp32 / bf16 / fp16 / int8 speed and quality of each model on each CPU runtime",
        description=(
            "Time every variant of each model in one process (interleaved runs, medians, ratio "
            "to onnxruntime fp32) and measure its quality cost (Set5+Set14 PSNR loss for "
            "faithful models, PSNR against the fp32 output for generative ones)."
        ),
    )
    parser.add_argument("--models", nargs="+", metavar="ID", help="model ids (default: installed)")
    parser.add_argument("--models-dir", type=Path, metavar="DIR", help="extra folder of models")
    parser.add_argument(
        "--shared", type=Path, required=True, metavar="DIR",
        help="the shared data folder (data/sr-benchmarks for quality, data/sr-train for "
        "calibration and the speed image)",
    )  # fmt: skip
    parser.add_argument(
        "--extra", nargs="+", default=[], metavar="ID=PATH:JUDGED:FAMILY[:CROP]",
        help="models not in the catalog (measurement only), e.g. "
        "DAT-light_x3=DAT-light_x3.onnx:faithful:unit (unit: BasicSR's RGB 0..1); CROP: "
        "score quality on CROPxCROP input crops of the test images (slow models)",
    )  # fmt: skip
    parser.add_argument(
        "--variants", nargs="+", metavar="PRECISION/RUNTIME",
        help="measure only these (e.g. bf16/openvino; onnxruntime fp32 is always measured)",
    )  # fmt: skip
    parser.add_argument("--edsr", action="store_true", help="add EDSR's architecture (random)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument(
        "--target", nargs="+", default=[], metavar="ID=WxH",
        help="also time model ID on a WxH photo-like image at its auto precision against "
        "onnxruntime fp32 (the issue's targets: UpNet_x4=4000x3000, DAT-light_x3=256x256)",
    )  # fmt: skip
    parser.add_argument(
        "--skip-table", action="store_true",
        help="measure only the --target rows (the models' decisions as recorded)",
    )  # fmt: skip
    parser.add_argument("--output", type=Path, metavar="FILE", help="also write the Markdown here")
    parser.add_argument(
        "--table-from", nargs="+", type=Path, metavar="JSON",
        help="measure nothing: record the decisions from earlier runs' JSON (written beside "
        "--output) in the table",
    )  # fmt: skip
    parser.add_argument(
        "--write-table", action="store_true",
        help=f"record the decisions in {TABLE_FILE.name} (what --precision auto uses)",
    )  # fmt: skip
    parser.set_defaults(func=run_precision)


def _extra(spec: str) -> bench.Subject:
    ident, _, rest = spec.partition("=")
    parts = rest.split(":")
    path, judged, family, crop = parts + ["faithful", "", ""][len(parts) - 1 :]
    scale = int(ident.rsplit("_x", 1)[1])
    if family in ("", "unit", "unit-rgb"):
        family = bench.register_unit_rgb()
    if get_family(family) is None:
        raise SystemExit(f"bench precision: unknown family {family!r} for {ident}")
    info = ModelInfo(
        id=ident,
        name=ident.rsplit("_x", 1)[0],
        family=family,
        scale=scale,
        filename=Path(path).name,
        speed="slow",
    )
    return bench.Subject(info, Path(path), judged, quality_crop=int(crop) if crop else None)


def subjects(args: argparse.Namespace, scratch: Path) -> list[bench.Subject]:
    store = ModelStore(args.models_dir)
    catalog = load_catalog()
    if args.models:
        chosen = [catalog.get(i) for i in args.models]
    elif args.extra:  # only the extra models, unless --models names catalog ones too
        chosen = []
    else:
        chosen = [m for m in catalog.all() if m.needs_file and store.is_installed(m)]
    found = []
    for info in chosen:
        path = store.find(info)
        if path is None:
            print(f"skipped {info.id}: not installed", file=sys.stderr)
            continue
        judged = "generative" if info.invents_detail else "faithful"
        found.append(bench.Subject(info, path, judged))
    found += [_extra(spec) for spec in args.extra]
    if args.edsr:
        edsr = edsr_subject(scratch, 3)
        found.append(
            bench.Subject(edsr.info, edsr.path, "generative", quality_crop=32, speed_size=(64, 48))
        )
    return found


def target_table(
    specs: list[str], chosen: list[bench.Subject], results: dict[str, list[bench.Row]], runs: int
) -> str:
    """The --target rows: each model at the precision auto takes (this run's decision when it
    was measured, else the recorded one), against onnxruntime fp32."""
    from upscaler.core.devices.precision import auto_choices

    by_id = {s.info.id: s for s in chosen}
    lines = [
        "| model | input | precision | runtime | seconds | vs ORT fp32 |",
        "|---|---|---|---|---|---|",
    ]
    for spec in specs:
        ident, _, size = spec.partition("=")
        width, _, height = size.lower().partition("x")
        subject = by_id.get(ident)
        if subject is None:
            info = load_catalog().get(ident)
            path = ModelStore().find(info)
            if path is None:
                lines.append(f"| {ident} | not installed | | | | |")
                continue
            subject = bench.Subject(info, path)
        choices = (
            bench.decisions(results[ident], bench.reference_runtime(ident))
            if ident in results
            else auto_choices(ident)
        )
        precision, runtime = choices[0]
        runtime = runtime or "onnxruntime"
        lines += bench.target_rows(subject, precision, runtime, (int(width), int(height)), runs)
    return "\n".join(lines)


def save(output: Path, header: str, results: dict[str, list[bench.Row]]) -> None:
    """The measurements so far as JSON beside ``output`` (``--table-from`` reads it)."""
    data = {"header": header, "results": bench.rows_to_json(results)}
    output.with_suffix(".json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def table_from(files: list[Path]) -> int:
    results: dict[str, list[bench.Row]] = {}
    headers = []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        headers.append(data["header"])
        results.update(bench.rows_from_json(data["results"]))
    results.pop(EDSR_ARCH_ID, None)
    bench.write_table(TABLE_FILE, results, "; ".join(dict.fromkeys(headers)))
    print(f"recorded the decisions of {len(results)} models in {TABLE_FILE}")
    return 0


def run_precision(args: argparse.Namespace) -> int:
    from upscaler.bench.cli import load_images  # cli registers this module: import late

    if args.table_from:
        return table_from(args.table_from)

    shared = args.shared
    images = [
        *load_images(shared / "data" / "sr-benchmarks" / "Set5", sys.stderr)[0],
        *load_images(shared / "data" / "sr-benchmarks" / "Set14", sys.stderr)[0],
    ]
    train = shared / "data" / "sr-train"
    load = os.getloadavg()
    header = bench.machine_line(load)
    print(f"# bench precision\n\n{header}\n", flush=True)
    started = time.perf_counter()
    peak = max(sgemm_gflops(os.cpu_count() or 1, runs=args.runs).values())
    print(f"fp32 peak (sgemm 2048^3, best of numpy/onnxruntime): {peak:.0f} GFLOP/s", flush=True)
    results: dict[str, list[bench.Row]] = {}
    variants = (
        tuple(tuple(v.split("/", 1)) for v in args.variants) if args.variants else bench.VARIANTS
    )
    with tempfile.TemporaryDirectory() as scratch:
        chosen = subjects(args, Path(scratch))
        for subject in [] if args.skip_table else chosen:
            print(f"measuring {subject.info.id} ({subject.judged})", flush=True)
            results[subject.info.id] = bench.measure_subject(
                subject, images, train, args.runs, log=lambda m: print(m, flush=True),
                variants=variants,
            )  # fmt: skip
            if args.output:  # after every model: a crash later loses nothing measured
                save(args.output, header, results)
        table = bench.markdown([s for s in chosen if s.info.id in results], results, peak)
        if args.target:
            table += "\n\n" + target_table(args.target, chosen, results, max(1, args.runs // 2))
    end = os.getloadavg()
    text = (
        f"{header}; command: `upscaler-cli bench precision {' '.join(sys.argv[3:])}`\n\n"
        f"fp32 peak {peak:.0f} GFLOP/s; took {time.perf_counter() - started:.0f} s; load "
        f"average at end {end[0]:.1f}\n\n{table}\n"
    )
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        save(args.output, header, results)
    if args.write_table:
        recorded = {k: v for k, v in results.items() if k != EDSR_ARCH_ID}
        bench.write_table(TABLE_FILE, recorded, header)
        print(f"recorded the decisions in {TABLE_FILE}")
    return 0
