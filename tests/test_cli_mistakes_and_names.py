"""One kind of mistake, one kind of answer; names printed as they can be read; folders searched
as the user asked.

Found by a user: ``--tile 0`` gave usage and exit 2 but ``--scale 5`` one line and exit 1; a
dangling symlink as output ran the whole upscale and then failed with the window's wording;
``--models-dir`` pointing at a file said "does not exist"; ``bench quality`` stopped at the first
bad file and named none; newlines in file names were printed raw; folder input was not recursive
and did not say so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import images
from upscaler.cli.main import main
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image


def _save(path: Path, size: int = 16, seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return images.save(path, images.noise(size, size, 3, seed=seed))


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:  # argparse's own checks
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# -- usage mistakes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--tile", "0"], "argument --tile: tile size must be at least 16 pixels, got 0"),
        (["--quality", "0"], "argument --quality: quality must be from 1 to 100, got 0"),
        (["--scale", "5"], "model bicubic has no x5 version; it supports x2, x3, x4, x8"),
        (["--model", "Foo"], "unknown model 'Foo'; known models: "),
        (["--model", "LapSRN", "--scale", "3"], "model LapSRN has no x3 version; "),
        (["--background", "nocolour"], "argument --background: 'nocolour' is not a colour; "),
        (["--models-dir", "{file}"], "argument --models-dir: {file} is a file, not a folder"),
        (["--models-dir", "{missing}"], "argument --models-dir: the folder {missing} does not"),
        (["-o", "{tmp}/x.gif"], "{tmp}/x.gif: GIF files cannot be written; "),
        (["{file}", "-o", "{tmp}/x.png"], "an output file name (-o) works with exactly one "),
    ],
)
def test_every_usage_mistake_gets_usage_one_error_line_and_exit_2(
    tmp_path: Path, capsys, extra: list[str], message: str
) -> None:
    source = _save(tmp_path / "a.png")
    other = _save(tmp_path / "b.png")
    names = {"file": other, "missing": tmp_path / "nope", "tmp": tmp_path}
    extra = [x.format(**names) for x in extra]
    inputs = [source, other] if extra[0] == str(other) else [source]
    options = extra[1:] if extra[0] == str(other) else extra
    code, out, err = _run(capsys, "upscale", *inputs, "--model", "bicubic", *options)
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0].startswith("usage: upscaler-cli upscale ")
    assert [x for x in lines if "error" in x] == [lines[-1]]
    assert lines[-1].startswith("upscaler-cli upscale: error: " + message.format(**names))
    assert _files(tmp_path) == ["a.png", "b.png"]


@pytest.mark.parametrize(
    "argv",
    [
        ["models", "list"],
        ["models", "verify"],
        ["models", "import", "{file}"],
        ["bench", "quality", "--data", "{tmp}", "--scale", "2"],
    ],
)
def test_a_models_dir_that_is_a_file_is_called_a_file(tmp_path: Path, capsys, argv) -> None:
    source = _save(tmp_path / "a.png")
    argv = [str(a).format(file=source, tmp=tmp_path) for a in argv]
    code, out, err = _run(capsys, *argv, "--models-dir", source)
    assert (code, out) == (2, "")
    command = " ".join(argv[:2])
    assert err.splitlines()[-1] == (
        f"upscaler-cli {command}: error: argument --models-dir: {source} is a file, not a folder"
    )


def test_a_dangling_symlink_as_output_is_refused_before_the_upscale(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _save(tmp_path / "a.png")
    link = tmp_path / "out.png"
    link.symlink_to(tmp_path / "gone" / "x.png")
    ran: list[int] = []
    real = Upscaler.upscale
    monkeypatch.setattr(
        Upscaler, "upscale", lambda self, *a, **k: ran.append(1) or real(self, *a, **k)
    )
    code, out, err = _run(capsys, "upscale", source, "-o", link, "--model", "bicubic_x2")
    assert (code, out, ran) == (1, "", [])
    assert err.splitlines()[0] == (
        f"error: {link}: the output name is taken by a broken symbolic link (to "
        f"{tmp_path / 'gone' / 'x.png'}); it was left untouched (use --overwrite to replace it)"
    )
    assert link.is_symlink()
    code, _, err = _run(
        capsys, "upscale", source, "-o", link, "--model", "bicubic_x2", "--overwrite"
    )
    assert (code, ran) == (0, [1])
    assert not link.is_symlink() and read_image(link).width == 32


# -- bench quality goes on past bad files ---------------------------------------------------


def test_bench_quality_names_each_bad_file_and_measures_the_rest(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for n in range(2):
        _save(data / f"good{n}.png", size=48, seed=n)
    (data / "broken.png").write_bytes((data / "good0.png").read_bytes()[:200])
    _save(data / "tiny.png", size=14)  # too small at x2: 14 - 2*2 < SSIM's 11 after the crop
    code, out, err = _run(capsys, "bench", "quality", "--data", data, "--scale", "2", "3")
    assert code == 1
    assert err.splitlines() == [
        f"error: {data / 'broken.png'}: the image data is corrupt or truncated (the file ends "
        "too early: an interrupted download or copy?)",
        f"error: {data / 'tiny.png'}: 14x14 is too small to measure at x2 (needs at least 15 "
        "pixels a side); left out at x2",
        f"error: {data / 'tiny.png'}: 14x14 is too small to measure at x3 (needs at least 17 "
        "pixels a side); left out at x3",
    ]
    rows = [line.split()[0] for line in out.splitlines()[3:]]
    # bicubic, then every installed network of the scale (UpNet and the others shipped in models/)
    from upscaler.core.store import ModelStore

    store = ModelStore()
    expected = []
    for scale in (2, 3):
        installed = [m for m in store.catalog.for_scale(scale) if m.needs_file]
        expected += ["bicubic"] + [m.name for m in installed if store.is_installed(m)]
    assert "UpNet" in expected and rows == expected


# -- names --------------------------------------------------------------------------------------


def test_control_characters_in_file_names_are_escaped(tmp_path: Path, capsys) -> None:
    odd = _save(tmp_path / "line\nbreak.png")
    ansi = _save(tmp_path / "red\x1b[31m.png", seed=1)
    missing = tmp_path / "gone\r.png"
    code, out, err = _run(capsys, "upscale", odd, ansi, missing, "--model", "bicubic_x2")
    assert code == 1
    assert out.splitlines() == [
        f"[1/2] {tmp_path}/line\\nbreak.png -> {tmp_path}/line\\nbreak_x2_bicubic.png "
        f"(16x16 -> 32x32, {out.splitlines()[0].rsplit(', ', 1)[1]}",
        f"[2/2] {tmp_path}/red\\x1b[31m.png -> {tmp_path}/red\\x1b[31m_x2_bicubic.png "
        f"(16x16 -> 32x32, {out.splitlines()[1].rsplit(', ', 1)[1]}",
    ]
    assert err.splitlines() == [
        f"error: {tmp_path}/gone\\r.png: no such file or folder",
        "2 of 3 images upscaled with bicubic x2",
    ]
    assert "\x1b" not in out + err
    assert (tmp_path / "line\nbreak_x2_bicubic.png").is_file()  # the real name, unescaped


# -- folders --------------------------------------------------------------------------------------


def _tree(root: Path) -> None:
    _save(root / "a.png")
    _save(root / "2019" / "b.png", seed=1)
    _save(root / "2019" / "summer" / "c.png", seed=2)
    _save(root / ".thumbnails" / "d.png", seed=3)


def test_folder_input_is_not_recursive_and_says_so(tmp_path: Path, capsys) -> None:
    photos = tmp_path / "photos"
    _tree(photos)
    code, out, err = _run(capsys, "upscale", photos, "--model", "bicubic_x2")
    assert code == 0
    assert err.splitlines() == [
        f"note: {photos}: its subfolders were not searched (add --recursive to include them)"
    ]
    assert out.startswith(f"{photos / 'a.png'} -> ")
    assert "a_x2_bicubic.png" in _files(photos)
    assert not any("b_x2" in name or "c_x2" in name for name in _files(photos))


def test_recursive_takes_subfolders_and_keeps_their_layout_in_the_output_folder(
    tmp_path: Path, capsys
) -> None:
    photos, big = tmp_path / "photos", tmp_path / "big"
    _tree(photos)
    code, out, err = _run(
        capsys, "upscale", photos, "--recursive", "--output-dir", big, "--model", "bicubic_x2"
    )
    assert (code, err) == (0, "3 of 3 images upscaled with bicubic x2\n")
    assert _files(big) == [
        "2019",
        "2019/b_x2_bicubic.png",
        "2019/summer",
        "2019/summer/c_x2_bicubic.png",
        "a_x2_bicubic.png",
    ]  # hidden folders are not searched
    # Beside each input without --output-dir; earlier results are not inputs the second time.
    code, out, err = _run(capsys, "upscale", photos, "-r", "--model", "bicubic_x2")
    assert code == 0
    assert "2019/summer/c_x2_bicubic.png" in _files(photos)
    argv = ["upscale", photos, "-r", "--model", "bicubic_x2", "--dry-run", "--overwrite"]
    code, out, err = _run(capsys, *argv)
    assert len(out.splitlines()) == 4  # three jobs, "dry run: nothing was written": no results
    np.testing.assert_array_equal(
        read_image(big / "2019" / "b_x2_bicubic.png").pixels,
        read_image(photos / "2019" / "b_x2_bicubic.png").pixels,
    )
