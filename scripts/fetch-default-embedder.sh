#!/usr/bin/env bash
# Makes the default CNN embedder, models/embedder.pemb: the MobileNetV2 of the npm package nsfwjs 4.4.0
# (MIT), converted to TorchScript and checked against the original run by TensorFlow.js (written beside
# OUT as embedder-mobilenet_v2.pemb), with pristine's copy-detection head (models/copy-head-256.pemb,
# trained by scripts/embedder/train_copy_head.py: models/copy-head.md) put on it. Only this set-up step
# uses the network (the npm registry); pristine never does.
#   scripts/fetch-default-embedder.sh [--force] [OUT]
# Skips the conversion when the backbone already exists and checks out (unless --force). Needs npm and node, and
# Debian's python3-torch, python3-xxhash, python3-numpy and python3-pil. Env: PYTHON (default
# /usr/bin/python3); KEEP_TMP=1 keeps the working folder (named at the end); TFJS_VERSION (default
# 4.22.0) is the TensorFlow.js that runs the original for the check.
# models/embedder-mobilenet_v2.md tells what the model is, its preprocessing and the figures.
set -euo pipefail
start=$PWD
cd "$(dirname "$0")/.."

PACKAGE=nsfwjs
VERSION=4.4.0
export TFJS_VERSION=${TFJS_VERSION:-4.22.0}
PY=${PYTHON:-/usr/bin/python3}   # Debian's, with numpy and torch
HERE=scripts/embedder

force=0
out=
for arg in "$@"; do
  case $arg in
    --force) force=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown option $arg" >&2; exit 2 ;;
    *) out=$arg ;;
  esac
done
case $out in
  '') out=models/embedder.pemb ;;   # in the repository
  /*) ;;
  *) out=$start/$out ;;             # relative to where the script was called from
esac
backbone=$(dirname "$out")/embedder-mobilenet_v2.pemb
head=models/copy-head-256.pemb

for tool in npm node; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install -y nodejs npm)" >&2; exit 1; }
done
for mod in torch:python3-torch xxhash:python3-xxhash numpy:python3-numpy PIL:python3-pil; do
  "$PY" -c "import ${mod%%:*}" 2>/dev/null \
    || { echo "error: $PY cannot import ${mod%%:*}: apt-get install -y ${mod#*:}" >&2; exit 1; }
done

# The default: the head on the backbone, written beside OUT and moved into place once it checks out.
compose() {
  "$PY" "$HERE/compose_embedder.py" "$backbone" "$head" "$out.tmp"
  "$PY" "$HERE/pemb.py" check "$out.tmp"
  mv "$out.tmp" "$out"
  echo "wrote $out ($(stat -c %s "$out") bytes): $backbone with $head"
}

if [ "$force" = 0 ] && [ -f "$backbone" ] \
   && "$PY" "$HERE/pemb.py" check "$backbone" --name nsfwjs-mobilenet_v2 --version "$VERSION" 2>/dev/null; then
  echo "$backbone is there and checks out (--force to make it again)"
  if [ ! -f "$out" ] || ! "$PY" "$HERE/pemb.py" check "$out" 2>/dev/null || [ "$head" -nt "$out" ]; then compose; fi
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pristine-embedder.XXXXXX")
cleanup() {
  rm -f "$out.tmp" "$backbone.tmp"
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "working folder kept: $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
work=$tmp/work
mkdir -p "$work"

# 1. The package, by name and exact version; its bytes must match the registry's integrity.
want=$(npm view "$PACKAGE@$VERSION" dist.integrity)
[ -n "$want" ] || { echo "error: npm view $PACKAGE@$VERSION gave no integrity (registry reachable?)" >&2; exit 1; }
tarball=$(cd "$tmp" && npm pack --silent "$PACKAGE@$VERSION" | tail -n 1)
got=$("$PY" -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tmp/$tarball")
if [ "$got" != "$want" ]; then
  echo "error: $tarball has integrity $got, the registry says $want" >&2
  exit 1
fi
echo "fetched $PACKAGE@$VERSION ($want)"
tar -xzf "$tmp/$tarball" -C "$tmp"    # -> $tmp/package

# 2. model.json + weights.bin out of the package's JS bundles, then the TorchScript conversion.
node "$HERE/dump_nsfwjs_model.js" "$tmp/package/dist/models/mobilenet_v2" "$work"
"$PY" "$HERE/convert_keras_model.py" "$work/model.json" "$work/weights.bin" "$work/model.pt" \
  --features flatten_1 --classify dense_3

# 3. The original, run by TensorFlow.js (pure-JS CPU backend), on the same input tensors as the
#    conversion: five sample pictures (preprocessed as nsfwjs does) and one of noise.
echo '{"private": true}' > "$tmp/package.json"
(cd "$tmp" && npm install --silent --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
  "@tensorflow/tfjs@$TFJS_VERSION")
"$PY" "$HERE/make_check_inputs.py" "$work" samples/astronaut.png samples/chelsea.png \
  samples/coffee_copy2.jpg samples/astronaut_copy3.gif samples/chelsea_copy4.webp
node "$HERE/run_tfjs_reference.js" "$tmp" "$tmp/package" "$work" >"$work/tfjs.log" 2>&1 \
  || { cat "$work/tfjs.log" >&2; exit 1; }
echo "ran the original with @tensorflow/tfjs@$TFJS_VERSION and nsfwjs's own infer()"
"$PY" "$HERE/verify_embedder.py" "$work/model.pt" "$work"

# 4. The container, written beside its place and moved there once it checks out.
mkdir -p "$(dirname "$out")"
"$PY" "$HERE/pack_nsfwjs_embedder.py" "$work/model.pt" "$tmp/package" "$work" "$want" "$backbone.tmp"
"$PY" "$HERE/pemb.py" check "$backbone.tmp" --name nsfwjs-mobilenet_v2 --version "$VERSION"
mv "$backbone.tmp" "$backbone"
echo "wrote $backbone ($(stat -c %s "$backbone") bytes)"

# 5. The default embedder: the copy-detection head on it.
compose
