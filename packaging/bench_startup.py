"""Start-up time of the frozen GUI: process start to window shown, median of N runs.

Run under a display, e.g. ``xvfb-run -a python packaging/bench_startup.py dist/upscaler``.
A benchmark, not a test: timings on shared machines are noisy, so it reports the median and spread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_start(executable: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "shown"
        env = dict(os.environ, UPSCALER_QUIT_AFTER_SHOWN="1", UPSCALER_STARTUP_LOG=str(log))
        start = time.time()
        subprocess.run([str(executable)], env=env, check=True, capture_output=True, timeout=60)
        return float(log.read_text()) - start


def bundle_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the onedir bundle folder (dist/upscaler)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    gui = args.bundle / ("upscaler.exe" if sys.platform == "win32" else "upscaler")
    one_start(gui)  # warm the file cache, as a second double-click would
    times = [one_start(gui) for _ in range(args.runs)]
    print(f"bundle size: {bundle_size(args.bundle) / 1e6:.1f} MB")
    print(
        f"start to window shown: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
