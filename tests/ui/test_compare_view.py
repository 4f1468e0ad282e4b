"""The compare view, checked on the pixels it actually paints (offscreen, synthetic images)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QImage, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from upscaler.ui.compare_canvas import BACKGROUND, CompareCanvas
from upscaler.ui.compare_view import CompareMode, CompareView

VIEW_W, VIEW_H = 400, 300
# BGR arrays, as the core hands them over; RGB tuples, as the screen shows them.
RED_BGR, RED = (0, 0, 220), (220, 0, 0)
BLUE_BGR, BLUE = (200, 40, 0), (0, 40, 200)
GREEN_BGR, GREEN = (0, 180, 0), (0, 180, 0)
BG = (BACKGROUND.red(), BACKGROUND.green(), BACKGROUND.blue())


def solid(width: int, height: int, bgr: tuple[int, int, int]) -> np.ndarray:
    return np.full((height, width, 3), bgr, np.uint8)


def coded(width: int = 256, height: int = 256) -> np.ndarray:
    """Every pixel names itself: red = x, green = y (BGR order: channel 2 is red)."""
    image = np.zeros((height, width, 3), np.uint8)
    image[:, :, 2] = np.arange(width, dtype=np.uint8)[None, :]
    image[:, :, 1] = np.arange(height, dtype=np.uint8)[:, None]
    image[:, :, 0] = 128
    return image


def rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def grab(widget) -> QImage:
    return widget.grab().toImage()


@pytest.fixture
def view(qtbot) -> Iterator[CompareView]:
    # A plain host window without a layout: the offscreen platform warns (and the test would fail)
    # whenever a top-level window's size constraints change, as when a pane is shown or hidden.
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1200, 800)
    widget = CompareView(host)
    widget.resize(VIEW_W, VIEW_H)
    host.show()
    qtbot.waitExposed(host)
    yield widget  # the host must outlive the test
    host.close()


def primary(view: CompareView) -> CompareCanvas:
    return view.canvases()[0]


def send_wheel(widget, at: QPoint, notches: int) -> None:
    event = QWheelEvent(
        QPointF(at),
        QPointF(widget.mapToGlobal(at)),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def drag(qtbot, widget, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifier, start)
    qtbot.mouseMove(widget, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, end)


# --- what is shown -------------------------------------------------------------------------------
def test_empty_view_paints_the_hint_text_only_when_given(view: CompareView) -> None:
    blank = grab(view)
    assert {rgb(blank, x, y) for x in range(0, VIEW_W, 7) for y in range(0, VIEW_H, 7)} == {BG}
    view.set_empty_text("Drop images here or use File > Open")
    hinted = grab(view)
    middle_row = {rgb(hinted, x, VIEW_H // 2) for x in range(60, VIEW_W - 60)}
    assert len(middle_row) > 2  # anti-aliased text, not just background
    view.set_original(solid(100, 80, RED_BGR))
    assert rgb(grab(view), VIEW_W // 2, VIEW_H // 2) == RED
    view.set_original(None)  # e.g. the file failed to load
    assert grab(view) == hinted


def test_before_a_result_the_original_fills_the_view_at_output_size(view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    # 200x160 output fitted into 400x300: zoom 1.875, picture 375x300 centred.
    assert view.zoom() == pytest.approx(1.875)
    image = grab(view)
    assert rgb(image, 20, 150) == RED
    assert rgb(image, VIEW_W // 2, 150) == RED  # no divider yet
    assert rgb(image, 380, 150) == RED
    assert rgb(image, 5, 150) == BG


def test_split_shows_original_left_and_result_right(view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.set_result(solid(200, 160, BLUE_BGR))
    view.set_split_position(0.5)
    image = grab(view)
    assert rgb(image, 190, 60) == RED
    assert rgb(image, 210, 60) == BLUE
    assert rgb(image, 200, 60) == (255, 255, 255)  # the divider line


def test_dragging_the_divider_moves_it(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.set_result(solid(200, 160, BLUE_BGR))
    canvas = primary(view)
    with qtbot.waitSignal(canvas.splitMoved) as moved:
        drag(qtbot, canvas, QPoint(200, 60), QPoint(100, 60))
    assert view.split_position() == pytest.approx(0.25)
    assert moved.args == [pytest.approx(0.25)]
    image = grab(view)
    assert rgb(image, 90, 60) == RED
    assert rgb(image, 110, 60) == BLUE
    assert rgb(image, 300, 60) == BLUE


def test_dragging_elsewhere_pans_the_picture(qtbot, view: CompareView) -> None:
    view.set_original(coded())
    view.zoom_actual()
    canvas = primary(view)
    before = rgb(grab(canvas), 200, 150)
    drag(qtbot, canvas, QPoint(200, 150), QPoint(230, 170))
    after = grab(canvas)
    assert rgb(after, 230, 170) == before
    assert rgb(after, 200, 150) == (before[0] - 30, before[1] - 20, 128)


def test_wheel_zoom_keeps_the_point_under_the_cursor(view: CompareView) -> None:
    view.set_original(coded())
    view.zoom_actual()
    canvas = primary(view)
    cursor = QPoint(150, 100)
    x0, y0, _ = rgb(grab(canvas), cursor.x(), cursor.y())
    for notches in (1, 2, 3, -4):
        send_wheel(canvas, cursor, notches)
        x, y, _ = rgb(grab(canvas), cursor.x(), cursor.y())
        assert abs(x - x0) <= 1 and abs(y - y0) <= 1, (notches, view.zoom())
    assert view.zoom() == pytest.approx(1.25**2)


def test_zoom_signal_fit_and_actual(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    with qtbot.waitSignal(view.zoomChanged) as changed:
        view.zoom_actual()
    assert changed.args == [1.0]
    image = grab(view)  # 200x160 centred in 400x300: x 100..299, y 70..229
    assert [rgb(image, x, 150) for x in (99, 100, 299, 300)] == [BG, RED, RED, BG]
    assert [rgb(image, 200, y) for y in (69, 70, 229, 230)] == [BG, RED, RED, BG]
    view.zoom_to_fit()
    assert view.zoom() == pytest.approx(1.875)
    view.zoom_in()
    assert view.zoom() == 2.0
    view.zoom_out()
    view.zoom_out()
    assert view.zoom() == 1.0


def test_fit_follows_resizes_until_zoomed_by_hand(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.resize(200, 300)
    qtbot.waitUntil(lambda: view.zoom() == pytest.approx(1.0))
    view.zoom_in()
    view.resize(400, 300)
    qtbot.wait(10)
    assert view.zoom() == 1.5


def test_800_percent_is_pixel_exact(view: CompareView) -> None:
    image = coded(64, 64)
    view.set_original(image)
    view.set_result(image)
    view.set_mode(CompareMode.TOGGLE)
    view.set_zoom(8.0)
    canvas = primary(view)
    shot = grab(canvas)
    state = canvas._state
    for sx, sy in ((30, 30), (31, 33), (28, 29)):
        corner = state.to_view(QPointF(sx, sy), canvas.view_size()).toPoint()
        block = {rgb(shot, corner.x() + i, corner.y() + j) for i in range(8) for j in range(8)}
        assert block == {(sx, sy, 128)}
        assert rgb(shot, corner.x() - 1, corner.y()) == (sx - 1, sy, 128)
        assert rgb(shot, corner.x(), corner.y() + 8) == (sx, sy + 1, 128)


def test_upscaled_original_at_high_zoom_is_blocks_of_input_pixels(view: CompareView) -> None:
    view.set_original(coded(64, 64), scale=2)
    view.set_zoom(8.0)  # one input pixel = 2 output pixels = 16 screen pixels
    canvas = primary(view)
    shot = grab(canvas)
    corner = canvas._state.to_view(QPointF(2 * 30, 2 * 31), canvas.view_size()).toPoint()
    block = {rgb(shot, corner.x() + i, corner.y() + j) for i in range(16) for j in range(16)}
    assert block == {(30, 31, 128)}


@pytest.mark.parametrize("layer", ["original", "result"])
def test_zoomed_out_fine_detail_averages_instead_of_aliasing(view: CompareView, layer: str) -> None:
    checker = np.zeros((1024, 1024, 3), np.uint8)
    checker[(np.indices((1024, 1024)).sum(axis=0) % 2) == 1] = 255  # 1-pixel checkerboard
    if layer == "original":
        view.set_original(checker)
    else:
        view.set_original(np.zeros((512, 512, 3), np.uint8), scale=2)
        view.set_result(checker)
    view.set_mode(CompareMode.TOGGLE)
    view.set_zoom(0.37)  # 1024 -> 379 screen pixels: bilinear sampling alone gives 4..248
    shot = grab(primary(view))
    values = {rgb(shot, x, y)[0] for x in range(80, 320, 3) for y in range(80, 220, 3)}
    assert min(values) >= 126 and max(values) <= 129, sorted(values)


def test_side_by_side_panes_stay_locked(qtbot, view: CompareView) -> None:
    image = coded()
    view.set_original(image)
    view.set_result(image)
    view.set_mode(CompareMode.SIDE_BY_SIDE)
    left, right = view.canvases()
    qtbot.waitUntil(lambda: right.isVisible() and right.width() == left.width())

    def same_region() -> bool:
        a, b = grab(left), grab(right)
        middle = QRect(20, 50, left.width() - 40, left.height() - 60)  # clear of the captions
        return a.copy(middle) == b.copy(middle)

    fitted = view.zoom()
    send_wheel(right, QPoint(50, 80), 5)  # to over 200%, where neither side is smoothed
    assert view.zoom() == pytest.approx(fitted * 1.25**5)
    assert same_region()
    drag(qtbot, left, QPoint(100, 100), QPoint(60, 140))
    assert same_region()
    assert rgb(grab(left), 100, 150) != rgb(grab(left), 60, 150)  # the test image is not flat


def test_toggle_shows_the_original_while_space_is_held(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.set_result(solid(200, 160, BLUE_BGR))
    view.set_mode(CompareMode.TOGGLE)
    qtbot.mouseClick(primary(view), Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    assert view.hasFocus()  # a click on a pane focuses the view, which handles the keys
    assert rgb(grab(view), 200, 150) == BLUE
    qtbot.keyPress(view, Qt.Key.Key_Space)
    assert rgb(grab(view), 200, 150) == RED
    repeat = QKeyEvent(
        QEvent.Type.KeyRelease, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ", True
    )
    QApplication.sendEvent(view, repeat)  # auto-repeat while held: still the original
    assert rgb(grab(view), 200, 150) == RED
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert rgb(grab(view), 200, 150) == BLUE


def test_space_does_nothing_in_split_mode(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.set_result(solid(200, 160, BLUE_BGR))
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_Space)
    assert rgb(grab(view), 300, 150) == BLUE


class _PaintSpy(QObject):
    """Records the areas a widget is asked to repaint."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def test_update_tile_paints_and_repaints_only_its_region(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.zoom_actual()  # output 200x160 at x 100.., y 70..
    view.begin_result(200, 160)
    canvas = primary(view)
    view.set_split_position(0.0)  # all of the pane shows the result side
    qtbot.waitUntil(lambda: rgb(grab(canvas), 150, 150) == RED)
    spy = _PaintSpy()
    canvas.installEventFilter(spy)
    # Paint what the set-up left pending now, synchronously: a fixed wait for it (50 ms) was
    # too short on a busy machine, and its full repaint then counted as the tile's.
    canvas.repaint()
    spy.rects.clear()
    view.update_tile(40, 20, solid(30, 20, GREEN_BGR))
    qtbot.waitUntil(lambda: bool(spy.rects))
    tile_on_screen = QRect(140, 90, 30, 20)
    allowed = tile_on_screen.adjusted(-3, -3, 3, 3)
    assert all(allowed.contains(rect) for rect in spy.rects), spy.rects
    image = grab(canvas)
    assert rgb(image, 140, 90) == GREEN and rgb(image, 169, 109) == GREEN
    assert rgb(image, 139, 90) == RED and rgb(image, 170, 109) == RED
    assert rgb(image, 140, 89) == RED and rgb(image, 169, 110) == RED


