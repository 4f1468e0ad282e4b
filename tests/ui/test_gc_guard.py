"""Cyclic garbage is collected on the GUI thread's timer, not by whatever thread allocates."""

from __future__ import annotations

import gc
import weakref

from upscaler.ui.gc_guard import GuiThreadCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector can free it


def test_collection_moves_to_the_timer(qtbot) -> None:
    before = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    collector.start()
    try:
        assert not gc.isenabled()
        node = Node()
        alive = weakref.ref(node)
        del node
        for _ in range(1000):  # push generation 0 over its threshold
            Node()
        assert alive() is not None  # automatic collection is off
        qtbot.waitUntil(lambda: alive() is None, timeout=30000)
    finally:
        collector.stop()
    assert gc.isenabled() == before
