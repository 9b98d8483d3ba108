#!/usr/bin/env bash
# Installs dependencies, builds, and runs the main job on the bundled sample images.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/examples/cli/pristine info samples/*
