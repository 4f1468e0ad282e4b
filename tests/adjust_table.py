"""Print the accuracy table of auto crop and auto colour on the damaged Set14 set (markdown).

.venv/bin/python -m tests.adjust_table [SET14_DIR] [--photos DIR ...]

SET14_DIR defaults to ../shared/data/.../Set14. ``--photos`` also reports auto colour on the
photographs in each DIR taken as they are (balanced photographs such as SunHays80 should stay
untouched), and the test set's casts on them, taken as balanced (area-averaged to a quarter
megapixel first: a minute for 80 photographs).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import TypeVar

import cv2
import numpy as np

from tests.adjust_measure import (
    AMBIGUOUS,
    BorderResult,
    CleanPhoto,
    ColourResult,
    measure_borders,
    measure_clean,
    measure_colour,
    measure_known_light,
    measure_photos,
    measure_straightening,
)
from tests.adjust_testset import CASTS, set14_images
from tests.conftest import SET14
from upscaler.core.adjust.preview import make_proxy
from upscaler.core.imageio import read_image


def main(argv: list[str]) -> int:
    photos = argv[argv.index("--photos") + 1 :] if "--photos" in argv else []
    argv = argv[: argv.index("--photos")] if "--photos" in argv else argv
    folder = Path(argv[0]) if argv else SET14
    images = set14_images(folder)
    if not images:
        print(f"no pictures in {folder}; give the Set14 folder", file=sys.stderr)
        return 2
    print(f"{len(images)} pictures from {folder.name}\n")
    borders_table(measure_borders(images))
    straightening_table(measure_straightening(images))
    print("\nAmbiguous pairs (the picture's own edge has the border's colour):")
    for (kind, name), why in AMBIGUOUS.items():
        print(f"- {name}, {kind}: {why}")
    colour = measure_colour(images)
    colour_table(colour, measure_known_light(images))
    clean = measure_clean(images)
    untouched = [r.name for r in clean if r.after == 0]
    print(
        f"\nClean pictures, auto colour: {len(untouched)}/{len(clean)} untouched; the others "
        + ", ".join(f"{r.name} {r.after:.1f}" for r in clean if r.after)
        + " (mean CIE76 difference)"
    )
    print("\nPer picture, colour reduction:")
    for kind, rows in _grouped(colour).items():
        print(f"- {kind}: " + ", ".join(f"{r.name} {r.reduction:.0%}" for r in rows))
    for photo_folder in map(Path, photos):
        photographs = photo_images(photo_folder)
        photos_line(photo_folder, measure_photos(photographs))
        small = {name: make_proxy(p, 250_000)[0] for name, p in photographs.items()}
        print(
            "casts on them: "
            + ", ".join(
                f"{kind.split()[0]} {_reduction(rows):.0%} "
                f"({sum(r.reduction >= 0.8 for r in rows)}/{len(rows)} >= 80%)"
                for kind, rows in _grouped(measure_colour(small, tuple(CASTS))).items()
            )
        )
    return 0


def _reduction(rows: list[ColourResult]) -> float:
    return 1 - sum(r.after for r in rows) / sum(r.before for r in rows)


def photo_images(folder: Path) -> dict[str, np.ndarray]:
    """name -> BGR uint8 pixels of every PNG or JPEG in ``folder``."""
    images = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".png", ".jpg", ".jpeg"):
            pixels = read_image(path).pixels
            if pixels.ndim == 2:
                pixels = cv2.cvtColor(pixels, cv2.COLOR_GRAY2BGR)
            if pixels.dtype != np.uint8:
                pixels = (pixels // 257).astype(np.uint8)
            images[path.stem] = pixels[..., :3]
    return images


def photos_line(folder: Path, results: list[CleanPhoto]) -> None:
    changed = [r for r in results if r.change > 0]
    worst = sorted(changed, key=lambda r: -r.change)[:5]
    print(
        f"\n{folder.name} as it is, auto colour: {len(results) - len(changed)}/{len(results)} "
        f"untouched; white balance changed {sum(r.balanced for r in results)}, levels "
        f"{sum(r.levelled for r in results)}; mean CIE76 change of the changed ones "
        + (f"median {np.median([r.change for r in changed]):.1f}, " if changed else "")
        + "largest: "
        + (", ".join(f"{r.name} {r.change:.1f}" for r in worst) or "none")
    )


def borders_table(results: list[BorderResult]) -> None:
    print("| border damage | within 2 px | worst error (px) | picture cut (> 2 px) |")
    print("|---|---|---|---|")
    for kind, rows in _grouped(results).items():
        worst = max(r.worst for r in rows)
        within = sum(r.worst <= 2 for r in rows)
        cut = sum(r.cuts_picture for r in rows)
        misses = ", ".join(f"{r.name} {r.worst:.0f} px" for r in rows if r.worst > 2)
        note = f" (missed: {misses})" if misses else ""
        print(f"| {kind} | {within}/{len(rows)}{note} | {worst:.1f} | {cut} |")


def straightening_table(results: list[BorderResult]) -> None:
    print("\n| tilted scan, straightened | box within 2 px | worst box error | worst angle error |")
    print("|---|---|---|---|")
    for kind, rows in _grouped(results).items():
        worst = max(r.worst for r in rows)
        within = sum(r.worst <= 2 for r in rows)
        angle = max(r.angle_error for r in rows)
        print(f"| {kind} | {within}/{len(rows)} | {worst:.1f} px | {angle:.3f} deg |")


def colour_table(results: list[ColourResult], known: list[ColourResult]) -> None:
    print("\n| colour damage | error before | after | reduction (set) | pictures >= 80% |")
    print("|---|---|---|---|---|")
    for kind, rows in _grouped(results).items():
        before = np.mean([r.before for r in rows])
        after = np.mean([r.after for r in rows])
        good = sum(r.reduction >= 0.8 for r in rows)
        share = f"{1 - after / before:.0%}"
        print(f"| {kind} | {before:.1f} | {after:.1f} | {share} | {good}/{len(rows)} |")
    print("\n| cast, corrected with the true light | after | reduction (set) | worst picture |")
    print("|---|---|---|---|")
    for kind, rows in _grouped(known).items():
        before = np.mean([r.before for r in rows])
        after = np.mean([r.after for r in rows])
        worst = min(rows, key=lambda r: r.reduction)
        share = f"{1 - after / before:.0%}"
        print(f"| {kind} | {after:.1f} | {share} | {worst.name} {worst.reduction:.0%} |")


Result = TypeVar("Result", BorderResult, ColourResult)


def _grouped(results: list[Result]) -> dict[str, list[Result]]:
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        groups[r.kind].append(r)
    return groups


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
