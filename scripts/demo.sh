#!/usr/bin/env bash
# Installs dependencies, builds, and runs the main job on the bundled sample images: metadata and
# hashes of every file, then each picture's copies ranked closest-to-original first.
# (The dedupe job over a whole collection replaces the per-group loop when it lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cli=./build/bin/pristine
echo "== pristine info samples/*"
"$cli" info samples/*
echo "== pristine hash --kind pdq samples/*"
"$cli" hash --kind pdq samples/*
for picture in astronaut coffee chelsea; do
  echo "== pristine rank samples/${picture}*"
  "$cli" rank samples/"${picture}"*
done
