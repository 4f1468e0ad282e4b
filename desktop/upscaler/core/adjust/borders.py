"""Finding and cropping uniform borders: black bars, scanner margins, letterboxing, and
straightening a slightly tilted scan.

A border is recognised by what makes it a border and not a part of the picture:

1. its colour, taken from the outermost two lines of a side, is uniform (within a tolerance
   from the measured noise, after a 3x3 median that removes dust and grain);
2. the picture starts at a **straight line** (tilted by at most :data:`MAX_TILT` degrees): for
   each column, the first row of picture is found, and a line is fitted to those rows by a
   Hough vote over slopes; at least half of the columns that hold picture must lie on it and
   almost none outside it (the others start later: picture that resembles the border). A
   quarter is enough when the opposite side has a bar of the same colour and thickness
   (letterbox, pillarbox), where a dark picture often meets a black bar;
3. it is **flat**: its mean colour does not drift from the outermost line inward (a sky darkens
   or lightens towards the horizon; a margin does not), up to three quarters of its thickness
   (JPEG rings next to the edge);
4. it is at least :data:`MIN_THICKNESS` pixels (or 1% of the side) thick, and
5. there are borders on at least two sides. A single uniform side is far more often picture
   (a clear sky above a horizon, a wall) than a border, and is left alone.

Pictures without borders therefore come back unchanged; thin dark lines along an edge that some
video captures and scans have (1-4 px) stay too.

The picture's outline is the quadrilateral of the four edges (the image's own edge where a side
has no border). Without straightening the crop is its bounding box, so no picture is lost and a
tilted scan keeps thin wedges of margin; with straightening, the image is rotated by the edges'
mean tilt and cropped to the rectangle inside the outline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from upscaler.core.imageops.filters import median3
from upscaler.core.imageops.warp import rotation_matrix, warp_affine_cubic
from upscaler.core.tiling import Region

#: Largest tilt of a picture's edge, in degrees, that is still taken for a straight border.
MAX_TILT = 6.0
#: Thinnest border cropped, in pixels (or 1% of the image's side, if that is more).
MIN_THICKNESS = 6
MIN_THICKNESS_FRACTION = 0.01
#: Smallest tilt worth straightening (degrees): less is within the edge fit's accuracy.
MIN_STRAIGHTEN = 0.1
#: A turned picture's outermost pixels mix picture and margin (the scan's own soft edge, then
#: the interpolation of the turn): a straightened crop leaves this many more out on each side.
#: Measured on the tilted Set14 scans: the outermost line differs from the next by a median of
#: 12.6 levels without it, 2.5 (as inside the picture) with it.
TURNED_EDGE_INSET = 1
#: A border's mean colour may drift this much (8-bit levels) between its outer and inner lines.
MAX_DRIFT = 5.0
#: Share of the columns holding picture that must lie on the fitted edge.
MIN_INLIERS = 0.5
#: The fitted edge must run along at least this share of its side.
MIN_SPAN = 0.25
#: Columns with picture more than :data:`RINGING` px outside the edge allowed, as a share of
#: those on it (JPEG's ringing reaches up to 8 px out from a hard edge).
MAX_ABOVE = 0.02
RINGING = 8
#: The picture left after cropping must keep at least this share of each side.
MIN_KEEP = 0.1
#: A side whose opposite has a bar of the same colour and thickness (letterbox, pillarbox)
#: needs only this share of its columns on the edge: the rest may be dark picture by a black bar.
MIN_INLIERS_PAIRED = 0.25
_PAIRED_SLOPE = math.tan(math.radians(0.2))  # bars are not tilted
SIDES = ("top", "bottom", "left", "right")
OPPOSITE = {"top": "bottom", "bottom": "top", "left": "right", "right": "left"}


@dataclass(frozen=True)
class Edge:
    """Where the picture starts on one side, in pixel-boundary coordinates of the image.

    The border's thickness at position ``t`` along the side (x for top/bottom, y for left/right)
    is ``offset + slope * (t - centre)``, ``centre`` being the middle of the side.
    """

    side: str
    offset: float
    slope: float
    colour: tuple[float, ...]  # the border's colour, 8-bit levels, in the image's channel order

    @property
    def tilt(self) -> float:
        """The picture's tilt (degrees) this edge implies: positive when its top edge descends
        to the right (a clockwise turn on screen)."""
        sign = 1.0 if self.side in ("top", "right") else -1.0
        return math.degrees(math.atan(sign * self.slope))


@dataclass(frozen=True)
class Borders:
    """What :func:`find_borders` found in a ``width`` x ``height`` image."""

    width: int
    height: int
    edges: tuple[Edge, ...]

    @property
    def found(self) -> bool:
        return bool(self.edges)

    def edge(self, side: str) -> Edge | None:
        return next((e for e in self.edges if e.side == side), None)

    @property
    def tilt(self) -> float:
        """The picture's tilt in degrees: the mean of its edges' tilts (0 without edges)."""
        return float(np.mean([e.tilt for e in self.edges])) if self.edges else 0.0

    def outline(self) -> np.ndarray:
        """The picture's corners (top-left, top-right, bottom-right, bottom-left) as 4x2 (x, y)
        in pixel-boundary coordinates: where the four edge lines meet."""
        lines = {side: self._line(side) for side in SIDES}
        pairs = (("top", "left"), ("top", "right"), ("bottom", "right"), ("bottom", "left"))
        return np.array([_intersect(lines[a], lines[b]) for a, b in pairs])

    def box(self) -> Region:
        """The crop that removes the borders and keeps all of the picture (its bounding box)."""
        corners = self.outline()
        # Rounded outwards, but a quarter pixel of an anti-aliased edge is not worth a line.
        x0 = max(0, math.floor(corners[:, 0].min() + 0.25))
        y0 = max(0, math.floor(corners[:, 1].min() + 0.25))
        x1 = min(self.width, math.ceil(corners[:, 0].max() - 0.25))
        y1 = min(self.height, math.ceil(corners[:, 1].max() - 0.25))
        return Region(x0, y0, x1 - x0, y1 - y0)

    def scaled(self, factor: float) -> Borders:
        """The same borders for the image resized by ``factor`` (e.g. from a preview proxy)."""
        edges = tuple(Edge(e.side, e.offset * factor, e.slope, e.colour) for e in self.edges)
        return Borders(round(self.width * factor), round(self.height * factor), edges)

    def _line(self, side: str) -> tuple[float, float, float]:
        """The side's edge as ``a*x + b*y = c`` in image coordinates (the image's own edge
        where no border was found)."""
        edge = self.edge(side)
        offset, slope = (edge.offset, edge.slope) if edge else (0.0, 0.0)
        w, h = self.width, self.height
        if side == "top":  # y = offset + slope * (x - w/2)
            return (-slope, 1.0, offset - slope * w / 2)
        if side == "bottom":  # y = h - offset - slope * (x - w/2)
            return (slope, 1.0, h - offset + slope * w / 2)
        if side == "left":  # x = offset + slope * (y - h/2)
            return (1.0, -slope, offset - slope * h / 2)
        return (1.0, slope, w - offset + slope * h / 2)  # right: x = w - offset - slope*(y-h/2)


@dataclass(frozen=True)
class Crop:
    """How to cut the picture out: ``box`` in the coordinates of the image turned by ``angle``
    degrees (counter-clockwise on screen, about the image's centre; 0 = no turn)."""

    box: Region
    angle: float = 0.0

    @property
    def turns(self) -> bool:
        return self.angle != 0.0


def find_borders(pixels: np.ndarray) -> Borders:
    """Borders of an image (core layout; 8 or 16 bits). No borders found: ``edges`` is empty."""
    height, width = pixels.shape[:2]
    nothing = Borders(width, height, ())
    if min(height, width) < 32:
        return nothing
    image = _analysis_image(pixels)
    views = {
        "top": image,
        "bottom": image[::-1],
        "left": image.transpose(1, 0, 2),
        "right": image.transpose(1, 0, 2)[::-1],
    }
    candidates = {side: _find_edge(side, view) for side, view in views.items()}
    edges = [
        c.edge
        for side, c in candidates.items()
        if c is not None and _accepted(c, candidates[OPPOSITE[side]])
    ]
    if len(edges) < 2:
        return nothing
    found = Borders(width, height, tuple(edges))
    box = found.box()
    if box.width < MIN_KEEP * width or box.height < MIN_KEEP * height:
        return nothing
    return found


def plan_crop(borders: Borders, *, straighten: bool = False) -> Crop | None:
    """The crop for found borders (None when there are none). With ``straighten``, a tilt of
    :data:`MIN_STRAIGHTEN` to :data:`MAX_TILT` degrees on which the edges agree is turned
    upright and the crop is the rectangle inside the picture's outline, less
    :data:`TURNED_EDGE_INSET` px on each side."""
    if not borders.found:
        return None
    tilts = [e.tilt for e in borders.edges]
    tilt = borders.tilt
    agree = max(tilts) - min(tilts) <= 1.0
    if not (straighten and agree and MIN_STRAIGHTEN <= abs(tilt) <= MAX_TILT):
        return Crop(borders.box())
    rotation = _rotation(borders, tilt)
    corners = borders.outline()
    turned = corners @ rotation[:, :2].T + rotation[:, 2]
    inset = TURNED_EDGE_INSET
    x0 = math.ceil(max(turned[0, 0], turned[3, 0]) - 1e-6) + inset
    x1 = math.floor(min(turned[1, 0], turned[2, 0]) + 1e-6) - inset
    y0 = math.ceil(max(turned[0, 1], turned[1, 1]) - 1e-6) + inset
    y1 = math.floor(min(turned[2, 1], turned[3, 1]) + 1e-6) - inset
    if x1 - x0 < MIN_KEEP * borders.width or y1 - y0 < MIN_KEEP * borders.height:
        return Crop(borders.box())
    return Crop(Region(x0, y0, x1 - x0, y1 - y0), tilt)


def apply_crop(pixels: np.ndarray, crop: Crop) -> np.ndarray:
    """The cropped (and, if ``crop.angle``, straightened) picture as a new array; every channel,
    alpha included, goes through the same geometry."""
    box = crop.box
    if not crop.turns:
        return pixels[box.slices()].copy()
    height, width = pixels.shape[:2]
    rotation = rotation_matrix((width / 2, height / 2), crop.angle)
    half = np.array([0.5, 0.5])
    # Pixel centres sit at +0.5 in pixel-boundary coordinates; the warp (as OpenCV's) maps centres.
    rotation[:, 2] += rotation[:, :2] @ half - half - (box.x, box.y)
    return warp_affine_cubic(pixels, rotation, (box.width, box.height))


def _rotation(borders: Borders, tilt: float) -> np.ndarray:
    """2x3 map from image to turned-image coordinates (pixel boundaries), about the centre."""
    return rotation_matrix((borders.width / 2, borders.height / 2), tilt)


# -- detection ----------------------------------------------------------------------------------


def _analysis_image(pixels: np.ndarray) -> np.ndarray:
    """8-bit HxWxC copy (alpha kept as a channel: a transparent margin is a border too), with a
    3x3 median that removes specks and halves grain without moving straight edges."""
    image = pixels if pixels.dtype == np.uint8 else (pixels >> 8).astype(np.uint8)
    if image.ndim == 2:
        image = image[..., None]
    if image.shape[2] == 2:  # not a core layout, but cheap to accept
        image = image[..., :1]
    return median3(image)


@dataclass(frozen=True)
class _Candidate:
    edge: Edge
    share: float  # of the columns holding picture, the share that starts on the edge


def _accepted(candidate: _Candidate, opposite: _Candidate | None) -> bool:
    if candidate.share >= MIN_INLIERS:
        return True
    if candidate.share < MIN_INLIERS_PAIRED or opposite is None:
        return False
    mine, theirs = candidate.edge, opposite.edge
    level = max(abs(a - b) for a, b in zip(mine.colour, theirs.colour, strict=True))
    return (
        opposite.share >= MIN_INLIERS
        and level <= 12
        and abs(mine.offset - theirs.offset) <= 1.5
        and max(abs(mine.slope), abs(theirs.slope)) < _PAIRED_SLOPE
    )


def _find_edge(side: str, view: np.ndarray) -> _Candidate | None:
    """The straight edge between a border at row 0 of ``view`` and the picture, if any."""
    depth, length = view.shape[:2]
    outer = view[:2].reshape(-1, view.shape[2]).astype(np.int16)
    colour = np.median(outer, axis=0)
    deviation = np.abs(outer - colour).max(axis=1)
    if np.mean(deviation <= 12) < 0.9:
        return None
    noise = 1.4826 * float(np.median(deviation))
    tolerance = float(np.clip(5 * noise, 10, 40))
    differs = _differs(view, colour, tolerance)
    content = differs[:-1] & differs[1:]  # two rows in a row: one odd row is not the picture
    has = content.any(axis=0)
    if np.count_nonzero(has) < MIN_SPAN * length:
        return None
    positions = np.flatnonzero(has).astype(np.float64)
    starts = content.argmax(axis=0)[has].astype(np.float64)
    line = _fit_line(positions - length / 2, starts)
    if line is None:
        return None
    offset, slope = line
    predicted = offset + slope * (positions - length / 2)
    residual = starts - predicted
    on_line = np.abs(residual) <= 1.5
    inliers = int(np.count_nonzero(on_line))
    if inliers < MIN_INLIERS_PAIRED * len(positions) or inliers < MIN_SPAN * length:
        return None
    if np.count_nonzero(residual < -RINGING) > MAX_ABOVE * inliers:
        return None
    span = positions[on_line]
    thinnest = min(offset + slope * (t - length / 2) for t in (span[0], span[-1]))
    if thinnest < max(MIN_THICKNESS, MIN_THICKNESS_FRACTION * depth):
        return None
    # The lines next to the edge are left out: JPEG rings there (chroma over 16 px blocks).
    if _drift(view[: math.floor(0.75 * thinnest)], colour) > MAX_DRIFT:
        return None
    edge = Edge(side, float(offset), float(slope), tuple(float(c) for c in colour))
    return _Candidate(edge, inliers / len(positions))


def _differs(view: np.ndarray, colour: np.ndarray, tolerance: float) -> np.ndarray:
    """Where a pixel's largest channel difference from ``colour`` exceeds ``tolerance``."""
    # Differences are whole levels: more than ``tolerance`` is more than its whole part.
    allowed = math.floor(tolerance)
    differs = np.zeros(view.shape[:2], dtype=bool)
    for c in range(view.shape[2]):
        plane = np.ascontiguousarray(view[..., c])  # the left and right views are transposed
        level = round(colour[c])
        differs |= (plane > level + allowed) | (plane < level - allowed)
    return differs


def _fit_line(positions: np.ndarray, starts: np.ndarray) -> tuple[float, float] | None:
    """Robust line ``starts = offset + slope * positions``: a Hough vote over slopes within
    :data:`MAX_TILT` (steps of 0.05 degrees) and 1-px offsets, then least squares on the points
    within 1.5 px of the winner."""
    slopes = np.tan(np.radians(np.arange(-MAX_TILT, MAX_TILT + 1e-9, 0.05)))
    offsets = starts[None, :] - slopes[:, None] * positions[None, :]
    lowest = math.floor(offsets.min())
    bins = np.rint(offsets - lowest).astype(np.int64)
    span = int(bins.max()) + 1
    votes = np.zeros((len(slopes), span + 2), dtype=np.int64)
    for row in range(len(slopes)):
        votes[row, 1:-1] = np.bincount(bins[row], minlength=span)
    windowed = votes[:, :-2] + votes[:, 1:-1] + votes[:, 2:]  # +-1 px around each offset
    best_slope, best_offset = np.unravel_index(int(np.argmax(windowed)), windowed.shape)
    slope = slopes[best_slope]
    offset = best_offset + lowest
    for _ in range(2):
        near = np.abs(starts - (offset + slope * positions)) <= 1.5
        if np.count_nonzero(near) < 2:
            return None
        slope, offset = np.polyfit(positions[near], starts[near], 1)
        if abs(slope) > math.tan(math.radians(MAX_TILT)):
            return None
    span = positions[near].max() - positions[near].min()
    if abs(slope) * span < 0.5:  # not tilted: less than half a pixel from end to end
        return float(np.median(starts[near])), 0.0
    return float(offset), float(slope)


def _drift(band: np.ndarray, colour: np.ndarray) -> float:
    """Largest difference (8-bit levels) between a border line's mean colour and ``colour``."""
    if band.shape[0] == 0:
        return 0.0
    means = band.reshape(band.shape[0], -1, band.shape[2]).mean(axis=1)
    return float(np.abs(means - colour).max())


def _intersect(
    first: tuple[float, float, float], second: tuple[float, float, float]
) -> tuple[float, float]:
    a1, b1, c1 = first
    a2, b2, c2 = second
    det = a1 * b2 - a2 * b1
    return ((c1 * b2 - c2 * b1) / det, (a1 * c2 - a2 * c1) / det)
