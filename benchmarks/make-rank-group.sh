#!/usr/bin/env bash
# Writes the group that the ranking speed figure is measured on: 6 copies of one 2 MP picture — the
# PNG original (1732 x 1155, cut from a wallpaper of lomiri-wallpapers-20.04), a JPEG q90, a lossless crop (PNG), a
# half-size JPEG, a JPEG turned by 90° (ImageMagick) and a WebP q75.
#   benchmarks/make-rank-group.sh OUTDIR [SOURCE_PICTURE]
# Then: farm-bench ... -- build/bin/pristine rank OUTDIR/*   (docs/provenance.md, "Speed").
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make-rank-group.sh OUTDIR [SOURCE_PICTURE]}
src=${2:-/usr/share/backgrounds/Fossa_by_Jasper_Roks.jpg}
cli=${PRISTINE:-build/bin/pristine}
[ -f "$src" ] || { echo "no $src: install lomiri-wallpapers-20.04 (scripts/install-eval-data.sh) or name a picture" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/convert "$src" -resize '1732x1155^' -gravity center -extent 1732x1155 +repage "$out/original.png"
copy() {  # NAME STEPS: one pristine degrade chain of the original
  "$cli" degrade --steps "$2" "$out/original.png" "$tmp/$1" > /dev/null
  for f in "$tmp/$1"/*; do cp "$f" "$out/$1.${f##*.}"; done
}
copy jpeg90 jpeg:90:420
copy crop crop:0.85,png:6
copy half resize:0.5:area,jpeg:80:420
copy webp webp:75
/usr/bin/convert "$out/original.png" -rotate 90 -quality 85 "$out/turned.jpg"
ls -l "$out"
