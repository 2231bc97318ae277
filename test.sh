#!/usr/bin/env bash
# Runs every test of the project: builds the solution (warnings are errors), runs the xunit
# suites, and checks that the committed example .wasm files are what their C sources build to.
# Exit status is non-zero when anything fails.
# Building (and npm ci) happen outside; every `dotnet test` runs inside a private network
# namespace made for this run (tools/netns/run.sh: lo, a veth pair, and an Avahi peer when root),
# so no test can send to a real interface, even by mistake.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The peers the tests use (Chromium, Avahi, BIND 9, the wasm toolchain, ...): installed when run as root
# on a machine that lacks them, named with the command that installs them otherwise.
bash tools/peers/install.sh || echo "test.sh: going on without them; their tests will fail and say why" >&2

# Installing avahi-daemon must not start one on this machine: it would multicast on real interfaces.
# (One inside another run's private namespace is no harm: only this namespace's daemons count.)
for pid in $(pgrep -x avahi-daemon || true); do
  if [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$(readlink /proc/self/ns/net)" ]; then
    echo "test.sh: an avahi-daemon runs on this machine (outside the test namespace); stop it: the tests start their own inside" >&2
    exit 1
  fi
done

dotnet build ComputeUtility.sln -nologo -v quiet
interop=tests/Discovery.Tests/interop        # npm multicast-dns, the discovery tests' independent mDNS peer
if { [ ! -f "$interop/node_modules/.package-lock.json" ] || [ "$interop/package-lock.json" -nt "$interop/node_modules/.package-lock.json" ]; } && command -v npm >/dev/null; then
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error)
fi
site=tools/SpecSite                          # npm redoc, the spec site's API renderer (the spec site tests build the site)
if { [ ! -f "$site/node_modules/.package-lock.json" ] || [ "$site/package-lock.json" -nt "$site/node_modules/.package-lock.json" ]; } && command -v npm >/dev/null; then
  (cd "$site" && npm ci --no-audit --no-fund --loglevel=error)
fi
webidl=tests/Spec.Tests/webidl              # npm webidl2, which the spec lint parses the WebIDL of spec/user-agent.md with
if { [ ! -f "$webidl/node_modules/.package-lock.json" ] || [ "$webidl/package-lock.json" -nt "$webidl/node_modules/.package-lock.json" ]; } && command -v npm >/dev/null; then
  (cd "$webidl" && npm ci --no-audit --no-fund --loglevel=error)
fi
node_utility=examples/node-utility          # npm ws, for the second implementation the conformance tests run
if { [ ! -f "$node_utility/node_modules/.package-lock.json" ] || [ "$node_utility/package-lock.json" -nt "$node_utility/node_modules/.package-lock.json" ]; } && command -v npm >/dev/null; then
  (cd "$node_utility" && npm ci --no-audit --no-fund --loglevel=error)
fi
shim=src/Browser.Shim                        # npm typescript, which checks the shim's modules against its .d.ts (ShimSourceTests)
if { [ ! -f "$shim/node_modules/.package-lock.json" ] || [ "$shim/package-lock.json" -nt "$shim/node_modules/.package-lock.json" ]; } && command -v npm >/dev/null; then
  (cd "$shim" && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# -m:1 runs one test assembly at a time: the browser tests keep both cores busy (Chromium and
# utility processes), which would starve the tests that measure deadlines.
tools/netns/run.sh dotnet test ComputeUtility.sln --no-build -nologo -m:1 2>&1 | tee "$log" || status=$?

if command -v clang-14 >/dev/null && [ -e /usr/lib/wasm32-wasi/libc.a ]; then
  bash examples/build.sh --check || status=1
  bash src/Conformance/Packages/build.sh --check || status=1
  bash bench/kernels/build.sh --check || status=1
else
  echo "test.sh: clang-14 for wasm32-wasi is not installed; the example .wasm reproducibility check did not run" >&2
  echo "          (install: apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)" >&2
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed"
[ "$passed" -gt 0 ] || { echo "test.sh: no test ran" >&2; exit 1; }
exit "$status"
