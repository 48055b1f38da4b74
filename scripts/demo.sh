#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds, starts the kiosk on its
# demo venue (generated camera frames, no cloud), then, with kioskctl, creates a demo venue
# in a fresh local database and scans a dozen codes that show every verdict, then prints the
# manager's history and the kiosk's status. No camera, display or network needed.
# Part 2 starts the reference cloud on 127.0.0.1 and shows two kiosks syncing through it:
# online confirmation refusing a second pour, and an offline double pour becoming a conflict.
#   scripts/demo.sh [WORKDIR]     (WORKDIR keeps the demo database; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# Tests on: the demo needs club-demo-data and club-cloud, and scripts/package.sh leaves this
# build folder configured without them.
cmake --preset release -DKIOSK_BUILD_TESTS=ON >/dev/null
cmake --build --preset release --target club-kiosk kioskctl club-demo-data club-cloud

work="${1:-$(mktemp -d -t club-kiosk-demo.XXXXXX)}"
mkdir -p "$work"
db="$work/demo.db"
rm -f "$db" "$db-wal" "$db-shm"
kioskctl=build/release/app/kioskctl/kioskctl

# The kiosk itself on its demo venue. With a display it opens the touch UI (close the window to
# go on); without one it runs offscreen, prints a line per verdict and stops after one pass.
echo "== Club Kiosk: the touch kiosk in demo mode"
QT_LOGGING_RULES='kiosk.*.info=false' build/release/app/kiosk/club-kiosk --demo
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
echo
echo "== Part 2: two kiosks and the cloud (reference cloud on 127.0.0.1)"
cloud_log="$work/cloud.log"
build/release/tests/cloud/club-cloud --demo > "$cloud_log" 2>&1 &
cloud_pid=$!
trap 'kill "$cloud_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ "$(grep -c '^pairing code' "$cloud_log" || true)" -ge 2 ] && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$cloud_log")
mapfile -t codes < <(sed -n 's/^pairing code //p' "$cloud_log")
# Each order's DK1 code (the app's form; Base45 may hold spaces, so the whole rest of the line),
# and the same order as the older app's JWS.
mapfile -t tokens < <(sed -n 's/^order [^ ]* token //p' "$cloud_log")
mapfile -t jws < <(sed -n 's/^order [^ ]* jws //p' "$cloud_log")
if [ -z "$url" ] || [ "${#codes[@]}" -lt 2 ] || [ "${#tokens[@]}" -lt 3 ] || [ "${#jws[@]}" -lt 3 ]; then
  echo "demo: the reference cloud did not start:" >&2
  cat "$cloud_log" >&2
  exit 1
fi
left="$work/left.db"
right="$work/right.db"
rm -f "$left"* "$right"*
"$kioskctl" --db "$left" pair "$url" "${codes[0]}" --name "Left bar"
"$kioskctl" --db "$right" pair "$url" "${codes[1]}" --name "Right bar"
"$kioskctl" --db "$left" sync --once
"$kioskctl" --db "$right" sync --once
echo
echo "-- the left bar pours order 1"
run "$kioskctl" --db "$left" redeem "${tokens[0]}" --staff stf_sam
echo
echo "-- a minute later the guest tries the right bar; it has not synced, but asks the cloud"
run "$kioskctl" --db "$right" redeem "${tokens[0]}" --staff stf_morgan
echo
echo "-- the guest opens the older app, which shows order 1 as a JWS: the same drink, refused"
run "$kioskctl" --db "$left" redeem "${jws[0]}" --staff stf_sam
echo
echo "-- the venue's internet drops; both bars pour order 2 without confirmation"
run "$kioskctl" --db "$left" redeem "${tokens[1]}" --offline --staff stf_sam
run "$kioskctl" --db "$right" redeem "${tokens[1]}" --offline --staff stf_morgan
echo
echo "-- the line comes back: each kiosk syncs; one of them learns it poured a double"
"$kioskctl" --db "$left" sync --once
"$kioskctl" --db "$right" sync --once
echo
echo "== history at the left bar"
"$kioskctl" --db "$left" history
echo
echo "== history at the right bar"
"$kioskctl" --db "$right" history
conflicts=$(( $("$kioskctl" --db "$left" history --status conflict --json | sed -n 's/.*"count":\([0-9]*\).*/\1/p') \
            + $("$kioskctl" --db "$right" history --status conflict --json | sed -n 's/.*"count":\([0-9]*\).*/\1/p') ))
if [ "$conflicts" -ne 1 ]; then
  echo "demo: expected exactly one double pour, found $conflicts" >&2
  mismatches=$((mismatches + 1))
fi
echo

if [ "$mismatches" -ne 0 ]; then
  echo "demo: $mismatches scan(s) did not give the expected verdict" >&2
  exit 1
fi
echo "demo: all $n scans gave the expected verdict, and the double pour surfaced as one conflict."
echo "Databases kept in $work"
