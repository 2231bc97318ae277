#!/usr/bin/env bash
# tools/netns/run.sh CMD [ARGS...]
# Runs CMD in private network + pid + mount namespaces, so nothing it sends can reach a real interface:
#   lo      up, multicast on, route 224.0.0.0/4 dev lo src 127.0.0.1   (IPv4 mDNS between processes)
#   v0, v1  a veth pair inside the same namespace, 10.77.1.1/24 and 10.77.1.2/24 plus fe80:: link-locals,
#           DAD off (usable at once), accept_local=1 and rp_filter=0 (both ends are local): IPv6 mDNS,
#           which does not work on lo
#   Avahi   when run as root and avahi-daemon + dbus are installed: a private system bus and an
#           avahi-daemon (host avahi-peer.local, lo only, IPv4) as an independent mDNS peer
# CMD sees CU_TEST_NETNS=1, and CU_TEST_AVAHI=1 when Avahi runs (otherwise CU_TEST_AVAHI_WHY says why).
# Exits with CMD's status; everything started inside is killed when CMD ends (private pid namespace).
# No network access inside: restore, build and npm install before.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then flags=(); else flags=(-r); fi
exec unshare "${flags[@]}" -n -m -p -f --mount-proc --propagation private --kill-child -- bash "$here/inside.sh" "$@"
