"""One byte-count style for the whole program."""

from __future__ import annotations

import pytest

from upscaler.core.units import format_bytes, format_duration


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (92_226, "92.2 kB"),
        (99_949, "99.9 kB"),
        (99_960, "100 kB"),
        (412_800, "413 kB"),
        (999_400, "999 kB"),
        (999_600, "1.0 MB"),
        (38_490_162, "38.5 MB"),
        (157_400_000, "157 MB"),
        (5_000_000_000, "5.0 GB"),
        (999_960_000_000, "1.0 TB"),
        (3.2e15, "3200 TB"),
    ],
)
def test_format_bytes(count: float, text: str) -> None:
    assert format_bytes(count) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (7.4, "0:07"), (59.6, "1:00"), (205, "3:25"), (3729, "1:02:09"), (-3, "0:00")],
)
def test_durations_read_as_a_clock(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
