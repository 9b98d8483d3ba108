#!/usr/bin/env bash
# Builds the second dedupe test collection of docs/dedupe-eval.md: its copies made by other programs
# than pristine (ImageMagick's convert, cjpeg/djpeg, cwebp/dwebp, gifsicle, pngquant), its photos the
# pictures the shipped model held out for validation (none of them is in the development collection),
# its drawings, memes and flags synthetic with another seed. Same truth.json schema.
#   scripts/make-dedupe-crosstool-collection.sh DIR [more make-collection options]
# Env: PRISTINE = the pristine CLI (default build/bin/pristine). Needs the models in the build and
# scripts/install-eval-data.sh (the picture packages and the tools). Deterministic for the tool versions.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make-dedupe-crosstool-collection.sh DIR [make-collection options]}
shift
cli=${PRISTINE:-build/bin/pristine}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
fonts=()
[ -f "$font" ] && fonts=(--font "$font")
# The held-out photos are few and small: cells of 192 px keep most of the photo share photos.
"$cli" eval-dedupe make-collection --out "$out" --model-holdout only --copies-by tools \
  --groups 200 --distinct 1000 --seed 2 --min-region 192 "${fonts[@]}" "$@"
