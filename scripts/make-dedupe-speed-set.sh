#!/usr/bin/env bash
# Builds the speed set of `pristine dedupe` (docs/benchmarks.md, "Dedupe"): 640x480 JPEGs (q85) cut
# by ImageMagick from the wallpapers under /usr/share/backgrounds and /usr/share/wallpapers (sorted by
# path): each picture resized to 1920x1440 and cut into its 9 tiles (distinct pictures), until COUNT
# files; then every 10th file also gets a copy (half size, q75) so that the run has groups to rank.
# usage: scripts/make-dedupe-speed-set.sh OUTDIR [COUNT=1000]   (needs scripts/install-eval-data.sh)
set -euo pipefail
out=${1:?usage: make-dedupe-speed-set.sh OUTDIR [COUNT]}
count=${2:-1000}
mkdir -p "$out"
mapfile -t sources < <(find -L /usr/share/backgrounds /usr/share/wallpapers -type f \
  \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -size +200k 2>/dev/null | LC_ALL=C sort)
n=0
for src in "${sources[@]}"; do
  (( n >= count )) && break
  base=$(printf 't%04d' "$n")
  /usr/bin/convert "$src" -auto-orient -resize '1920x1440^' -gravity center -extent 1920x1440 +gravity \
    -crop 640x480 +repage -strip -quality 85 "$out/${base}_%d.jpg" 2>/dev/null || continue
  n=$((n + 9))
done
# Keep exactly COUNT tiles, then add the copies.
mapfile -t tiles < <(find "$out" -name 't*.jpg' | LC_ALL=C sort)
for ((i = count; i < ${#tiles[@]}; i++)); do rm -f -- "${tiles[$i]}"; done
for ((i = 0; i < count && i < ${#tiles[@]}; i += 10)); do
  /usr/bin/convert "${tiles[$i]}" -resize 50% -quality 75 "$out/copy_$(basename "${tiles[$i]}")"
done
echo "$(find "$out" -name '*.jpg' | wc -l) files in $out"
