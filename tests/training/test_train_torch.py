"""The training loop's promises that need PyTorch (the ``train`` extra): a network started from
the published ONNX begins exactly as it, and a run resumed from the compact checkpoint continues
as the uninterrupted run does. Skipped where torch is not installed (it is not a run-time need).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import train  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("channels", "blocks"), [(32, 4), (48, 6)])
def test_a_wider_deeper_network_starts_as_the_published_one(channels: int, blocks: int) -> None:
    from upscaler.core.runtime.opencv import OpenCVBackend

    net = train.MultiScale(channels, blocks, [3])
    train.init_from_onnx(net, str(REPO / "models" / "UpNet_x{scale}.onnx"), [3])
    x = np.random.default_rng(0).uniform(-100, 130, (1, 3, 21, 17)).astype(np.float32)
    # Through the program's backend: a bare cv2.dnn import misreads DepthToSpace after another
    # test registered the program's own layer (docs/architecture.md).
    want = OpenCVBackend(REPO / "models" / "UpNet_x3.onnx").run(x)
    with torch.no_grad():
        got = net.for_scale(3)(torch.from_numpy(x)).numpy()
    assert np.abs(got - want).max() < 0.01


def _tiny_config(tmp_path: Path, images: Path, set5: Path) -> Path:
    config = {
        "seed": 1,
        "channels": 8,
        "blocks": 1,
        "scales": [2],
        "lr_patch": 16,
        "batch": 2,
        "lr": 0.001,
        "lr_min": 0.0001,
        "warmup_steps": 2,
        "total_steps": 6,
        "bf16_fraction": 0.5,
        "val_every": 100,
        "checkpoint_every_s": 0,
        "compact_every_s": 0,
        "train_sources": [{"folder": str(images), "shrink": 1.0}],
        "degradations": [{"kind": "practical"}],
        "validation": str(set5),
        "validation_degradations": ["jpeg:40"],
    }
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(config))
    return path


def _weights(run: Path) -> dict:
    return train.load_checkpoint(run / "checkpoint.pt")["model"]


@pytest.mark.slow
def test_a_resumed_run_continues_as_the_uninterrupted_one(
    tmp_path: Path, set5_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cv2

    monkeypatch.chdir(tmp_path)
    images = tmp_path / "images"
    images.mkdir()
    rng = np.random.default_rng(0)
    for n in range(2):
        noise = rng.integers(0, 256, (80, 90, 3), dtype=np.uint8)
        cv2.imwrite(str(images / f"{n}.png"), cv2.GaussianBlur(noise, (5, 5), 1.5))
    config = _tiny_config(tmp_path, images, set5_dir)
    whole, first, second = tmp_path / "whole", tmp_path / "first", tmp_path / "second"
    compact = tmp_path / "compact.pt"
    assert train.main(["--config", str(config), "--run", str(whole)]) == 0
    stop = ["--config", str(config), "--run", str(first), "--compact", str(compact)]
    assert train.main([*stop, "--total-steps", "6", "--stop-after-s", "1e-9"]) == 0
    state = train.load_checkpoint(compact)
    assert state["step"] == 1 and state["config_hash"] == train.config_hash(
        json.loads(config.read_text())
    )
    resume = ["--config", str(config), "--run", str(second), "--resume-from", str(compact)]
    assert train.main(resume) == 0
    a, b = _weights(whole), _weights(second)
    assert a.keys() == b.keys()
    for key in a:  # bfloat16 moments in the compact file: equal to rounding, not bit for bit
        np.testing.assert_allclose(a[key].numpy(), b[key].numpy(), atol=2e-4, err_msg=key)
    lines = [json.loads(line) for line in (second / "log.jsonl").read_text().splitlines()]
    assert lines[-1]["step"] == 6 and set(lines[-1]["psnr"]) == {"jpeg:40"}


def test_degradation_phases_take_over_from_their_step() -> None:
    clean = [{"kind": "simple"}]
    jpeg = [{"kind": "simple", "jpeg_quality": [40, 40]}]
    phases = train.degradation_phases(
        {"degradations": clean, "degradation_phases": [{"from_step": 100, "degradations": jpeg}]}
    )
    assert [start for start, _ in phases] == [0, 100]
    assert phases[0][1].recipes[0].jpeg_quality is None
    assert phases[1][1].recipes[0].jpeg_quality == (40, 40)
    assert [start for start, _ in train.degradation_phases({})] == [0]
