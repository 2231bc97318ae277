#!/usr/bin/env bash
# tools/install/native-host.sh [--profile DIR] [--extension-id ID] [--cli DLL] [-- NATIVE-HOST-ARGS...]
# Installs the discover CLI as the native messaging host of the Compute Utility browser extension
# (src/Browser.Extension) for Chromium: writes a launcher and the host manifest
#   DIR/NativeMessagingHosts/org.compute_utility.discovery.json
# DIR is the Chromium profile folder, ~/.config/chromium by default (a browser started with
# --user-data-dir=X looks in X/NativeMessagingHosts). The manifest allows only the extension's origin.
# Arguments after -- go to `native-host`, e.g. -- --interface all (the default browses loopback).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
profile="${XDG_CONFIG_HOME:-$HOME/.config}/chromium"
extension_id=jiclekfgdmflefihlndgmahblbihcned # from the "key" in src/Browser.Extension/manifest.json
cli="$here/src/Discovery.Cli/bin/Debug/net10.0/ComputeUtility.Discovery.Cli.dll"
host_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --extension-id) extension_id="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --) shift; host_args=("$@"); break ;;
    *) echo "native-host.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if ! [[ "$extension_id" =~ ^[a-p]{32}$ ]]; then
  echo "native-host.sh: '$extension_id' is not an extension id (32 letters a-p)" >&2; exit 2
fi
if [ ! -f "$cli" ]; then
  echo "native-host.sh: $cli is missing: dotnet build src/Discovery.Cli (or give --cli)" >&2; exit 1
fi
dotnet=$(command -v dotnet) || { echo "native-host.sh: dotnet is not on PATH" >&2; exit 1; }
folder="$profile/NativeMessagingHosts"
mkdir -p "$folder"
launcher="$folder/org.compute_utility.discovery.sh"
# Chromium starts the host with the caller's origin as its argument; the launcher passes it on after ours.
{
  echo '#!/bin/sh'
  printf 'exec %q %q native-host' "$dotnet" "$cli"
  for a in "${host_args[@]}"; do printf ' %q' "$a"; done
  echo ' "$@"'
} > "$launcher"
chmod 755 "$launcher"
cat > "$folder/org.compute_utility.discovery.json" <<JSON
{
  "name": "org.compute_utility.discovery",
  "description": "Compute utilities found over mDNS, for the Compute Utility extension",
  "path": "$launcher",
  "type": "stdio",
  "allowed_origins": ["chrome-extension://$extension_id/"]
}
JSON
echo "$folder/org.compute_utility.discovery.json"
