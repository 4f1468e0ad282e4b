"""ONNX Runtime is optional, and when present leaves nothing behind the user did not ask for.

Found by a user: with onnxruntime absent the default runtime ("auto") raised ImportError (the
core imported protobuf, which only onnxruntime had brought along); onnxruntime wrote a telemetry
device id under the user's cache folder and printed a raw warning when that folder was read-only.
Each case runs the command line in a fresh interpreter, as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests import images
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image
from upscaler.core.store import ModelStore

REPO = Path(__file__).resolve().parents[1]
BLOCKER = """
import importlib.abc, sys
class Absent(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r} or name.startswith({protobuf!r}):
            raise ModuleNotFoundError(f"No module named {{name!r}}")
sys.meta_path.insert(0, Absent())
"""
RUN_CLI = """
from upscaler.cli.main import main
code = main(sys.argv[1:])
assert "onnxruntime" not in sys.modules or {allow_ort!r}, "onnxruntime was imported"
sys.exit(code)
"""


def _cli(
    args: list[object], env: dict[str, str], blocked: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    protobuf = "google.protobuf" if blocked else "-"  # onnxruntime brings protobuf along
    script = BLOCKER.format(blocked=set(blocked), protobuf=protobuf)
    script += RUN_CLI.format(allow_ort=not blocked)
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _env(home: Path, cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UPSCALER_", "ORT_", "XDG_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(cache), XDG_DATA_HOME=str(home / "data"))
    env.update(XDG_CONFIG_HOME=str(home / "config"), **extra)
    return env


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.slow
def test_auto_runs_on_opencv_without_onnxruntime_or_protobuf(
    tmp_path: Path, shared_models_dir: Path
) -> None:
    source = images.save(tmp_path / "a.png", images.gradient(40, 30))
    env = _env(tmp_path / "home", tmp_path / "cache")
    store = ModelStore(shared_models_dir)
    for model in ("UpNet_x2", "ESPCN_x3"):  # a built-in .onnx, a mirrored TensorFlow .pb
        info = load_catalog().get(model)
        target = tmp_path / f"{model}.png"
        args = ["upscale", source, "--model", model, "-o", target]
        done = _cli([*args, "--models-dir", shared_models_dir], env, ("onnxruntime", "onnx"))
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        expected = Upscaler(info, store.find(info), runtime="opencv").upscale(
            read_image(source).pixels
        )
        assert np.abs(read_image(target).pixels.astype(int) - expected).max() <= 1


def test_the_command_line_starts_without_onnxruntime_or_protobuf(tmp_path: Path) -> None:
    env = _env(tmp_path / "home", tmp_path / "cache")
    for args in (["--help"], ["models", "list"], ["bench", "speed", "--help"]):
        done = _cli(args, env, ("onnxruntime", "onnx"))
        assert (done.returncode, done.stderr) == (0, ""), (args, done.stderr)


@pytest.mark.slow
def test_onnxruntime_writes_no_telemetry_and_prints_nothing_with_a_read_only_cache(
    tmp_path: Path,
) -> None:
    """Root writes into any folder, so "read-only" is a cache path that cannot be created."""
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "a_file").write_bytes(b"")
    env = _env(home, tmp_path / "a_file" / "cache", UPSCALER_RUNTIME="onnxruntime")
    source = images.save(tmp_path / "a.png", images.gradient(40, 30))
    done = _cli(["upscale", source, "--model", "UpNet_x2", "-o", tmp_path / "out.png"], env)
    assert (done.returncode, done.stderr) == (0, "")
    assert _files(home) == []


@pytest.mark.slow
def test_onnxruntime_leaves_no_files_in_a_writable_cache(tmp_path: Path) -> None:
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    env = _env(home, cache, UPSCALER_RUNTIME="onnxruntime")
    source = images.save(tmp_path / "a.png", images.gradient(40, 30))
    done = _cli(["upscale", source, "--model", "UpNet_x2", "-o", tmp_path / "out.png"], env)
    assert (done.returncode, done.stderr) == (0, "")
    assert _files(home) == []
    assert {p.split("/")[0] for p in _files(cache)} == {"Upscaler"}  # the program's own cache
