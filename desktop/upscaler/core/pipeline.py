"""One file in, one file out: the job the CLI and the GUI batch queue both run.

Planning (which files, which output names, what would be overwritten) is separate from running so
that every refusal is known before the first network runs, and a dry run can show the plan. Every
check that can fail cheaply (format limits, memory, an existing output) happens before the network
runs; the write is atomic, so a failed or cancelled job leaves nothing behind.
"""

from __future__ import annotations

import functools
import glob
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from upscaler.core import adjust as adjusting
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ImageReadError, ImageWriteError, UpscalerError
from upscaler.core.estimate import Estimate, check_fits, estimate
from upscaler.core.imageio import (
    DEFAULT_MAX_PIXELS,
    EXTENSIONS,
    FALLBACK_FORMAT,
    FORMAT_CHOICES,
    IMAGE_SUFFIXES,
    NO_ALPHA,
    READ_FORMATS,
    WRITE_FORMATS,
    ImageProbe,
    LoadedImage,
    WriteOptions,
    check_output_size,
    decode_bytes,
    get_format,
    probe_bytes,
    probe_image,
    read_image,
    write_image,
)
from upscaler.core.imageio.formats import (
    choices_text,
    unsupported_format,
    unsupported_format_text,
    written_extensions_text,
)
from upscaler.core.imageio.probe import check_pixel_limit, read_file_bytes
from upscaler.core.messages import text
from upscaler.core.resize import TargetSize, resize_to
from upscaler.core.tiling import Region

ProgressFn = Callable[[int, int], None]
TileFn = Callable[[Region, np.ndarray], None]

ONE_OUTPUT_FILE = text(
    "an output file name (-o) works with exactly one input image; use --output-dir for several"
)


class PlanError(UpscalerError):
    """The inputs and output options contradict each other; nothing was done."""


class OutputExistsError(ImageWriteError):
    """The output file exists and overwriting was not allowed; it was left untouched."""


class SameAsInputError(ImageWriteError):
    """The output would replace the input image; always refused."""


class InputAsOutputError(SameAsInputError):
    """The output would replace another input of the same run; always refused."""


class FolderNotWritableError(ImageWriteError):
    """The output's folder cannot be written (a read-only card or share): choose another."""


@dataclass(frozen=True)
class Job:
    """One input image and where its result goes."""

    source: Path
    target: Path
    format: str  # output format: one of imageio.WRITE_FORMATS


@dataclass(frozen=True)
class JobPlan:
    """What a request expands to: runnable jobs, and the inputs refused up front."""

    jobs: tuple[Job, ...]
    errors: tuple[UpscalerError, ...] = ()
    #: The same refusals with the input each belongs to (the window marks that input's row).
    refused: tuple[tuple[Path, UpscalerError], ...] = ()
    #: Inputs left out as earlier results of other inputs (``a_x2_upnet.png`` beside ``a.png``).
    skipped: tuple[Path, ...] = ()
    #: Named folders that have subfolders, which were not searched (not recursive).
    unsearched: tuple[Path, ...] = ()
    #: Images in the named folders in a format that is not read (HEIC...), left out.
    unreadable: tuple[Path, ...] = ()


@dataclass(frozen=True)
class JobResult:
    job: Job
    model: ModelInfo
    input_size: tuple[int, int]  # width, height
    output_size: tuple[int, int]
    seconds: float
    warnings: tuple[str, ...] = field(default_factory=tuple)
    adjustments: tuple[str, ...] = ()  # what auto crop/colour did, for the user
    #: Transparent areas were composited onto ``background`` (a format without alpha).
    flattened: bool = False

    @property
    def output(self) -> Path:
        return self.job.target


# -- naming -------------------------------------------------------------------------------------


def parse_format(name: str) -> str:
    """One of ``imageio.FORMAT_CHOICES`` (``jpg``, ``tif``...; any case) to a format name."""
    key = name.strip().lower().lstrip(".")
    if key in FORMAT_CHOICES:
        return FORMAT_CHOICES[key]
    raise PlanError(
        text(
            "unknown output format '{name}'; choose one of {choices}",
            name=name,
            choices=choices_text(),
        )
    )


