"""Print the accuracy table of auto crop and auto colour on the damaged Set14 set (markdown).

.venv/bin/python -m tests.adjust_table [SET14_DIR]    # default: ../shared/data/.../Set14
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from tests.adjust_measure import (
    AMBIGUOUS,
    measure_borders,
    measure_clean,
    measure_colour,
    measure_known_light,
    measure_straightening,
)
from tests.adjust_testset import set14_images
from tests.conftest import SET14


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else SET14
    images = set14_images(folder)
    if not images:
        print(f"no pictures in {folder}; give the Set14 folder", file=sys.stderr)
        return 2
    print(f"{len(images)} pictures from {folder.name}\n")
    print("| border damage | within 2 px | worst error (px) | picture cut (> 2 px) |")
    print("|---|---|---|---|")
    groups = defaultdict(list)
    for r in measure_borders(images):
        groups[r.kind].append(r)
    for kind, rows in groups.items():
        worst = max(max(abs(e) for e in r.errors) for r in rows)
        within = sum(max(abs(e) for e in r.errors) <= 2 for r in rows)
        cut = [r.name for r in rows if _cuts(r.errors)]
        misses = ", ".join(
            f"{r.name} {max(abs(e) for e in r.errors):.0f} px"
            for r in rows
            if max(abs(e) for e in r.errors) > 2
        )
        note = f" (missed: {misses})" if misses else ""
        print(f"| {kind} | {within}/{len(rows)}{note} | {worst:.1f} | {len(cut)} |")
    print("\n| tilted scan, straightened | box within 2 px | worst box error | worst angle error |")
    print("|---|---|---|---|")
    groups = defaultdict(list)
    for r in measure_straightening(images):
        groups[r.kind].append(r)
    for kind, rows in groups.items():
        found = [r for r in rows if r.errors is not None]
        worst = max(max(abs(e) for e in r.errors) for r in found)
        within = sum(max(abs(e) for e in r.errors) <= 2 for r in found)
        angle = max(r.angle_error for r in found)
        print(f"| {kind} | {within}/{len(rows)} | {worst:.1f} px | {angle:.3f} deg |")
    print("\nAmbiguous pairs (the picture's own edge has the border's colour):")
    for (kind, name), why in AMBIGUOUS.items():
        print(f"- {name}, {kind}: {why}")
    print("\n| colour damage | error before | after | reduction (set) | pictures >= 80% |")
    print("|---|---|---|---|---|")
    groups = defaultdict(list)
    for r in measure_colour(images):
        groups[r.kind].append(r)
    for kind, rows in groups.items():
        before = np.mean([r.before for r in rows])
        after = np.mean([r.after for r in rows])
        good = [r.name for r in rows if r.reduction >= 0.8]
        print(
            f"| {kind} | {before:.1f} | {after:.1f} | {1 - after / before:.0%} | "
            f"{len(good)}/{len(rows)} |"
        )
    print("\n| cast, corrected with the true light | after | reduction (set) | worst picture |")
    print("|---|---|---|---|")
    known = defaultdict(list)
    for r in measure_known_light(images):
        known[r.kind].append(r)
    for kind, rows in known.items():
        before = np.mean([r.before for r in rows])
        after = np.mean([r.after for r in rows])
        worst = min(rows, key=lambda r: r.reduction)
        share = f"{1 - after / before:.0%}"
        print(f"| {kind} | {after:.1f} | {share} | {worst.name} {worst.reduction:.0%} |")
    clean = measure_clean(images)
    untouched = [r.name for r in clean if r.after == 0]
    print(
        f"\nClean pictures, auto colour: {len(untouched)}/{len(clean)} untouched; the others "
        + ", ".join(f"{r.name} {r.after:.1f}" for r in clean if r.after)
        + " (mean CIE76 difference)"
    )
    print("\nPer picture, colour reduction:")
    for kind, rows in groups.items():
        print(f"- {kind}: " + ", ".join(f"{r.name} {r.reduction:.0%}" for r in rows))
    return 0


def _cuts(errors: tuple[float, ...]) -> bool:
    left, top, right, bottom = errors
    return left > 2 or top > 2 or right < -2 or bottom < -2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
