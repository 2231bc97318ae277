#!/usr/bin/env bash
# tools/install/publish.sh [RID] [OUT]
# Builds the utility as one self-contained folder for RID (default: this machine's, e.g. linux-x64): the .NET
# runtime included, nothing to install on the target but the folder. Run it as ./compute-utility inside.
#   tools/install/publish.sh linux-arm64 artifacts/compute-utility-linux-arm64
set -euo pipefail
cd "$(dirname "$0")/../.."
rid=${1:-$(dotnet --info | awk -F': *' '/^ *RID:/ {print $2; exit}')}
out=${2:-artifacts/compute-utility-$rid}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PackAsTool is for `dotnet pack`; a self-contained publish is an ordinary app.
dotnet publish src/Utility.Server -c Release -r "$rid" --self-contained true -p:PackAsTool=false \
  -p:UseAppHost=true -o "$out" -nologo -v quiet
ln -sf ComputeUtility.Server "$out/compute-utility"
echo "published: $out/compute-utility ($(du -sh "$out" | cut -f1)); try: $out/compute-utility --help"