def format_of_suffix(path: Path) -> str | None:
    """The image format a file name announces, or None if it is not an image name."""
    return IMAGE_SUFFIXES.get(path.suffix.lower())


def model_slug(model: ModelInfo) -> str:
    """The model's part of an output name: the lowercase family display name (``fsrcnn-small``),
    plus the denoise level of a model that has one (``waifu2x-photo-denoise1``)."""
    slug = model.name.lower().replace(" ", "-")
    return slug if model.denoise is None else f"{slug}-denoise{model.denoise}"


def output_format(source: Path, requested: str | None) -> str:
    """The requested format, else the input's own if we can write it, else PNG."""
    if requested is not None:
        return parse_format(requested)
    own = format_of_suffix(source)
    return own if own in WRITE_FORMATS else FALLBACK_FORMAT


def default_output_name(source: Path, model: ModelInfo, fmt: str) -> str:
    """``<stem>_x<scale>_<model>.<ext>``; keeps the input's spelling of the extension when the
    format is unchanged (``.jpeg`` stays ``.jpeg``)."""
    suffix = source.suffix if format_of_suffix(source) == fmt else get_format(fmt).extension
    return f"{source.stem}_x{model.scale}_{model_slug(model)}{suffix}"


#: Characters Windows forbids in file names (``:`` would write an NTFS stream, not a file).
WINDOWS_FORBIDDEN = frozenset('<>:"|?*')


def check_pattern(pattern: str) -> None:
    """Refuse a name pattern that cannot make a usable file name (PlanError)."""
    output_name(Path("a.png"), load_catalog().all()[0], FALLBACK_FORMAT, pattern)


def output_name(
    source: Path, model: ModelInfo, fmt: str, pattern: str | None = None, number: int = 0
) -> str:
    """The result's file name: :func:`default_output_name`, or ``pattern`` (``{stem}``,
    ``{scale}``, ``{model}``) plus the format's extension. ``number`` > 0 numbers the input's
    part, ``photo (2)_x2_upnet.png``, so a renamed result still reads as this program's."""
    stem = source.stem if not number else f"{source.stem} ({number})"
    if pattern is None:
        name = default_output_name(source.with_name(stem + source.suffix), model, fmt)
        return name
    try:
        made = pattern.format(stem=stem, scale=model.scale, model=model_slug(model))
    except (KeyError, IndexError, ValueError, AttributeError) as err:
        raise PlanError(
            text(
                "the file name pattern '{pattern}' is not valid; use {{stem}}, {{scale}} and "
                "{{model}}",
                pattern=pattern,
            )
        ) from err
    added = pattern.format(stem="", scale="", model="")  # what the pattern itself writes
    if not _usable_name(made, added):
        raise PlanError(
            text("the file name pattern '{pattern}' gives no usable file name", pattern=pattern)
        )
    if number and "{stem}" not in pattern:
        made = f"{made} ({number})"
    return made + get_format(fmt).extension


def _usable_name(stem: str, added: str) -> bool:
    """A plain file: not only dots or spaces (hidden or nameless), no folder separator, and none
    of the characters Windows forbids in what the pattern adds. The input's own stem is not held
    to Windows rules: it is already a file on this system."""
    if not stem.strip(" .") or "/" in stem or "\\" in stem:
        return False
    return not any(c in WINDOWS_FORBIDDEN or c < " " for c in added)


def is_own_output(path: Path) -> bool:
    """True for names this program gives its results, so re-running on a folder skips them."""
    return bool(_result_sources(path))


def _result_sources(path: Path) -> set[str]:
    """The input stems (lowercase) ``path`` would be the result of: ``a`` for ``a_x2_upnet.png``
    (several where model names nest); empty when the name is not one of this program's."""
    return _stem_sources(path.stem.lower())


