"""ONNX Runtime backend: the fast path for ``.onnx`` models and for converted ``.pb`` graphs.

onnxruntime with full graph optimisation (convolution/bias/activation fusion, NCHWc blocked layout
for AVX-512) runs the light networks 1.1-3.7x faster than cv2.dnn on the same CPU
(docs/pitfalls.md #15). It is optional: if it cannot be imported or a graph cannot be converted,
callers keep OpenCV.

A ``.pb`` graph is converted once and the ONNX bytes are cached in the user cache folder under the
file's SHA-256 (plus the converter version), so a changed file or converter is never served stale.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from upscaler.core.errors import Cancelled, ModelError
from upscaler.core.fsutil import write_cache
from upscaler.core.hashing import DigestCache
from upscaler.core.messages import text
from upscaler.core.paths import user_cache_dir
from upscaler.core.runtime.base import check_blob

#: onnxruntime (1.2x on Linux too) writes a telemetry device id and an event database under the
#: user's cache folder (``~/.cache/Microsoft/DeveloperTools/.onnxruntime``) as soon as it is
#: imported, and prints a raw warning where that folder is read-only: files and noise the user
#: never asked for. Its switch must be set before the import; a user who set it keeps their value.
TELEMETRY_SWITCH = "ORT_DISABLE_TELEMETRY"
os.environ.setdefault(TELEMETRY_SWITCH, "1")

try:  # optional: the program runs (slower) on OpenCV alone
    import onnxruntime as _ort

    _ort.set_default_logger_severity(3)  # errors only: warnings reach the user as ModelErrors
    _ort.disable_telemetry_events()
except Exception:  # noqa: BLE001 - a broken install must not stop the program
    _ort = None


CPU_PROVIDER = "CPUExecutionProvider"


def available() -> bool:
    """True when onnxruntime imported and offers its CPU provider."""
    return _ort is not None and CPU_PROVIDER in providers()


def providers() -> list[str]:
    """The execution providers this onnxruntime build offers (a GPU build lists CUDA etc. even
    when the machine has no GPU: only loading a model tells whether one works)."""
    if _ort is None:
        return []
    try:
        return list(_ort.get_available_providers())
    except Exception:  # noqa: BLE001 - a broken build offers nothing
        return []


def default_cache_dir() -> Path:
    return user_cache_dir() / "onnx"


def onnx_bytes_for(path: Path, cache_dir: Path | None = None) -> bytes:
    """The ONNX graph for a model file: the file itself, or its (cached) conversion from ``.pb``.

    Raises UnsupportedGraph when a ``.pb`` cannot be converted, ModelError when it cannot be read.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".onnx":  # no conversion: protobuf is not needed
            return path.read_bytes()
        from upscaler.core.convert.tf_to_onnx import CONVERTER_VERSION, convert_file  # protobuf

        name = f"{DigestCache().digest(path).sha256}-c{CONVERTER_VERSION}.onnx"
        cached = (cache_dir or default_cache_dir()) / name
        if cached.is_file():
            return cached.read_bytes()
    except OSError as err:
        raise ModelError(
            text("the model file cannot be read ({reason})", reason=str(err.strerror or err)), path
        ) from err
    data = convert_file(path).onnx
    with contextlib.suppress(OSError):  # an unwritable cache only costs a conversion next time
        write_cache(cached, data)
    return data


def session_options(threads: int | None = None, *, spin: bool = True) -> Any:
    """Full graph optimisation, one intra-op thread per core, sequential execution.

    ``spin=False`` stops idle worker threads from busy-waiting between operators, which leaves the
    CPU to the GUI and other programs at a small cost in speed.
    """
    options = _ort.SessionOptions()
    options.graph_optimization_level = _ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.execution_mode = _ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    if not spin:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


class OrtBackend:
    """A network run by onnxruntime; same contract as ``opencv.OpenCVBackend``.

    ``provider`` other than the CPU's (CUDA, DirectML, CoreML) must really run the graph:
    onnxruntime silently falls back to the CPU when a GPU provider cannot start (missing CUDA
    libraries), so a session that did not get it is refused (docs/pitfalls.md #22).
    """

    def __init__(
        self,
        path: Path,
        prefer_outputs: tuple[str, ...] = (),
        *,
        threads: int | None = None,
        spin: bool = True,
        cache_dir: Path | None = None,
        provider: str = CPU_PROVIDER,
        provider_options: dict[str, Any] | None = None,
        data: bytes | None = None,
    ) -> None:
        """``data``: ONNX bytes to run instead of ``path``'s (a quantised file), while ``path``
        stays the model the user chose, for messages and the graph's receptive field."""
        if not available():
            raise ModelError(text("onnxruntime is not available"), path)
        self.path = Path(path)
        self.runtime = "onnxruntime"
        self._running: Any = None  # the RunOptions of the run in progress (abort() stops it)
        own = onnx_bytes_for(self.path, cache_dir)
        chosen = [(provider, provider_options or {})]
        if provider != CPU_PROVIDER:
            chosen.append((CPU_PROVIDER, {}))  # for the few operators a GPU provider lacks
        try:
            self._session = _ort.InferenceSession(
                own if data is None else data,
                session_options(threads, spin=spin),
                providers=chosen,
            )
        except Exception as err:  # onnxruntime raises its own exception types
            raise ModelError(
                text("onnxruntime cannot load the model ({reason})", reason=str(err)), self.path
            ) from err
        if self._session.get_providers()[0] != provider:
            raise ModelError(
                text(
                    "onnxruntime could not start {provider} (it would have run on the CPU)",
                    provider=provider,
                ),
                self.path,
            )
        self.provider = provider
        inputs = self._session.get_inputs()
        if len(inputs) != 1:
            raise ModelError(
                text("the model has {count} inputs; one image input is expected", count=len(inputs))
            )
        self._input = inputs[0].name
        outputs = [o.name for o in self._session.get_outputs()]
        self.output = next((n for n in prefer_outputs if n in outputs), outputs[0])
        from upscaler.core.convert.onnx_proto import conv_kernels  # protobuf, as onnxruntime

        kernels = conv_kernels(own)
        shape = inputs[0].shape
        declared = shape[1] if len(shape) == 4 and isinstance(shape[1], int) else None
        self.input_channels = declared or (kernels[0][0] if kernels else None)
        self.context = sum(k // 2 for _, k in kernels) if kernels else None

    def run(self, blob: np.ndarray) -> np.ndarray:
        check_blob(blob, self.input_channels, self.path)
        options = _ort.RunOptions()
        self._running = options
        try:
            (out,) = self._session.run(
                [self.output], {self._input: np.ascontiguousarray(blob)}, options
            )
        except Exception as err:  # onnxruntime raises its own exception types
            if options.terminate:  # abort(): the user cancelled
                raise Cancelled() from err
            raise ModelError(
                text("the model failed to run ({reason})", reason=str(err)), self.path
            ) from err
        finally:
            self._running = None
        return np.asarray(out, dtype=np.float32)

    def abort(self) -> None:
        """Stop the run in progress (from another thread): it raises :class:`Cancelled` within
        milliseconds instead of finishing a tile that can take half a minute."""
        options = self._running
        if options is not None:
            options.terminate = True
