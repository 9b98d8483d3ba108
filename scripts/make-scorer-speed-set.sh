#!/usr/bin/env bash
# Builds the speed set of the scorer (models/scorer.md, "Measured"): the first 9 JPEGs over 500 KB
# under /usr/share/backgrounds and /usr/share/wallpapers (sorted by path), cut to 1920x1080 by
# ImageMagick and saved at q80 and q90: 18 files in OUTDIR. The timing gives each file 11 times:
#   pristine score --threads N $(for i in $(seq 11); do echo OUTDIR/*.jpg; done)
# usage: scripts/make-scorer-speed-set.sh OUTDIR   (needs scripts/install-eval-data.sh)
set -euo pipefail
out=${1:?usage: make-scorer-speed-set.sh OUTDIR}
mkdir -p "$out"
mapfile -t sources < <(find -L /usr/share/backgrounds /usr/share/wallpapers -type f \
  \( -iname '*.jpg' -o -iname '*.jpeg' \) -size +500k 2>/dev/null | LC_ALL=C sort | head -9)
[[ ${#sources[@]} -eq 9 ]] || { echo "need 9 JPEGs over 500 KB (bash scripts/install-eval-data.sh)" >&2; exit 1; }
i=0
for src in "${sources[@]}"; do
  i=$((i + 1))
  for q in 80 90; do
    /usr/bin/convert "$src" -auto-orient -resize '1920x1080^' -gravity center -extent 1920x1080 \
      -strip -quality "$q" "$out/$(printf 'p%02d_q%d.jpg' "$i" "$q")"
  done
done
ls "$out" | wc -l
