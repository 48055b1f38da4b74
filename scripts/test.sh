#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test.
#   scripts/test.sh            (what CI runs)
# As root it then runs the package test (scripts/package-test.sh): the .deb built, linted,
# installed, run under cage, upgraded with a migration, removed and purged. Elsewhere it says
# it skipped that part.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
scripts/package-test.sh