def _stem_sources(stem: str) -> set[str]:
    endings = {f"_x{m.scale}_{model_slug(m)}" for m in load_catalog().all()}
    return {stem[: -len(end)] for end in endings if stem.endswith(end) and len(stem) > len(end)}


def earlier_results(files: Sequence[Path]) -> list[Path]:
    """The files that are named as this program names a result of another of ``files`` (same
    folder, any model or format, results of results too): what a shell wildcard such as
    ``*.png`` picks up when it is run again in a folder, to be skipped as a folder scan skips
    them."""
    stems = {(_folder_key(p), p.stem.lower()) for p in files}
    found = []
    for path in files:
        folder, frontier = _folder_key(path), _result_sources(path)
        while frontier and not any((folder, s) in stems for s in frontier):
            frontier = set().union(*(_stem_sources(s) for s in frontier))
        if frontier:
            found.append(path)
    return found


def _folder_key(path: Path) -> Path:
    return Path(os.path.normcase(path.parent.resolve()))


# -- planning -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What the inputs name: image files, each with its place under the folder it was found in
    (``subfolders``: ``a/b`` for ``DIR/a/b/x.png`` in a recursive search, else empty), the named
    folders whose subfolders were not searched, and the inputs refused."""

    files: list[Path]
    subfolders: dict[Path, Path]
    unsearched: list[Path]
    errors: list[UpscalerError]
    #: Files in the named folders that are images of a format not read (a phone's HEIC).
    unreadable: list[Path] = field(default_factory=list)


def expand_inputs(
    inputs: Iterable[str | os.PathLike[str]],
) -> tuple[list[Path], list[UpscalerError]]:
    """Files as given, folders as the images directly inside them (sorted), wildcards as the
    images they match (sorted); each file once.

    Inside a folder or a wildcard's matches, non-images and this program's own earlier results
    are skipped silently; a file named explicitly that is missing or not an image is an error.
    """
    found = find_inputs(inputs)
    return found.files, found.errors


def find_inputs(inputs: Iterable[str | os.PathLike[str]], *, recursive: bool = False) -> Inputs:
    """:func:`expand_inputs`, optionally descending into subfolders (not hidden ones, and not
    through links to folders, which could loop), with where each file was found."""
    files: list[Path] = []
    subfolders: dict[Path, Path] = {}
    unsearched: list[Path] = []
    errors: list[UpscalerError] = []
    unreadable: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path, below: Path = Path()) -> None:
        key = _input_key(path)
        if key not in seen:  # the same file named twice (or also via its folder) runs once
            seen.add(key)
            files.append(path)
            if below.parts:
                subfolders[path] = below

    for item in inputs:
        if not os.fspath(item).strip():  # Path("") is ".": an unset variable would mean "all here"
            errors.append(ImageReadError(text("an input name is empty; it was skipped")))
            continue
        path = Path(item).expanduser()
        try:
            is_dir = path.is_dir()
        except OSError as err:  # a name too long, a folder we may not look into
            errors.append(
                ImageReadError(
                    text("cannot be read ({reason})", reason=str(err.strerror or err)), path
                )
            )
            continue
        if is_dir:
            try:
                entries = _folder_images(path, recursive)
            except OSError as err:
                errors.append(
                    ImageReadError(
                        text("the folder cannot be read ({reason})", reason=err.strerror), path
                    )
                )
                continue
            found = [(p, below) for p, below in entries if _is_batch_image(p)]
            if not found:
                errors.append(ImageReadError(_no_images_in([p for p, _ in entries]), path))
            else:  # beside images that are read: said, not silently left out
                unreadable += [p for p, _ in entries if is_unread_image(p)]
            if not recursive and _has_subfolders(path):
                unsearched.append(path)
            for p, below in found:
                add(p, below)
        elif not path.exists() and _is_pattern(path.name):
            # Windows shells hand wildcards over unexpanded; elsewhere one arrives only when the
            # shell found no match.
            matches = sorted(glob.glob(str(path)), key=str.lower)
            images = [p for p in map(Path, matches) if _is_batch_image(p)]
            if not images:
                errors.append(ImageReadError(text("no image file matches this pattern"), path))
            for p in images:
                add(p)
        elif not path.exists():
            errors.append(ImageReadError(text("no such file or folder"), path))
        elif not path.is_file():
            errors.append(ImageReadError(text("is not a regular file"), path))
        elif format_of_suffix(path) is None:
            named = unsupported_format(path)
            if named is not None:
                message = unsupported_format_text(named)
            else:
                known = ", ".join(sorted(IMAGE_SUFFIXES))
                message = text("is not an image file this program reads ({known})", known=known)
            errors.append(ImageReadError(message, path))
        else:
            add(path)
    return Inputs(files, subfolders, unsearched, errors, unreadable)


def _folder_images(folder: Path, recursive: bool) -> list[tuple[Path, Path]]:
    """Entries of ``folder`` (sorted by name, any case), with their subfolder below it; with
    ``recursive``, those of its subfolders too, each folder's files before its subfolders."""
    entries = sorted(folder.iterdir(), key=lambda p: p.name.lower())
    found = [(p, Path()) for p in entries if not p.is_dir()]
    if recursive:
        for sub in entries:
            if sub.is_dir() and not sub.is_symlink() and not sub.name.startswith("."):
                try:
                    inner = _folder_images(sub, recursive)
                except OSError:
                    continue  # an unreadable subfolder: the rest still runs
                found += [(p, Path(sub.name) / below) for p, below in inner]
    return found


