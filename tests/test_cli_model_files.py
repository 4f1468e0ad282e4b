"""Damaged model files and digest-cache entries: what the command says to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_steps import run_cli, save_noise
from upscaler.core import paths
from upscaler.core.catalog import load_catalog
from upscaler.core.hashing import DigestCache


@pytest.mark.parametrize(
    "entry",
    [
        lambda e: e["digest"].update(extra=1),  # written by another version
        lambda e: e.pop("digest"),
        lambda e: e.update(digest="?"),
    ],
)
def test_an_unreadable_digest_cache_entry_is_a_miss_not_a_crash(tmp_path: Path, entry) -> None:
    model = tmp_path / "m.bin"
    model.write_bytes(b"weights")
    cache_file = tmp_path / "digests.json"
    expected = DigestCache(cache_file).digest(model)
    data = json.loads(cache_file.read_text())
    entry(next(iter(data["files"].values())))
    cache_file.write_text(json.dumps(data))
    assert DigestCache(cache_file).digest(model) == expected


def test_a_missing_or_damaged_built_in_model_says_reinstall_not_download(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    load_catalog()  # read from the real models folder before it is swapped for an empty one
    shipped = tmp_path / "program" / "models"
    shipped.mkdir(parents=True)
    monkeypatch.setattr(paths, "project_models_dir", lambda: shipped)
    source = save_noise(tmp_path / "a.png")
    code, _, err = run_cli(capsys, "upscale", source, "--model", "UpNet_x2")
    assert code == 1
    assert err == (
        "upscaler-cli: error: model UpNet x2 is missing from this installation; reinstall the "
        "program (or point --models-dir at a folder that has it)\n"
    )
    (shipped / "UpNet_x2.onnx").write_bytes(b"damaged")
    code, _, err = run_cli(capsys, "upscale", source, "--model", "UpNet_x2")
    assert code == 1
    assert err.startswith(f"upscaler-cli: error: {shipped / 'UpNet_x2.onnx'}: UpNet x2 is damaged")
    assert err.endswith("; reinstall the program to get a good copy\n")


def test_verify_says_reinstall_for_a_damaged_built_in_model(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    load_catalog()  # read from the real models folder before it is swapped
    shipped = tmp_path / "program" / "models"
    shipped.mkdir(parents=True)
    (shipped / "UpNet_x3.onnx").write_bytes(b"damaged")
    monkeypatch.setattr(paths, "project_models_dir", lambda: shipped)
    code, _, err = run_cli(capsys, "models", "verify", "--models-dir", tmp_path)
    assert code == 1
    assert err == (
        f"upscaler-cli: error: 1 model file failed verification: {shipped / 'UpNet_x3.onnx'}; "
        "reinstall the program to restore UpNet_x3\n"
    )
