#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds, creates a demo venue
# in a fresh local database and scans a dozen codes that show every verdict, then prints the
# manager's history and the kiosk's status. No camera, no display, no cloud needed.
#   scripts/demo.sh [WORKDIR]     (WORKDIR keeps the demo database; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target kioskctl club-demo-data

work="${1:-$(mktemp -d -t club-kiosk-demo.XXXXXX)}"
mkdir -p "$work"
db="$work/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
kioskctl=build/release/app/kioskctl/kioskctl
build/release/tests/support/club-demo-data "$work"

# kioskctl exits 1 for a rejected code: expected here. 2 is a real error and stops the demo.
run() { local rc=0; "$@" || rc=$?; [ "$rc" -le 1 ] || exit "$rc"; }

echo
echo "== Club Kiosk demo: venue 'The Copper Still', database $db"
"$kioskctl" --db "$db" init --venue ven_demo --name "The Copper Still"
"$kioskctl" --db "$db" import "$work/feed.json"

n=0
mismatches=0
while IFS=$'\t' read -r label expected text; do
  n=$((n + 1))
  echo
  echo "-- scan $n: $label (expect $expected)"
  run "$kioskctl" --db "$db" redeem "$text" --staff stf_sam
  # The verdict the redeem itself reached is the newest scan-log entry.
  reason=$("$kioskctl" --db "$db" history --scans --limit 1 --json | sed -n 's/.*"reason":"\([A-Z_]*\)".*/\1/p')
  if [ "$reason" != "$expected" ]; then
    echo "   !! expected $expected, got $reason"
    mismatches=$((mismatches + 1))
  fi
done < "$work/codes.tsv"

echo
echo "== history (what the manager sees)"
"$kioskctl" --db "$db" history
echo
echo "== every scan, rejections included"
"$kioskctl" --db "$db" history --scans
echo
echo "== status"
"$kioskctl" --db "$db" status
echo
if [ "$mismatches" -ne 0 ]; then
  echo "demo: $mismatches scan(s) did not give the expected verdict" >&2
  exit 1
fi
echo "demo: all $n scans gave the expected verdict. Database kept at $db"
