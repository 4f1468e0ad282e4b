"""Reading what an image's numbers mean from its ICC profile, checked against LittleCMS."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from tests import adjust_profiles as icc
from tests import images
from upscaler.core.adjust.icc import UnsupportedProfile, image_space
from upscaler.core.adjust.space import SRGB_TO_XYZ, srgb_decode, srgb_encode, xyz_to_lab

SAMPLES = np.array(
    [[255, 255, 255], [0, 0, 0], [255, 0, 0], [128, 128, 128], [10, 200, 30], [3, 7, 250]],
    dtype=np.uint8,
)


def _lab_by_us(profile: bytes | None, rgb8: np.ndarray) -> np.ndarray:
    space = image_space(profile, gray=False)
    values = rgb8.astype(np.float32) / 255
    linear = np.stack([c.decode(values[:, i]) for i, c in enumerate(space.curves)], axis=-1)
    assert space.to_xyz is not None
    return xyz_to_lab(linear.astype(np.float64) @ space.to_xyz.T)


def _lab_by_littlecms(profile: bytes, rgb8: np.ndarray) -> np.ndarray:
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    image = Image.fromarray(rgb8[None])
    lab = np.asarray(
        ImageCms.profileToProfile(image, source, ImageCms.createProfile("LAB"), outputMode="LAB")
    )[0]
    return np.stack(
        [lab[:, 0] * (100 / 255), lab[:, 1].view(np.int8), lab[:, 2].view(np.int8)], axis=-1
    ).astype(np.float64)


CURVES = {
    "gamma 2.2": icc.gamma_curve(563 / 256),
    "parametric sRGB (type 3)": icc.para_curve(3, icc.SRGB_PARA),
    "parametric gamma 1.8 (type 0)": icc.para_curve(0, (1.8,)),
    "sampled table (1024)": icc.table_curve(np.linspace(0, 1, 1024) ** 2.2),
    "linear (empty curv)": b"curv" + b"\x00" * 8,
}


@pytest.mark.parametrize("curve", CURVES.values(), ids=CURVES.keys())
def test_colours_match_littlecms_for_every_kind_of_tone_curve(curve: bytes) -> None:
    profile = icc.rgb_profile(curve)
    ours = _lab_by_us(profile, SAMPLES)
    theirs = _lab_by_littlecms(profile, SAMPLES)
    # LittleCMS hands Lab back in 8 bits: L in steps of 0.39, a and b in whole units.
    assert np.abs(ours - theirs).max() <= 1.0, (ours, theirs)


def test_the_repository_adobe_rgb_test_profile_is_read_like_pillow_reads_it() -> None:
    profile = images.icc_profile()
    space = image_space(profile, gray=False)
    pillow = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile
    assert space.to_xyz is not None
    for column, colorant in enumerate(
        (pillow.red_colorant, pillow.green_colorant, pillow.blue_colorant)
    ):
        assert colorant is not None
        np.testing.assert_allclose(space.to_xyz[:, column], colorant[0], atol=1e-4)
    assert space.name == "Test Adobe RGB (1998) compatible"
    np.testing.assert_allclose(
        _lab_by_us(profile, SAMPLES), _lab_by_littlecms(profile, SAMPLES), atol=1
    )


def test_no_profile_means_srgb_and_matches_pillows_srgb_profile() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    np.testing.assert_allclose(_lab_by_us(None, SAMPLES), _lab_by_littlecms(srgb, SAMPLES), atol=1)
    # Pillow's sRGB colorants differ from the ICC sRGB profile's in the fourth decimal.
    matrix = image_space(srgb, gray=False).to_xyz
    assert matrix is not None
    np.testing.assert_allclose(matrix, SRGB_TO_XYZ, atol=5e-4)


@pytest.mark.parametrize("curve", CURVES.values(), ids=CURVES.keys())
def test_tone_curves_invert_to_the_same_light(curve: bytes) -> None:
    codes = np.arange(65536, dtype=np.float32) / 65535
    tone = image_space(icc.rgb_profile(curve), gray=False).curves[0]
    linear = tone.decode(codes)
    back = tone.encode(linear)
    np.testing.assert_allclose(tone.decode(back), linear, atol=2e-6)
    if tone.kind != "table":  # a 16-bit table has flat runs: codes there mean the same light
        assert np.abs(back - codes).max() * 65535 <= 1.0


def test_a_gray_profile_gives_its_curve() -> None:
    space = image_space(icc.gray_profile(icc.gamma_curve(1.8)), gray=True)
    assert space.is_gray and space.to_xyz is None
    np.testing.assert_allclose(space.curves[0].decode(np.array([0.5])), 0.5**1.8, rtol=1e-3)


def test_the_srgb_curve_is_odd_so_out_of_gamut_values_survive_a_round_trip() -> None:
    values = np.array([-0.5, -0.01, 0.0, 0.002, 0.3, 1.0, 1.7], dtype=np.float32)
    np.testing.assert_allclose(srgb_decode(srgb_encode(values)), values, atol=1e-6)


@pytest.mark.parametrize(
    ("profile", "gray", "reason"),
    [
        (icc.rgb_profile(icc.gamma_curve(2.2), drop=b"gXYZ"), False, "no gXYZ tag"),
        (icc.rgb_profile(icc.gamma_curve(2.2), drop=b"bTRC"), False, "no bTRC tag"),
        (icc.gray_profile(icc.gamma_curve(2.2)), False, "GRAY profile on a RGB image"),
        (icc.rgb_profile(icc.gamma_curve(2.2)), True, "RGB profile on a GRAY image"),
        (
            ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes(),
            False,
            "a Lab profile on a RGB image",
        ),
        (b"not a profile at all, just some bytes" * 5, False, "not an ICC profile"),
        (icc.rgb_profile(b"sf32" + b"\x00" * 12), False, "rTRC tone curve cannot be read"),
    ],
)
def test_profiles_that_cannot_be_interpreted_are_refused_with_a_reason(
    profile: bytes, gray: bool, reason: str
) -> None:
    with pytest.raises(UnsupportedProfile, match=reason):
        image_space(profile, gray=gray)


def test_srgb_working_space_round_trips() -> None:
    rgb = np.random.default_rng(1).random((50, 3)).astype(np.float32)
    np.testing.assert_allclose(srgb_encode(srgb_decode(rgb)), rgb, atol=2e-6)
