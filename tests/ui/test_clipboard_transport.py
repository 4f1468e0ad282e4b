"""Copy and Paste move pixels through the clipboard without a slow encoding."""

from __future__ import annotations

import numpy as np

from upscaler.ui import clipboard


def test_clipboard_transport_is_not_compressed(qapp, monkeypatch):
    """Copy and Paste went through level-6 PNG: about 6 s of frozen window for a 12-megapixel
    photo. The bytes never reach a disk, so they are stored, not deflated (0.4 s)."""
    sizes: list[int] = []

    def spy(function):
        def wrapper(*args, **kwargs):
            out = function(*args, **kwargs)
            data = out[0] if isinstance(out, tuple) else args[0]
            sizes.append(len(data))
            return out

        return wrapper

    monkeypatch.setattr(clipboard, "encode_image", spy(clipboard.encode_image))
    monkeypatch.setattr(clipboard, "decode_bytes", spy(clipboard.decode_bytes))
    flat = np.full((100, 200, 3), 90, np.uint8)  # deflate would make it a few hundred bytes
    image = clipboard.qimage_from_pixels(flat)
    back = clipboard.loaded_from_qimage(image)
    assert np.array_equal(back.pixels, flat)
    assert len(sizes) == 2 and min(sizes) > flat.size
