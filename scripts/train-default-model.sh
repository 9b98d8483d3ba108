#!/usr/bin/env bash
# Trains a generation-loss model like models/scorer.pmdl from Debian's image packages (photos,
# paintings, renders) plus any extra folders given as arguments (e.g. synthesised drawings/memes), in
# three stages of growing block counts: 128 blocks from scratch, then the best epoch resumed with 256
# and then 512 blocks (a resume with another block count starts a new best at the --lr given).
#   scripts/train-default-model.sh [EXTRA_IMAGE_DIR...]
# Env: PRISTINE=path of the pristine CLI (default build/bin/pristine), OUT (default
# models/scorer.pmdl; the stages write OUT.stage1.pmdl and OUT.stage2.pmdl first), EPOCHS1 / EPOCHS2 /
# EPOCHS3 (epochs of each stage, default 13 / 20 / 8: about an hour on 2 cores), THREADS (default 0 = all cores), TRAIN_K
# (training loss gain, default 1), CACHE (generated-group cache folder, default
# $TMPDIR/pristine-train-cache; "" = none). models/scorer.md records the runs that produced the
# shipped file (made with earlier versions of the data generator in its first stages).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-eval-data.sh   # the development image packages

dirs=()
for d in /usr/share/backgrounds /usr/share/wallpapers /usr/share/lomiri/wallpapers \
         /usr/lib/python3/dist-packages/skimage/data /usr/share/doc/opencv-doc/examples/data; do
  [ -d "$d" ] && dirs+=("$d")
done
dirs+=("$@")

PRISTINE=${PRISTINE:-build/bin/pristine}
OUT=${OUT:-models/scorer.pmdl}
mkdir -p "$(dirname "$OUT")"
# CACHE: folder of generated groups (features) reused by later runs with the same options; "" = none.
CACHE=${CACHE-${TMPDIR:-/tmp}/pristine-train-cache}
cache_args=()
[ -n "$CACHE" ] && cache_args=(--cache "$CACHE")
E1=${EPOCHS1:-13}
E2=$((E1 + ${EPOCHS2:-20}))
E3=$((E2 + ${EPOCHS3:-8}))
# One stage: BLOCKS LAST_EPOCH OUT [extra train arguments]. Each writes OUT (its best validation epoch).
stage() {
  local blocks=$1 epochs=$2 out=$3
  shift 3
  "$PRISTINE" train --images "${dirs[@]}" --out "$out" \
    --epochs "$epochs" --groups 400 --pool-epochs 6 --batch 32 --blocks "$blocks" --max-side 1024 \
    --validation 0.1 --validation-groups 300 --aggregator attention --synth-fraction 0.3 \
    --train-k "${TRAIN_K:-1}" --seed 1 --threads "${THREADS:-0}" "${cache_args[@]}" "$@"
}
stage 128 "$E1" "$OUT.stage1.pmdl"
stage 256 "$E2" "$OUT.stage2.pmdl" --resume "$OUT.stage1.pmdl" --lr 2.5e-4
stage 512 "$E3" "$OUT" --resume "$OUT.stage2.pmdl" --lr 1.25e-4
