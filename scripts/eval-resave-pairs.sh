#!/usr/bin/env bash
# The re-save failure case of docs/dedupe.md: a q75 JPEG saved again at q95 by ImageMagick (a bigger,
# worse copy) against its q75 parent, for the first 40 pictures of the held-out evaluation sets
# (scripts/make-scorer-eval-sets.sh OUTDIR: held-out photos, then synthetic drawings), shrunk to at
# most 1024 px. Prints how often `pristine rank` (pair model) and `pristine rank --scores-only`
# put the parent first.
#   scripts/eval-resave-pairs.sh EVALDIR WORKDIR   (needs ImageMagick: scripts/install-eval-data.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${1:?usage: eval-resave-pairs.sh EVALDIR WORKDIR}
work=${2:?usage: eval-resave-pairs.sh EVALDIR WORKDIR}
cli=${PRISTINE:-build/bin/pristine}
mkdir -p "$work"
i=0 pairs=0 scores=0
for src in $(ls "$eval_dir"/holdout-photos/* "$eval_dir"/synth-eval/*.png | head -40); do
  i=$((i + 1))
  d="$work/p$i"
  mkdir -p "$d"
  /usr/bin/convert "$src" -resize '1024x1024>' "$d/src.png"
  /usr/bin/convert "$d/src.png" -quality 75 "$d/q75.jpg"
  /usr/bin/convert "$d/q75.jpg" -quality 95 "$d/q95.jpg"
  rm "$d/src.png"
done
for d in "$work"/p*; do
  first=$("$cli" rank "$d/q95.jpg" "$d/q75.jpg" | sed -n 1p)
  [[ $first == *q75.jpg* ]] && pairs=$((pairs + 1))
  first=$("$cli" rank --scores-only "$d/q95.jpg" "$d/q75.jpg" | sed -n 1p)
  [[ $first == *q75.jpg* ]] && scores=$((scores + 1))
done
echo "q75 parent first: pair model $pairs / $i, scores alone $scores / $i"
