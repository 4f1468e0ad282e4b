"""The NumPy filters of core/imageops/filters.py against the OpenCV calls they replace."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from upscaler.core.imageops import filters

#: Tiny, odd, one-row, one-column, gray (2-D and HxWx1) and colour shapes.
SHAPES = [
    (1, 1),
    (2, 3),
    (1, 7),
    (7, 1),
    (5, 4),
    (2, 3, 3),
    (1, 1, 3),
    (9, 1, 3),
    (17, 31, 3),
    (33, 20, 1),
    (24, 19, 4),
    (101, 77, 3),
]


def random_image(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """Values from -1 to 3, and a few very large and tiny ones (as the grey-pixel index has)."""
    rng = np.random.default_rng(seed)
    image = rng.uniform(-1.0, 3.0, shape).astype(np.float32)
    spots = rng.random(shape) < 0.05
    image[spots] = rng.choice(np.array([1e3, 1e-4, 0.0], dtype=np.float32), int(spots.sum()))
    return image


def like(reference: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """OpenCV gives HxWx1 input back as HxW."""
    return reference.reshape(shape)


def assert_close(ours: np.ndarray, theirs: np.ndarray, image: np.ndarray) -> None:
    assert ours.dtype == np.float32 and ours.shape == image.shape
    scale = float(np.abs(image).max()) or 1.0
    np.testing.assert_allclose(ours, like(theirs, image.shape), rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("sigma", [1.0, 0.6, 2.0])
def test_gaussian_blur_matches_opencv(shape: tuple[int, ...], sigma: float) -> None:
    image = random_image(shape)
    assert_close(filters.gaussian_blur(image, sigma), cv2.GaussianBlur(image, (0, 0), sigma), image)


@pytest.mark.parametrize(("size", "sigma"), [(9, 1.0), (5, 0.6), (17, 2.0), (3, 0.3), (25, 3.0)])
def test_gaussian_kernel_is_opencvs(size: int, sigma: float) -> None:
    ours = filters.gaussian_kernel(size, sigma)
    np.testing.assert_array_equal(ours, cv2.getGaussianKernel(size, sigma, ktype=cv2.CV_32F)[:, 0])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("direction", [(1, 0), (0, 1)])
def test_sobel_matches_opencv(shape: tuple[int, ...], direction: tuple[int, int]) -> None:
    image = random_image(shape, seed=1)
    ours = filters.sobel(image, *direction)
    assert_close(ours, cv2.Sobel(image, cv2.CV_32F, *direction), image)


def test_sobel_refuses_what_it_does_not_compute() -> None:
    with pytest.raises(ValueError):
        filters.sobel(random_image((5, 5)), 1, 1)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("sizes", [(5, 3), (1, 7), (3, 1)])
def test_separable_filter_matches_opencv(shape: tuple[int, ...], sizes: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(sizes))
    kernel_x, kernel_y = (rng.normal(0.0, 1.0, size).astype(np.float32) for size in sizes)
    image = random_image(shape, seed=6)
    ours = filters.separable_filter(image, kernel_x, kernel_y)
    theirs = cv2.sepFilter2D(image, cv2.CV_32F, kernel_x, kernel_y)
    scale = float(np.abs(image).max()) * float(np.abs(kernel_x).sum() * np.abs(kernel_y).sum())
    assert ours.shape == image.shape
    np.testing.assert_allclose(ours, like(theirs, shape), rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("shape", SHAPES)
def test_laplacian_matches_opencv(shape: tuple[int, ...]) -> None:
    image = random_image(shape, seed=2)
    assert_close(filters.laplacian(image), cv2.Laplacian(image, cv2.CV_32F), image)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("size", [7, 3, 5])
def test_box_blur_matches_opencv(shape: tuple[int, ...], size: int) -> None:
    image = random_image(shape, seed=3)
    assert_close(filters.box_blur(image, size), cv2.blur(image, (size, size)), image)


def test_box_blur_needs_an_odd_window() -> None:
    with pytest.raises(ValueError):
        filters.box_blur(random_image((5, 5)), 4)


def test_linear_filters_take_float32_only() -> None:
    with pytest.raises(TypeError):
        filters.gaussian_blur(np.zeros((4, 4), dtype=np.float64), 1.0)
    with pytest.raises(ValueError):
        filters.laplacian(np.zeros((0, 4), dtype=np.float32))


@pytest.mark.parametrize(
    "shape", [(1, 1), (2, 3), (1, 9), (8, 1), (2, 3, 3), (31, 17, 3), (20, 23, 4)]
)
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_median3_equals_opencv(shape: tuple[int, ...], dtype: type) -> None:
    rng = np.random.default_rng(4)
    if dtype == np.float32:
        image = rng.random(shape, dtype=np.float32)
    else:
        image = rng.integers(0, np.iinfo(dtype).max + 1, shape).astype(dtype)
    ours = filters.median3(image)
    assert ours.dtype == image.dtype and ours.shape == image.shape
    np.testing.assert_array_equal(ours, cv2.medianBlur(image, 3).reshape(image.shape))


def test_median3_of_nothing_is_nothing() -> None:
    for shape in [(0, 5), (4, 0, 3)]:
        assert filters.median3(np.zeros(shape, dtype=np.uint8)).shape == shape


def test_median3_removes_a_speck_and_keeps_an_edge() -> None:
    image = np.zeros((6, 8), dtype=np.uint8)
    image[:, 4:] = 200
    image[2, 1] = 255  # dust
    expected = np.zeros_like(image)
    expected[:, 4:] = 200
    np.testing.assert_array_equal(filters.median3(image), expected)


def test_bands_join_without_seams(monkeypatch: pytest.MonkeyPatch) -> None:
    """A band of a few rows at a time gives what one band gives: the borders between bands are
    the neighbouring rows, not reflections."""
    image = random_image((53, 41, 3), seed=5)
    whole = {
        "gaussian": filters.gaussian_blur(image, 1.0),
        "sobel": filters.sobel(image, 0, 1),
        "laplacian": filters.laplacian(image),
        "box": filters.box_blur(image, 7),
        "median": filters.median3(image),
    }
    monkeypatch.setattr(filters, "BAND_BYTES", 1)  # as few rows per band as the kernel allows
    assert filters.gaussian_blur(image, 1.0) == pytest.approx(whole["gaussian"])
    np.testing.assert_array_equal(filters.sobel(image, 0, 1), whole["sobel"])
    np.testing.assert_array_equal(filters.laplacian(image), whole["laplacian"])
    np.testing.assert_array_equal(filters.box_blur(image, 7), whole["box"])
    np.testing.assert_array_equal(filters.median3(image), whole["median"])
    assert_close(filters.box_blur(image, 7), cv2.blur(image, (7, 7)), image)


@pytest.mark.parametrize("length", [1, 2, 3, 5, 8])
@pytest.mark.parametrize(
    ("mode", "opencv"), [("reflect", cv2.BORDER_REFLECT_101), ("edge", cv2.BORDER_REPLICATE)]
)
def test_border_index_is_opencvs_border_interpolate(length: int, mode: str, opencv: int) -> None:
    positions = np.arange(-20, length + 20)
    expected = [cv2.borderInterpolate(int(p), length, opencv) for p in positions]
    np.testing.assert_array_equal(filters.border_index(positions, length, mode), expected)
