"""Finished segments kept beside the output, so an interrupted run continues where it stopped.

The folder ``.<output name>.resume/`` holds ``run.json`` (what the run is: source file, model,
settings, segment length) and one ``NNNNNN.nut`` per finished segment. A segment gets its name only
once complete and synced (written as ``NNNNNN.nut.part`` first), so after Ctrl+C, a crash or a power
cut every named segment is whole. Segment ``k`` always covers the same frames, so a resumed run
makes the same segments as an uninterrupted one, and the same video (libx264 may encode a
segment's identical frames to slightly different bytes, docs/pitfalls.md pitfall 32).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import av.error

from upscaler.core.fsutil import atomic_write
from upscaler.core.messages import text
from upscaler.core.video.encode import SEGMENT_SUFFIX
from upscaler.core.video.errors import ResumeError, VideoWriteError

MANIFEST = "run.json"
MANIFEST_VERSION = 1


def resume_folder(target: Path) -> Path:
    return target.parent / f".{target.name}.resume"


@dataclass
class WorkFolder:
    """The segments of one run. ``identity`` is everything that decides the output's bytes."""

    path: Path
    identity: dict[str, Any]
    segment_frames: int
    total_frames: int

    @property
    def segment_count(self) -> int:
        return -(-self.total_frames // self.segment_frames)

    def segment_path(self, number: int) -> Path:
        return self.path / f"{number:06d}{SEGMENT_SUFFIX}"

    def segment_span(self, number: int) -> tuple[int, int]:
        """Frames ``[start, stop)`` of segment ``number``, relative to the run's first frame."""
        start = number * self.segment_frames
        return start, min(self.total_frames, start + self.segment_frames)

    def finished(self) -> int:
        """How many segments, from the first, are complete (a damaged one and all after it are
        removed: they are remade)."""
        count = 0
        while count < self.segment_count:
            path = self.segment_path(count)
            start, stop = self.segment_span(count)
            if not path.is_file() or _frames_in(path) != stop - start:
                break
            count += 1
        for later in self.path.glob(f"*{SEGMENT_SUFFIX}*"):
            stem = later.name.split(".")[0]
            if not stem.isdigit() or int(stem) >= count:
                with suppress(OSError):
                    later.unlink()
        return count

    def segments(self) -> list[Path]:
        return [self.segment_path(n) for n in range(self.segment_count)]

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _frames_in(path: Path) -> int:
    try:
        with av.open(str(path)) as seg:
            return sum(1 for p in seg.demux(seg.streams.video[0]) if p.size)
    except (av.error.FFmpegError, IndexError, OSError):
        return -1


def open_work_folder(
    target: Path,
    identity: Mapping[str, Any],
    *,
    segment_frames: int,
    total_frames: int,
    resume: bool,
) -> tuple[WorkFolder, int]:
    """The run's folder and how many segments are already done.

    ``resume=False`` starts over (an earlier run's segments are removed). With ``resume=True``
    the saved run must be this one: same source file (size and time), model and settings;
    otherwise :class:`ResumeError` says what differs. No saved run: starts from the beginning.
    """
    folder = resume_folder(target)
    identity = dict(identity)
    manifest = folder / MANIFEST
    if folder.exists() and not resume:
        shutil.rmtree(folder, ignore_errors=True)
    if resume and manifest.is_file():
        saved = _read_manifest(manifest)
        differs = sorted(
            k
            for k in set(saved["identity"]) | set(identity)
            if saved["identity"].get(k) != identity.get(k)
        )
        if differs:
            raise ResumeError(
                text(
                    "the saved progress in {folder} belongs to another run (another {what})",
                    folder=folder.name,
                    what=_listed([_IDENTITY_WORDS.get(k, k) for k in differs]),
                ),
                target,
            )
        work = WorkFolder(folder, identity, int(saved["segment_frames"]), total_frames)
        return work, work.finished()
    try:
        folder.mkdir(exist_ok=True)
        data = {
            "version": MANIFEST_VERSION,
            "identity": identity,
            "segment_frames": segment_frames,
        }
        payload = json.dumps(data, indent=1, sort_keys=True).encode("utf-8")
        atomic_write(manifest, lambda handle: handle.write(payload))
    except OSError as err:
        raise VideoWriteError(
            text(
                "cannot keep the run's progress in {folder} ({reason})",
                folder=folder.name,
                reason=err.strerror or err,
            ),
            target,
        ) from err
    work = WorkFolder(folder, identity, segment_frames, total_frames)
    return work, work.finished()


def saved_progress(target: Path) -> int | None:
    """How many frames an interrupted earlier run of ``target`` finished (None: no such run);
    for telling the user that ``--resume`` would continue it."""
    manifest = resume_folder(target) / MANIFEST
    if not manifest.is_file():
        return None
    try:
        saved = _read_manifest(manifest)
    except ResumeError:
        return None
    size = int(saved["segment_frames"])
    done = 0
    while (resume_folder(target) / f"{done:06d}{SEGMENT_SUFFIX}").is_file():
        done += 1
    return done * size


def saved_identity(target: Path) -> dict[str, Any] | None:
    """What the interrupted earlier run of ``target`` was (its ``identity``), or None."""
    manifest = resume_folder(target) / MANIFEST
    if not manifest.is_file():
        return None
    try:
        identity = _read_manifest(manifest)["identity"]
    except ResumeError:
        return None
    return identity if isinstance(identity, dict) else None


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError("version")
        data["identity"], data["segment_frames"]  # noqa: B018 - both must be there
        return data
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ResumeError(
            text("the saved progress cannot be read"),
            path.parent,
        ) from err


#: What each part of a run's identity (``job._identity``) is called for the user.
_IDENTITY_WORDS: dict[str, str] = {
    "source": text("clip"),
    "source_file": text("version of the clip (the file changed since)"),
    "model": text("model"),
    "model_file": text("model file"),
    "frames": text("frame range"),
    "tile": text("tile size"),
    "encoder": text("codec"),
    "crf": text("quality (CRF)"),
    "pix_fmt": text("pixel format"),
    "program": text("program version"),
    "ffmpeg": text("FFmpeg version"),
}


def _listed(words: list[str]) -> str:
    """Words joined as a list, built of messages so that a window translates each part."""
    if len(words) == 1:
        return words[0]
    return text("{first}, {rest}", first=words[0], rest=_listed(words[1:]))
