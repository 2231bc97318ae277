#!/usr/bin/env bash
# tools/netns/inside.sh CMD [ARGS...] -- PID 1 of the namespaces that run.sh creates; see run.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

ip link set lo up
ip link set lo multicast on
ip route add 224.0.0.0/4 dev lo src 127.0.0.1

sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip link add v0 type veth peer name v1
for i in all default v0 v1; do
  sysctl -qw "net.ipv4.conf.$i.accept_local=1" "net.ipv4.conf.$i.rp_filter=0"
done
ip addr add 10.77.1.1/24 dev v0
ip addr add 10.77.1.2/24 dev v1
ip link set v0 up
ip link set v1 up
ll() { ip -6 -o addr show dev "$1" scope link | sed -E 's|.*inet6 ([^/]+)/.*|\1|'; }
for _ in $(seq 50); do [ -n "$(ll v0)" ] && [ -n "$(ll v1)" ] && break; sleep 0.1; done
export CU_TEST_NETNS=1

# An Avahi peer needs real root (it chowns its runtime directory to the avahi user).
export CU_TEST_AVAHI=0 CU_TEST_AVAHI_WHY=""
if [ "$(id -u)" -ne 0 ] || ! awk 'NR == 1 { exit !($1 == 0 && $2 == 0) }' /proc/self/uid_map; then
  CU_TEST_AVAHI_WHY="not real root (avahi-daemon needs it)"
elif ! command -v avahi-daemon >/dev/null || ! command -v dbus-daemon >/dev/null || ! command -v avahi-browse >/dev/null; then
  CU_TEST_AVAHI_WHY="avahi-daemon, avahi-utils or dbus is not installed (apt-get install avahi-daemon avahi-utils dbus)"
else
  mount -t tmpfs -o mode=755 tmpfs /run                     # private /run: pid files, bus socket
  mkdir -p /run/dbus /run/avahi-daemon
  mkdir -p /etc/avahi/services
  mount -t tmpfs -o mode=755 tmpfs /etc/avahi/services      # no static services from the machine
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket
  dbus-daemon --config-file="$here/dbus-ns.conf" --fork --nopidfile
  avahi-daemon -f "$here/avahi-ns.conf" --no-drop-root --no-chroot --no-rlimits -D
  for i in $(seq 100); do
    if avahi-daemon -c 2>/dev/null && dbus-send --system --print-reply --dest=org.freedesktop.Avahi / \
         org.freedesktop.Avahi.Server.GetState 2>/dev/null | grep -q 'int32 2'; then
      CU_TEST_AVAHI=1
      break
    fi
    sleep 0.1
  done
  [ "$CU_TEST_AVAHI" = 1 ] || CU_TEST_AVAHI_WHY="avahi-daemon did not reach the running state within 10 s"
fi
[ "$CU_TEST_AVAHI" = 1 ] || echo "tools/netns: no Avahi peer: $CU_TEST_AVAHI_WHY" >&2

set +e
trap 'exit 130' INT
trap 'exit 143' TERM
"$@"
