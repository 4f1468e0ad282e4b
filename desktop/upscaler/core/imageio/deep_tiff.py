"""TIFF pictures of over 8 bits per sample: tifffile where it can, FFmpeg for the rest.

tifffile reads any layout (strips or tiles, chunky or planar, any byte order and predictor) but,
without the 30 MB ``imagecodecs`` library, only uncompressed, Deflate and (in pure Python)
PackBits data. FFmpeg (``deep``) decodes LZW and PackBits strips exactly, but garbles tiles. So:
FFmpeg for LZW/PackBits strips, tifffile for the rest it decodes alone (PackBits tiles
included), a clear refusal for the rest. The colour models are gray (either polarity) and
RGB(A); CMYK, YCbCr, Lab and palettes over 8 bits are refused.
"""

from __future__ import annotations

import io

import numpy as np

from upscaler.core.imageio import packed_bits
from upscaler.core.imageio.deep import DeepDecodeError, decode_deep
from upscaler.core.imageops.channels import swap_red_blue
from upscaler.core.messages import Text, text

#: Compressions tifffile decodes without imagecodecs: none, Deflate (Adobe and old).
_TIFFFILE_ALONE = (1, 8, 32946)
#: Compressions FFmpeg decodes exactly in strips: LZW, PackBits.
_FFMPEG_STRIPS = (5, 32773)
#: ... and in tiles, where FFmpeg cannot go, tifffile's own pure-Python decoder: PackBits.
_TIFFFILE_TILES = (*_TIFFFILE_ALONE, 32773)
_MINISWHITE, _MINISBLACK, _RGB = 0, 1, 2
#: TIFF predictor 3, the byte-shuffled differences of floating-point samples: FFmpeg undoes it
#: in strips; tifffile needs ``imagecodecs``.
_FLOAT_PREDICTOR = 3


class TiffRefused(Exception):
    """A well-formed TIFF the program does not read, with what to say."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


def decode_tiff(data: bytes) -> np.ndarray:
    """The first page: gray (H x W), gray + alpha (H x W x 2) or BGR(A), in the file's sample
    type (uint16, float...). Raises :class:`TiffRefused` or, for damaged data, another error."""
    import tifffile

    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        page = tif.pages.first
        photometric, compression = int(page.photometric), int(page.compression)
        _check_colour_model(photometric, int(page.samplesperpixel))
        if packed_bits.readable(page):  # 10-, 12-, 14-bit strips
            pixels = packed_bits.unpack(page, data)
            return _core_order(pixels, photometric, int(page.planarconfig) == 2)
        _check_sample_size(page)
        float_predictor = int(page.predictor) == _FLOAT_PREDICTOR
        if not page.is_tiled and (compression in _FFMPEG_STRIPS or float_predictor):
            pixels = decode_deep(data, "tiff")  # already oriented as gray / BGR(A)
            return pixels
        if float_predictor:
            raise TiffRefused(
                text(
                    "floating-point TIFF pictures with the floating-point predictor in tiles are "
                    "not supported; save it without a predictor"
                )
            )
        if compression not in (_TIFFFILE_TILES if page.is_tiled else _TIFFFILE_ALONE):
            raise TiffRefused(_unsupported_compression(page))
        pixels = page.asarray()
        planar = int(page.planarconfig) == 2
    return _core_order(pixels, photometric, planar)


def _core_order(pixels: np.ndarray, photometric: int, planar: bool) -> np.ndarray:
    """tifffile's layout (planar S x H x W, RGB order, min-is-white as stored) as the core's."""
    if planar and pixels.ndim == 3:
        pixels = pixels.transpose(1, 2, 0)
    if photometric == _MINISWHITE and pixels.dtype.kind == "u":
        pixels = np.iinfo(pixels.dtype).max - pixels  # 0 is white: turned round, as FFmpeg does
    if pixels.ndim == 3 and pixels.shape[2] >= 3:
        pixels = swap_red_blue(pixels)
    return pixels


def _check_sample_size(page: object) -> None:
    """Integers packed in 10, 12 or 14 bits in what ``packed_bits`` does not read (tiles, LZW)
    need an unpacker that tifffile only has with ``imagecodecs``, and FFmpeg refuses them:
    named, not reported as a damaged file."""
    bits = getattr(page, "bitspersample", 16)
    kind = getattr(getattr(page, "dtype", None), "kind", "u")
    if kind in "ui" and bits not in (8, 16, 32):
        raise TiffRefused(
            text(
                "TIFF pictures with {bits} bits per sample are not supported; save it with 16 "
                "bits per sample",
                bits=bits,
            )
        )


def _check_colour_model(photometric: int, samples: int) -> None:
    gray = photometric in (_MINISWHITE, _MINISBLACK) and samples <= 2
    if gray or (photometric == _RGB and samples in (3, 4)):
        return
    if photometric in (_MINISWHITE, _MINISBLACK, _RGB):
        raise TiffRefused(
            text(
                "TIFF pictures with {samples} samples per pixel and more than 8 bits per sample "
                "are not supported; save it as 16-bit RGB or gray",
                samples=samples,
            )
        )
    names = {3: "Palette", 5: "CMYK", 6: "YCbCr", 8: "CIE Lab", 9: "ICC Lab", 10: "ITU Lab"}
    raise TiffRefused(
        text(
            "{model} TIFF pictures with more than 8 bits per sample are not supported; save it "
            "as 16-bit RGB or gray",
            model=names.get(photometric, f"Photometric {photometric}"),
        )
    )


def _unsupported_compression(page: object) -> Text:
    name = str(getattr(getattr(page, "compression", None), "name", "unknown")).replace("_", " ")
    if getattr(page, "is_tiled", False):
        return text(
            "TIFF pictures with more than 8 bits per sample and {compression} compression in "
            "tiles are not supported; save it uncompressed or with Deflate (ZIP) compression",
            compression=name,
        )
    return text(  # strips: "in tiles" would send the person looking for tiles that are not there
        "TIFF pictures with more than 8 bits per sample and {compression} compression are not "
        "supported; save it uncompressed or with LZW or Deflate (ZIP) compression",
        compression=name,
    )


__all__ = ["DeepDecodeError", "TiffRefused", "decode_tiff"]
