"""Downloads against real 127.0.0.1 servers: success, every failure mode, nothing left behind."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from tests.http_fixtures import FileServer, serve_folder
from upscaler.core import paths
from upscaler.core.catalog import Catalog, ModelInfo, load_catalog
from upscaler.core.download import BASE_URL_ENV, DownloadCancelled, download_url
from upscaler.core.errors import Cancelled, DownloadError, ModelError
from upscaler.core.hashing import digest_file, git_blob_sha1
from upscaler.core.store import ModelStore


@pytest.fixture
def dest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty explicit models folder; the program's own models/ folder is hidden."""
    monkeypatch.setattr(paths, "project_models_dir", lambda: tmp_path / "project-models")
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    folder = tmp_path / "models"
    folder.mkdir()
    return folder


def _store(dest: Path, catalog: Catalog | None = None) -> ModelStore:
    return ModelStore(dest, catalog=catalog)


def _model(model_id: str) -> ModelInfo:
    return load_catalog().get(model_id)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_download_streams_verifies_and_installs(
    dest: Path, model_server: FileServer, shared_models_dir: Path
) -> None:
    info = _model("ESPCN_x3")
    calls: list[tuple[int, int]] = []
    path = _store(dest).download(
        info, base_url=model_server.url, progress=lambda d, t: calls.append((d, t))
    )
    assert path == dest / "ESPCN_x3.pb"
    assert path.read_bytes() == (shared_models_dir / "ESPCN_x3.pb").read_bytes()
    assert _leftovers(dest) == ["ESPCN_x3.pb"]
    assert model_server.requests == ["ESPCN_x3.pb"]
    assert calls[0] == (0, info.size) and calls[-1] == (info.size, info.size)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(calls) >= 3  # 92 kB arrives in 64 KiB chunks


def test_download_goes_to_user_folder_without_explicit_folder(
    dest: Path, model_server: FileServer
) -> None:
    path = ModelStore().download(_model("FSRCNN_x2"), base_url=model_server.url)
    assert path == paths.user_models_dir() / "FSRCNN_x2.pb"
    assert path.stat().st_size == 38973


def test_mirror_from_environment_and_argument_precedence(
    dest: Path, model_server: FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = _model("ESPCN_x2")
    monkeypatch.setenv(BASE_URL_ENV, model_server.url + "/")
    assert download_url(info) == f"{model_server.url}/ESPCN_x2.pb"
    assert download_url(info, "https://mirror.example/m") == "https://mirror.example/m/ESPCN_x2.pb"
    monkeypatch.delenv(BASE_URL_ENV)
    assert download_url(info) == info.url
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    assert _store(dest).download(info) == dest / "ESPCN_x2.pb"
    assert model_server.requests == ["ESPCN_x2.pb"]


def test_file_url_mirror_works(dest: Path, shared_models_dir: Path) -> None:
    path = _store(dest).download(_model("FSRCNN-small_x4"), base_url=shared_models_dir.as_uri())
    assert path.read_bytes() == (shared_models_dir / "FSRCNN-small_x4.pb").read_bytes()


def test_installed_model_is_not_downloaded_again(
    dest: Path, model_server: FileServer, shared_models_dir: Path
) -> None:
    store = ModelStore(shared_models_dir)
    assert store.download(_model("ESPCN_x4"), base_url=model_server.url) == (
        shared_models_dir / "ESPCN_x4.pb"
    )
    assert model_server.requests == []


# -- failures: exact message, nothing left behind, neighbours untouched ----------------------------


@pytest.fixture
def neighbour(dest: Path, shared_models_dir: Path) -> tuple[Path, bytes]:
    """A good model already in the folder, which a failed download must not disturb."""
    data = (shared_models_dir / "FSRCNN_x3.pb").read_bytes()
    (dest / "FSRCNN_x3.pb").write_bytes(data)
    return dest / "FSRCNN_x3.pb", data


def _assert_clean_failure(dest: Path, neighbour: tuple[Path, bytes], final: str) -> None:
    assert not (dest / final).exists()
    assert _leftovers(dest) == [neighbour[0].name]  # no temporary file either
    assert neighbour[0].read_bytes() == neighbour[1]


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        ("corrupt", "is not ESPCN_x3 (its SHA-256 is "),
        ("truncate", ": the connection ended after 46113 of 92226 bytes"),
        ("404", ": the server answered HTTP 404 (Not Found)"),
    ],
)
def test_misbehaving_server(
    dest: Path, neighbour, model_server: FileServer, mode: str, problem: str
) -> None:
    model_server.mode = mode
    url = f"{model_server.url}/ESPCN_x3.pb"
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("ESPCN_x3"), base_url=model_server.url)
    assert problem in str(err.value)
    assert url in str(err.value)
    assert "ESPCN_x3" in str(err.value)
    _assert_clean_failure(dest, neighbour, "ESPCN_x3.pb")


