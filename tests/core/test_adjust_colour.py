"""Automatic colour: what it changes, what it must never change (alpha, precision, a profile's
meaning), and that its parts behave as documented. Accuracy on Set14 is in
test_adjust_measured.py."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tests import adjust_profiles as icc
from tests import images
from tests.adjust_testset import CASTS, cast, cast_matrix, chroma_error, fade
from upscaler.core.adjust import colour as colour_mod
from upscaler.core.adjust.colour import ColourOptions, analyse_colour, apply_colour
from upscaler.core.adjust.convert import Converter
from upscaler.core.adjust.icc import UnsupportedProfile, image_space
from upscaler.core.adjust.space import SRGB_TO_XYZ, srgb_decode, srgb_encode, xyz_to_lab

#: sRGB values of the 24 ColorChecker patches (published reference values), rows of six.
CHECKER = [
    (115, 82, 68), (194, 150, 130), (98, 122, 157), (87, 108, 67), (133, 128, 177), (103, 189, 170),
    (214, 126, 44), (80, 91, 166), (193, 90, 99), (94, 60, 108), (157, 188, 64), (224, 163, 46),
    (56, 61, 150), (70, 148, 73), (175, 54, 60), (231, 199, 31), (187, 86, 149), (8, 133, 161),
    (243, 243, 242), (200, 200, 200), (160, 160, 160), (122, 122, 121), (85, 85, 85), (52, 52, 52),
]  # fmt: skip
WARM = CASTS["warm cast (3200 K light)"]


def chart(patch: int = 40, noise: float = 2.0, seed: int = 0) -> np.ndarray:
    """A colour chart (BGR uint8): 6x4 patches with a little grain, a black surround."""
    canvas = np.zeros((4 * patch + 10, 6 * patch + 10, 3), np.float64)
    for i, rgb in enumerate(CHECKER):
        y, x = 5 + (i // 6) * patch, 5 + (i % 6) * patch
        canvas[y + 2 : y + patch - 2, x + 2 : x + patch - 2] = rgb[::-1]
    canvas += np.random.default_rng(seed).normal(0, noise, canvas.shape)
    return np.clip(np.rint(canvas), 0, 255).astype(np.uint8)


def to_16(pixels: np.ndarray) -> np.ndarray:
    return pixels.astype(np.uint16) * 257


def test_a_cast_chart_is_put_right() -> None:
    clean = chart()
    damaged = cast(clean, WARM)
    fixed = apply_colour(damaged, analyse_colour(damaged))
    assert chroma_error(fixed, clean) < 0.2 * chroma_error(damaged, clean)


def test_no_strength_gives_the_pixels_back_untouched() -> None:
    damaged = cast(chart(), WARM)
    plan = analyse_colour(damaged, options=ColourOptions(white_balance=0, levels=0))
    assert plan.is_identity
    assert apply_colour(damaged, plan) is not damaged
    np.testing.assert_array_equal(apply_colour(damaged, plan), damaged)
    same = damaged.copy()
    assert apply_colour(same, plan, out=same) is same


def test_strength_moves_part_of_the_way() -> None:
    damaged = cast(chart(), WARM)
    full = analyse_colour(damaged, options=ColourOptions(levels=0))
    half = full.with_options(ColourOptions(white_balance=0.5, levels=0))
    light = np.asarray(full.illuminant)
    for plan, strength in ((full, 1.0), (half, 0.5)):
        matrix = plan.white_balance()
        assert matrix is not None
        neutral = matrix @ light**strength  # the light, as far as asked, goes grey
        np.testing.assert_allclose(neutral / neutral[1], 1.0, atol=1e-3)
    fixed, halfway = apply_colour(damaged, full), apply_colour(damaged, half)
    clean = chart()
    assert chroma_error(fixed, clean) < chroma_error(halfway, clean) < chroma_error(damaged, clean)


def test_the_light_at_full_scale_becomes_white() -> None:
    # The light's strongest channel keeps its value (camera-style gains): the brightest neutral
    # the cast picture could hold becomes white, not a grey as dark as the light's luminance.
    damaged = cast(chart(), WARM)
    plan = analyse_colour(damaged, options=ColourOptions(levels=0))
    for strength in (1.0, 0.5):
        matrix = plan.with_options(ColourOptions(white_balance=strength, levels=0)).white_balance()
        assert matrix is not None
        light = np.asarray(plan.illuminant) ** strength
        np.testing.assert_allclose(matrix @ (light / light.max()), 1.0, atol=1e-3)
    # Which undoes the test set's cast exactly when the light is the true one.
    light = cast_matrix(WARM) @ np.ones(3)
    true = replace(plan, illuminant=tuple(float(v) for v in light / light[1]))
    white = cast(np.full((8, 8, 3), 255, np.uint8), WARM)
    assert np.abs(apply_colour(white, true).astype(int) - 255).max() <= 1


def test_a_balanced_chart_barely_changes() -> None:
    # Its red and orange patches pull the grey-edge estimates a little towards red, just past
    # where the correction starts to fade in: a change far below what an eye can see.
    clean = chart()
    plan = analyse_colour(clean, options=ColourOptions(levels=0))
    assert chroma_error(apply_colour(clean, plan), clean) < 0.5


def test_a_picture_without_a_cast_or_faded_levels_is_left_untouched() -> None:
    ramp = np.tile(np.linspace(0, 255, 400), (300, 1))[..., None]
    grain = np.random.default_rng(3).normal(0, 2, (300, 400, 1))  # grey grain
    picture = np.repeat(np.clip(np.rint(ramp + grain), 0, 255).astype(np.uint8), 3, axis=2)
    plan = analyse_colour(picture)
    assert plan.is_identity
    np.testing.assert_array_equal(apply_colour(picture, plan), picture)


def test_alpha_is_copied_and_transparent_pixels_do_not_count() -> None:
    damaged = cast(chart(), WARM)
    height, width = damaged.shape[:2]
    garbage = np.zeros((height, width, 3), np.uint8)
    garbage[...] = (255, 0, 0)  # pure blue under fully transparent alpha
    alpha = np.concatenate(
        [np.full((height, width), 255, np.uint8), np.zeros((height, width), np.uint8)], axis=1
    )
    alpha[:, 7] = 128  # some partial transparency too
    bgra = np.dstack([np.concatenate([damaged, garbage], axis=1), alpha])
    with_alpha = analyse_colour(bgra)
    without = analyse_colour(damaged)
    np.testing.assert_allclose(with_alpha.illuminant, without.illuminant, rtol=0.02)
    fixed = apply_colour(bgra, with_alpha)
    np.testing.assert_array_equal(fixed[..., 3], alpha)


def test_sixteen_bits_stay_sixteen_bits() -> None:
    ramp = np.linspace(0, 1, 4096, dtype=np.float64)
    # Warm and dim: both white balance and levels have work to do.
    rgb = np.stack([ramp * 0.7 + 0.05, ramp * 0.55 + 0.1, ramp * 0.4 + 0.2], axis=-1)
    pixels = np.repeat(np.rint(rgb[None, :, ::-1] * 65535).astype(np.uint16), 64, axis=0)
    plan = analyse_colour(pixels)
    assert not plan.is_identity
    fixed = apply_colour(pixels, plan)
    assert fixed.dtype == np.uint16
    assert len(np.unique(fixed[..., 1])) > 3000  # an 8-bit path would leave at most 256
    # The same correction computed independently, in float64.
    matrix, points = plan.white_balance(), plan.levels()
    assert matrix is not None and points is not None
    low, high = points
    linear = srgb_decode(pixels[0, :, ::-1].astype(np.float32) / 65535).astype(np.float64)
    encoded = srgb_encode((linear @ matrix.T).astype(np.float32)).astype(np.float64)
    expected = np.clip(np.rint(((encoded - low) / (high - low)) * 65535), 0, 65535)
    assert np.abs(fixed[0, :, ::-1].astype(np.float64) - expected).max() <= 1


def test_the_code_table_path_equals_the_float_path(monkeypatch: pytest.MonkeyPatch) -> None:
    for pixels in (fade(cast(chart(), WARM), ((0.1, 0.8),) * 3), to_16(cast(chart(), WARM))):
        plan = analyse_colour(pixels)
        tables = apply_colour(pixels, plan)
        monkeypatch.setattr(Converter, "per_channel", property(lambda self: False))
        floats = apply_colour(pixels, plan, strip_pixels=1000)  # in many strips, too
        monkeypatch.undo()
        assert np.abs(tables.astype(np.int64) - floats).max() <= 1


def test_gray_pictures_get_levels_and_no_white_balance() -> None:
    gray = np.tile(np.linspace(70, 190, 300).astype(np.uint8), (40, 1))
    plan = analyse_colour(gray)
    assert plan.white_balance() is None
    fixed = apply_colour(gray, plan)
    assert fixed.shape == gray.shape and fixed.min() <= 1 and fixed.max() >= 254


def test_levels_never_stretch_more_than_the_limit() -> None:
    misty = np.tile(np.linspace(120, 140, 300).astype(np.uint8), (40, 1))
    points = analyse_colour(misty).levels()
    assert points is not None
    low, high = points
    assert 1 / (high[0] - low[0]) == pytest.approx(colour_mod.MAX_GAIN)


def test_fade_restoration_sets_a_black_and_white_point_per_channel() -> None:
    clean = chart()
    faded = fade(clean, ((0.10, 0.80), (0.14, 0.70), (0.20, 0.62)))
    levels = apply_colour(faded, analyse_colour(faded, options=ColourOptions(white_balance=0)))
    restored = apply_colour(faded, analyse_colour(faded, options=ColourOptions(0, 0, fade=1)))
    assert chroma_error(restored, clean) < 0.5 * chroma_error(levels, clean)


def _textured_scene(seed: int = 5) -> np.ndarray:
    """Linear RGB: a grey surface and three coloured ones, each with its own reflectance
    texture per channel (coloured surfaces change hue across their texture, grey ones do not)."""
    rng = np.random.default_rng(seed)
    shade = 0.3 + 0.6 * np.tile(np.linspace(0, 1, 160), (120, 1))  # one light, brighter rightwards
    scene = np.empty((120, 160, 3), np.float32)
    albedo = [(0.5, 0.5, 0.5), (0.7, 0.2, 0.1), (0.1, 0.5, 0.2), (0.2, 0.3, 0.7)]
    for i, base in enumerate(albedo):
        rows = slice(30 * i, 30 * i + 30)
        texture = rng.uniform(0.6, 1.0, (30, 160, 1 if i == 0 else 3))
        scene[rows] = np.asarray(base) * texture * shade[rows, :, None]
    return scene


def test_grey_pixels_find_the_grey_surface_under_any_light() -> None:
    scene = _textured_scene()
    good = np.ones(scene.shape[:2], bool)
    light = np.array([1.3, 1.0, 0.6], np.float32)
    for gain in (np.ones(3, np.float32), light):
        found = colour_mod._grey_pixels(scene * gain, good)
        u, v = np.log(found[[0, 2]] / found[1])
        assert np.hypot(u - np.log(gain[0]), v - np.log(gain[2])) < 0.02


def test_the_weighted_grey_edge_trusts_edges_along_the_light() -> None:
    # Edges between red and green stripes, and as many between light and dark grey ones: plain
    # grey edge is pulled by the coloured edges, the weighted one follows the grey.
    scene = np.empty((100, 200, 3), np.float32)
    stripes = (np.arange(100) // 5 % 2).astype(bool)[:, None, None]
    scene[:, :100] = np.where(stripes, (0.8, 0.1, 0.05), (0.05, 0.6, 0.1))
    scene[:, 100:] = np.where(stripes, 0.7, 0.2)
    good = np.ones(scene.shape[:2], bool)
    light = np.array([1.25, 1.0, 0.7], np.float32)
    truth = np.log(light[[0, 2]])

    def off(estimate: np.ndarray) -> float:
        return float(np.hypot(*(np.log(estimate[[0, 2]] / estimate[1]) - truth)))

    weighted = colour_mod._weighted_grey_edge(scene * light, good)
    plain = colour_mod._grey_edge(scene * light, good, order=1)
    assert off(weighted) < 0.05 < 0.3 < off(plain)


def test_estimates_that_disagree_widen_the_cast_left_alone() -> None:
    # Four estimates (log R/G, log B/G) with the same median, a cast of 0.3.
    agreeing = np.array([[0.3, 0.0], [0.3, 0.0], [0.3, 0.02], [0.3, -0.02]])
    disagreeing = np.array([[0.3, 0.0], [0.3, 0.0], [0.3, 0.6], [0.3, -0.6]])
    assert colour_mod._combined(agreeing)[0] == pytest.approx(np.exp(0.3))
    assert colour_mod._combined(disagreeing) == (1.0, 1.0, 1.0)
    # A large cast is put right however much they disagree.
    assert colour_mod._combined(disagreeing + (0.5, 0.0))[0] == pytest.approx(np.exp(0.8))


@pytest.mark.parametrize(
    ("low", "high", "moved"),
    [
        (0.0, 0.87, (False, False)),  # no white, a true black: a dim picture, not a fade
        (0.12, 1.0, (False, False)),  # a hazy picture with a true white
        (0.0, 0.6, (False, True)),  # far from any white: stretched
        (0.08, 0.90, (True, True)),  # both ends off: a fade, both moved in full
    ],
)
def test_levels_move_one_end_only_when_far_off(
    low: float, high: float, moved: tuple[bool, bool]
) -> None:
    black, white = colour_mod._limited(low, high)
    assert (black != 0.0, white != 1.0) == moved
    if all(moved):
        assert (black, white) == pytest.approx((low, high))


# -- colour profiles ----------------------------------------------------------------------------


def _lab(pixels: np.ndarray, profile: bytes | None) -> np.ndarray:
    """What the pixels mean, in Lab, according to their profile."""
    space = image_space(profile, gray=False)
    values = pixels[..., ::-1].astype(np.float32) / np.iinfo(pixels.dtype).max
    linear = np.stack([c.decode(values[..., i]) for i, c in enumerate(space.curves)], axis=-1)
    assert space.to_xyz is not None
    return xyz_to_lab(linear.astype(np.float64) @ space.to_xyz.T)


def _in_profile(srgb: np.ndarray, profile: bytes) -> np.ndarray:
    """16-bit pixels in ``profile`` showing the same colours as the sRGB pixels."""
    space = image_space(profile, gray=False)
    assert space.to_xyz is not None
    linear = srgb_decode(srgb[..., ::-1].astype(np.float32) / np.iinfo(srgb.dtype).max)
    own = linear.astype(np.float64) @ (np.linalg.inv(space.to_xyz) @ SRGB_TO_XYZ).T
    encoded = np.stack([c.encode(own[..., i]) for i, c in enumerate(space.curves)], axis=-1)
    return np.rint(encoded[..., ::-1] * 65535).astype(np.uint16)


@pytest.mark.parametrize(
    "profile",
    [
        images.icc_profile(),  # Adobe RGB (1998) primaries, gamma 2.2
        icc.rgb_profile(icc.para_curve(0, (1.8,))),  # same primaries, gamma 1.8
        icc.rgb_profile(icc.table_curve(np.linspace(0, 1, 4096) ** 2.4)),
    ],
    ids=["adobe-rgb", "gamma-1.8", "table"],
)
def test_the_same_colours_get_the_same_correction_whatever_the_profile(profile: bytes) -> None:
    damaged = to_16(fade(cast(chart(), WARM), ((0.06, 0.86),) * 3))
    encoded = _in_profile(damaged, profile)
    assert np.abs(_lab(encoded, profile) - _lab(damaged, None)).max() < 0.1
    srgb_result = apply_colour(damaged, analyse_colour(damaged))
    profile_result = apply_colour(encoded, analyse_colour(encoded, profile))
    difference = np.linalg.norm(_lab(profile_result, profile) - _lab(srgb_result, None), axis=-1)
    assert difference.mean() < 0.2
    # Taking the numbers for sRGB (what a correction that ignores the profile does) is far off:
    # so this test can tell the two apart.
    ignored = apply_colour(encoded, analyse_colour(encoded, None))
    wrong = np.linalg.norm(_lab(ignored, profile) - _lab(srgb_result, None), axis=-1)
    assert wrong.mean() > 10 * difference.mean() + 1


def test_a_profile_that_cannot_be_read_is_refused_not_guessed() -> None:
    broken = icc.rgb_profile(icc.gamma_curve(2.2), drop=b"rXYZ")
    with pytest.raises(UnsupportedProfile):
        analyse_colour(chart(), broken)


def test_a_gray_profile_is_respected() -> None:
    light = np.tile(np.linspace(0.05, 0.5, 300), (30, 1))  # linear light, a dim ramp
    srgb = np.rint(srgb_encode(light.astype(np.float32)) * 65535).astype(np.uint16)
    gamma = np.rint(light ** (1 / 1.8) * 65535).astype(np.uint16)
    profile = icc.gray_profile(icc.para_curve(0, (1.8,)))
    by_srgb = apply_colour(srgb, analyse_colour(srgb))
    by_gamma = apply_colour(gamma, analyse_colour(gamma, profile))
    light_srgb = srgb_decode(by_srgb.astype(np.float32) / 65535)
    light_gamma = (by_gamma.astype(np.float64) / 65535) ** 1.8
    assert np.abs(light_srgb - light_gamma).max() < 2e-3
