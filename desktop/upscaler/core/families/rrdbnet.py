"""RRDBNet (ESRGAN's generator): Real-ESRGAN x4plus and x4plus-anime, RealSR DF2K, x4 only.

GANs: they invent plausible texture (their PSNR is below bicubic by design). Facts from
``models/Real-ESRGAN.md`` and ``models/RealSR.md``: RGB 0..1, no mean, output clipped; every
convolution zero-padded, ``out = 4 * in`` for any size. The graph's bound on the receptive field
(~350 px) is useless; measured, tiles equal the whole picture within 1 grey level with 80 px of
context for x4plus, 64 for x4plus-anime and 48 for RealSR (64 used). The picture's edge is
extended by 16 px (the ncnn programs pre-pad 10; Real-ESRGAN's Python 10, by reflection): every
run the same way, so tiled still equals whole. ONNX Runtime ran them 1.8-2.7x faster than OpenCV
DNN; ~10.5 KiB per input pixel, so Auto tiles are far smaller than the light models'.

There is no real x2 or x3 network: Real-ESRGAN's x2/x3 files are the x4 network followed by a
downscale, so the program offers x4 only (resize the x4 result for other sizes).
"""

from upscaler.core.families.rgb01 import Rgb01Family
from upscaler.core.runtime.base import ORT_FIRST

FAMILY = Rgb01Family(
    "rrdbnet",
    default_context={"Real-ESRGAN_x4": 80, "Real-ESRGAN-anime_x4": 64, "RealSR_x4": 64},
    stated_context=True,
    edge_extension=16,
    # Measured by `bench estimate` (128 and 192 px, 2026-12-05): 298 and 628 MB peaks; the
    # earlier 17.5 KiB per pixel over-estimated them 1.7-1.8x.
    feature_bytes=10 * 1024 + 512,
    runtimes=ORT_FIRST,
    max_tile=512,
    # Measured in one run beside DAT-light (160x120, ONNX Runtime, loaded 2-core machine):
    # x4plus 1.7x, RealSR 2.3x (the same graph: noise), x4plus-anime 0.56x its time per pixel;
    # scaled by DAT-light's idle figure (models/DAT-light.md). Issue 10 measured x4plus at ~15 s
    # for 320x240 elsewhere (2.0e-4).
    seconds_per_pixel={
        "Real-ESRGAN_x4": 1.8e-4,
        "Real-ESRGAN-anime_x4": 5.0e-5,
        "RealSR_x4": 1.8e-4,
    },
)
