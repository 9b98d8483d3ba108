#!/usr/bin/env bash
# Installs dependencies, builds, and runs the main job on the bundled sample collection (samples/:
# pictures with copies made the way sites, chats and phones make them, distinct pictures, and one
# file cut short): `pristine dedupe` writes a JSON report and an HTML contact sheet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-embedder
bash scripts/build.sh
# The default CNN embedder, made from the weights nsfwjs publishes on npm (does nothing when present).
bash scripts/fetch-default-embedder.sh
mkdir -p build/demo
echo "== pristine dedupe samples --out build/demo/report.json --html build/demo/report.html"
status=0
./build/bin/pristine dedupe samples --out build/demo/report.json --html build/demo/report.html || status=$?
# Exit code 1 = some file could not be read (the sample collection holds one on purpose); 2+ = failure.
if (( status > 1 )); then exit "$status"; fi
echo "JSON report:   $PWD/build/demo/report.json"
echo "HTML report:   $PWD/build/demo/report.html (open it in a browser)"
