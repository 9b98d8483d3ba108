#!/usr/bin/env bash
# Installs (Debian bookworm, as root) everything the measured tables of docs/ and models/ are made
# from: the development image packages (photos, paintings, renders: the evaluation and training
# pictures), the tools that make cross-tool copies (ImageMagick, cjpeg, cwebp, gifsicle, pngquant) and
# the peer of the hash benchmarks (OpenCV img_hash). Never needed to build, test or use pristine.
#   bash scripts/install-eval-data.sh
set -euo pipefail
packages=(
  # pictures: /usr/share/backgrounds, /usr/share/wallpapers, /usr/share/lomiri/wallpapers,
  # skimage/data, opencv-doc examples/data
  gnome-backgrounds mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers lomiri-wallpapers-20.04
  python3-skimage opencv-doc
  # other tools' copies (scripts/make-crosstool-set.sh)
  imagemagick libjpeg-turbo-progs webp gifsicle pngquant
  # the hash benchmarks' peer
  libopencv-contrib-dev
  fonts-dejavu-core
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
