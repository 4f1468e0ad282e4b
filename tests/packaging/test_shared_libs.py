"""packaging/shared_libs.py: which duplicated libraries are shipped once, decided on made-up file
names and symbol tables (no build); test_frozen_bundle.py checks the real bundle."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import shared_libs  # noqa: E402

CV = Path("/b/_internal/opencv_contrib_python_headless.libs")
AV = Path("/b/_internal/av.libs")
NP = Path("/b/_internal/numpy.libs")


def test_grafted_names_give_the_library_and_its_full_version() -> None:
    assert shared_libs.identity("libavcodec-57aca189.so.62.28.102") == ("libavcodec", "62.28.102")
    gfortran = "libgfortran-040039e1-0352e75f.so.5.0.0"
    assert shared_libs.identity(gfortran) == ("libgfortran", "5.0.0")
    assert shared_libs.identity("libx264-d6533a8d.so.165") == ("libx264", "165")
    assert shared_libs.identity("libscipy_openblas64_-32a4b2a6.so") is None  # no version
    assert shared_libs.identity("libQt6Core.so.6") is None  # not grafted by auditwheel


def test_only_the_same_library_at_the_same_full_version_is_a_duplicate() -> None:
    files = [
        CV / "libavcodec-57aca189.so.62.28.102",
        AV / "libavcodec-5e6b81c2.so.62.28.102",
        CV / "libvpx-4fb239ff.so.11.0.1",
        AV / "libvpx-edb6de90.so.12.0.0",  # another release: not the same library
        CV / "libavutil-431feb49.so.60.26.102",
        AV / "libavutil-5809ad29.so.60.26.103",  # another patch release
        CV / "libdrm-b0291a67.so.2.4.0",
        AV / "libdrm-b0291a67.so.2.4.0",  # one file under one name already: nothing to do
    ]
    assert shared_libs.duplicate_groups(files) == [
        [AV / "libavcodec-5e6b81c2.so.62.28.102", CV / "libavcodec-57aca189.so.62.28.102"]
    ]


def _plan(exports_av: set[str], keepers: tuple[str, ...] = ("av.libs",)) -> list:
    cv, av = CV / "libavcodec-57aca189.so.62.28.102", AV / "libavcodec-5e6b81c2.so.62.28.102"
    cv2_module = Path("/b/_internal/cv2/cv2.abi3.so")
    users_of = {cv.name: [cv2_module], av.name: [AV / "libavformat-4639def2.so.62.12.102"]}
    exports = {cv: {"avcodec_open2@LIBAVCODEC_62", "av_bsf_init@LIBAVCODEC_62"}, av: exports_av}
    imports = {
        cv2_module: {"avcodec_open2@LIBAVCODEC_62", "av_bsf_init@LIBAVCODEC_62", "malloc@GLIBC"},
        AV / "libavformat-4639def2.so.62.12.102": {"avcodec_open2@LIBAVCODEC_62"},
    }
    return shared_libs.choose([av, cv], users_of, exports, imports, keepers)


def test_the_keeper_copy_replaces_the_other_when_it_exports_all_its_users_import() -> None:
    full = {"avcodec_open2@LIBAVCODEC_62", "av_bsf_init@LIBAVCODEC_62", "av_x@LIBAVCODEC_62"}
    [step] = _plan(full)
    assert step.kept.parent == AV and step.dropped.parent == CV
    assert step.users == (Path("/b/_internal/cv2/cv2.abi3.so"),)


def test_a_copy_missing_one_imported_symbol_or_version_is_not_a_replacement() -> None:
    assert _plan({"avcodec_open2@LIBAVCODEC_62"}) == []
    assert _plan({"avcodec_open2@LIBAVCODEC_62", "av_bsf_init@LIBAVCODEC_61"}) == []


def test_only_a_copy_from_a_keeper_folder_is_kept() -> None:
    full = {"avcodec_open2@LIBAVCODEC_62", "av_bsf_init@LIBAVCODEC_62"}
    assert _plan(full, keepers=("numpy.libs",)) == []


def test_libraries_only_the_dropped_copy_needed_go_with_it_and_no_others() -> None:
    dropped = CV / "libavcodec-57aca189.so.62.28.102"
    vpx, dav1d = CV / "libvpx-4fb239ff.so.11.0.1", CV / "libdav1d-d02dd842.so.7.0.0"
    png = CV / "libpng16-529cb57a.so.16.58.0"
    cv2_module = Path("/b/_internal/cv2/cv2.abi3.so")
    provider = Path("/b/_internal/onnxruntime/capi/libonnxruntime_providers_shared.so")
    needed = {
        dropped: [vpx.name, dav1d.name, "libc.so.6"],
        vpx: ["libc.so.6"],
        dav1d: [],
        cv2_module: [png.name, "libavcodec-5e6b81c2.so.62.28.102"],  # already repointed
        AV / "libavcodec-5e6b81c2.so.62.28.102": [dav1d.name],  # still needs dav1d
        png: [],
        provider: [],  # loaded by name at run time: nothing needs it
    }
    gone = shared_libs.orphans(needed, {dropped}, needed.keys())
    assert gone == {dropped, vpx}
