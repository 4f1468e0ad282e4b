"""OpenCV's own OpenBLAS replaced by a small shim over NumPy's (Linux bundles; used by build.py).

cv2 imports 19 BLAS/LAPACK functions (matrix products, LU, Cholesky, QR, SVD, eigenvalues) from
an OpenBLAS of its own (39 MB). NumPy's OpenBLAS has them all, renamed and with 64-bit integers;
``cv2_blas_shim.c`` adapts the calls, so one OpenBLAS serves both packages. Skipped (nothing
changed) when cv2 imports a function the shim does not provide, or without gcc and patchelf.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shared_libs import dynamic_symbols, find_tool, needed_by, orphans, output_of, remove

SOURCE = Path(__file__).with_name("cv2_blas_shim.c")
SHIM = "libcv2blas.so"

#: What the shim provides: every function cv2 4.x imports from its OpenBLAS.
PROVIDED = frozenset(
    [f"cblas_{t}gemm" for t in "sdcz"]
    + [
        f"{t}{f}_"
        for t in "sd"
        for f in ("gesv", "getrf", "potrf", "posv", "gels", "geqrf", "gesdd")
    ]
    + ["dgeev_"]
)


def build(out: Path, numpy_blas: Path, trace: bool = False) -> Path:
    """Compile the shim into ``out`` (a folder), linked to ``numpy_blas`` through its RPATH;
    ``trace`` (tests) makes each function name itself on stderr when first called."""
    rpath = "$ORIGIN/" + os.path.relpath(numpy_blas.parent, out)
    target = out / SHIM
    trace_flag = ["-DCV2_BLAS_SHIM_TRACE"] if trace else []
    rpath_flag = f"-Wl,-rpath,{rpath.removesuffix('/.')}"
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-s", "-o", str(target), str(SOURCE), *trace_flag,
         f"-L{numpy_blas.parent}", f"-l:{numpy_blas.name}", rpath_flag, f"-Wl,-soname,{SHIM}"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return target


def replace_openblas(libraries: list[Path], bundle: Path) -> int:
    """Point cv2 at the shim and drop its OpenBLAS (and what only that needed); returns the
    bytes saved."""
    patchelf, nm = find_tool("patchelf"), find_tool("nm")
    if not sys.platform.startswith("linux") or None in (patchelf, nm, find_tool("gcc")):
        return 0
    assert patchelf is not None and nm is not None
    ours = [
        p
        for p in libraries
        if p.name.startswith("libopenblas") and p.parent.name.startswith("opencv")
    ]
    numpy_blas = [p for p in libraries if p.name.startswith("libscipy_openblas64_")]
    if len(ours) != 1 or len(numpy_blas) != 1:
        return 0
    [blas], [theirs] = ours, numpy_blas
    needed = needed_by(patchelf, libraries)
    users = [lib for lib, names in needed.items() if blas.name in names]
    exported = {s.split("@")[0] for s in dynamic_symbols(nm, blas, "--defined-only")}
    for user in users:
        wanted = {s.split("@")[0] for s in dynamic_symbols(nm, user, "--undefined-only")} & exported
        if not wanted <= PROVIDED:
            return 0
    shim = build(blas.parent, theirs)
    for user in users:
        output_of(patchelf, "--replace-needed", blas.name, SHIM, str(user))
        needed[user] = [SHIM if n == blas.name else n for n in needed[user]]
    gone = orphans(needed, {blas}, libraries)
    return remove(gone, bundle) - shim.stat().st_size
