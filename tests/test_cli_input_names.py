"""Which files a command line names: duplicates, wildcards, empty names, folders of earlier
results."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_steps import listing, run_cli, save_noise


def test_the_same_file_named_twice_is_upscaled_once(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    save_noise(tmp_path / "a.png")
    code, out, err = run_cli(
        capsys, "upscale", "a.png", "./a.png", tmp_path / "a.png", ".", "--model", "bicubic_x2"
    )
    assert (code, err) == (0, "")
    assert out == f"a.png -> a_x2_bicubic.png (16x12 -> 32x24, {out.split(', ')[-1]}"
    assert listing(tmp_path) == ["a.png", "a_x2_bicubic.png"]


def test_wildcards_the_shell_left_alone_are_expanded(tmp_path: Path, capsys) -> None:
    # Windows shells pass `*.png` through unexpanded; a POSIX shell does so when nothing matched.
    for name in ("b.png", "a.PNG", "old_x2_bicubic.png"):
        save_noise(tmp_path / name)
    (tmp_path / "notes.png.txt").touch()
    model = ["--model", "bicubic_x2"]
    code, out, err = run_cli(capsys, "upscale", tmp_path / "*.[pP]*", tmp_path / "*.gif", *model)
    assert code == 1
    assert err.splitlines() == [
        f"error: {tmp_path / '*.gif'}: no image file matches this pattern",
        "2 of 3 images upscaled with bicubic x2",
    ]
    assert [line.split(" -> ")[0] for line in out.splitlines()] == [
        f"[1/2] {tmp_path / 'a.PNG'}",
        f"[2/2] {tmp_path / 'b.png'}",
    ]
    code, _, err = run_cli(capsys, "upscale", tmp_path / "*", "-o", tmp_path / "y.png", *model)
    assert code == 2
    assert "an output file name (-o) works with exactly one input image" in err
    code, _, err = run_cli(capsys, "upscale", tmp_path / "?.png", "-o", tmp_path / "x.png", *model)
    assert (code, err) == (0, "")  # one match: -o is fine
    assert "x.png" in listing(tmp_path) and "y.png" not in listing(tmp_path)


def test_a_folder_of_earlier_results_is_not_called_empty(tmp_path: Path, capsys) -> None:
    earlier = save_noise(tmp_path / "photo_x2_bicubic.png")
    code, _, err = run_cli(capsys, "upscale", tmp_path, "--model", "bicubic_x2")
    assert code == 1
    assert err.splitlines()[0] == (
        f"error: {tmp_path}: the folder holds only results of earlier runs (names ending "
        "_x<scale>_<model>), which are skipped; name such files one by one to upscale them again"
    )
    code, _, err = run_cli(capsys, "upscale", earlier, "--model", "bicubic_x2")
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["upscale", "IMG", "-o", ""], "argument -o/--output: the name is empty"),
        (["upscale", "IMG", "--output-dir", " "], "argument --output-dir: the name is empty"),
        (["upscale", "IMG", "--models-dir", ""], "argument --models-dir: the name is empty"),
        (["bench", "quality", "--data", "", "--scale", "2"], "argument --data: the name is empty"),
        (["models", "import", ""], "argument FILE: the name is empty"),
    ],
)
def test_an_empty_path_argument_is_not_the_current_folder(
    tmp_path: Path, capsys, monkeypatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # "" used to mean this folder
    source = save_noise(tmp_path / "a.png")
    code, out, err = run_cli(capsys, *[source if a == "IMG" else a for a in argv])
    assert (code, out) == (2, "")
    assert message in err
    assert listing(tmp_path) == ["a.png"]


def test_an_empty_input_name_is_skipped_not_read_as_the_current_folder(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a script's `upscale "$FILE"` with FILE unset
    save_noise(tmp_path / "a.png")
    code, out, err = run_cli(capsys, "upscale", "", "--model", "bicubic_x2")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: an input name is empty; it was skipped",
        "0 of 1 images upscaled with bicubic x2",
    ]
    assert listing(tmp_path) == ["a.png"]


def test_a_heic_photo_is_refused_by_its_format(tmp_path: Path, capsys) -> None:
    """A phone's HEIC is an image: the refusal says its format is not supported."""
    (tmp_path / "IMG_0001.HEIC").write_bytes(b"x")
    code, out, err = run_cli(capsys, "upscale", tmp_path / "IMG_0001.HEIC", "--model", "bicubic_x2")
    assert code != 0
    assert err.splitlines()[0] == (
        f"error: {tmp_path / 'IMG_0001.HEIC'}: HEIC images are not supported "
        "(supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    )


def test_a_folder_of_heic_photos_says_why_nothing_was_found(tmp_path: Path, capsys) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    for name in ("IMG_0001.HEIC", "IMG_0002.heic", "notes.txt"):
        (phone / name).write_bytes(b"x")
    code, out, err = run_cli(capsys, "upscale", phone, "--model", "bicubic_x2")
    assert code != 0
    assert err.splitlines()[0] == (
        f"error: {phone}: the folder holds no image this program reads: its HEIC images are not "
        "supported (supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    )


def test_heic_photos_beside_jpegs_are_said_to_be_left_out(tmp_path: Path, capsys) -> None:
    phone = tmp_path / "phone"
    phone.mkdir()
    save_noise(phone / "a.png")
    for name in ("IMG_0001.HEIC", "IMG_0002.heic", "._IMG_0001.HEIC", "notes.txt"):
        (phone / name).write_bytes(b"x")
    code, out, err = run_cli(capsys, "upscale", phone, "--model", "bicubic_x2")
    assert code == 0
    assert err == (
        "note: left out 2 image(s) in a format that is not supported (HEIC); convert them to "
        "JPEG or PNG first\n"
    )
    assert listing(phone) == sorted(
        [
            "a.png",
            "a_x2_bicubic.png",
            "IMG_0001.HEIC",
            "IMG_0002.heic",
            "._IMG_0001.HEIC",
            "notes.txt",
        ]
    )