def _has_subfolders(folder: Path) -> bool:
    try:
        return any(p.is_dir() and not p.name.startswith(".") for p in folder.iterdir())
    except OSError:
        return False


def _no_images_in(entries: list[Path]) -> str:
    """Why a folder gave nothing: "no images" is wrong when all it holds are earlier results."""
    if any(format_of_suffix(p) and is_own_output(p) and p.is_file() for p in entries):
        return text(
            "the folder holds only results of earlier runs (names ending _x<scale>_<model>), "
            "which are skipped; name such files one by one to upscale them again"
        )
    unread = unsupported_in(entries)
    if unread:
        return unsupported_folder_text(unread)
    return text("the folder contains no images")


def unsupported_in(entries: Iterable[Path]) -> list[str]:
    """The known image formats this program cannot read among ``entries`` ("HEIC", ...)."""
    return sorted({name for p in entries if is_unread_image(p) and (name := unsupported_format(p))})


def is_unread_image(path: Path) -> bool:
    """A visible file (not macOS's "._IMG_0001.HEIC" companion) of a format not read."""
    return unsupported_format(path) is not None and not path.name.startswith(".") and path.is_file()


def unreadable_text(paths: Sequence[Path]) -> str:
    """Images of an unread format (a phone's HEIC) left out of a folder that has others."""
    return text(
        "left out {count} image(s) in a format that is not supported ({formats}); convert them "
        "to JPEG or PNG first",
        count=len(paths),
        formats=", ".join(unsupported_in(paths)),
    )


def unsupported_folder_text(names: list[str]) -> str:
    """Why a folder of a phone's HEIC photos gave nothing: not "no images"."""
    return text(
        "the folder holds no image this program reads: its {names} images are not supported "
        "(supported: {formats})",
        names=", ".join(names),
        formats=", ".join(READ_FORMATS),
    )


def _is_pattern(name: str) -> bool:
    return any(c in name for c in "*?[")


def _is_batch_image(path: Path) -> bool:
    """What a folder or a wildcard contributes: visible image files, not earlier results."""
    return (
        path.is_file()
        and not path.name.startswith(".")
        and format_of_suffix(path) is not None
        and not is_own_output(path)
    )


def _input_key(path: Path) -> Path:
    """One key per input file however it is spelled (``a.png``, ``./a.png``, ``dir/../a.png``).

    Folders are resolved but the file name is not, so a symlink to an image stays a separate
    input with its own output name, as when it is found in a folder."""
    return Path(os.path.normcase(path.parent.resolve() / path.name))


