"""Copy a run's exported UpNet models into models/ and pin them in models/catalog.json.

The store only counts a file that matches its catalog pins, so the file and its size/SHA-256 must
change together; doing both here keeps them from drifting apart.

    python models/training/publish.py models/training/runs/main
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
CATALOG_COMMENT = (
    "Known super-resolution models. Third-party weights are never committed: they are found in "
    "the models folders or downloaded and verified (size + SHA-256 or git blob SHA-1). The "
    "project's own UpNet models are built in: they live in models/ and ship with the program."
)


def entry(scale: int, data: bytes) -> dict:
    blob = b"blob " + str(len(data)).encode() + b"\0" + data
    return {
        "id": f"UpNet_x{scale}",
        "name": "UpNet",
        "family": "upnet",
        "scale": scale,
        "filename": f"UpNet_x{scale}.onnx",
        "url": None,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "git_sha1": hashlib.sha1(blob).hexdigest(),
        "license": "MIT (this project)",
        "license_file": None,
        "builtin": True,
        "speed": "fast",
        "default": False,
    }


def publish(run: Path) -> None:
    catalog_path = MODELS / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    catalog["comment"] = CATALOG_COMMENT
    models = [m for m in catalog["models"] if m["family"] != "upnet"]
    for scale in SCALES:
        source = run / "export" / f"UpNet_x{scale}.onnx"
        shutil.copyfile(source, MODELS / source.name)
        models.append(entry(scale, source.read_bytes()))
        print(f"{source.name}: {models[-1]['size']} bytes, sha256 {models[-1]['sha256']}")
    catalog["models"] = models
    catalog_path.write_text(json.dumps(catalog, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="training run folder (with export/)")
    publish(parser.parse_args().run.resolve())


if __name__ == "__main__":
    main()
