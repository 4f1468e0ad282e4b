"""What the status line, the help and the download dialog say, in English and Chinese."""

from __future__ import annotations

from tests.ui.window_steps import upscale_shown
from upscaler.core.catalog import load_catalog
from upscaler.core.download import BASE_URL_ENV
from upscaler.ui.jobs import DownloadJob


def test_a_new_run_replaces_the_last_status_message(
    qtbot, make_window, dialogs, set5_dir, tmp_path
):
    """ "Saved big.png." stayed in the status bar while the next run went on."""
    window = make_window()
    window.open_paths([set5_dir / "bird.png"])
    upscale_shown(qtbot, window)
    dialogs.save_answers.append(tmp_path / "big.png")
    window.save_as()
    window.picker.select(load_catalog().get("lanczos_x2"))
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.act.upscale.trigger()
        assert window.statusBar().currentMessage() == "Upscaling with lanczos x2..."


def test_a_cancelled_download_does_not_claim_success(
    qtbot, make_window, model_server, monkeypatch, tmp_path
):
    """After Cancel the dialog said "All downloads finished and verified."."""
    monkeypatch.setenv(BASE_URL_ENV, model_server.url)
    real_run = DownloadJob.run

    def run(self, ctx):
        """The download waits after its first chunk until Cancel is pressed: the worker could
        otherwise fetch the whole file before a descheduled GUI thread reaches the click."""
        report = ctx.progress

        def progress(done: int, total: int) -> None:
            report(done, total)
            if done > 0:
                assert self.cancel.wait(30), "Cancel never reached the download"

        ctx.progress = progress
        return real_run(self, ctx)

    monkeypatch.setattr(DownloadJob, "run", run)
    window = make_window(tmp_path / "models")
    window.models.offer_download(preselect=load_catalog().get("LapSRN_x8"))
    dialog = window.models.download_dialog
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        dialog.start()
        dialog.reject()  # Cancel, while the download runs
        assert dialog.status.text() == "Cancelling..."  # at once, even if the server stalls
    assert dialog.status.text() == "Download cancelled; nothing was kept."
    assert dialog.downloaded == [] and dialog.start_button.isEnabled()


def test_help_lists_the_mouse_and_view_keys(make_window, dialogs):
    """Shift+drag (preview a rectangle) and holding Space were not mentioned anywhere."""
    window = make_window()
    window.act.shortcuts.trigger()
    html = dialogs.infos[-1][1]
    for key in ("Space", "Shift+drag", "Mouse wheel", "Ctrl+P"):
        assert f"<b>{key}</b>" in html


def test_help_in_chinese_drops_the_mnemonic_letters(qtbot, make_window, dialogs):
    """The table read "打开(O)..." : the menu's (&O) accelerator, meaningless in a list."""
    window = make_window()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.act.open.text() == "打开(&O)...", timeout=30000)
    window.act.shortcuts.trigger()
    window.set_language("en")
    html = dialogs.infos[-1][1]
    assert "<td>打开...</td>" in html and "(O)" not in html
    assert "<b>空格</b>" in html  # the view's keys are translated too


def test_chinese_zoom_in_and_upscale_are_told_apart(qtbot, make_window):
    """Both read "放大": the View menu's Zoom In and the toolbar's Upscale, side by side in Help."""
    window = make_window()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.act.file_menu.title() == "文件(&F)", timeout=30000)
    texts = [a.text().split("(")[0] for a in (window.act.zoom_in, window.act.upscale)]
    window.set_language("en")
    assert texts[0] != texts[1]
