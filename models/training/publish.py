"""Copy a run's exported models into models/ and pin them in models/catalog.json.

The store only counts a file that matches its catalog pins, so the file and its size/SHA-256 must
change together; doing both here keeps them from drifting apart. The catalog name is the run's
``export_name`` (``UpNet``, ``UpNet2``, ``UpNet-Restore``); only that name's entries are replaced.

    python models/training/publish.py models/training/runs/upnet_v2 --rank 5 --default
    python models/training/publish.py models/training/runs/upnet_restore --rank 20 --purpose restore
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"
SCALES = (2, 3, 4)


def entry(name: str, scale: int, data: bytes, args: argparse.Namespace) -> dict:
    blob = b"blob " + str(len(data)).encode() + b"\0" + data
    return {
        "id": f"{name}_x{scale}",
        "name": name,
        "family": "upnet",
        "scale": scale,
        "filename": f"{name}_x{scale}.onnx",
        "url": None,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "git_sha1": hashlib.sha1(blob).hexdigest(),
        "license": "MIT (this project)",
        "license_file": None,
        "builtin": True,
        "speed": args.speed,
        "default": args.default,
        "rank": args.rank,
        "purpose": args.purpose,
    }


def publish(run: Path, args: argparse.Namespace) -> None:
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    name = config.get("export_name", "UpNet")
    catalog_path = MODELS / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    models = catalog["models"]
    kept = [m for m in models if m["name"] != name]
    # New entries go where the name's old ones were, else after the last UpNet-family entry.
    old = [i for i, m in enumerate(models) if m["name"] == name]
    family = [i for i, m in enumerate(kept) if m["family"] == "upnet"]
    at = old[0] if old else (family[-1] + 1 if family else len(kept))
    new = []
    for scale in SCALES:
        source = run / "export" / f"{name}_x{scale}.onnx"
        shutil.copyfile(source, MODELS / source.name)
        new.append(entry(name, scale, source.read_bytes(), args))
        print(f"{source.name}: {new[-1]['size']} bytes, sha256 {new[-1]['sha256']}")
    if args.default:  # one default per scale
        for model in kept:
            model["default"] = False
    catalog["models"] = kept[:at] + new + kept[at:]
    catalog_path.write_text(json.dumps(catalog, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="training run folder (with export/)")
    parser.add_argument("--speed", default="fast", help="the catalog's speed class")
    parser.add_argument("--rank", type=int, default=100, help="lower is offered first")
    parser.add_argument("--purpose", default="faithful", help="faithful, restore, ...")
    parser.add_argument("--default", action="store_true", help="the default model at its scales")
    args = parser.parse_args()
    publish(args.run.resolve(), args)


if __name__ == "__main__":
    main()
