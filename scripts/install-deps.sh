#!/usr/bin/env bash
# Installs the Debian 12 packages Club Kiosk builds, tests and runs with. Idempotent: when
# everything is present it changes nothing and touches no network.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ pkg-config
  # Qt 6.4 (core, quick, multimedia, network, sql, http server, websockets, tools)
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-l10n-tools qt6-qpa-plugins libqt6sql6-sqlite
  qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtquick-templates qml6-module-qtqml-workerscript qml6-module-qtmultimedia
  qml6-module-qttest
  # decoding, imaging, storage, crypto
  libzxing-dev libopencv-dev libsqlite3-dev sqlite3 libsodium-dev
  # the peer links' self-made TLS certificate (libcrypto; Qt's TLS backend is OpenSSL too), and
  # the test network of bars on hosts of their own (ip netns, veth, a bridge), each with its own
  # system bus and Avahi for DNS-SD (the tests start them; nothing runs as a service)
  libssl-dev iproute2 dbus avahi-daemon
  # headless display, fonts, media backend, benchmarks (zbar: the decode comparison)
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libbenchmark-dev libzbar-dev
  # the appliance: package building and checking, the kiosk session (cage on Wayland, with
  # xwayland as cage needs), the on-screen keyboard, screenshots of the session (grim)
  dpkg-dev file lintian cage xwayland grim qt6-wayland
  qml6-module-qtquick-virtualkeyboard qt6-virtualkeyboard-plugin qml6-module-qt-labs-folderlistmodel
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "install-deps: these packages are missing and I am not root (no sudo): ${missing[*]}" >&2
    exit 2
  fi
fi
echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
