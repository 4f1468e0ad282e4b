"""The preview area: inside the image, centred on what was asked for, capped by model speed."""

from __future__ import annotations

from PySide6.QtCore import QRect

from upscaler.core.catalog import load_catalog
from upscaler.ui.preview_area import MAX_SIDE, preview_area

ESPCN = load_catalog().get("ESPCN_x2")  # fast
EDSR = load_catalog().get("EDSR_x2")  # slow


def test_a_small_selection_is_kept_as_it_is() -> None:
    assert preview_area(QRect(10, 20, 40, 30), 256, 256, EDSR) == QRect(10, 20, 40, 30)


def test_the_area_is_clipped_to_the_image() -> None:
    assert preview_area(QRect(-10, 200, 100, 100), 256, 256, ESPCN) == QRect(0, 200, 90, 56)


def test_a_big_area_shrinks_around_its_centre_by_speed() -> None:
    assert MAX_SIDE["fast"] == 512 and MAX_SIDE["slow"] == 192
    assert preview_area(QRect(0, 0, 2000, 1000), 2000, 1000, ESPCN) == QRect(744, 244, 512, 512)
    assert preview_area(QRect(0, 0, 2000, 1000), 2000, 1000, EDSR) == QRect(904, 404, 192, 192)


def test_nothing_visible_gives_an_empty_area() -> None:
    assert preview_area(QRect(), 256, 256, ESPCN).isEmpty()
    assert preview_area(QRect(300, 300, 10, 10), 256, 256, ESPCN).isEmpty()