def test_preview_is_drawn_over_the_original(view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.zoom_actual()
    view.set_split_position(0.0)  # a preview is compared like a result: all of it right of it
    view.set_preview(QRect(10, 20, 15, 10), solid(30, 20, GREEN_BGR))  # output (20, 40) 30x20
    image = grab(view)
    assert rgb(image, 125, 115) == GREEN  # inside, clear of the dashed outline
    assert rgb(image, 115, 115) == RED
    view.clear_preview()
    assert rgb(grab(view), 125, 115) == RED


def test_visible_source_region_in_input_pixels(view: CompareView) -> None:
    assert view.visible_source_region().isEmpty()
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.zoom_actual()
    assert view.visible_source_region() == QRect(0, 0, 100, 80)
    view.set_zoom(4.0)  # 100x75 output pixels around (100, 80): input x 25..75, y 21.25..58.75
    assert view.visible_source_region() == QRect(25, 21, 50, 38)


def test_shift_drag_selects_a_rectangle_in_input_pixels(qtbot, view: CompareView) -> None:
    view.set_original(solid(100, 80, RED_BGR), scale=2)
    view.zoom_actual()  # scene origin at (100, 70)
    with qtbot.waitSignal(view.selectionMade) as selected:
        drag(
            qtbot,
            primary(view),
            QPoint(120, 90),
            QPoint(160, 130),
            Qt.KeyboardModifier.ShiftModifier,
        )
    assert selected.args == [QRect(10, 10, 20, 20)]
    assert view.zoom() == 1.0  # selecting did not pan
    with qtbot.assertNotEmitted(view.selectionMade):
        drag(
            qtbot,
            primary(view),
            QPoint(121, 91),
            QPoint(122, 92),
            Qt.KeyboardModifier.ShiftModifier,
        )


def test_transparent_pixels_show_a_checkerboard(view: CompareView) -> None:
    view.set_original(np.zeros((80, 100, 4), np.uint8), scale=2)
    image = grab(view)
    colours = {rgb(image, x, 150) for x in range(100, 300)}
    assert colours == {(204, 204, 204), (153, 153, 153)}


def test_a_new_scale_keeps_the_picture_in_place(view: CompareView) -> None:
    view.set_original(coded(), scale=2)
    view.set_zoom(1.5)
    before = grab(view)
    view.set_scale(4)
    assert view.zoom() == pytest.approx(0.75)
    assert grab(view).copy(50, 50, 300, 200) == before.copy(50, 50, 300, 200)


def gradient(height: int, width: int) -> np.ndarray:
    image = np.empty((height, width, 3), np.uint8)
    image[:, :, 0] = (np.arange(width) % 256).astype(np.uint8)[None, :]
    image[:, :, 1] = (np.arange(height) % 256).astype(np.uint8)[:, None]
    image[:, :, 2] = 90
    return image


def interaction_seconds(view: CompareView, result: np.ndarray, repeats: int = 5) -> float:
    """CPU seconds (all of this process's threads) of the cheapest of ``repeats`` rounds of what a
    person does to a shown result, each with a repaint. CPU time, not wall time, and the least
    disturbed round: other programs on a busy machine must not decide the outcome."""
    canvas = primary(view)
    view.set_original(result[::4, ::4].copy(), scale=4)
    view.begin_result(result.shape[1], result.shape[0])
    view.set_result(result)
    actions = [
        view.zoom_to_fit,
        view.zoom_actual,
        lambda: canvas._state.pan_by(QPointF(-300, -200)),
        lambda: view.set_zoom(8.0),
        lambda: send_wheel(canvas, QPoint(100, 100), -8),
        lambda: view.set_split_position(0.3),
        lambda: view.set_split_position(0.7),
    ]
    rounds = []
    for _ in range(repeats):
        start = time.process_time()
        for action in actions:
            action()
            canvas.repaint()
        rounds.append(time.process_time() - start)
    return min(rounds)


def test_a_24_megapixel_result_stays_responsive(qtbot, view: CompareView) -> None:
    """Zoom, pan, wheel and split cost what the window shows, not what the image holds: on a
    24 MP result they take at most a few times as long as on a 0.4 MP one (about 2x measured;
    same process, CPU time), where any work in proportion to the image would be about 60x."""
    view.resize(1200, 800)  # a typical window, so repaints cover a realistic area
    qtbot.waitUntil(lambda: primary(view).width() == 1200)
    small = interaction_seconds(view, gradient(500, 750))
    large = interaction_seconds(view, gradient(4000, 6000))
    print(f"interaction round: 0.4 MP {small * 1000:.1f} ms, 24 MP {large * 1000:.1f} ms")
    assert large <= 6 * small, (small, large)
    # A progressive tile repaints only its own region: no slower than a whole small result.
    tile = gradient(512, 512)
    start = time.process_time()
    view.update_tile(2048, 1024, tile)
    primary(view).repaint()
    assert time.process_time() - start <= 6 * small
