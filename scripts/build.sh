#!/usr/bin/env bash
# Configures and builds pristine in ./build (Release, Ninja, Debian's python3 for the Python module).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 "$@"
cmake --build build -j"$(nproc)"
