#!/usr/bin/env bash
# The package test (CI runs it after the unit tests, as root on a throwaway machine):
#   1. builds the .deb (scripts/package.sh) and runs lintian: no errors;
#   2. installs it with dpkg and checks the user, the state folder, the conffile, the unit;
#   3. as the clubkiosk user, starts the installed kiosk's demo under cage (headless wlroots)
#      and photographs it with grim until the scan screen is on the picture;
#   4. a new kiosk under cage scans the reference cloud's setup code, pairs and restarts as the
#      kiosk; then a factory reset;
#   5. checks the installed kiosk's --self-test and kioskctl doctor on a real database;
#   6. upgrades to a higher version with a schema migration (scripts/package.sh
#      --schema-probe) over a database with redemptions and unsent uploads: every row is
#      still there and a backup was written;
#   7. remove keeps /var/lib/club-kiosk, purge removes it.
# Needs root (dpkg, runuser). Leaves the package purged. Screenshots go to build/package-test/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "package-test: needs root (it installs the package with dpkg); skipped" >&2
  exit 0
fi
out=$(realpath -m build/package-test)
rm -rf "$out"
mkdir -p "$out"
tools=build/dev/tests
[ -x $tools/package/screencheck ] && [ -x $tools/package/qrframe ] && [ -x $tools/cloud/club-cloud ] \
  || { cmake --preset dev >/dev/null && cmake --build --preset dev --target screencheck qrframe club-cloud >/dev/null; }
screencheck=$tools/package/screencheck

step() { echo "package-test: $*"; }
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
as_kiosk() { runuser -u clubkiosk -- env CLUB_KIOSK_CONFIG=/etc/club-kiosk/club-kiosk.conf "$@"; }
json_int() { grep -o "\"$1\":[0-9]*" | head -n1 | cut -d: -f2; }
# Ends a kiosk session: the kiosk (found by its name, which a restart must keep), then cage with it.
stop_session() {
  local found=0
  pkill -u clubkiosk -x club-kiosk 2>/dev/null && found=1
  for _ in $(seq 1 20); do pgrep -u clubkiosk -x cage >/dev/null || break; sleep 0.5; done
  pkill -9 -u clubkiosk -x cage 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  [ "$found" -eq 1 ] || fail "no process named club-kiosk to stop"
}

# Start clean: a package left by an earlier run would hide a broken install. But never purge a
# real kiosk's data: a machine whose installed kiosk has a database is left alone.
case "$(dpkg-query -W -f='${Status}' club-kiosk 2>/dev/null || true)" in
*" installed" | *config-files)
  if [ -e /var/lib/club-kiosk/kiosk.db ] && [ "${PACKAGE_TEST_PURGE:-}" != 1 ]; then
    echo "package-test: club-kiosk is installed here with a database in /var/lib/club-kiosk; skipped" \
      "(the test would purge it; PACKAGE_TEST_PURGE=1 allows that)" >&2
    exit 0
  fi
  dpkg -P club-kiosk >/dev/null
  ;;
esac

step "building the package"
deb=$(scripts/package.sh | tail -n1)
[ -f "$deb" ] || fail "scripts/package.sh printed no package ($deb)"
step "lintian $deb"
lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1 | grep -v "running with root privileges" || true
lintian --fail-on error "$deb" >/dev/null 2>&1 || fail "lintian reports errors"

step "installing with dpkg"
dpkg -i "$deb" >"$out/dpkg-install.log" 2>&1 || { cat "$out/dpkg-install.log"; fail "dpkg -i"; }
id clubkiosk >/dev/null || fail "no clubkiosk user"
[ "$(stat -c '%a %U' /var/lib/club-kiosk)" = "700 clubkiosk" ] || fail "/var/lib/club-kiosk is $(stat -c '%a %U' /var/lib/club-kiosk)"
dpkg-query -W -f='${Conffiles}\n' club-kiosk | grep -q '/etc/club-kiosk/club-kiosk.conf' || fail "the configuration is not a conffile"
file /usr/bin/club-kiosk /usr/bin/kioskctl | grep -q 'not stripped' && fail "binaries are not stripped"
[ -L /etc/systemd/system/graphical.target.wants/club-kiosk.service ] || fail "the unit is not enabled"
[ -d /run/systemd/system ] && systemctl is-active --quiet club-kiosk && fail "installing started the kiosk"
/usr/bin/club-kiosk --version | grep -q "club-kiosk" || fail "club-kiosk --version"

step "the installed kiosk under cage, as clubkiosk"
xdg=$(mktemp -d /tmp/club-kiosk-xdg-XXXXXX)
chown clubkiosk:clubkiosk "$xdg"
chmod 0700 "$xdg"
chown clubkiosk "$out"
session_env=(XDG_RUNTIME_DIR="$xdg" WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
  QT_QPA_PLATFORM=wayland QT_QUICK_BACKEND=software HOME=/var/lib/club-kiosk)
