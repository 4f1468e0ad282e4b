"""core/fsutil.py: the one atomic write every writer uses (images, videos, models, caches)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from upscaler.core import fsutil


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_refused_check_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "model.onnx"
    target.write_bytes(b"old")
    seen: list[bytes] = []

    def refuse(tmp: Path) -> None:
        seen.append(tmp.read_bytes())  # the check sees the complete new bytes
        raise ValueError("wrong bytes")

    with pytest.raises(ValueError, match="wrong bytes"):
        fsutil.atomic_write(target, lambda out: out.write(b"new"), check=refuse)
    assert seen == [b"new"]
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["model.onnx"]


def test_no_clobber_keeps_a_file_that_appeared(tmp_path: Path) -> None:
    target = tmp_path / "out.png"

    def someone_else_saves(out) -> None:
        target.write_bytes(b"theirs")
        out.write(b"ours")

    with pytest.raises(FileExistsError):
        fsutil.atomic_write(target, someone_else_saves, replace=False)
    assert target.read_bytes() == b"theirs"
    assert _listing(tmp_path) == ["out.png"]


def test_a_folder_that_refuses_files_is_told_apart(tmp_path: Path) -> None:
    with pytest.raises(fsutil.PartCreateError):
        fsutil.atomic_write(tmp_path / "missing" / "a.bin", lambda out: None)


def test_write_cache_makes_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "onnx" / "x.onnx"
    fsutil.write_cache(target, b"graph")
    assert target.read_bytes() == b"graph"
    assert _listing(target.parent) == ["x.onnx"]


def test_only_old_temporary_files_of_our_shape_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "clip.mkv"
    old = time.time() - 2 * fsutil.STALE_PART_SECONDS
    names = {
        ".clip.mkv.0badc0de.part": old,  # a killed writer's: removed
        ".clip.mkv.1234abcd.part": time.time(),  # a live writer's: kept
        ".clip.mkv.nothexx!.part": old,  # not a name we make: kept
        ".other.mkv.0badc0de.part": old,  # another target's: kept
    }
    for name, mtime in names.items():
        (tmp_path / name).write_bytes(b"half")
        os.utime(tmp_path / name, (mtime, mtime))
    fsutil.remove_stale_parts(target)
    assert _listing(tmp_path) == sorted(set(names) - {".clip.mkv.0badc0de.part"})
    assert fsutil.part_path(target).name.startswith(".clip.mkv.")
