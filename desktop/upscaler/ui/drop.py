"""What a drop (or a command line, or File > Open) brings in: images, model files, refusals.

Deciding this apart from the window keeps drag-and-drop testable with plain URLs and gives the
command line the same rules (folders expand to the images inside them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl

from upscaler.core import pipeline
from upscaler.core.imageio import IMAGE_SUFFIXES as READABLE
from upscaler.core.imageio.formats import unsupported_format, unsupported_format_text
from upscaler.core.video import is_video_path
from upscaler.ui.core_text import localized

#: What the core can read: the window accepts exactly the files the CLI does.
IMAGE_SUFFIXES = frozenset(READABLE)
MODEL_SUFFIXES = frozenset({".pb", ".onnx"})


@dataclass
class Incoming:
    images: list[Path] = field(default_factory=list)
    videos: list[Path] = field(default_factory=list)  # named or dropped (folders hold images)
    models: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "name: reason", for one message

    @property
    def empty(self) -> bool:
        return not (self.images or self.videos or self.models or self.refused)


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def _images_in(folder: Path, entries: list[Path]) -> list[Path]:
    """Image files among ``entries`` (everything under ``folder``), skipping hidden ones (names
    starting with ".") and this program's own earlier results (``photo_x4_upnet.png``), as the
    command line does.

    Hidden entries are never photos someone meant: macOS "._IMG.jpg" companions on USB sticks,
    thumbnail caches. Earlier results would be enlarged again (a folder dropped twice queued
    ``photo_x4_upnet_x4_upnet.png``). The dropped folder's own name does not count.
    """
    return sorted(
        p
        for p in entries
        if p.is_file()
        and is_image_name(p)
        and not pipeline.is_own_output(p)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def classify_paths(paths: Iterable[Path], incoming: Incoming | None = None) -> Incoming:
    """Sort local paths into images (folders expanded), model files and refusals."""
    result = incoming if incoming is not None else Incoming()
    for path in paths:
        if path.is_dir():
            entries = list(path.rglob("*"))  # walked once: the images and the unread ones
            found = _images_in(path, entries)
            result.images += found
            files = [p for p in entries if pipeline.is_unread_image(p)]
            if files:  # a phone's HEIC photos: say why they (or all) did not come
                unread = pipeline.unsupported_in(files)
                reason = (
                    pipeline.unreadable_text(files)
                    if found
                    else pipeline.unsupported_folder_text(unread)
                )
                result.refused.append(f"{path.name}: {localized(reason)}")
            elif not found:
                result.refused.append(
                    f"{path.name}: "
                    + QCoreApplication.translate("Drop", "the folder holds no images")
                )
        elif path.suffix.lower() in MODEL_SUFFIXES:
            result.models.append(path)
        elif not path.exists():
            result.refused.append(
                f"{path.name}: " + QCoreApplication.translate("Drop", "no such file")
            )
        elif is_image_name(path):
            result.images.append(path)
        elif is_video_path(path):
            result.videos.append(path)
        elif (named := unsupported_format(path)) is not None:  # a phone's HEIC: say so
            result.refused.append(f"{path.name}: " + localized(unsupported_format_text(named)))
        else:
            result.refused.append(
                f"{path.name}: " + QCoreApplication.translate("Drop", "not an image file")
            )
    return result


def classify_urls(urls: Iterable[QUrl]) -> Incoming:
    """Like :func:`classify_paths`, refusing anything that is not a local file."""
    result = Incoming()
    local: list[Path] = []
    for url in urls:
        if url.isLocalFile():
            local.append(Path(url.toLocalFile()))
        else:
            result.refused.append(
                f"{url.toDisplayString()}: "
                + QCoreApplication.translate("Drop", "only files on this computer can be opened")
            )
    return classify_paths(local, result)