runuser -u clubkiosk -- env "${session_env[@]}" \
  cage -d -- /usr/bin/club-kiosk --demo --fullscreen --quit-after 120 >"$out/cage.log" 2>&1 &
cage_pid=$!
found=""
for i in $(seq 1 40); do
  sleep 1
  display=$(ls "$xdg" 2>/dev/null | grep -m1 '^wayland-[0-9]*$' || true)
  [ -n "$display" ] || continue
  shot="$out/cage-$i.png"
  runuser -u clubkiosk -- env XDG_RUNTIME_DIR="$xdg" WAYLAND_DISPLAY="$display" grim "$shot" 2>>"$out/grim.log" || continue
  if "$screencheck" "$shot"; then found="$shot"; break; fi
done
stop_session "$cage_pid"
rm -rf "$xdg"
[ -n "$found" ] || { tail -n 30 "$out/cage.log"; fail "no screenshot showed the scan screen"; }
cp "$found" "$out/cage-scan-screen.png"
step "scan screen on $out/cage-scan-screen.png"

db=/var/lib/club-kiosk/kiosk.db
step "a new kiosk pairs by scanning the setup code (under cage, as clubkiosk)"
$tools/cloud/club-cloud --demo >"$out/cloud.log" 2>&1 &
cloud_pid=$!
for i in $(seq 1 50); do grep -q '^setup code ' "$out/cloud.log" && break; sleep 0.2; done
setup=$(sed -n 's/^setup code //p' "$out/cloud.log")
[ -n "$setup" ] || { kill "$cloud_pid"; fail "the reference cloud printed no setup code"; }
frames=$(mktemp -d /tmp/club-kiosk-frames-XXXXXX)
$tools/package/qrframe "$setup" "$frames/setup.png"
chmod 0755 "$frames"
chmod 0644 "$frames/setup.png"
xdg=$(mktemp -d /tmp/club-kiosk-xdg-XXXXXX)
chown clubkiosk:clubkiosk "$xdg"
chmod 0700 "$xdg"
# The service's command, with the camera replaced by a picture of the setup code.
runuser -u clubkiosk -- env "${session_env[@]}" XDG_RUNTIME_DIR="$xdg" CLUB_KIOSK_CONFIG=/etc/club-kiosk/club-kiosk.conf \
  QT_IM_MODULE=qtvirtualkeyboard \
  cage -d -- /usr/bin/club-kiosk --config /etc/club-kiosk/club-kiosk.conf --fullscreen --frames "$frames" \
  >"$out/setup.log" 2>&1 &
cage_pid=$!
paired=""
for i in $(seq 1 60); do
  if grep -q '^setup: paired with' "$out/setup.log"; then paired=yes; break; fi
  sleep 0.5
done
# After the restart the kiosk syncs: staff, keys and orders arrive.
synced=""
if [ -n "$paired" ]; then
  for i in $(seq 1 40); do
    sleep 0.5
    as_kiosk /usr/bin/kioskctl status --json 2>/dev/null | grep -q '"lastPullAt":"' && { synced=yes; break; }
  done
  display=$(ls "$xdg" 2>/dev/null | grep -m1 '^wayland-[0-9]*$' || true)
  [ -n "$display" ] && runuser -u clubkiosk -- env XDG_RUNTIME_DIR="$xdg" WAYLAND_DISPLAY="$display" \
    grim "$out/setup-paired.png" 2>>"$out/grim.log" || true
fi
stop_session "$cage_pid"
kill "$cloud_pid" 2>/dev/null || true
wait "$cloud_pid" 2>/dev/null || true
rm -rf "$xdg" "$frames"
[ -n "$paired" ] || { grep -v 'Basic output test' "$out/setup.log" | tail -n 20; fail "the setup code did not pair the kiosk"; }
grep -q 'no kiosk database at /var/lib/club-kiosk/kiosk.db yet: showing "Scan the setup code"' "$out/setup.log" \
  || fail "the kiosk did not start on the setup screen"
grep -q 'setup: the on-screen keyboard is ready' "$out/setup.log" || fail "the setup screen's on-screen keyboard did not load"
[ -n "$synced" ] || { grep -v 'Basic output test' "$out/setup.log" | tail -n 20; fail "the paired kiosk did not sync"; }
status=$(as_kiosk /usr/bin/kioskctl status --json)
echo "$status" | grep -q '"pairing":"paired"' || fail "not paired: $status"
echo "$status" | grep -q '"id":"ven_demo"' || fail "not the demo venue: $status"
[ "$(stat -c '%a %U' "$db")" = "600 clubkiosk" ] || fail "the new database is $(stat -c '%a %U' "$db")"
step "paired and synced with the reference cloud; the kiosk after its restart: $out/setup-paired.png"

