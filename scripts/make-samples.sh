#!/usr/bin/env bash
# Recreates the bundled sample images in samples/ (a record of how they were made; they are committed).
# Sources: scikit-image's public-domain/CC0 sample pictures (Debian package python3-skimage):
# astronaut (NASA, public domain), coffee (Rachel Michetti, CC0), chelsea (Stefan van der Walt, CC0).
# Each picture gets an "original" (downsized, lossless PNG) and copies made by pristine's own degrader.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${PRISTINE_CLI:-./build/bin/pristine}
data=/usr/lib/python3/dist-packages/skimage/data
[[ -d $data ]] || { echo "install python3-skimage first" >&2; exit 1; }
rm -rf samples && mkdir -p samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in astronaut coffee chelsea; do
  "$cli" degrade --steps fit:384:lanczos,png:9 "$data/$name.png" "$tmp/$name" > /dev/null
  cp "$tmp/$name/${name}_1.png" "samples/${name}.png"
  i=0
  for steps in jpeg:85:420 resize:0.75:bicubic,jpeg:70:420 gif:64:fs webp:60 \
               resize:0.5:bilinear,resize:2:bicubic,jpeg:60:420; do
    i=$((i + 1))
    "$cli" degrade --steps "$steps" "samples/${name}.png" "$tmp/${name}_c$i" > /dev/null
    for f in "$tmp/${name}_c$i"/*; do cp "$f" "samples/${name}_copy$i.${f##*.}"; done
  done
done
ls -la samples