def test_corrupt_download_names_both_hashes(dest: Path, neighbour, model_server) -> None:
    model_server.mode = "corrupt"
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("ESPCN_x3"), base_url=model_server.url)
    expected = _model("ESPCN_x3").sha256
    assert f"expected {expected}); it was discarded" in str(err.value)


def test_server_that_never_answers_times_out(dest: Path, neighbour, hanging_url: str) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("ESPCN_x3"), base_url=hanging_url, timeout=0.3)
    # About 0.3 s; the bound only has to tell it from the 30 s default, with room for a busy
    # machine.
    assert time.monotonic() - started < 20
    assert str(err.value) == (
        f"cannot download ESPCN_x3 from {hanging_url}/ESPCN_x3.pb: no answer within 0.3 s"
    )
    _assert_clean_failure(dest, neighbour, "ESPCN_x3.pb")


def test_server_that_stops_mid_body_times_out(
    dest: Path, neighbour, model_server: FileServer
) -> None:
    model_server.mode = "stall"
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("LapSRN_x2"), base_url=model_server.url, timeout=0.3)
    assert str(err.value) == (
        f"cannot download LapSRN_x2 from {model_server.url}/LapSRN_x2.pb: no answer within 0.3 s "
        "after 655360 of 1356253 bytes"
    )
    _assert_clean_failure(dest, neighbour, "LapSRN_x2.pb")


def test_refused_connection(dest: Path, neighbour, refused_url: str) -> None:
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("ESPCN_x3"), base_url=refused_url, timeout=5)
    assert str(err.value) == (
        f"cannot download ESPCN_x3 from {refused_url}/ESPCN_x3.pb: the connection was refused "
        "(is the address right and the server running?)"
    )
    _assert_clean_failure(dest, neighbour, "ESPCN_x3.pb")


def test_cancel_mid_download(dest: Path, neighbour, model_server: FileServer) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done > 0:
            cancel.set()

    with pytest.raises(DownloadCancelled) as err:
        _store(dest).download(
            _model("LapSRN_x2"), base_url=model_server.url, progress=progress, cancel=cancel
        )
    assert isinstance(err.value, Cancelled) and isinstance(err.value, DownloadError)
    assert str(err.value) == (
        f"the download of LapSRN_x2 from {model_server.url}/LapSRN_x2.pb was cancelled"
    )
    assert seen == [0, 65536]  # stopped at the first check after the cancel
    _assert_clean_failure(dest, neighbour, "LapSRN_x2.pb")