def _same_path(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def check_target(source: Path, target: Path, *, overwrite: bool) -> None:
    """Refuse to replace the input (always) or an existing file (unless ``overwrite``), and an
    output folder that cannot be written."""
    try:
        _check_target(source, target, overwrite=overwrite)
    except OSError as err:  # e.g. a long input name made a name too long for the file system
        reason = err.strerror or err
        raise ImageWriteError(
            text("the output file name cannot be used ({reason})", reason=reason), target
        ) from err


def _check_target(source: Path, target: Path, *, overwrite: bool) -> None:
    if _same_path(source, target):
        raise SameAsInputError(text("the output would replace the input image; refusing"), target)
    if target.is_symlink() and not target.exists() and not overwrite:
        # Nothing "exists" there, yet the name is taken: the no-clobber write would fail only
        # after the whole upscale.
        raise OutputExistsError(
            text(
                "the output name is taken by a broken symbolic link (to {link}); it was left "
                "untouched",
                link=Path(os.readlink(target)),
            ),
            target,
        )
    if target.exists() and not overwrite:
        raise OutputExistsError(
            text("the output file already exists and was left untouched"), target
        )
    if target.exists() and not target.is_file():
        raise ImageWriteError(text("the output path exists and is not a file"), target)
    check_writable_folder(target)


def check_writable_folder(target: Path) -> None:
    """Refuse, before the network runs, an output whose folder cannot be written or created:
    otherwise a long run is thrown away at the very end. (POSIX only: on Windows the read-only
    attribute of a folder says nothing about writing into it.)"""
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the nearest existing folder is where anything gets created
    if folder.exists() and not folder.is_dir():
        raise ImageWriteError(text("{folder} is a file, not a folder", folder=folder), target)
    if os.name == "posix" and folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise FolderNotWritableError(
            text(
                "cannot write into the folder {folder} (read-only or no permission)", folder=folder
            ),
            target,
        )


def _explicit_output(output: Path, fmt: str | None) -> tuple[Path, str]:
    """Validate ``-o OUT``: a file name whose extension agrees with ``--format``."""
    if os.path.isdir(output):
        raise PlanError(text("is a folder; use --output-dir to write into a folder"), output)
    by_suffix = EXTENSIONS.get(output.suffix.lower())
    readable = format_of_suffix(output)
    if by_suffix is None and readable is not None:  # GIF: read, never written (not out.gif.png)
        raise PlanError(
            text(
                "{readable} files cannot be written; give the output one of the extensions "
                "{extensions}",
                readable=readable,
                extensions=written_extensions_text(),
            ),
            output,
        )
    if fmt is None:
        if by_suffix is None:
            raise PlanError(
                text(
                    "the output name needs an image extension ({extensions}) "
                    "or give the format with --format",
                    extensions=written_extensions_text(),
                ),
                output,
            )
        return output, by_suffix
    chosen = parse_format(fmt)
    if by_suffix is not None and by_suffix != chosen:
        raise PlanError(
            text(
                "the extension says {by_suffix} but the format asked for is {chosen}",
                by_suffix=by_suffix,
                chosen=chosen,
            ),
            output,
        )
    if by_suffix is None:
        output = output.with_name(output.name + get_format(chosen).extension)
    return output, chosen


def plan_jobs(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    model: ModelInfo,
    output: str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    fmt: str | None = None,
    overwrite: bool = False,
    pattern: str | None = None,
    rename: bool = False,
    recursive: bool = False,
) -> JobPlan:
    """Turn inputs and output options into jobs; contradictory options raise :class:`PlanError`,
    problems with single inputs (missing, not an image, output exists) are listed per input.

    ``pattern`` names the results (see :func:`output_name`); ``rename`` gives a result whose
    name is taken (an existing file, an input, another result of the run) the first free
    numbered name instead of refusing it."""
    if not inputs:
        raise PlanError(text("no input images given"))
    if output is not None and output_dir is not None:
        raise PlanError(
            text("give either an output file (-o) or an output folder (--output-dir), not both")
        )
    if fmt is not None:
        parse_format(fmt)
    if pattern is not None:
        check_pattern(pattern)
    out_dir = Path(output_dir).expanduser() if output_dir is not None else None
    # os.path's checks say False where pathlib's raise (a name too long): each job's
    # check_target then names the problem.
    if out_dir is not None and os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise PlanError(text("the output folder is a file"), out_dir)

    explicit: tuple[Path, str] | None = None
    if output is not None:
        if len(inputs) != 1 or os.path.isdir(Path(inputs[0]).expanduser()):
            raise PlanError(ONE_OUTPUT_FILE)
        explicit = _explicit_output(Path(output).expanduser(), fmt)

    found = find_inputs(inputs, recursive=recursive)
    files, errors = found.files, found.errors
    refused = [(e.path, e) for e in errors if e.path is not None]
    protected = InputFiles(files)  # every input, run or skipped: never an output of this run
    skipped = earlier_results(files) if len(files) > 1 else []
    files = [f for f in files if f not in skipped]
    if explicit is not None and len(files) > 1:  # a wildcard that matched several images
        raise PlanError(ONE_OUTPUT_FILE)

    jobs: list[Job] = []
    claimed: dict[Path, Path] = {}
    for source in files:
        if explicit is not None:
            target, chosen = explicit
        else:
            chosen = output_format(source, fmt)
            below = found.subfolders.get(source, Path())
            folder = out_dir / below if out_dir is not None else source.parent
            target = folder / output_name(source, model, chosen, pattern)
            if rename:
                target = _free_target(source, target, model, chosen, pattern, set(claimed))
        key = Path(os.path.normcase(target.resolve()))
        try:
            if key in claimed:
                raise ImageWriteError(
                    text(
                        "would get the same output name as {other}; rename one of them or choose "
                        "another --format",
                        other=claimed[key],
                    ),
                    source,
                )
            protected.check(source, target)
            check_target(source, target, overwrite=overwrite)
        except UpscalerError as err:
            errors.append(err)
            refused.append((source, err))
            continue
        claimed[key] = source
        jobs.append(Job(source=source, target=target, format=chosen))
    return JobPlan(
        jobs=tuple(jobs),
        errors=tuple(errors),
        refused=tuple(refused),
        skipped=tuple(skipped),
        unsearched=tuple(found.unsearched),
        unreadable=tuple(found.unreadable),
    )


def _free_target(
    source: Path, target: Path, model: ModelInfo, fmt: str, pattern: str | None, taken: set[Path]
) -> Path:
    """``target``, or the first numbered name that is neither a file nor claimed in this plan."""
    candidate, number = target, 1
    while os.path.lexists(candidate) or Path(os.path.normcase(candidate.resolve())) in taken:
        number += 1
        if number > 9999:  # give up: the plan then refuses the name as it would without rename
            return target
        candidate = target.parent / output_name(source, model, fmt, pattern, number)
    return candidate


class InputFiles:
    """The inputs of a run, recognised however an output name leads to them (another spelling,
    a symbolic or hard link): by device and inode where the OS has them, else by resolved path."""

    def __init__(self, files: Iterable[Path]) -> None:
        self._by_id: dict[tuple[int, int], Path] = {}
        self._by_name: dict[Path, Path] = {}
        for path in files:
            self._by_name[_resolved_key(path)] = path
            with suppress(OSError):
                info = path.stat()
                if info.st_ino:  # 0 where the file system has no inode numbers
                    self._by_id[(info.st_dev, info.st_ino)] = path

    def check(self, source: Path, target: Path) -> None:
        """Refuse ``target`` if it is another input of the run (``source`` itself is for
        :func:`check_target` to refuse, with its own words)."""
        other = self.find(target)
        if other is not None and other != source:
            raise InputAsOutputError(
                text(
                    "the output {target} is also an input of this run, and inputs are never "
                    "replaced (even when overwriting is allowed); leave it out of the inputs to "
                    "replace it",
                    target=target,
                ),
                source,
            )

    def find(self, target: Path) -> Path | None:
        """The input ``target`` is (the same file), or None."""
        found = self._by_name.get(_resolved_key(target))
        if found is None:
            with suppress(OSError):
                info = target.stat()
                found = self._by_id.get((info.st_dev, info.st_ino)) if info.st_ino else None
        return found


def _resolved_key(path: Path) -> Path:
    try:
        return Path(os.path.normcase(path.resolve()))
    except (OSError, RuntimeError):  # a symlink loop; the inode check still applies
        return Path(os.path.normcase(os.path.abspath(path)))


# -- running ------------------------------------------------------------------------------------


def write_options(
    fmt: str,
    *,
    quality: int | None = None,
    background: tuple[int, int, int] | None = None,
    encoder: Mapping[str, Any] | None = None,
) -> WriteOptions:
    """Encoder settings for one job: the job's format plus the user's quality/background and any
    other :class:`WriteOptions` field the user overrode (``encoder``)."""
    if quality is not None and not 1 <= quality <= 100:
        raise PlanError(text("quality must be between 1 and 100, got {quality}", quality=quality))
    extra: dict[str, Any] = dict(encoder or {})
    if quality is not None:
        extra.update(jpeg_quality=quality, webp_quality=quality, webp_lossless=False)
    return WriteOptions(format=fmt, background=background, **extra)


def run_job(
    job: Job,
    upscaler: Upscaler,
    *,
    tile: int | None = None,
    quality: int | None = None,
    background: tuple[int, int, int] | None = None,
    encoder: Mapping[str, Any] | None = None,
    overwrite: bool = False,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    on_tile: TileFn | None = None,
    adjust: adjusting.Adjustments | None = None,
    fit: TargetSize | None = None,
    save_progress: ProgressFn | None = None,
) -> JobResult:
    """Read, check, upscale and atomically write one image (resized to ``fit`` if given).

    Everything that can be refused cheaply (the output name, the format's size and alpha limits,
    memory) is refused before the network runs. On any failure or a cancel nothing is written and
    an existing output file is untouched; a cancel during the encoding stops it too. A returned
    result means the file was written: a cancel that came after that is too late to undo it.
    ``progress`` follows the tiles, ``save_progress`` the encoding (see ``write_image``).
    ``adjust``: auto crop before upscaling (sizes and checks are then those of the cropped
    picture), auto colour after it (``on_tile`` still gets the tiles as the network made them).
    """
    start = time.perf_counter()
    check_target(job.source, job.target, overwrite=overwrite)
    options = write_options(job.format, quality=quality, background=background, encoder=encoder)
    data = read_file_bytes(job.source, DEFAULT_MAX_PIXELS)
    probe = probe_bytes(data, job.source)
    check_pixel_limit(probe, DEFAULT_MAX_PIXELS, job.source)  # before anything is decoded
    decode = functools.cache(lambda: decode_bytes(data, job.source))  # once, when first needed
    prepared = None
    if adjust is not None and adjust.active:
        prepared = adjusting.prepare(decode(), adjust)
    image: LoadedImage = prepared.image if prepared is not None else decode()
    check_job(
        job,
        upscaler,
        probe,
        tile=tile,
        options=options,
        transparent=lambda: image.is_transparent,
        size=(image.width, image.height),
    )
    data = b""  # the file's bytes are not needed while the network runs
    scale = upscaler.scale
    width, height = image.width, image.height
    out_w, out_h = width * scale, height * scale
    pixels = upscaler.upscale(
        image.pixels, tile=tile, progress=progress, cancel=cancel, on_tile=on_tile
    )
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    tiling = upscaler.tiling_note(width, height, tile)
    if prepared is not None:
        pixels = adjusting.finish(pixels, prepared)
    if fit is not None:
        pixels = resize_to(pixels, *fit.size_for(width, height))
        out_h, out_w = pixels.shape[:2]
    try:
        job.target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ImageWriteError(
            text("the output folder cannot be created ({reason})", reason=str(err.strerror or err)),
            job.target,
        ) from err
    warnings = write_image(
        job.target,
        pixels,
        source=image,
        options=options,
        overwrite=overwrite,
        progress=save_progress,
        cancel=cancel,
    )
    return JobResult(
        job=job,
        model=upscaler.info,
        input_size=prepared.original_size if prepared is not None else (width, height),
        output_size=(out_w, out_h),
        seconds=time.perf_counter() - start,
        warnings=tuple(image.warnings)
        + (prepared.warnings if prepared is not None else ())
        + ((tiling,) if tiling else ())
        + tuple(warnings),
        adjustments=prepared.notes if prepared is not None else (),
        flattened=options.background is not None
        and job.format in NO_ALPHA
        and image.is_transparent,
    )


def check_job(
    job: Job,
    upscaler: Upscaler,
    probe: ImageProbe,
    *,
    tile: int | None,
    options: WriteOptions,
    transparent: Callable[[], bool],
    size: tuple[int, int] | None = None,
) -> Estimate:
    """Every refusal a run makes before the network runs, decided from the image header: the
    one decision behind both a real run and a dry run, so they never disagree.

    The input's pixel limit, the output format's size limit, transparency for a format without
    alpha (``transparent()`` is asked, and may decode, only then) and memory, in that order;
    returns the cost estimate. ``size`` is the picture's size as it will be upscaled, when auto
    crop made it smaller than the header's."""
    check_pixel_limit(probe, DEFAULT_MAX_PIXELS, job.source)
    width, height = size or (probe.width, probe.height)
    scale = upscaler.scale
    out_w, out_h = width * scale, height * scale
    check_output_size(job.target, out_w, out_h, options=options)
    alpha_matters = probe.channels == 4 and job.format in NO_ALPHA and options.background is None
    if alpha_matters and transparent():
        check_output_size(job.target, out_w, out_h, options=options, transparent=True)
    cost = estimate(
        width,
        height,
        probe.channels,
        upscaler.info,
        scale,
        tile,
        bytes_per_sample=2 if probe.bit_depth > 8 else 1,
        output_format=job.format,
        margin=upscaler.margin,
        auto_tile=upscaler.auto_tile(),
    )
    check_fits(cost, job.source)
    return cost


@dataclass(frozen=True)
class JobPreview:
    """What a job would do and cost, from the image header alone (a dry run)."""

    job: Job
    input_size: tuple[int, int]
    output_size: tuple[int, int]
    estimate: Estimate  # includes the resolved tile side and the tile count
    cropped_size: tuple[int, int] | None = None  # after auto crop, when it cuts anything


def preview_job(
    job: Job,
    upscaler: Upscaler,
    *,
    tile: int | None = None,
    background: tuple[int, int, int] | None = None,
    adjust: adjusting.Adjustments | None = None,
) -> JobPreview:
    """Sizes, tiling and cost of a job, with the checks a real run makes before the network runs
    (:func:`check_job`). Nothing is written, and only an image with alpha bound for a format
    without it is decoded: the header cannot say if the alpha is used. Auto crop (``adjust``)
    decodes the image too, to find the borders and size the crop."""
    check_target(job.source, job.target, overwrite=True)
    probe = probe_image(job.source)
    cropped = None
    if adjust is not None and (adjust.crop or adjust.straighten):
        check_pixel_limit(probe, DEFAULT_MAX_PIXELS, job.source)  # before decoding, as a run
        _, crop = adjusting.find_crop(read_image(job.source).pixels, adjust)
        if crop is not None:
            cropped = crop.box.width, crop.box.height
    options = WriteOptions(format=job.format, background=background)
    cost = check_job(
        job,
        upscaler,
        probe,
        tile=tile,
        options=options,
        transparent=lambda: read_image(job.source).is_transparent,
        size=cropped,
    )
    width, height = cropped or (probe.width, probe.height)
    scale = upscaler.scale
    return JobPreview(
        job, (probe.width, probe.height), (width * scale, height * scale), cost, cropped
    )
