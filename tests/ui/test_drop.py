"""What a drop or a command line brings in: images, models, and refusals with reasons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl

from upscaler.ui.drop import classify_paths, classify_urls


def test_folders_expand_and_everything_else_is_sorted(tmp_path: Path) -> None:
    album = tmp_path / "album"
    (album / "sub").mkdir(parents=True)
    for name in ("b.PNG", "a.jpg", "sub/c.webp", "readme.md"):
        (album / name).write_bytes(b"x")
    empty = tmp_path / "empty"
    empty.mkdir()
    model = tmp_path / "ESPCN_x2.pb"
    model.write_bytes(b"x")
    incoming = classify_paths([album, empty, model, tmp_path / "gone.png"])
    assert incoming.images == [album / "a.jpg", album / "b.PNG", album / "sub" / "c.webp"]
    assert incoming.models == [model]
    assert incoming.refused == ["empty: the folder holds no images", "gone.png: no such file"]


def test_remote_urls_are_refused(tmp_path: Path) -> None:
    image = tmp_path / "x.png"
    image.write_bytes(b"x")
    incoming = classify_urls([QUrl("http://example.com/x.png"), QUrl.fromLocalFile(str(image))])
    assert incoming.images == [image]
    assert incoming.refused == [
        "http://example.com/x.png: only files on this computer can be opened"
    ]


def test_every_format_the_core_reads_is_accepted(tmp_path: Path) -> None:
    names = ("old.jfif", "scan.JPE", "photo.jpeg", "anim.gif", "deep.tif")
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    incoming = classify_paths([tmp_path / name for name in names])
    assert incoming.images == [tmp_path / name for name in names]
    assert incoming.refused == []


def test_the_open_dialog_filter_lists_every_readable_suffix() -> None:
    from upscaler.core.imageio import IMAGE_SUFFIXES
    from upscaler.ui.dialogs import IMAGE_FILTER_SUFFIXES

    assert sorted(IMAGE_FILTER_SUFFIXES.split()) == sorted(f"*{s}" for s in IMAGE_SUFFIXES)
    assert "*.jfif" in IMAGE_FILTER_SUFFIXES.split()


def test_a_dropped_heic_photo_is_refused_by_its_format(tmp_path: Path) -> None:
    names = ("IMG_0001.HEIC", "b.avif", "notes.txt")
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    incoming = classify_paths([tmp_path / name for name in names])
    assert incoming.images == []
    supported = "(supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    assert incoming.refused == [
        f"IMG_0001.HEIC: HEIC images are not supported {supported}",
        f"b.avif: AVIF images are not supported {supported}",
        "notes.txt: not an image file",
    ]


def test_a_dropped_folder_of_heic_photos_says_why_nothing_came(tmp_path: Path) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    (phone / "IMG_0001.HEIC").write_bytes(b"x")
    incoming = classify_paths([phone])
    assert incoming.images == []
    assert incoming.refused == [
        "phone: the folder holds no image this program reads: its HEIC images are not supported "
        "(supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    ]


def test_heic_photos_in_a_dropped_folder_beside_jpegs_are_said(tmp_path: Path) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    for name in ("a.jpg", "IMG_0001.HEIC", "IMG_0002.avif"):
        (phone / name).write_bytes(b"x")
    incoming = classify_paths([phone])
    assert incoming.images == [phone / "a.jpg"]
    assert incoming.refused == [
        "phone: left out 2 image(s) in a format that is not supported (AVIF, HEIC); convert them "
        "to JPEG or PNG first"
    ]
