"""Typed settings over a temporary ini file: round trip, defaults, refusal of bad values."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from upscaler.ui.settings import MAX_RECENT, Settings


def reopen(settings: Settings) -> Settings:
    settings.sync()
    return Settings(QSettings(settings.file_name, QSettings.Format.IniFormat))


def test_defaults(settings: Settings) -> None:
    assert settings.model_id == ""
    assert settings.scale == 2
    assert settings.tile_size == 0
    assert settings.models_dir is None
    assert settings.output_dir is None
    assert settings.output_format == "same"
    assert settings.name_pattern == "{stem}_x{scale}_{model}"
    assert settings.continue_on_failure is True
    assert settings.compare_mode == "split"
    assert settings.language == "system"
    assert settings.recent_files == []
    assert settings.geometry.isEmpty()


def test_every_value_survives_a_round_trip(settings: Settings, tmp_path: Path) -> None:
    settings.model_id = "FSRCNN_x3"
    settings.scale = 3
    settings.tile_size = 256
    settings.models_dir = tmp_path / "models"
    settings.output_dir = tmp_path / "out"
    settings.output_format = "webp"
    settings.name_pattern = "{stem}-big"
    settings.continue_on_failure = False
    settings.compare_mode = "toggle"
    settings.language = "zh_CN"
    settings.geometry = QByteArray(b"\x01\x02geometry")
    settings.window_state = QByteArray(b"state\x00")
    settings.recent_files = [tmp_path / "a.png", tmp_path / "b.jpg"]
    again = reopen(settings)
    assert again.model_id == "FSRCNN_x3"
    assert again.scale == 3
    assert again.tile_size == 256
    assert again.models_dir == tmp_path / "models"
    assert again.output_dir == tmp_path / "out"
    assert again.output_format == "webp"
    assert again.name_pattern == "{stem}-big"
    assert again.continue_on_failure is False
    assert again.compare_mode == "toggle"
    assert again.language == "zh_CN"
    assert again.geometry == QByteArray(b"\x01\x02geometry")
    assert again.window_state == QByteArray(b"state\x00")
    assert again.recent_files == [tmp_path / "a.png", tmp_path / "b.jpg"]


def test_a_single_recent_file_round_trips(settings: Settings, tmp_path: Path) -> None:
    settings.recent_files = [tmp_path / "only.png"]
    assert reopen(settings).recent_files == [tmp_path / "only.png"]


def test_recent_files_move_to_the_top_and_are_capped(settings: Settings, tmp_path: Path) -> None:
    for i in range(MAX_RECENT + 3):
        settings.add_recent(tmp_path / f"{i}.png")
    settings.add_recent(tmp_path / "5.png")
    recent = reopen(settings).recent_files
    assert len(recent) == MAX_RECENT
    assert recent[:3] == [tmp_path / "5.png", tmp_path / "12.png", tmp_path / "11.png"]
    assert recent.count(tmp_path / "5.png") == 1
    settings.clear_recent()
    assert reopen(settings).recent_files == []


def test_damaged_values_fall_back_to_defaults(tmp_path: Path) -> None:
    ini = tmp_path / "damaged.ini"
    ini.write_text(
        "[model]\nscale=7\ntile=lots\n[output]\nformat=gif\ncontinue=nope\n"
        "[view]\ncompare=sideways\nlanguage=klingon\n"
    )
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    assert settings.scale == 2
    assert settings.tile_size == 0
    assert settings.output_format == "same"
    assert settings.continue_on_failure is True
    assert settings.compare_mode == "split"
    assert settings.language == "system"


def test_unknown_choices_are_refused(settings: Settings) -> None:
    with pytest.raises(ValueError):
        settings.output_format = "gif"
    with pytest.raises(ValueError):
        settings.compare_mode = "sideways"
    with pytest.raises(ValueError):
        settings.language = "fr"


def test_device_and_precision_default_to_auto_and_refuse_garbage(tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert (settings.device, settings.precision) == ("auto", "auto")
    settings.device, settings.precision = "cuda", "bf16"
    assert (settings.device, settings.precision) == ("cuda", "bf16")
    settings._s.setValue("compute/device", "quantum-gpu")  # a foreign or future value
    settings._s.setValue("compute/precision", "fp8")
    assert (settings.device, settings.precision) == ("auto", "auto")
    with pytest.raises(ValueError):
        settings.device = "gpu0"
    with pytest.raises(ValueError):
        settings.precision = "fp64"
