#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (doctest, the C ABI test, pytest) through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
