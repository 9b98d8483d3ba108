#!/usr/bin/env bash
# Builds the held-out evaluation sets of docs/scorer_eval.md in OUTDIR, from a model's own record:
#   OUTDIR/holdout-photos  symbolic links to the pictures the model's trainer held out (validation_files)
#   OUTDIR/synth-eval      30 synthetic originals/memes made from them (a seed no training used)
#   OUTDIR/crosstool       100 groups of copies made by ImageMagick, cjpeg, cwebp, gifsicle, pngquant
# usage: scripts/make-scorer-eval-sets.sh OUTDIR [MODEL]   (MODEL: default models/scorer.pmdl)
# Needs a build (build/bin/pristine, build/python) and scripts/install-eval-data.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make-scorer-eval-sets.sh OUTDIR [MODEL]}
model=${2:-models/scorer.pmdl}
cli=${PRISTINE:-build/bin/pristine}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
mkdir -p "$out/holdout-photos"
PYTHONPATH=build/python /usr/bin/python3 - "$model" "$out/holdout-photos" <<'PY'
import os, sys
import pristine
model, dest = sys.argv[1], sys.argv[2]
files = pristine.Scorer(model).model_info["training"]["validation_files"]
for f in files:
    link = os.path.join(dest, os.path.basename(f))
    if not os.path.lexists(link):
        os.symlink(f, link)
print(f"{len(files)} held-out pictures linked in {dest}", file=sys.stderr)
PY
"$cli" synth "$out/synth-eval" --count 30 --seed 1000003 --font "$font" --photos "$out/holdout-photos" > /dev/null
bash scripts/make-crosstool-set.sh "$out/crosstool" --groups 100 --seed 1 "$out/holdout-photos" "$out/synth-eval"
