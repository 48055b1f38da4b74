#!/usr/bin/env bash
# Regenerates docs/screenshots: every screen and verdict of the demo kiosk at 1280×800, and
# the screens upright at 800×1280 (p*.png), rendered offscreen (no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target club-kiosk
rm -f docs/screenshots/*.png
QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software QT_IM_MODULE=qtvirtualkeyboard QT_LOGGING_RULES='kiosk.*.info=false' \
  build/dev/app/kiosk/club-kiosk --demo --screenshots docs/screenshots
