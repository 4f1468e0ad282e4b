"""Steps several window tests share."""

from __future__ import annotations

from upscaler.core.catalog import load_catalog


def upscale_shown(qtbot, window, model_id: str = "bicubic_x2") -> None:
    """Upscale the picture on screen with ``model_id`` and wait for the result."""
    window.picker.select(load_catalog().get(model_id))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    assert window.result is not None
