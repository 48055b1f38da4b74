#!/usr/bin/env bash
# Two bars and a downed cloud: the kiosks of a venue talk to each other over the LAN, so a code
# poured at the left bar is refused at the right one while the internet is down, and a code
# scanned at both bars at the same moment is poured once. Runs the reference cloud and two
# `kioskctl sync` processes (the kiosks' long-running twins) on 127.0.0.1; no display needed.
#   scripts/lan-demo.sh [WORKDIR]     (WORKDIR keeps the databases and logs; default: a temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release -DKIOSK_BUILD_TESTS=ON >/dev/null
cmake --build --preset release --target kioskctl club-cloud

work="${1:-$(mktemp -d -t club-kiosk-lan.XXXXXX)}"
mkdir -p "$work"
kioskctl=build/release/app/kioskctl/kioskctl
left="$work/left.db"
right="$work/right.db"
rm -f "$left"* "$right"*
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

echo "== the cloud (reference cloud on 127.0.0.1)"
build/release/tests/cloud/club-cloud --demo > "$work/cloud.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  [ "$(grep -c '^pairing code' "$work/cloud.log" || true)" -ge 2 ] && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/cloud.log")
mapfile -t codes < <(sed -n 's/^pairing code //p' "$work/cloud.log")
mapfile -t tokens < <(sed -n 's/^order [^ ]* token //p' "$work/cloud.log")
if [ -z "$url" ] || [ "${#codes[@]}" -lt 2 ] || [ "${#tokens[@]}" -lt 3 ]; then
  echo "lan-demo: the reference cloud did not start:" >&2
  cat "$work/cloud.log" >&2
  exit 1
fi
port=${url##*:}
# The cloud's admin route, with bash alone (no curl on a bare Debian).
admin() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "$1" "${#2}" "$2" >&3
  local status=""
  read -r -t 5 status <&3 || true
  exec 3<&-
  case "$status" in
    "HTTP/1.1 200"*) ;;
    *) echo "lan-demo: the cloud's admin route answered '${status%$'\r'}'" >&2; exit 1 ;;
  esac
}
run() { local rc=0; "$@" || rc=$?; [ "$rc" -le 1 ] || exit "$rc"; }
fails=0

echo "== two bars pair with the venue; each runs its long-running sync, which also links it with the other bar"
"$kioskctl" --db "$left" pair "$url" "${codes[0]}" --name "Left bar"
"$kioskctl" --db "$right" pair "$url" "${codes[1]}" --name "Right bar"
"$kioskctl" --db "$left" sync --interval 1 --peer-listen 127.0.0.1 --peer-port 0 > "$work/left-sync.log" 2>&1 &
pids+=($!)
"$kioskctl" --db "$right" sync --interval 1 --peer-listen 127.0.0.1 --peer-port 0 > "$work/right-sync.log" 2>&1 &
pids+=($!)
# Each learns the other's address from the cloud's device roster, then they link.
for _ in $(seq 1 150); do
  "$kioskctl" --db "$left" peers --json 2>/dev/null | grep -q '"reachable":1' && break
  sleep 0.2
done
"$kioskctl" --db "$left" peers
"$kioskctl" --db "$right" peers

echo
echo "== the venue's internet goes down"
admin /admin/faults '{"outage":true}'
sleep 2
grep -h "offline" "$work/left-sync.log" | tail -n1 || true

echo
echo "-- the left bar pours order 1"
run "$kioskctl" --db "$left" redeem "${tokens[0]}" --staff stf_sam
echo
echo "-- the guest walks to the right bar with the same code"
out=$("$kioskctl" --db "$right" redeem "${tokens[0]}" --staff stf_morgan || true)
echo "$out"
if ! echo "$out" | grep -q "ALREADY_REDEEMED" || ! echo "$out" | grep -q "Left bar"; then
  echo "lan-demo: the right bar did not refuse the code poured at the left bar" >&2
  fails=$((fails + 1))
fi

echo
echo "-- two friends show the same code at both bars at the same moment"
"$kioskctl" --db "$left" redeem "${tokens[1]}" --staff stf_sam --json > "$work/race-left.json" &
a=$!
"$kioskctl" --db "$right" redeem "${tokens[1]}" --staff stf_morgan --json > "$work/race-right.json" &
b=$!
wait "$a" || true
wait "$b" || true
oks=$(cat "$work/race-left.json" "$work/race-right.json" | grep -c '"verdict":"OK"' || true)
echo "left:  $(sed -n 's/.*"reason":"\([A-Z_]*\)".*/\1/p' "$work/race-left.json")"
echo "right: $(sed -n 's/.*"reason":"\([A-Z_]*\)".*/\1/p' "$work/race-right.json")"
if [ "$oks" -ne 1 ]; then
  echo "lan-demo: the same code was poured $oks times" >&2
  fails=$((fails + 1))
fi

echo
echo "== the internet comes back: each bar uploads what it poured"
admin /admin/faults '{}'
"$kioskctl" --db "$left" sync --once
"$kioskctl" --db "$right" sync --once
echo
echo "== history at the right bar (the left bar's pours are there, named)"
"$kioskctl" --db "$right" history
conflicts=$(( $("$kioskctl" --db "$left" history --status conflict --json | sed -n 's/.*"count":\([0-9]*\).*/\1/p') \
            + $("$kioskctl" --db "$right" history --status conflict --json | sed -n 's/.*"count":\([0-9]*\).*/\1/p') ))
if [ "$conflicts" -ne 0 ]; then
  echo "lan-demo: $conflicts double pour(s): the bars should have prevented them" >&2
  fails=$((fails + 1))
fi
echo
if [ "$fails" -ne 0 ]; then
  echo "lan-demo: $fails check(s) failed; logs in $work" >&2
  exit 1
fi
echo "lan-demo: with the cloud down, the right bar refused the left bar's pour, and the same code at both bars was poured once; no double pour reached the cloud."
echo "Databases and logs kept in $work"