def test_ctrl_c_mid_download_leaves_nothing(dest: Path, neighbour, model_server) -> None:
    def progress(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _store(dest).download(_model("LapSRN_x2"), base_url=model_server.url, progress=progress)
    _assert_clean_failure(dest, neighbour, "LapSRN_x2.pb")


def test_cancel_reaches_a_read_waiting_on_a_silent_server(
    dest: Path, neighbour, model_server: FileServer
) -> None:
    """A stalled server must not make the user wait for the whole timeout after Cancel."""
    model_server.mode = "stall"
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 0:  # half the file arrives in milliseconds; then the server is silent
            threading.Timer(0.3, cancel.set).start()

    start = time.monotonic()
    with pytest.raises(DownloadCancelled):
        _store(dest).download(
            _model("LapSRN_x2"), base_url=model_server.url, progress=progress, cancel=cancel,
            timeout=120,
        )  # fmt: skip
    assert time.monotonic() - start < 60  # about 0.3 s, not the 120 s timeout (room for load)
    _assert_clean_failure(dest, neighbour, "LapSRN_x2.pb")


def test_cancel_before_start_contacts_no_server(dest: Path, model_server: FileServer) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        _store(dest).download(_model("ESPCN_x2"), base_url=model_server.url, cancel=cancel)
    assert model_server.requests == []
    assert _leftovers(dest) == []


def test_failed_download_keeps_damaged_file_and_good_one_replaces_it(
    dest: Path, model_server: FileServer, shared_models_dir: Path
) -> None:
    damaged = b"not a model"
    (dest / "ESPCN_x3.pb").write_bytes(damaged)
    store = _store(dest)
    model_server.mode = "truncate"
    with pytest.raises(DownloadError):
        store.download(_model("ESPCN_x3"), base_url=model_server.url)
    assert (dest / "ESPCN_x3.pb").read_bytes() == damaged
    assert _leftovers(dest) == ["ESPCN_x3.pb"]
    model_server.mode = "ok"
    store.download(_model("ESPCN_x3"), base_url=model_server.url)
    good = (shared_models_dir / "ESPCN_x3.pb").read_bytes()
    assert (dest / "ESPCN_x3.pb").read_bytes() == good
    assert _leftovers(dest) == ["ESPCN_x3.pb"]


def test_parts_left_by_a_killed_process_are_cleaned_up(
    dest: Path, model_server: FileServer
) -> None:
    old = dest / ".ESPCN_x2.pb.0badc0de.part"
    old.write_bytes(b"half a model")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    running = dest / ".ESPCN_x2.pb.1234abcd.part"  # another process, still downloading
    running.write_bytes(b"in progress")
    _store(dest).download(_model("ESPCN_x2"), base_url=model_server.url)
    assert _leftovers(dest) == [running.name, "ESPCN_x2.pb"]


# -- models pinned only by git blob SHA-1 (EDSR), oversize answers, bad addresses ------------------


def _git_only(info: ModelInfo, git_sha1: str) -> Catalog:
    return Catalog([dataclasses.replace(info, sha256=None, git_sha1=git_sha1)])


def test_git_blob_sha1_pinned_download(
    dest: Path, model_server: FileServer, shared_models_dir: Path
) -> None:
    data = (shared_models_dir / "ESPCN_x2.pb").read_bytes()
    info = _model("ESPCN_x2")
    catalog = _git_only(info, git_blob_sha1(data))
    path = _store(dest, catalog).download(catalog.get("ESPCN_x2"), base_url=model_server.url)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == info.sha256


def test_git_blob_sha1_mismatch(dest: Path, model_server: FileServer) -> None:
    catalog = _git_only(_model("ESPCN_x2"), "0" * 40)
    with pytest.raises(DownloadError) as err:
        _store(dest, catalog).download(catalog.get("ESPCN_x2"), base_url=model_server.url)
    assert f"expected {'0' * 40}); it was discarded" in str(err.value)
    assert "its git blob SHA-1 is b82214f9fb29449b52f6d3f533f01f6be53c41eb" in str(err.value)
    assert _leftovers(dest) == []


def test_server_offering_wrong_size_is_refused_before_reading(
    dest: Path, model_server: FileServer
) -> None:
    info = dataclasses.replace(_model("ESPCN_x2"), size=1000)
    with pytest.raises(DownloadError) as err:
        _store(dest, Catalog([info])).download(info, base_url=model_server.url)
    assert str(err.value).endswith(": the server offers 86446 bytes, expected 1000")
    assert _leftovers(dest) == []


def test_model_without_address(dest: Path) -> None:
    info = ModelInfo(
        id="UpNet_x2", name="UpNet", family="upnet", scale=2, filename="UpNet_x2.onnx", builtin=True
    )
    with pytest.raises(DownloadError) as err:
        _store(dest, Catalog([info])).download(info)
    assert str(err.value).startswith("UpNet_x2 has no download address")


def test_unsupported_address(dest: Path) -> None:
    with pytest.raises(DownloadError) as err:
        _store(dest).download(_model("ESPCN_x2"), base_url="ftp://127.0.0.1/models")
    assert str(err.value) == (
        "cannot download ESPCN_x2 from ftp://127.0.0.1/models/ESPCN_x2.pb: "
        "only http, https and file addresses are supported"
    )


def test_baseline_has_nothing_to_download(dest: Path) -> None:
    with pytest.raises(ModelError, match="^bicubic x2 is built in; there is nothing to download$"):
        _store(dest).download(load_catalog().get("bicubic", 2))


def test_unwritable_destination(dest: Path, tmp_path: Path, model_server: FileServer) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"x")
    with pytest.raises(DownloadError) as err:
        ModelStore(blocker / "models").download(_model("ESPCN_x2"), base_url=model_server.url)
    assert str(err.value).startswith(f"{blocker / 'models'}: cannot save ESPCN_x2: ")
    assert model_server.requests == []
    assert blocker.read_bytes() == b"x"


@pytest.mark.slow
def test_large_download_streams_in_bounded_memory(dest: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    big = served / "Big_x2.pb"
    with open(big, "wb") as fh:
        for _ in range(24):
            fh.write(os.urandom(1 << 20))
    info = ModelInfo(id="Big_x2", name="Big", family="edsr", scale=2, filename="Big_x2.pb",
                     size=24 << 20, git_sha1=digest_file(big).git_sha1)  # fmt: skip
    with serve_folder(served) as server:
        tracemalloc.start()
        try:
            path = _store(dest, Catalog([info])).download(info, base_url=server.url)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert path.stat().st_size == 24 << 20
    assert peak < 4 << 20  # a whole-file read would be 24 MiB
