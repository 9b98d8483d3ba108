#!/usr/bin/env bash
# Builds the development dedupe test collection of docs/dedupe-eval.md from Debian's image packages
# (without the pictures the shipped model held out for validation: they make the cross-tool one) and
# synthetic drawings, memes, flags and textures: 500 planted groups, 2 500 distinct pictures, 6 broken
# files, copies made by pristine's own degradation generator.
#   scripts/make-dedupe-collection.sh DIR [more make-collection options]
# Env: PRISTINE = the pristine CLI (default build/bin/pristine). Needs scripts/install-eval-data.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make-dedupe-collection.sh DIR [make-collection options]}
shift
cli=${PRISTINE:-build/bin/pristine}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts=()
[ -f "$font" ] && fonts=(--font "$font")
"$cli" eval-dedupe make-collection --out "$out" --model-holdout exclude --groups 500 --distinct 2500 --seed 1 \
  "${fonts[@]}" "$@"