step "factory reset (docs/OPERATIONS.md): the database goes, doctor says so"
rm -f "$db" "$db-wal" "$db-shm"
if as_kiosk /usr/bin/kioskctl doctor >"$out/doctor-reset.log" 2>&1; then fail "doctor is healthy without a database"; fi
grep -q "FAIL database     no kiosk database at $db" "$out/doctor-reset.log" || { cat "$out/doctor-reset.log"; fail "doctor after the reset"; }

step "a real database: the demo venue at $db"
as_kiosk /usr/bin/club-kiosk --demo --db "$db" --fast --cycles 1 >"$out/demo.log" 2>&1 || { cat "$out/demo.log"; fail "demo on $db"; }
as_kiosk /usr/bin/club-kiosk --self-test >"$out/self-test.log" 2>&1 || { cat "$out/self-test.log"; fail "club-kiosk --self-test on $db"; }
as_kiosk /usr/bin/kioskctl doctor >"$out/doctor.log" 2>&1 || { cat "$out/doctor.log"; fail "kioskctl doctor"; }
grep -q "integrity    ok" "$out/doctor.log" || { cat "$out/doctor.log"; fail "doctor does not report the integrity"; }
before=$(as_kiosk /usr/bin/kioskctl status --json)
rows=$(echo "$before" | json_int rows)
pending=$(echo "$before" | json_int outboxPending)
schema=$(echo "$before" | json_int schemaVersion)
history_before=$(as_kiosk /usr/bin/kioskctl history --format csv | sha256sum)
[ "${rows:-0}" -gt 0 ] && [ "${pending:-0}" -gt 0 ] || fail "the demo left no redemptions or no unsent rows ($rows, $pending)"
step "before the upgrade: schema $schema, $rows ledger rows, $pending waiting to upload"
echo "# changed by the administrator" >>/etc/club-kiosk/club-kiosk.conf

step "upgrading to a version with a schema migration"
probe=$(scripts/package.sh --schema-probe | tail -n1)
dpkg -i --force-confold "$probe" >"$out/dpkg-upgrade.log" 2>&1 || { cat "$out/dpkg-upgrade.log"; fail "dpkg -i (upgrade)"; }
dpkg-query -W -f='${Version}\n' club-kiosk | grep -q 'schemaprobe' || fail "the upgrade did not install"
grep -q "# changed by the administrator" /etc/club-kiosk/club-kiosk.conf || fail "the upgrade replaced the changed configuration"
after=$(as_kiosk /usr/bin/kioskctl status --json)
[ "$(echo "$after" | json_int schemaVersion)" -eq $((schema + 1)) ] || fail "the database was not migrated: $after"
[ "$(echo "$after" | json_int rows)" -eq "$rows" ] || fail "ledger rows changed: $rows before, $(echo "$after" | json_int rows) after"
[ "$(echo "$after" | json_int outboxPending)" -eq "$pending" ] || fail "unsent rows changed"
[ "$(as_kiosk /usr/bin/kioskctl history --format csv | sha256sum)" = "$history_before" ] || fail "the history changed"
backup=$(ls /var/lib/club-kiosk/backups/kiosk-schema"$schema"-*.db 2>/dev/null | head -n1)
[ -n "$backup" ] || fail "no backup in /var/lib/club-kiosk/backups"
[ "$(stat -c '%a %U' "$backup")" = "600 clubkiosk" ] || fail "the backup is $(stat -c '%a %U' "$backup")"
[ "$(as_kiosk /usr/bin/kioskctl --db "$backup" status --json | json_int rows)" -eq "$rows" ] || fail "the backup lacks rows"
step "after the upgrade: schema $((schema + 1)), $rows ledger rows, $pending waiting, backup $backup"

step "remove keeps the database, purge removes it"
dpkg -r club-kiosk >"$out/dpkg-remove.log" 2>&1 || { cat "$out/dpkg-remove.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/club-kiosk ] || fail "remove left /usr/bin/club-kiosk"
[ -f "$db" ] || fail "remove deleted the database"
[ -f /etc/club-kiosk/club-kiosk.conf ] || fail "remove deleted the configuration"
dpkg -P club-kiosk >"$out/dpkg-purge.log" 2>&1 || { cat "$out/dpkg-purge.log"; fail "dpkg -P"; }
[ ! -e /var/lib/club-kiosk ] || fail "purge left /var/lib/club-kiosk"
[ ! -e /etc/club-kiosk ] || fail "purge left /etc/club-kiosk"
step "passed"
