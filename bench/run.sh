#!/usr/bin/env bash
# Runs the Compute Utility benchmark end to end and prints one Markdown table:
#
#   bench/run.sh [harness options, e.g. --quick or --rows 1,2]
#
# Builds the server and the harness in Release, builds the native spheres peer, starts the
# server on a free loopback port with a fresh temporary cache directory, runs the harness
# against it, stops the server. SERVER_ARGS (space-separated) are passed to that server and to
# the fresh servers of the cold-start row, e.g.
#   SERVER_ARGS="--Limits:EpochTickMs=100 --Logging:LogLevel:Default=Warning" bench/run.sh
# CU_BENCH_SERVER_DIR=/path/to/an/older/build/output bench/run.sh --rows 15   measures that server (not built here).
# The server runs from its output folder, so its own appsettings.json applies as deployed.
# Exit status: the harness's (0 all targets met, 1 a target missed, 2 a row failed).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
# CU_BENCH_SERVER_DIR: measure a server built elsewhere (e.g. an older commit, for a before/after table) instead of building this one.
SERVER_DIR=${CU_BENCH_SERVER_DIR:-"$REPO/src/Utility.Server/bin/Release/net10.0"}
SERVER_DLL="$SERVER_DIR/ComputeUtility.Server.dll"
BENCH_DLL="$REPO/bench/ComputeUtility.Bench/bin/Release/net10.0/ComputeUtility.Bench.dll"
read -r -a EXTRA <<<"${SERVER_ARGS:-}"

say() { echo "run.sh: $*" >&2; }

say "building the server and the harness (Release)"
[ -n "${CU_BENCH_SERVER_DIR:-}" ] || dotnet build "$REPO/src/Utility.Server" -c Release -nologo -v quiet >&2
dotnet build "$REPO/bench/ComputeUtility.Bench" -c Release -nologo -v quiet >&2
dotnet build "$REPO/bench/peers/WasmtimeHost" -c Release -nologo -v quiet >&2
say "building the native peers"
NATIVE=$("$REPO/bench/peers/build-native.sh")

# A free loopback port: bounded random probing (a refused connect means nothing listens there).
PORT=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { say "no free loopback port found"; exit 2; }

CACHE=$(mktemp -d "${TMPDIR:-/tmp}/cu-bench-cache.XXXXXX")
LOG="$CACHE.server.log"
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$CACHE"
}
trap stop_server EXIT

say "starting the server on http://127.0.0.1:$PORT (cache $CACHE, log $LOG)"
# The harness measures the utility, not its per-client rate limits: loopback is exempt (SERVER_ARGS may say otherwise).
(cd "$SERVER_DIR" && exec dotnet "$SERVER_DLL" --urls "http://127.0.0.1:$PORT" \
  "--Packages:CacheDirectory=$CACHE" --RateLimits:ExemptLoopback=true "${EXTRA[@]}") >"$LOG" 2>&1 &
SERVER_PID=$!

HARNESS_ARGS=(--url "http://127.0.0.1:$PORT" --server-dll "$SERVER_DLL" --repo "$REPO" --native "$NATIVE")
for arg in "${EXTRA[@]}"; do HARNESS_ARGS+=(--server-arg "$arg"); done

status=0
dotnet "$BENCH_DLL" "${HARNESS_ARGS[@]}" "$@" || status=$?
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  say "the server is not running (it did not start, or it died); last lines of its log:"
  tail -n 30 "$LOG" >&2 || true
  status=2
fi
stop_server
SERVER_PID=
[ "$status" -eq 2 ] && say "server log kept: $LOG" || rm -f "$LOG"
exit "$status"
