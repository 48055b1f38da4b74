#!/usr/bin/env bash
# Builds the Debian package: installs what it needs, builds the release preset, runs CPack.
# The last line printed is the path of the .deb.
#   scripts/package.sh                      the package
#   scripts/package.sh --schema-probe       CI's upgrade test: a higher version (+schemaprobe1)
#                                           with one more (empty) schema migration
set -euo pipefail
cd "$(dirname "$0")/.."

probe=OFF
suffix=""
build=build/release
case "${1:-}" in
  "") ;;
  --schema-probe) probe=ON; suffix="+schemaprobe1"; build=build/release-probe ;;
  *) echo "package.sh: unknown option '$1' (only --schema-probe)" >&2; exit 2 ;;
esac

scripts/install-deps.sh >&2
# Release binaries without the tests: what ships.
cmake --preset release -B "$build" -DKIOSK_BUILD_TESTS=OFF -DKIOSK_BUILD_BENCH=OFF \
  -DKIOSK_SCHEMA_PROBE="$probe" -DKIOSK_PACKAGE_VERSION_SUFFIX="$suffix" >&2
cmake --build "$build" -j2 >&2
(cd "$build" && cpack -G DEB >&2)
deb=$(ls -t "$build"/club-kiosk_*.deb | head -n1)
realpath "$deb"
