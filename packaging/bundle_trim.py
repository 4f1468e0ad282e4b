"""What the frozen bundle leaves out, and the licence notices it carries (used by upscaler.spec).

Kept apart from the spec so the rules can be tested without a build. A TOC entry is PyInstaller's
``(destination, source, typecode)``; destinations use ``/`` on every platform here.

Measured on the Linux bundle (docs/packaging.md): Qt's translations other than the two the program
loads (7 MB), platform plugins for embedded devices and the GTK/portal themes with the libraries
only they need (GTK, Cairo, Pango, Kerberos...: about 13 MB), Pillow's AVIF codec (5 MB).
"""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path

Entry = tuple[str, str, str]

#: Qt's own catalogues the program loads (ui/i18n.py: ``qtbase_<language>`` for its languages).
QT_TRANSLATIONS = ("qtbase_en.qm", "qtbase_zh_CN.qm")

#: Parts of Qt the program cannot use: QML/Quick/PDF/network stacks, printing, SQL, TLS; platform
#: plugins for embedded devices (eglfs, linuxfb, vnc...); desktop themes and portals (their GTK,
#: Cairo and D-Bus portal code; the program's widgets and file dialogs are Qt's own); icon image
#: formats nobody pastes.
UNWANTED = (
    "qml",
    "QtQuick",
    "Qt6Quick",
    "Qt6Qml",
    "Qt6Pdf",
    "Qt6Network",
    "qtwebengine",
    "plugins/sqldrivers",
    "plugins/printsupport",
    "plugins/tls",
    "plugins/networkinformation",
    "plugins/generic",
    "plugins/egldeviceintegrations",
    "plugins/platformthemes",
    "plugins/platforms/libqeglfs",
    "plugins/platforms/libqlinuxfb",
    "plugins/platforms/libqminimal",
    "plugins/platforms/libqvnc",
    "plugins/platforms/libqvkkhrdisplay",
    "plugins/imageformats/libqicns",
    "plugins/imageformats/libqtga",
    "plugins/imageformats/libqwbmp",
    "libQt6EglFs",
    "libQt6EglFSDeviceIntegration",
    # OpenVINO's frontends for other model formats (the program reads ONNX; bundled only with
    # build.py --openvino)
    "jax_frontend",
    "pytorch_frontend",
    "tensorflow_frontend",
    "paddle_frontend",
    "tensorflow_lite_frontend",
)

#: Python modules the bundle leaves out: development tools and codecs the program never uses.
EXCLUDED_MODULES = (
    "upscaler.bench",  # development tool: `upscaler-cli bench` says it is not in the bundle
    # OpenCV (84 MB): the program's pixel work is NumPy (core/imageops) and FFmpeg (16-bit
    # files); its DNN runtime is optional, onnxruntime runs every model.
    "cv2",
    "tkinter",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL.AvifImagePlugin",  # AVIF is not a format the program reads (Pillow skips it if absent)
    "PIL._avif",
    "readline",
    "numpy.f2py",  # Fortran wrapper generator; pulled in charset_normalizer
    "torch",
    "onnx",
    "matplotlib",
    "scipy",
    "pandas",
    "IPython",
    "pytest",
    "setuptools",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtDBus",
    "PySide6.QtPdf",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.QtUiTools",
    "onnxruntime.transformers",
    "onnxruntime.quantization",
    "onnxruntime.tools",
    "openvino_telemetry",  # never imported (core/runtime/openvino.py keeps telemetry off)
)


def _dest(entry: Entry) -> str:
    return entry[0].replace("\\", "/")


def wanted(entry: Entry) -> bool:
    """False for the Qt parts and translations listed above."""
    dest = _dest(entry)
    if any(part in dest for part in UNWANTED):
        return False
    if "/Qt/translations/" in f"/{dest}" and dest.endswith(".qm"):
        return dest.rsplit("/", 1)[-1] in QT_TRANSLATIONS
    return True


def keep(toc: Iterable[Entry]) -> list[Entry]:
    return [entry for entry in toc if wanted(entry)]


def prune_unreferenced(
    tocs: Sequence[list[Entry]], imports: Callable[[str], Iterable[str]]
) -> list[list[Entry]]:
    """Drop the top-level shared libraries nothing kept needs any more.

    PyInstaller collects each plugin's dependencies beside the program; leaving a plugin out
    leaves those behind. A library at the top of the bundle survives if a kept binary needs it,
    directly or through others (``imports(source)`` gives a binary's needed library names), and
    Python's own library always does (the bootloader loads it). Symbolic links to removed files
    go too."""
    entries = [entry for toc in tocs for entry in toc]
    binaries = [e for e in entries if e[2] in ("BINARY", "EXTENSION")]
    top = {_dest(e) for e in binaries if "/" not in _dest(e)}
    by_name: dict[str, list[str]] = {}
    for entry in binaries:
        by_name.setdefault(os.path.basename(_dest(entry)), []).append(entry[1])
    roots = [e[1] for e in binaries if _dest(e) not in top or _dest(e).startswith("libpython")]
    needed = {name for name in top if name.startswith("libpython")}
    seen = set(roots)
    stack = list(roots)
    while stack:
        for name in imports(stack.pop()):
            if name in top:
                needed.add(name)
            for source in by_name.get(name, ()):
                if source not in seen:
                    seen.add(source)
                    stack.append(source)
    pruned = [[e for e in toc if _dest(e) not in top or _dest(e) in needed] for toc in tocs]
    kept = {_dest(e) for toc in pruned for e in toc}
    return [[e for e in toc if e[2] != "SYMLINK" or _link_target(e) in kept] for toc in pruned]


