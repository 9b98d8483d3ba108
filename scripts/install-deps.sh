#!/usr/bin/env bash
# Installs every Debian package pristine needs to build, test and run (Debian bookworm, as root).
# Benchmarks against OpenCV need `--with-peers` (libopencv-contrib-dev, never a library dependency);
# `--with-embedder` adds what the default embedder's set-up step needs (node, npm, PyTorch for Python).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libopenblas0-pthread
  libeigen3-dev libstb-dev libpng-dev libgif-dev libjpeg62-turbo-dev libwebp-dev
  libtiff-dev libheif-dev libavif-dev libjxl-dev   # TIFF, HEIC, AVIF, JPEG XL (bookworm's libheif has its codecs built in)
  libcli11-dev nlohmann-json3-dev libfmt-dev libxxhash-dev libsqlite3-dev
  doctest-dev pybind11-dev python3-dev python3-numpy python3-pytest
  fonts-dejavu-core   # the TrueType path of the synthetic-image tests (the library never needs a font)
)
if [[ " $* " == *" --with-peers "* ]]; then
  packages+=(libopencv-contrib-dev)
fi
# The set-up step that makes the default embedder from nsfwjs's published weights
# (scripts/fetch-default-embedder.sh) converts them with PyTorch; pristine itself never needs these.
if [[ " $* " == *" --with-embedder "* ]]; then
  packages+=(python3-torch python3-xxhash python3-pil)
  # A node that came with its own npm (NodeSource's nodejs conflicts with Debian's npm) is kept.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
