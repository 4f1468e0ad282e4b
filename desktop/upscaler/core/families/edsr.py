"""EDSR (Lim et al. 2017), the published 32-block, 256-channel network: slow, downloaded on request.

Speed: the real architecture with random weights on a 48 px image through OpenCV DNN, whose
Winograd 3x3 convolutions run it ~2.5x faster than onnxruntime (70-100 GFLOP/s, 2026-11-26).
Memory: 256-channel features cost ~7 KB per input pixel (measured, 32 blocks); the upsampling
convolutions add 1024 channels at up to half the output resolution.
"""

from upscaler.core.families.base import TileMemory
from upscaler.core.families.mean_rgb import MeanFamily
from upscaler.core.runtime.base import OPENCV_FIRST

FAMILY = MeanFamily(
    "edsr",
    tile_memory=TileMemory(per_input=7 * 1024, per_output=1536),
    runtimes=OPENCV_FIRST,
    seconds_per_pixel={"EDSR_x2": 7.4e-4, "EDSR_x3": 1.1e-3, "EDSR_x4": 7.4e-4},
)
