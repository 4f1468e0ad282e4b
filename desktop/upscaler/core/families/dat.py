"""DAT-light (Chen et al. 2023, a Dual Aggregation Transformer), x2/x3/x4: faithful, slow.

Facts from ``models/DAT-light.md`` (measured there): RGB 0..1, the DF2K mean inside the graph,
output unclipped. Runs in ONNX Runtime (dynamic shapes, 6x less memory and 1.2-1.7x less CPU than
OpenCV DNN, which needs a fixed input size per import). Its channel attention and pooled gates
see the whole input, so **no margin makes tiles equal to the whole picture**: tiles on the 32-px
window grid with a 64-px margin removed the seams' gross errors and kept PSNR within a few
hundredths of a dB of whole; the program labels tiled DAT-light output as approximate and prefers
the largest tiles the memory allows. Memory under ONNX Runtime: ~9.6 KB per input pixel.
"""

from upscaler.core.families.rgb01 import Rgb01Family
from upscaler.core.runtime.base import ORT_FIRST

FAMILY = Rgb01Family(
    "dat",
    default_context=64,
    stated_context=True,  # the graph's kernels say ~42; attention and global pooling see more
    # The graph pads to its 32-px windows itself (as upstream does): the picture goes in as it
    # is, so a whole-picture run is upstream's, and every tile starts on the window grid.
    edge_extension=0,
    tile_multiple=32,
    tiles_exact=False,
    feature_bytes=10 * 1024,
    runtimes=ORT_FIRST,
    max_tile=512,
    # 15-17 CPU seconds for 320x240 (models/DAT-light.md): ~8 s of wall time on 2 idle cores.
    seconds_per_pixel=dict.fromkeys(("DAT-light_x2", "DAT-light_x3", "DAT-light_x4"), 8.5e-5),
)
