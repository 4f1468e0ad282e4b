"""The EDSR/UpNet code path through tiny EDSR-architecture ONNX networks (no 38 MB weights).

The known-weights network outputs a nearest-neighbour upscale plus an offset that differs for every
sub-pixel and channel, so a wrong mean, a BGR/RGB swap or a wrong pixel-shuffle order each change
the result; the random-weights network is checked against a pure-numpy forward pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests import tiny_models
from tests.edges import with_edge_context
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler


def info(family: str, scale: int) -> ModelInfo:
    return ModelInfo(id=f"tiny_{family}_x{scale}", name="tiny", family=family, scale=scale)


def colour_image(height: int, width: int, seed: int = 0) -> np.ndarray:
    """Distinct channels in 72..215, where the known network's output never clips."""
    rng = np.random.default_rng(seed)
    return rng.integers(72, 216, (height, width, 3), dtype=np.uint8)


def run(net: tiny_models.TinyEDSR, path: Path, family: str, image: np.ndarray, **kw) -> np.ndarray:
    net.save(path)
    # OpenCV's runtime: these tests are about cv2.dnn running EDSR/UpNet-shaped ONNX correctly.
    return Upscaler(info(family, net.scale), path, runtime="opencv").upscale(image, **kw)


@pytest.mark.parametrize("scale", [2, 3, 4])
@pytest.mark.parametrize(("family", "mode"), [("edsr", "DCR"), ("upnet", "CRD")])
def test_known_network_gives_its_known_output(tmp_path, scale, family, mode) -> None:
    image = colour_image(11, 14, seed=scale)
    out = run(tiny_models.known_edsr(scale, mode=mode), tmp_path / "m.onnx", family, image, tile=5)
    expected = tiny_models.known_edsr_output(image, scale)
    assert out.dtype == np.uint8 and out.shape == expected.shape
    assert np.array_equal(out, np.rint(expected).astype(np.uint8))


def test_the_known_output_exposes_a_channel_swap_and_a_mean_mistake() -> None:
    """The expectations are sensitive: the mistakes the test guards against change them a lot."""
    image = colour_image(6, 7)
    expected = tiny_models.known_edsr_output(image, 2)
    swapped = tiny_models.known_edsr_output(image[:, :, ::-1], 2)
    assert np.abs(swapped - expected).max() > 50
    # a network that saw no mean subtracted (or another mean) would give x + offset instead
    no_mean = image.astype(float).repeat(2, 0).repeat(2, 1) + np.tile(
        tiny_models.known_offsets(2), (6, 7, 1)
    )
    assert np.abs(no_mean - expected).max() > 20


def test_a_shuffle_order_mix_up_changes_the_output(tmp_path) -> None:
    """Weights laid out for PyTorch's CRD but run with TensorFlow's DCR (docs/pitfalls.md #12)
    must fail."""
    net = tiny_models.known_edsr(3, mode="CRD")
    net.mode = "DCR"
    image = colour_image(8, 9)
    out = run(net, tmp_path / "mixed.onnx", "upnet", image)
    assert np.abs(out.astype(int) - tiny_models.known_edsr_output(image, 3)).max() > 5


def test_known_network_in_sixteen_bits_keeps_full_precision(tmp_path) -> None:
    rng = np.random.default_rng(7)
    image = rng.integers(72 * 257, 216 * 257, (9, 10, 3), dtype=np.uint16)  # low bytes random
    out = run(tiny_models.known_edsr(2), tmp_path / "m.onnx", "edsr", image)
    expected = tiny_models.known_edsr_output(image / 257.0, 2) * 257
    assert out.dtype == np.uint16
    assert np.abs(out - expected).max() <= 1


def test_known_network_on_gray_input_gives_gray(tmp_path) -> None:
    gray = colour_image(7, 8)[:, :, 1]
    out = run(tiny_models.known_edsr(2), tmp_path / "m.onnx", "edsr", gray)
    colour = tiny_models.known_edsr_output(np.dstack([gray] * 3), 2)
    weights = np.array([0.114, 0.587, 0.299])  # BGR to gray
    assert out.shape == (14, 16)
    assert np.abs(out - colour @ weights).max() <= 1


def reference(net: tiny_models.TinyEDSR, image: np.ndarray) -> np.ndarray:
    """The EDSR convention in numpy: BGR minus mean, forward, plus mean, round, clip."""
    blob = (image.astype(np.float64) - tiny_models.DIV2K_MEAN_BGR)[np.newaxis].transpose(0, 3, 1, 2)
    out = net.forward(blob)[0].transpose(1, 2, 0) + tiny_models.DIV2K_MEAN_BGR
    return np.clip(np.rint(out), 0, 255)


