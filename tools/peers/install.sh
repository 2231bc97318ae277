#!/usr/bin/env bash
# The Debian packages the tests use as peers and tools, in one list for test.sh and .ci/run:
#   the wasm toolchain (the check that committed .wasm files match their C sources), iproute2 and
#   util-linux (the private network namespace, tools/netns/), Avahi, D-Bus and BIND 9 (the discovery
#   tests' independent peers), Chromium and DejaVu fonts (browser tests; Playwright never downloads
#   a browser), libnss3-tools (certutil: a test CA in Chromium's NSS database), curl and systemd
#   (the install checks), node and npm (multicast-dns, ReDoc, the Node utility).
# Run as root, it installs what is missing, without starting any daemon on this machine (an
# avahi-daemon outside the test namespace would multicast on real interfaces). Run as another user,
# it names what is missing and the command that installs it, and exits 1.
set -euo pipefail

packages=(clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32 iproute2 util-linux avahi-daemon avahi-utils dbus
  bind9 chromium fonts-dejavu-core libnss3-tools curl systemd)

need=()
if command -v dpkg >/dev/null; then
  for pkg in "${packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
fi
command -v npm >/dev/null || need+=(nodejs npm)    # only when no node is there at all
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "tools/peers/install.sh: not a Debian system; the tests need the equivalents of: ${need[*]}" >&2
  exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "tools/peers/install.sh: the tests need packages this machine lacks; install them once with:" >&2
  echo "  sudo apt-get install --no-install-recommends ${need[*]}" >&2
  exit 1
fi

# policy-rc.d answering 101 tells the maintainer scripts not to start services while the packages install.
policy=/usr/sbin/policy-rc.d
ours=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  ours=1
fi
trap 'if [ "$ours" -eq 1 ]; then rm -f "$policy"; fi' EXIT

echo "tools/peers/install.sh: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
