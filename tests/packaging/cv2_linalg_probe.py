"""Prints OpenCV's linear-algebra results (run by test_blas_shim.py with cv2's own OpenBLAS and
with the shim over NumPy's, which must agree), and which BLAS libraries this process loaded."""

from __future__ import annotations

import json

import cv2
import numpy as np


def main() -> None:
    rng = np.random.default_rng(7)
    out: dict[str, object] = {}
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        for n in (8, 64, 150):
            # Well conditioned (eigenvalues kept away from 0), so two BLAS builds agree closely.
            a = (rng.standard_normal((n, n)) + 3 * np.sqrt(n) * np.eye(n)).astype(dtype)
            b = rng.standard_normal((n, 3)).astype(dtype)
            spd = (a @ a.T + n * np.eye(n)).astype(dtype)
            out[f"gemm {name} {n}"] = cv2.gemm(a, b, 1.5, None, 0.0).tolist()
            out[f"gemm_t {name} {n}"] = cv2.gemm(a, a, 1.0, a, 0.5, flags=cv2.GEMM_1_T).tolist()
            for method in ("LU", "CHOLESKY", "QR", "SVD", "EIG"):
                flag = getattr(cv2, f"DECOMP_{method}")
                matrix = spd if method in ("CHOLESKY", "EIG") else a
                ok, x = cv2.solve(matrix, b, flags=flag)
                out[f"solve {method} {name} {n}"] = [bool(ok), x.tolist()]
            tall = np.vstack([a, rng.standard_normal((5, n)).astype(dtype)])  # well conditioned
            rhs = rng.standard_normal((n + 5, 1)).astype(dtype)
            ok, x = cv2.solve(tall, rhs, flags=cv2.DECOMP_QR | cv2.DECOMP_NORMAL)
            out[f"lstsq {name} {n}"] = x.tolist()
            out[f"invert {name} {n}"] = [
                cv2.invert(m, flags=getattr(cv2, f"DECOMP_{method}"))[1].tolist()
                for m, method in ((a, "LU"), (spd, "CHOLESKY"), (a, "SVD"))
            ]
            w, u, vt = cv2.SVDecomp(a)
            out[f"svd {name} {n}"] = np.abs(w).ravel().tolist()  # signs of u, vt are free
            out[f"det {name} {n}"] = cv2.determinant(a / (3 * np.sqrt(n)))
        complex_a = rng.standard_normal((150, 150, 2)).astype(dtype)  # OpenCV's BLAS from 100
        out[f"gemm complex {name}"] = cv2.gemm(complex_a, complex_a, 1.0, None, 0.0).tolist()
        big = (rng.standard_normal((150, 150)) + 30 * np.eye(150)).astype(dtype)
        out[f"log det {name}"] = float(np.log10(abs(cv2.determinant(big))))
        tall = np.vstack([big, rng.standard_normal((20, 150))]).astype(dtype)
        ok, x = cv2.solve(tall, rng.standard_normal((170, 2)).astype(dtype), flags=cv2.DECOMP_QR)
        out[f"least squares QR {name}"] = [bool(ok), x.tolist()]
        ev = cv2.eigenNonSymmetric(rng.standard_normal((30, 30)).astype(dtype))[0]
        out[f"eig {name}"] = sorted(np.round(ev.ravel(), 4).tolist())
    with open("/proc/self/maps", encoding="utf-8") as maps:
        blas = sorted({line.split()[-1].rsplit("/", 1)[-1] for line in maps if "blas" in line})
    print(json.dumps({"results": out, "blas": blas}))


if __name__ == "__main__":
    main()