@pytest.mark.parametrize("scale", [2, 3, 4])
@pytest.mark.parametrize(("family", "mode"), [("edsr", "DCR"), ("upnet", "CRD")])
def test_random_network_matches_a_numpy_forward_pass(tmp_path, scale, family, mode) -> None:
    net = tiny_models.random_edsr(scale, mode=mode, seed=scale)
    image = colour_image(13, 10, seed=scale)
    up = Upscaler(info(family, scale), net.save(tmp_path / "r.onnx"), runtime="opencv")
    out = up.upscale(image, tile=6)
    expected = with_edge_context(lambda x: reference(net, x), image, up.margin, scale)
    assert np.abs(out - expected).max() <= 1
    # the weights do real work: the result is far from a plain enlargement
    assert np.abs(expected - image.repeat(scale, 0).repeat(scale, 1)).mean() > 10


def test_builders_agree_with_onnx_depth_to_space_definition() -> None:
    """The numpy DepthToSpace follows the ONNX operator documentation's reshape/transpose."""
    x = np.arange(2 * 12 * 2 * 3, dtype=float).reshape(2, 12, 2, 3)
    dcr = tiny_models.depth_to_space(x, 2, "DCR")
    crd = tiny_models.depth_to_space(x, 2, "CRD")
    for c in range(3):
        for i in range(2):
            for j in range(2):
                assert dcr[1, c, 2 + i, 4 + j] == x[1, (i * 2 + j) * 3 + c, 1, 2]
                assert crd[1, c, 2 + i, 4 + j] == x[1, c * 4 + i * 2 + j, 1, 2]


def test_crd_stays_right_after_dnn_superres_registered_its_layer(tmp_path) -> None:
    """dnn_superres registers a DCR-only DepthToSpace process-wide (docs/pitfalls.md #13); an
    UpNet (CRD) loaded afterwards must still be unscrambled."""
    cv2.dnn_superres.DnnSuperResImpl_create()
    image = colour_image(7, 9)
    out = run(tiny_models.known_edsr(2, mode="CRD"), tmp_path / "crd.onnx", "upnet", image)
    assert np.array_equal(out, np.rint(tiny_models.known_edsr_output(image, 2)).astype(np.uint8))


FRESH_PROCESS = """
import sys
from pathlib import Path
import numpy as np
from tests import tiny_models
from upscaler.core.runtime.opencv import OpenCVBackend
pb = OpenCVBackend(Path(sys.argv[1]))  # no DnnSuperResImpl was ever created in this process
assert pb.run(np.zeros((1, 1, 5, 7), np.float32)).shape == (1, 1, 10, 14)
net = tiny_models.known_edsr(2, mode="CRD")
crd = OpenCVBackend(net.save(Path(sys.argv[2])))
blob = np.random.default_rng(0).normal(0, 20, (1, 3, 4, 5)).astype(np.float32)
assert np.abs(crd.run(blob) - net.forward(blob)).max() < 1e-3
print("ok")
"""


def test_pb_and_crd_models_load_in_a_fresh_process(tmp_path, shared_models_dir: Path) -> None:
    """Without dnn_superres ever created, .pb graphs still load (their DepthToSpace is ours)."""
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FRESH_PROCESS,
            str(shared_models_dir / "ESPCN_x2.pb"),
            str(tmp_path / "crd.onnx"),
        ],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- the same networks as TensorFlow graphs, like the upstream EDSR_x*.pb ---------------------


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_known_network_as_a_tensorflow_graph(tmp_path, scale) -> None:
    """EDSR's .pb path: OpenCV's TensorFlow importer, NHWC weights, 3-channel depth_to_space."""
    path = tiny_models.known_edsr(scale).save_pb(tmp_path / f"EDSR_x{scale}.pb")
    image = colour_image(10, 12, seed=scale)
    out = Upscaler(info("edsr", scale), path, runtime="opencv").upscale(image, tile=4)
    expected = np.rint(tiny_models.known_edsr_output(image, scale)).astype(np.uint8)
    assert np.array_equal(out, expected)


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_edsr_graph_output_equals_dnn_superres(tmp_path, scale) -> None:
    path = tiny_models.random_edsr(scale, seed=20 + scale).save_pb(tmp_path / "EDSR.pb")
    reference = cv2.dnn_superres.DnnSuperResImpl_create()
    reference.readModel(str(path))
    reference.setModel("edsr", scale)
    image = colour_image(17, 14, seed=scale)
    up = Upscaler(info("edsr", scale), path, runtime="opencv")
    out = up.upscale(image)
    expected = with_edge_context(reference.upsample, image, up.margin, scale)
    assert np.abs(out.astype(int) - expected.astype(int)).max() <= 1
    assert np.abs(expected.astype(int) - image.repeat(scale, 0).repeat(scale, 1)).mean() > 10
