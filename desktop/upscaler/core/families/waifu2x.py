"""waifu2x UpConv7 (nagadomi), photo-trained, x2 with JPEG-noise levels 0..3: restores photos.

Facts from ``models/waifu2x.md``: RGB 0..1, no mean. The network has no padding and eats 7 input
pixels per side (``out = 2 * (in - 14)``), so each tile is padded by 7 pixels repeating its edge,
exactly what waifu2x-ncnn-vulkan does to the whole picture; the tile's margin (the graph's 8 px)
gives interior tiles real pixels there, so tiled equals whole exactly, and at the picture's edge
(extended by nothing more) the result is upstream's. ONNX Runtime ran it 1.9-2.4x faster than
OpenCV DNN; ~3.6 KiB per input pixel.
"""

from upscaler.core.families.rgb01 import Rgb01Family
from upscaler.core.runtime.base import ORT_FIRST

_IDS = ("waifu2x-photo_x2", *(f"waifu2x-photo-denoise{n}_x2" for n in range(4)))

FAMILY = Rgb01Family(
    "waifu2x",
    border=7,
    default_context=8,  # the graph's kernel radii: six 3x3 convolutions and a 4x4 deconvolution
    edge_extension=0,  # the 7-px edge repetition is the family's own, as upstream
    feature_bytes=4 * 1024,
    runtimes=ORT_FIRST,
    # 0.07x DAT-light's time per pixel in one run here (160x120, where a run's fixed cost still
    # counts); issue 10 measured 0.1-0.2 s for 320x240 elsewhere (1.3-2.6e-6).
    seconds_per_pixel=dict.fromkeys(_IDS, 5.0e-6),
)
