"""Peak memory is bounded by the tile size, not the image size (scaled-down check).

Each measurement runs in a fresh process (peak RSS is per process; ``speedbench.peak_rss`` reads
VmHWM because Linux's ru_maxrss is inherited from the parent): load the model, warm up on an image
big enough to contain every tile shape, then upscale the real image. Beyond the input and the
output arrays themselves, the peak may not grow: a full-size float copy of the 2048x2048 result
(16 MiB for one float32 plane, 48 MiB for three) would exceed the allowance.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: Bytes a run may add beyond its input and output arrays (allocator noise, small buffers).
ALLOWANCE = 8 * 1024 * 1024
TILE = 128

MEASURE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import numpy as np
    from upscaler.core.catalog import load_catalog
    from upscaler.core.engine import Upscaler
    from upscaler.bench.speed import peak_rss

    runtime, side, tile, models = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    info = load_catalog().get("ESPCN_x2")
    upscaler = Upscaler(info, Path(models) / info.filename, runtime=runtime)
    rng = np.random.default_rng(0)
    upscaler.upscale(rng.integers(0, 256, (3 * tile, 3 * tile, 3), dtype=np.uint8), tile=tile)
    before = peak_rss()
    image = rng.integers(0, 256, (side, side, 3), dtype=np.uint8)
    out = upscaler.upscale(image, tile=tile)
    after = peak_rss()
    print(after - before, image.nbytes + out.nbytes, type(upscaler.backend).__name__)
    """
)


def peak_growth(runtime: str, side: int, models: Path) -> tuple[int, int, str]:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, runtime, str(side), str(TILE), str(models)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    grown, buffers, backend = result.stdout.split()
    return int(grown), int(buffers), backend


@pytest.mark.slow
@pytest.mark.parametrize(
    ("runtime", "backend"), [("opencv", "OpenCVBackend"), ("onnxruntime", "OrtBackend")]
)
def test_peak_memory_does_not_grow_with_the_image(
    runtime: str, backend: str, shared_models_dir: Path
) -> None:
    small = peak_growth(runtime, 256, shared_models_dir)
    large = peak_growth(runtime, 1024, shared_models_dir)
    assert small[2] == large[2] == backend
    assert large[1] == 16 * small[1]  # the image is 16x bigger...
    assert large[0] >= large[1] // 2  # (the measurement sees the buffers: it is not vacuous)
    extra_small, extra_large = small[0] - small[1], large[0] - large[1]
    assert extra_large <= ALLOWANCE, f"{extra_large / 2**20:.1f} MiB beyond input + output"
    assert extra_large - max(extra_small, 0) <= ALLOWANCE  # ...the working memory is not
