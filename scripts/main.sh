#!/bin/sh
# The main job: build, then check the sample county in data/ as an auditor
# would on the day the monthly reports are due.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
TODAY=${TODAY:-2026-11-23}
./build/bin/ysh-check -C data --today "$TODAY"
