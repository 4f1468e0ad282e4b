"""OpenVINO backend: the CPU's reduced-precision path (bf16 on AMX / AVX512_BF16, int8) and
Intel GPUs.

OpenVINO is an optional extra (``pip install 'upscaler[openvino]'``): on a CPU with bf16 units it
ran UpNet 1.7-2.3x and Real-ESRGAN 3.4x faster than onnxruntime fp32 within 0.016 dB (faithful)
or at 50 dB from the fp32 output (docs/benchmarks.md, "Devices and precision"); in fp32 it is no
faster than onnxruntime, so without it nothing is lost but that speed. The same ONNX files are
read (``.pb`` graphs through the cached conversion), and int8 runs the pinned quantised files
(``core/devices/quantized``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.messages import text
from upscaler.core.paths import user_cache_dir
from upscaler.core.runtime.base import check_blob, first_line
from upscaler.core.runtime.ort import onnx_bytes_for

_UNLOADED = object()
_OV: Any = _UNLOADED


def openvino_module() -> Any:
    """The ``openvino`` module, imported on first use (it takes a while, and the program starts
    without it), or None when it is missing or broken. Its usage telemetry is kept off: importing
    openvino otherwise writes ``~/intel/stats`` and a client id (docs/pitfalls.md #29); with
    ``openvino_telemetry`` unimportable it uses its own no-op stub."""
    global _OV
    if _OV is _UNLOADED:
        sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]
        try:  # optional: the CPU path runs on onnxruntime / OpenCV without it
            import openvino
        except Exception:  # noqa: BLE001 - a broken install must not stop the program
            _OV = None
        else:
            _OV = openvino
    return _OV


#: Our precision names to OpenVINO's ``INFERENCE_PRECISION_HINT`` values.
PRECISION_HINTS = {"fp32": "f32", "bf16": "bf16", "fp16": "f16", "int8": "f32"}

_CORE: Any = None


def compiled_cache_dir() -> Path | None:
    """Where OpenVINO keeps compiled networks: compiling DAT-light took 40 s on this machine,
    loading the cached blob 5 s (docs/pitfalls.md #24). None when the folder cannot be made."""
    folder = user_cache_dir() / "openvino"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def available() -> bool:
    return openvino_module() is not None


def core() -> Any:
    """The process's one ``openvino.Core`` (creating one scans for plugins and devices)."""
    global _CORE
    if _CORE is None:
        ov = openvino_module()
        if ov is None:
            raise ModelError(text("OpenVINO is not installed"))
        _CORE = ov.Core()
    return _CORE


def device_names() -> list[str]:
    """OpenVINO's devices (``CPU``, ``GPU``, ``GPU.1``, ...); empty when it is missing or broken."""
    if openvino_module() is None:
        return []
    try:
        return [str(name) for name in core().available_devices]
    except Exception:  # noqa: BLE001 - a broken plugin means no devices, not a crash
        return []


def device_property(device: str, name: str) -> Any:
    """One property of an OpenVINO device, or None when it does not have it."""
    try:
        return core().get_property(device, name)
    except Exception:  # noqa: BLE001 - devices differ in the properties they offer
        return None


def capabilities(device: str) -> set[str]:
    """``OPTIMIZATION_CAPABILITIES``: ``FP32``, ``BF16``, ``FP16``, ``INT8``... of a device."""
    found = device_property(device, "OPTIMIZATION_CAPABILITIES") or ()
    return {str(c).upper() for c in found}


class OpenVinoBackend:
    """A network compiled by OpenVINO for one device at one precision; the Backend protocol."""

    def __init__(
        self,
        path: Path,
        prefer_outputs: tuple[str, ...] = (),
        *,
        device: str = "CPU",
        precision: str = "fp32",
        data: bytes | None = None,
        threads: int | None = None,
    ) -> None:
        """``data``: the ONNX bytes to compile instead of ``path``'s (the int8 file's, while
        ``path`` stays the model the user chose, for messages)."""
        if openvino_module() is None:
            raise ModelError(text("OpenVINO is not installed"), path)
        if precision not in PRECISION_HINTS:
            raise ModelError(text("unknown precision '{precision}'", precision=precision), path)
        self.path = Path(path)
        self.runtime = "openvino"
        self.precision = precision
        onnx = data if data is not None else onnx_bytes_for(self.path)
        config: dict[str, Any] = {
            "INFERENCE_PRECISION_HINT": PRECISION_HINTS[precision],
            "PERFORMANCE_HINT": "LATENCY",
        }
        if device.upper().startswith("CPU"):
            config["INFERENCE_NUM_THREADS"] = threads or os.cpu_count() or 1
        cache = compiled_cache_dir()
        if cache is not None:
            config["CACHE_DIR"] = str(cache)
        try:
            model = core().read_model(onnx)
            outputs = [o.get_any_name() for o in model.outputs]
            self.output = next((n for n in prefer_outputs if n in outputs), outputs[0])
            compiled = core().compile_model(model, device, config)
            self._request = compiled.create_infer_request()
            self._aborted = False  # abort() was called since the run in progress began
            self._output_port = compiled.output(self.output)
        except Exception as err:  # OpenVINO raises RuntimeError with long C++ traces
            raise ModelError(
                text(
                    "OpenVINO cannot load the model on {device} ({reason})",
                    device=device,
                    reason=first_line(err),
                ),
                self.path,
            ) from err
        inputs = model.inputs
        if len(inputs) != 1:
            raise ModelError(
                text("the model has {count} inputs; one image input is expected", count=len(inputs))
            )
        # The graph's own kernels (a quantised file hides them behind DequantizeLinear nodes).
        try:
            from upscaler.core.convert.onnx_proto import conv_kernels  # needs protobuf
        except ImportError:  # OpenVINO does not: the family's stated context serves
            kernels: list[tuple[int, int]] = []
        else:
            kernels = conv_kernels(onnx if data is None else onnx_bytes_for(self.path))
        shape = inputs[0].get_partial_shape()
        declared = shape[1].get_length() if shape.rank.is_static and shape[1].is_static else None
        self.input_channels = declared or (kernels[0][0] if kernels else None)
        self.context = sum(k // 2 for _, k in kernels) if kernels else None

    def run(self, blob: np.ndarray) -> np.ndarray:
        check_blob(blob, self.input_channels, self.path)
        self._aborted = False
        try:
            result = self._request.infer({0: np.ascontiguousarray(blob)})
            out = result[self._output_port]
        except Exception as err:  # OpenVINO raises RuntimeError with long C++ traces
            if self._aborted:  # abort(): the user cancelled
                raise Cancelled() from err
            raise ModelError(
                text("the model failed to run ({reason})", reason=first_line(err)), self.path
            ) from err
        return np.array(out, dtype=np.float32)  # a copy: the request reuses its buffers

    def abort(self) -> None:
        """Stop the run in progress (from another thread): it raises :class:`Cancelled` at once
        instead of finishing its tile. Between runs there is nothing to cancel."""
        self._aborted = True
        self._request.cancel()
