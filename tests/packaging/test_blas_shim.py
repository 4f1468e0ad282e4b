"""packaging/blas_shim.py: OpenCV's linear algebra gives the same results through the shim over
NumPy's OpenBLAS as through its own OpenBLAS, which is then not loaded at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import blas_shim  # noqa: E402
import shared_libs  # noqa: E402

PROBE = Path(__file__).with_name("cv2_linalg_probe.py")
#: The shim functions the probe reaches through OpenCV's Python API. The other five (QR and
#: Cholesky factorisations without a right-hand side, general eigenvectors) only OpenCV's C++
#: API calls; they widen and narrow their arguments exactly as the tested ones do.
EXERCISED = blas_shim.PROVIDED - {"sgeqrf_", "dgeqrf_", "spotrf_", "dpotrf_", "dgeev_"}
CV2 = Path(cv2.__file__).parent
SITE = CV2.parent
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries: Linux only"),
]


def _probe(pythonpath: Path | None) -> tuple[dict, set[str]]:
    """The probe's results, and the shim functions it called (the trace build names them)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run(
        [sys.executable, str(PROBE)], capture_output=True, text=True, env=env, check=True
    )
    called = {
        line.split(": ", 1)[1] for line in done.stderr.splitlines() if line.startswith("cv2-blas")
    }
    return json.loads(done.stdout), called


def _close(a: object, b: object, rtol: float) -> bool:
    if isinstance(a, list) and a and isinstance(a[0], bool):
        return a[0] == b[0] and _close(a[1:], b[1:], rtol)  # type: ignore[index]
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=rtol, atol=rtol))


def test_cv2_gets_every_function_it_imports_from_the_shim() -> None:
    [ours] = sorted((SITE / "opencv_contrib_python_headless.libs").glob("libopenblas*"))
    nm = shared_libs.find_tool("nm")
    assert nm is not None
    exported = {s.split("@")[0] for s in shared_libs.dynamic_symbols(nm, ours, "--defined-only")}
    module = next(CV2.glob("cv2*.so"))
    wanted = {s.split("@")[0] for s in shared_libs.dynamic_symbols(nm, module, "--undefined-only")}
    assert wanted & exported == blas_shim.PROVIDED


def test_linear_algebra_agrees_with_opencvs_own_openblas(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(CV2, site / "cv2", ignore=shutil.ignore_patterns("__pycache__"))
    libs = site / "libs"
    libs.mkdir()
    [numpy_blas] = sorted((SITE / "numpy.libs").glob("libscipy_openblas64_*"))
    shim = blas_shim.build(libs, numpy_blas, trace=True)
    module = next((site / "cv2").glob("cv2*.so"))
    patchelf = shared_libs.find_tool("patchelf")
    assert patchelf is not None
    [ours] = sorted((SITE / "opencv_contrib_python_headless.libs").glob("libopenblas*"))
    shared_libs.output_of(patchelf, "--replace-needed", ours.name, shim.name, str(module))
    rpath = f"{libs}:{SITE / 'opencv_contrib_python_headless.libs'}"
    shared_libs.output_of(patchelf, "--force-rpath", "--set-rpath", rpath, str(module))

    (own, _), (shimmed, called) = _probe(None), _probe(site)
    assert any(n.startswith("libopenblasp") for n in own["blas"])
    assert blas_shim.SHIM in shimmed["blas"]
    assert not any(n.startswith("libopenblasp") for n in shimmed["blas"])
    assert called == EXERCISED
    assert own["results"].keys() == shimmed["results"].keys()
    for key, expected in own["results"].items():
        rtol = 1e-3 if "float32" in key else 1e-8
        assert _close(shimmed["results"][key], expected, rtol), key
