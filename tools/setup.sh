#!/usr/bin/env bash
# Installs the Debian packages condlab needs (DESIGN.md "Dependencies").
# Idempotent: runs apt-get update and install only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 libpython3.11-dev pybind11-dev python3-glad
  libimgui-dev libglfw3-dev libstb-dev libgl-dev libmd4c-dev
  libgl1-mesa-dri fonts-dejavu-core xvfb xauth clang-format-16 clang-tidy nlohmann-json3-dev
  libcli11-dev libxtst-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
