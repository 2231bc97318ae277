#!/usr/bin/env bash
# Builds the spec site: static HTML of the standard (prose with an anchor per requirement id, the API
# reference rendered from openapi.yaml by the pinned ReDoc, the requirement index, the conformance
# checks, the JSON Schemas and the implementation reports of docs/conformance/).
#   bash spec/site/build.sh [outdir]        (default: artifacts/spec-site/ at the repository's root)
# Open outdir/index.html from disk or serve the folder statically; nothing is fetched from elsewhere.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$root/artifacts/spec-site}")
tool=$root/tools/SpecSite
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# npm ci only when node_modules is missing or older than the lock file (so the build also runs offline).
if [ ! -f "$tool/node_modules/.package-lock.json" ] || [ "$tool/package-lock.json" -nt "$tool/node_modules/.package-lock.json" ]; then
  if ! command -v npm >/dev/null; then
    echo "spec/site/build.sh: npm is needed once, to install the pinned ReDoc (apt-get install npm)" >&2
    exit 1
  fi
  (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet run --project "$tool/SpecSite.csproj" --verbosity quiet -- --repo "$root" --out "$out"
