"""The illuminant study (models/training/illuminant_study.py) measures what the doc says it does:
its synthetic casts are the test set's, they cover the test casts, it never reads a benchmark
picture, and its estimators behave on a picture whose light is known."""

from __future__ import annotations

from pathlib import Path

import cv2
import illuminant_study as study
import numpy as np
import pytest

from tests.adjust_testset import CASTS, cast, cast_matrix
from tests.core.test_adjust_colour import chart


def test_the_casts_are_the_test_sets() -> None:
    assert set(study.CASTS.values()) == set(CASTS.values())
    picture = chart()
    for xy in CASTS.values():
        np.testing.assert_allclose(study.cast_matrix(xy), cast_matrix(xy), atol=1e-12)
        made = study.cast(picture, study.cast_matrix(xy))
        assert np.abs(made.astype(int) - cast(picture, xy)).max() <= 1  # float rounding ties


def test_the_random_lights_cover_the_test_casts() -> None:
    lights = study.random_lights(np.random.default_rng(1), 4000)
    assert lights[0] is None  # the photograph as it is
    trained = np.array([study.log_chroma_of(m @ np.ones(3)) for m in lights[1:]])
    for xy in CASTS.values():
        light = study.log_chroma_of(cast_matrix(xy) @ np.ones(3))
        assert np.hypot(*(trained - light).T).min() < 0.02
    # A tint of 0 stays on the black-body locus; a positive one is greener (higher y).
    assert study.tinted_xy(5000, 0.0) == pytest.approx(study.planckian_xy(5000), abs=1e-9)
    assert study.tinted_xy(5000, 0.02)[1] > study.planckian_xy(5000)[1]


def test_benchmark_pictures_are_refused(tmp_path: Path) -> None:
    for name in study.SETS:
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "T91" / "a.png").write_bytes(b"")
    assert [s for s, _ in study.photographs(tmp_path)] == ["T91"]
    val = tmp_path / "BSDS500" / "test" / "val"
    val.mkdir()
    (tmp_path / "BSDS500" / "test" / "val" / "b.jpg").mkdir()  # a folder is skipped
    (tmp_path / "SunHays80" / "set14_copy.png").write_bytes(b"")
    with pytest.raises(SystemExit, match="benchmark"):
        study.photographs(tmp_path)


def test_every_estimate_finds_a_known_light_on_a_grey_picture() -> None:
    # Grey surfaces of every lightness, with edges: no estimator can be fooled by colours.
    rng = np.random.default_rng(2)
    blocks = rng.uniform(30, 240, (12, 16))
    grey = cv2.resize(blocks, (320, 240), interpolation=cv2.INTER_NEAREST)
    grey = cv2.GaussianBlur(grey, (0, 0), 1.5) + rng.normal(0, 1, grey.shape)
    picture = np.repeat(np.clip(np.rint(grey), 0, 255).astype(np.uint8)[..., None], 3, axis=2)
    for xy in CASTS.values():
        linear = study._SRGB.decode(cast(picture, xy))
        found = study.describe(linear, np.ones(linear.shape[:2], bool))
        assert found is not None
        truth = study.log_chroma_of(cast_matrix(xy) @ np.ones(3))
        assert np.hypot(*(found.base - truth)) < 0.02
        estimates = found.features[: 2 * len(study.ESTIMATORS)].reshape(-1, 2) + found.base
        assert np.hypot(*(estimates - truth).T).max() < 0.05, estimates - truth
        assert found.features.shape == (2 * len(study.ESTIMATORS) + 5 + 2 * 12 * 12 + 1,)


@pytest.mark.slow
def test_the_learned_models_fit_what_they_are_given() -> None:
    rng = np.random.default_rng(0)
    width = 2 * len(study.ESTIMATORS) + 5 + 2 * 144 + 1
    features = rng.normal(size=(3000, width))
    target = np.stack([features[:, 0] * 0.1, features[:, 1] * -0.05], axis=1)
    for model in study.LEARNED.values():
        if isinstance(model, study.Mlp):
            model = study.Mlp(steps=300)
            few, aim = features[:300], target[:300]
        else:
            few, aim = features, target
        fitted = model.fit(few, aim)
        assert np.abs(fitted(few) - aim).mean() < 0.5 * np.abs(aim).mean(), model
    # Seeded: the network is the same twice.
    net = study.Mlp(steps=50)
    np.testing.assert_array_equal(
        net.fit(features[:100], target[:100])(features),
        net.fit(features[:100], target[:100])(features),
    )
