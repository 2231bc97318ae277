#!/usr/bin/env bash
# bench/extension-relay.sh: what the browser extension's relay costs (issue 17). The cubes demo (N=1,000, remote side
# alone) runs on one utility through the Compute Utility extension (page → content script → offscreen document →
# utility) and through the page shim (page → utility), twice each, alternating, 10 s of steps each; prints steps/s.
# It is the measuring part of tests/Browser.Tests/Extension/CubesThroughExtensionTests, run inside the private test
# network (the extension's discovery is mDNS) with Debian's Chromium; the figures are printed, never asserted.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$REPO/tests/Browser.Tests" -nologo -v quiet >&2
(cd "$REPO/src/Browser.Shim" && npm ci --silent >&2)
out="$REPO/tests/Browser.Tests/bin/Debug/net10.0/screenshots/cubes-relay.txt"
rm -f "$out"
"$REPO/tools/netns/run.sh" dotnet test "$REPO/tests/Browser.Tests" --no-build \
  --filter "FullyQualifiedName~CubesThroughExtensionTests" >&2
echo "| Row | Through the extension | Through the page shim |"
echo "|---|---|---|"
sed -E 's/.*through the extension ([0-9 /]+) \(mean ([0-9]+)\), through the page shim ([0-9 /]+) \(mean ([0-9]+)\).*/| cubes N=1,000 remote steps\/s | \2 (\1) | \4 (\3) |/' "$out"
