"""Which runtime runs a model: the family's stated preference, the first that loads it.

Fixed rules, not timing probes: a probe's outcome depends on what else the machine was doing at the
moment, so the same model could run on a different runtime (with different speed and slightly
different pixels) from one day to the next. Each family states the runtimes it runs best on,
measured once and written down (docs/benchmarks.md); ``auto`` opens the first of them that is
installed and loads the model. ``$UPSCALER_RUNTIME`` (``auto``, ``onnxruntime``, ``opencv``) or an
explicit runtime forces one.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from upscaler.core.errors import ModelError
from upscaler.core.messages import text
from upscaler.core.runtime import ort
from upscaler.core.runtime.base import ORT_FIRST, Backend

RUNTIME_ENV = "UPSCALER_RUNTIME"
RUNTIMES = ("auto", "onnxruntime", "opencv")


def requested_runtime(runtime: str = "auto") -> str:
    """``auto`` defers to ``$UPSCALER_RUNTIME``; an explicit runtime wins over the variable."""
    if runtime == "auto":
        runtime = os.environ.get(RUNTIME_ENV, "").strip().lower() or "auto"
    if runtime not in RUNTIMES:
        raise ModelError(
            text(
                "unknown inference runtime '{runtime}' (use {runtimes})",
                runtime=runtime,
                runtimes=", ".join(RUNTIMES),
            )
        )
    return runtime


def candidates(runtime: str = "auto", preference: tuple[str, ...] = ORT_FIRST) -> tuple[str, ...]:
    """The runtimes to try, in order: the forced one, or the installed ones of ``preference``.

    OpenCV DNN, where installed, is the last resort of ``auto``: without onnxruntime a source
    install runs every model on OpenCV (slower). The offline bundle has onnxruntime and leaves
    OpenCV out (docs/packaging.md).
    """
    runtime = requested_runtime(runtime)
    if runtime != "auto":
        return (runtime,)
    installed = {"onnxruntime": ort.available(), "opencv": opencv_available()}
    ordered = [name for name in preference if installed.get(name, True)]
    if installed["opencv"] and "opencv" not in ordered:
        ordered.append("opencv")
    return tuple(ordered)


def opencv_available() -> bool:
    """Whether OpenCV (``cv2``) can be imported, without importing it (84 MB of library)."""
    try:
        return importlib.util.find_spec("cv2") is not None
    except (ImportError, ValueError):  # a module entry of None: blocked on purpose
        return False


def _open(runtime: str, path: Path, prefer_outputs: tuple[str, ...]) -> Backend:
    if runtime == "onnxruntime":
        return ort.OrtBackend(path, prefer_outputs, spin=False)
    if not opencv_available():
        raise ModelError(text("OpenCV DNN is not installed here; use onnxruntime"), path)
    from upscaler.core.runtime.opencv import OpenCVBackend

    return OpenCVBackend(path, prefer_outputs)


def open_backend(
    path: Path,
    prefer_outputs: tuple[str, ...] = (),
    runtime: str = "auto",
    preference: tuple[str, ...] = ORT_FIRST,
) -> Backend:
    """Open ``path`` with the first runtime of :func:`candidates` that loads it.

    In ``auto`` a model one runtime cannot load or convert runs on the next; a forced runtime
    raises instead, and so does ``auto`` when no runtime can load the file (the last error).
    """
    names = candidates(runtime, preference)
    if not names:
        raise ModelError(text("no inference runtime is installed (onnxruntime or OpenCV)"), path)
    error: ModelError | None = None
    for name in names:
        try:
            return _open(name, Path(path), prefer_outputs)
        except ModelError as err:
            error = err
    assert error is not None
    raise error
