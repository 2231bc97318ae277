#!/usr/bin/env bash
# tools/install/try-tool.sh [PORT]
# What a new user does with the dotnet tool, in a throwaway home: pack it, install it from that folder, start
# `compute-utility` on a loopback port, read the descriptor, run the echo example, stop it. Exit 0 when all worked.
# Needs packages restored (dotnet restore) but no network.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/home"
dotnet pack src/Utility.Server -c Release --no-restore -o "$work/feed" -nologo -v quiet
HOME="$work/home" dotnet tool install --tool-path "$work/home/.dotnet/tools" --source "$work/feed" ComputeUtility >/dev/null
port=${1:-$((20000 + RANDOM % 20000))}
HOME="$work/home" "$work/home/.dotnet/tools/compute-utility" --urls "http://127.0.0.1:$port" --Discovery:Enabled=false >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

curl -fs "http://127.0.0.1:$port/.well-known/compute-utility" | grep -q '"apiVersion":"1.0"'
integrity=$(sed -n 's/.*"echo": *"\([^"]*\)".*/\1/p' examples/integrity.json)
created=$(curl -fs -X POST "http://127.0.0.1:$port/v1/workers" -H 'content-type: application/json' \
  -d "{\"package\":\"http://127.0.0.1:$port/demo/echo/manifest.json\",\"integrity\":\"$integrity\"}")
echo "$created" | grep -q '"state":"running"'
echo "try-tool: installed compute-utility from a packed tool, started it, and ran the echo example"
