"""Render resources/icons/upscaler.svg to the PNG sizes desktops and the frozen build want.

Run after editing the SVG: ``python resources/make_icons.py``. PNGs are committed so that the
program needs no SVG support at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1] + ["-platform", "offscreen"])
    svg = ICONS / "upscaler.svg"
    for size in SIZES:
        render(svg, size).save(str(ICONS / f"upscaler-{size}.png"), "PNG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
