#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (doctest, the C ABI test, pytest) through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --with-embedder
bash scripts/build.sh
# The default CNN embedder, made from the weights nsfwjs publishes on npm (does nothing when present).
bash scripts/fetch-default-embedder.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
