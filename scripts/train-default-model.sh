#!/usr/bin/env bash
# Trains the shipped generation-loss model models/scorer.pmdl from Debian's image packages (photos,
# paintings, renders) plus any extra folders given as arguments (e.g. synthesised drawings/memes).
#   scripts/train-default-model.sh [EXTRA_IMAGE_DIR...]
# Env: PRISTINE=path of the pristine CLI (default build/examples/cli/pristine), OUT (default
# models/scorer.pmdl), EPOCHS (default 30), THREADS (default 0 = all cores), TRAIN_K (training loss
# gain, default 1), CACHE (generated-group cache folder, default $TMPDIR/pristine-train-cache; "" =
# none). models/scorer.md records the run that produced the shipped file.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gnome-backgrounds mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers
          lomiri-wallpapers-20.04 python3-skimage opencv-doc)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

dirs=()
for d in /usr/share/backgrounds /usr/share/wallpapers /usr/share/lomiri/wallpapers \
         /usr/lib/python3/dist-packages/skimage/data /usr/share/doc/opencv-doc/examples/data; do
  [ -d "$d" ] && dirs+=("$d")
done
dirs+=("$@")

PRISTINE=${PRISTINE:-build/examples/cli/pristine}
OUT=${OUT:-models/scorer.pmdl}
mkdir -p "$(dirname "$OUT")"
# CACHE: folder of generated groups (features) reused by later runs with the same options; "" = none.
CACHE=${CACHE-${TMPDIR:-/tmp}/pristine-train-cache}
cache_args=()
[ -n "$CACHE" ] && cache_args=(--cache "$CACHE")
"$PRISTINE" train --images "${dirs[@]}" --out "$OUT" \
  --epochs "${EPOCHS:-30}" --groups 400 --pool-epochs 6 --batch 32 --blocks 128 --max-side 1024 \
  --validation 0.1 --validation-groups 300 --aggregator attention --synth-fraction 0.3 \
  --train-k "${TRAIN_K:-1}" --seed 1 --threads "${THREADS:-0}" "${cache_args[@]}"
