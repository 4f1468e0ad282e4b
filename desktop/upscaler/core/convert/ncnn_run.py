"""A standalone tiled runner for converted ncnn models (until the engine's family registry takes
them over): pre/post-processing, edge padding, exact tile sizes, seamless stitching.

The facts it encodes, shared by waifu2x, Real-ESRGAN and RealSR (their ncnn programs do the same):
RGB planes scaled to 0..1 (no mean), output clipped to 0..1. An unpadded network (waifu2x: its
convolutions have no padding) eats ``geometry.border`` pixels per side, so the image is first padded
by that much, repeating its edge pixels; a network with stride-2 layers (CUNet) needs tile sides
that are a multiple of ``geometry.multiple``, so the image is extended on the right and bottom and
the result cropped. Tiles read ``context`` extra pixels around their core: 0 is exact for a
network whose receptive field is its border (UpConv7); zero-padded deep networks (RRDBNet) need
enough context for the tiles' own zero padding to fade out of the core.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import numpy as np

from upscaler.core.convert.ncnn_shapes import Geometry
from upscaler.core.errors import Cancelled, UnsupportedImageError
from upscaler.core.messages import text
from upscaler.core.tiling import Tile, plan_tiles

Network = Callable[[np.ndarray], np.ndarray]
RUNTIMES = ("onnxruntime", "opencv")


def open_network(onnx: bytes, runtime: str = "onnxruntime", threads: int | None = None) -> Network:
    """A function running the model on a ``1x3xHxW`` float32 blob, in either runtime."""
    if runtime == "onnxruntime":
        from upscaler.core.runtime import ort as ort_backend

        session = ort_backend._ort.InferenceSession(
            onnx, ort_backend.session_options(threads), providers=["CPUExecutionProvider"]
        )
        name = session.get_inputs()[0].name
        return lambda blob: session.run(None, {name: blob})[0]
    if runtime == "opencv":
        from upscaler.core.runtime.opencv import read_onnx

        net = read_onnx(onnx)  # immune to a DnnSuperResImpl's DCR-only layer (pitfall #13)

        def run(blob: np.ndarray) -> np.ndarray:
            net.setInput(blob)
            return net.forward()

        return run
    raise ValueError(f"unknown runtime {runtime!r} (use {', '.join(RUNTIMES)})")


def plan(width: int, height: int, geo: Geometry, tile: int, context: int) -> list[Tile]:
    """Tiles over the image extended to a multiple of ``geo.multiple``; every padded tile side
    (plus the border on both sides) is then an exact input size."""
    m = geo.multiple
    if not geo.whole or (2 * int(geo.border) - geo.remainder) % m:
        raise ValueError(f"{geo} cannot be run in exact tiles")
    units = plan_tiles(
        math.ceil(width / m), math.ceil(height / m), max(1, tile // m), -(-context // m)
    )
    return [Tile(t.index, t.core.scaled(m), t.padded.scaled(m)) for t in units]


def to_planes(image: np.ndarray) -> np.ndarray:
    """``HxWx3`` BGR uint8/uint16 -> ``3xHxW`` RGB float32 in 0..1."""
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype not in (np.uint8, np.uint16):
        raise UnsupportedImageError(
            text(
                "expected an 8- or 16-bit colour image, got {shape} {dtype}",
                shape=image.shape,
                dtype=str(image.dtype),
            )
        )
    peak = np.float32(np.iinfo(image.dtype).max)
    return np.ascontiguousarray(image[:, :, ::-1].transpose(2, 0, 1), dtype=np.float32) / peak


def from_planes(planes: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``3xHxW`` RGB 0..1 -> ``HxWx3`` BGR of ``dtype``, rounded."""
    peak = np.iinfo(dtype).max
    pixels = np.rint(np.clip(planes, 0.0, 1.0) * peak).astype(dtype)
    return np.ascontiguousarray(pixels[::-1].transpose(1, 2, 0))


def upscale(
    image: np.ndarray,
    network: Network,
    geo: Geometry,
    *,
    tile: int = 256,
    context: int = 0,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> np.ndarray:
    """Enlarge a BGR image by ``geo.scale``, tile by tile (``tile`` >= the image side: whole)."""
    height, width = image.shape[:2]
    planes = to_planes(image)
    tiles = plan(width, height, geo, tile, context)
    m, b, s = geo.multiple, int(geo.border), int(geo.scale)
    ext_h, ext_w = -(-height // m) * m, -(-width // m) * m
    padded = np.pad(planes, ((0, 0), (b, b + ext_h - height), (b, b + ext_w - width)), mode="edge")
    out = np.empty((geo.output_channels, ext_h * s, ext_w * s), np.float32)
    for done, t in enumerate(tiles):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        p, c = t.padded, t.core
        blob = padded[np.newaxis, :, p.y : p.bottom + 2 * b, p.x : p.right + 2 * b]
        result = network(np.ascontiguousarray(blob))[0]
        if result.shape[1:] != (p.height * s, p.width * s):
            raise ValueError(f"tile {p} gave {result.shape}, expected x{s} of its size")
        rows, cols = t.crop(s)
        out[:, c.y * s : c.bottom * s, c.x * s : c.right * s] = result[:, rows, cols]
        if progress is not None:
            progress(done + 1, len(tiles))
    return from_planes(out[:, : height * s, : width * s], image.dtype)
