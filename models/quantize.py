"""Make the pinned int8 files of the project's own models (UpNet): reproducible, hash-pinned.

    .venv/bin/python models/quantize.py                 # writes models/UpNet_x*.int8.onnx and
                                                        # models/quantized.json
    .venv/bin/python models/quantize.py --check         # rebuilds in memory, compares with pins

Calibration: centre crops of fixed training images (``upscaler.bench.quantize``), degraded by
the model's scale as the benchmarks degrade test images; never Set5/Set14 or BSDS500's val part.
The same fp32 file, images and onnxruntime version give the same bytes (checked with --check).
Only the project's own models are quantised here: a third-party model's int8 file would be a
redistribution of its weights (``bench precision`` measures those in memory instead).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import onnxruntime

from upscaler.bench.quantize import CALIBRATION_IMAGES, quantize_model
from upscaler.core.catalog import load_catalog
from upscaler.core.devices.quantized import MANIFEST
from upscaler.core.families import family_for

MODELS_DIR = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("UPSCALER_SHARED_DIR") or MODELS_DIR.parent.parent / "shared")
DEFAULT_DATA = SHARED / "data" / "sr-train"
DEFAULT_MODELS = ("UpNet_x2", "UpNet_x3", "UpNet_x4")


def build(model_id: str, data: Path) -> tuple[dict, bytes]:
    info = load_catalog().get(model_id)
    assert info.filename is not None and info.builtin, f"{model_id} is not a shipped model"
    source = MODELS_DIR / info.filename
    blob = quantize_model(source, family_for(info), info.scale, data)
    entry = {
        "precision": "int8",
        "filename": f"{model_id}.int8.onnx",
        "size": len(blob),
        "sha256": hashlib.sha256(blob).hexdigest(),
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "calibration": f"{len(CALIBRATION_IMAGES)} training crops (upscaler.bench.quantize)",
        "onnxruntime": onnxruntime.__version__,
    }
    return entry, blob


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=list(DEFAULT_MODELS), metavar="MODEL_ID")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="training images folder")
    parser.add_argument("--check", action="store_true", help="compare with the pins, write nothing")
    args = parser.parse_args(argv)
    manifest_path = MODELS_DIR / MANIFEST
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest_path.is_file()
        else {"format": 1, "models": {}}
    )
    manifest["comment"] = (
        "Reduced-precision files of the project's own models, made by models/quantize.py; the "
        "program uses one only when its size and SHA-256 match and the fp32 file it was made "
        "from is the one loaded (source_sha256)."
    )
    failed = 0
    for model_id in args.models:
        entry, blob = build(model_id, args.data)
        if args.check:
            pinned = manifest["models"].get(model_id, {})
            same = pinned.get("sha256") == entry["sha256"]
            failed += not same
            print(f"{model_id}: {'same bytes as pinned' if same else 'DIFFERS from the pin'}")
            continue
        (MODELS_DIR / entry["filename"]).write_bytes(blob)
        manifest["models"][model_id] = entry
        print(f"{model_id}: {entry['filename']} {entry['size']} bytes {entry['sha256']}")
    if not args.check:
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
