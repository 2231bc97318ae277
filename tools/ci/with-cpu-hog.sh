#!/usr/bin/env bash
# tools/ci/with-cpu-hog.sh [--hogs N] CMD [ARGS...]
# Runs CMD with N busy loops (default 2: one per core of the project's 2-core machines) beside it for
# its whole duration, at the same priority as CMD, so tests meet a machine that is busy the way a shared
# CI runner is. The loops are separate processes started here and ended here (by their own PIDs) when
# CMD ends, whatever its status; the script exits with CMD's status.
#   tools/ci/with-cpu-hog.sh ./test.sh
#   tools/ci/with-cpu-hog.sh --hogs 4 tools/netns/run.sh dotnet test tests/Utility.Server.Tests --no-build
set -euo pipefail

hogs=2
if [ "${1:-}" = "--hogs" ]; then
  [[ "${2:-}" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le 64 ] || { echo "with-cpu-hog.sh: --hogs takes 1 to 64" >&2; exit 2; }
  hogs=$2
  shift 2
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--hogs N] CMD [ARGS...]" >&2
  exit 2
fi

pids=()
stop_hogs() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 "$hogs"); do
  # A shell busy loop: no tools needed, nothing but CPU (no memory, no I/O).
  bash -c 'while :; do :; done' &
  pids+=("$!")
done
echo "with-cpu-hog.sh: $hogs busy loops running (PIDs ${pids[*]}) beside: $*" >&2

status=0
"$@" || status=$?
stop_hogs
echo "with-cpu-hog.sh: command exited with $status; busy loops stopped" >&2
exit "$status"