def _link_target(entry: Entry) -> str:
    """The bundle path a SYMLINK entry points to (its source is relative to its own folder)."""
    folder = os.path.dirname(_dest(entry))
    return os.path.normpath(os.path.join(folder, entry[1])).replace("\\", "/")


# -- licence notices ------------------------------------------------------------------------------

_LICENCE_NAME = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)
#: Licence texts kept in the repository (packaging/licenses/) for components whose wheels do not
#: carry them: Qt (PySide6) is LGPL-3.0; PyAV's FFmpeg links x264/x265 (GPL) with
#: --enable-version3, so the bundle as a whole is under GPL-3.0 (docs/video.md).
EXTRA_TEXTS = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "av": ("GPL-3.0.txt", "LGPL-3.0.txt"),
}


def canonical(name: str) -> str:
    """A distribution name as pip compares them: ``PySide6_Essentials`` is pyside6-essentials."""
    return re.sub(r"[-_.]+", "-", name).lower()


FFMPEG_NOTICE = """\
FFmpeg (inside PyAV, the av.libs folder) was built with --enable-version3 and links libx264 and
libx265, which are GPL-2.0-or-later: the program as distributed is therefore under the GNU GPL
version 3 (GPL-3.0.txt here); its own code is MIT. The corresponding source of FFmpeg, x264 and
x265 is that of the PyAV {version} wheels: https://github.com/PyAV-Org/pyav-ffmpeg and
https://ffmpeg.org/releases/, https://code.videolan.org/videolan/x264,
https://bitbucket.org/multicoreware/x265_git.
"""


def distributions_for(top_names: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide these top-level packages or modules."""
    providers = metadata.packages_distributions()
    names = sorted({dist for top in top_names for dist in providers.get(top, ())}, key=str.lower)
    return [metadata.distribution(name) for name in names]


def licence_files(dist: metadata.Distribution) -> list[tuple[Path, str]]:
    """A distribution's licence, notice and authors files (in its metadata, or at the top of its
    packages), each with its folder relative to where it was found (numpy has several)."""
    found: dict[str, tuple[Path, str]] = {}
    tops = _top_levels(dist)
    for f in dist.files or ():
        if not _LICENCE_NAME.search(f.name) or f.name.endswith((".py", ".pyc")):
            continue
        parts = Path(str(f)).parts
        if parts[0].endswith(".dist-info"):
            folder = "/".join(parts[1:-1])
        elif len(parts) == 2 and parts[0] in tops:
            folder = ""
        else:
            continue
        path = Path(str(dist.locate_file(f)))
        if path.is_file():
            found.setdefault(f"{folder}/{path.name}", (path, folder))  # one copy per name
    return sorted(found.values())


def _top_levels(dist: metadata.Distribution) -> tuple[str, ...]:
    text = dist.read_text("top_level.txt") or ""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def licence_datas(
    top_names: Iterable[str], texts_dir: Path, out_dir: Path
) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` for ``licenses/``: each distribution's own files in a folder of its
    name, the repository's licence texts, and THIRD-PARTY-NOTICES.txt (written to ``out_dir``)
    naming every component, its version and licence."""
    datas: list[tuple[str, str]] = []
    lines = [
        "Third-party components in this program, their versions and licences.",
        "Paths are relative to this folder; each component's files are in the folder of its name.",
        "",
    ]
    for dist in distributions_for(top_names):
        name, version = dist.metadata["Name"], dist.version
        found = dist.metadata.get_all("License-Expression") or dist.metadata.get_all("License")
        licence = str(found[0]) if found else ""
        licence = licence.splitlines()[0] if licence else "see its files"
        files = licence_files(dist)
        for path, folder in files:
            datas.append((str(path), "/".join(filter(None, ("licenses", name, folder)))))
        lines.append(f"{name} {version}: {licence}")
        shown = ["/".join(filter(None, (name, folder, p.name))) for p, folder in files]
        shown += EXTRA_TEXTS.get(canonical(name), ())
        lines.append(f"    files: {', '.join(shown) if shown else '(none shipped by the package)'}")
        if canonical(name) == "av":
            lines.append("")
            lines += ["    " + line for line in FFMPEG_NOTICE.format(version=version).splitlines()]
        lines.append("")
    python_licence = Path(os.__file__).parent / "LICENSE.txt"  # the interpreter and its library
    if python_licence.is_file():
        lines += [
            f"Python {platform.python_version()}: PSF-2.0",
            "    files: Python/LICENSE.txt",
            "",
        ]
        datas.append((str(python_licence), "licenses/Python"))
    out_dir.mkdir(parents=True, exist_ok=True)
    notice = out_dir / "THIRD-PARTY-NOTICES.txt"
    notice.write_text("\n".join(lines), encoding="utf-8")
    datas.append((str(notice), "licenses"))
    datas += [(str(path), "licenses") for path in sorted(texts_dir.glob("*.txt"))]
    return datas
