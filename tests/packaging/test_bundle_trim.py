"""packaging/bundle_trim.py: what the bundle leaves out and the licences it carries, checked on
made-up PyInstaller tables (no build); test_frozen_bundle.py checks the real bundle."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import bundle_trim  # noqa: E402


def test_only_the_qt_translations_the_program_loads_are_kept() -> None:
    toc = [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/src/a", "DATA"),
        ("PySide6/Qt/translations/qtbase_en.qm", "/src/b", "DATA"),
        ("PySide6/Qt/translations/qtbase_de.qm", "/src/c", "DATA"),
        ("PySide6/Qt/translations/qt_help_zh_CN.qm", "/src/d", "DATA"),
        ("resources/i18n/upscaler_zh_CN.qm", "/src/e", "DATA"),  # ours, not Qt's
    ]
    kept = [dest for dest, _src, _kind in bundle_trim.keep(toc)]
    assert kept == [
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/translations/qtbase_en.qm",
        "resources/i18n/upscaler_zh_CN.qm",
    ]


def test_the_platform_plugins_a_desktop_needs_stay() -> None:
    plugins = "PySide6/Qt/plugins/platforms/"
    names = ["libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqeglfs.so", "libqvnc.so"]
    toc = [(plugins + name, "/src/" + name, "BINARY") for name in names]
    toc.append(("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/gtk", "BINARY"))
    kept = {dest.rsplit("/", 1)[-1] for dest, _src, _kind in bundle_trim.keep(toc)}
    assert kept == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}


def test_libraries_only_a_left_out_plugin_needed_are_pruned() -> None:
    """The GTK theme plugin brought libgtk and libcairo; once it is left out, they go, while a
    library a kept plugin needs (through another) and Python's own library stay."""
    needs = {
        "/w/qxcb.so": ["libQt6XcbQpa.so.6"],
        "/w/libQt6XcbQpa.so.6": ["libxkbcommon.so.0"],
        "/sys/libxkbcommon.so.0": [],
        "/sys/libgtk-3.so.0": ["libcairo.so.2"],
        "/sys/libcairo.so.2": [],
        "/sys/libpython3.11.so.1.0": [],
    }
    gui = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/qxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/w/libQt6XcbQpa.so.6", "BINARY"),
        ("libxkbcommon.so.0", "/sys/libxkbcommon.so.0", "BINARY"),
        ("libgtk-3.so.0", "/sys/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/sys/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "/sys/libpython3.11.so.1.0", "BINARY"),
        ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
        ("libQt6Gone.so.6", "PySide6/Qt/lib/libQt6Gone.so.6", "SYMLINK"),  # target not bundled
    ]
    (kept,) = bundle_trim.prune_unreferenced([gui], lambda source: needs[source])
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libxkbcommon.so.0",
        "libpython3.11.so.1.0",
        "libQt6XcbQpa.so.6",
    ]


def test_licences_name_every_component_and_the_gpl(tmp_path: Path) -> None:
    datas = bundle_trim.licence_datas(
        ["av", "cv2", "PySide6", "numpy"], REPO / "packaging" / "licenses", tmp_path
    )
    places = {f"{folder}/{Path(src).name}" for src, folder in datas}
    assert "licenses/GPL-3.0.txt" in places and "licenses/LGPL-3.0.txt" in places
    assert "licenses/av/licenses/LICENSE.txt" in places
    assert "licenses/opencv-contrib-python-headless/LICENSE.txt" in places
    assert len(places) == len(datas)  # no two files under one name
    notice = (tmp_path / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for component in ("av ", "numpy ", "opencv-contrib-python-headless ", "PySide6_Essentials "):
        assert f"\n{component}" in notice or notice.startswith(component)
    assert "libx264 and\nlibx265" in notice.replace("    ", "")
    assert "GNU GENERAL PUBLIC LICENSE" in (REPO / "packaging/licenses/GPL-3.0.txt").read_text()


def test_a_library_strip_made_unloadable_is_recognised(tmp_path: Path) -> None:
    """build.py keeps a library unstripped when its loadable segments lose their alignment."""
    import build
    import numpy as np

    source = next(Path(np.__file__).parent.glob("_core/_multiarray_umath*.so"))
    lib = tmp_path / source.name
    data = bytearray(source.read_bytes())
    lib.write_bytes(data)
    assert build.load_segments_aligned(lib)
    table = int.from_bytes(data[0x20:0x28], "little")
    size = int.from_bytes(data[0x36:0x38], "little")
    for index in range(int.from_bytes(data[0x38:0x3A], "little")):
        entry = table + index * size
        if int.from_bytes(data[entry : entry + 4], "little") == 1:  # the first PT_LOAD
            offset = int.from_bytes(data[entry + 8 : entry + 16], "little")
            data[entry + 8 : entry + 16] = (offset + 1).to_bytes(8, "little")
            break
    lib.write_bytes(data)
    assert not build.load_segments_aligned(lib)
    assert build.load_segments_aligned(Path(__file__))  # not ELF: nothing to check
