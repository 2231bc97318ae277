#!/usr/bin/env bash
# Rebuilds the example packages of Compute Utility:
#   every .wasm (clang-14, wasm32-wasi, WASI preview1), then every manifest
#   (module.integrity = sha256 SRI of the .wasm, module.size), then prints the
#   SRI of each manifest file and writes them to INTEGRITY.md.
#
#   examples/build.sh           build and write manifests + INTEGRITY.md
#   examples/build.sh --check   build into a temporary folder and compare with
#                               the committed .wasm and manifests (writes nothing;
#                               exit 1 when something differs)
#
# The output is reproducible: same toolchain, same bytes (no timestamps, no
# paths, debug info stripped). A different clang or wasi-libc version gives
# different bytes and therefore different integrity strings.
set -euo pipefail

cd "$(dirname "$0")"
EXAMPLES_DIR=$(pwd)

usage_lines=2,15
# shellcheck source=../tools/wasm/toolchain.sh
source "../tools/wasm/toolchain.sh" "$@"   # CLANG, SYSROOT, CHECK, die, sri; checks the toolchain

WASM_CC=("$CLANG" --target=wasm32-wasi "--sysroot=$SYSROOT")
# -s strips debug info and names; no-fast-math and no FP contraction keep the
# physics bit-identical to the native build.
CFLAGS=(-O2 -Wall -Wextra -ffp-contract=off -fno-fast-math -s)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

printf 'int main(void){return 0;}\n' > "$TMP/probe.c"
"${WASM_CC[@]}" "${CFLAGS[@]}" -o "$TMP/probe.wasm" "$TMP/probe.c" 2> "$TMP/probe.log" || {
  cat "$TMP/probe.log" >&2
  die "$CLANG cannot link a wasm32-wasi program; $INSTALL_HINT"
}

if [ "$CHECK" = 1 ]; then OUT="$TMP/out"; else OUT="$EXAMPLES_DIR"; fi
mkdir -p "$OUT/echo" "$OUT/hello" "$OUT/spheres" "$OUT/cubes" "$OUT/blur"

# ---- modules ----
build() { # output, extra flags and sources...
  local output=$1; shift
  echo "cc  $output" >&2
  "${WASM_CC[@]}" "${CFLAGS[@]}" -o "$OUT/$output" "$@"
  chmod 644 "$OUT/$output"
}
build echo/echo.wasm -mexec-model=reactor echo/echo.c
build hello/hello.wasm hello/hello.c
# The kernel is built -O3 (and natively too, in bench/peers/build-native.sh): unrolled loops
# take fewer of the epoch checks that bound a guest's run time (measured: -O2 1.85x native, -O3 ~1.3x).
build spheres/spheres.wasm -O3 -msimd128 spheres/spheres_cmd.c spheres/spheres_core.c -lm
build spheres/spheres-worker.wasm -O3 -msimd128 -mexec-model=reactor \
  spheres/spheres_reactor.c spheres/spheres_core.c -lm
# The browser demos' workers (examples/cubes, examples/blur): the same kernel, and an image filter.
build cubes/cubes.wasm -O3 -msimd128 -mexec-model=reactor cubes/cubes.c spheres/spheres_core.c -lm
build blur/blur.wasm -O3 -msimd128 -mexec-model=reactor blur/blur.c -lm

# ---- manifests ----
size_of() { wc -c < "$1" | tr -d ' '; }

# manifest path, name, description, kind, module file (same folder), maximumBytes
manifest() {
  local path=$1 name=$2 description=$3 kind=$4 module=$5 max=$6
  local dir wasm abi_line=""
  dir=$(dirname "$path")
  wasm="$OUT/$dir/$module"
  [ "$kind" = reactor ] && abi_line='  "abi": "cu1",
'
  {
    printf '{\n'
    printf '  "name": "%s",\n' "$name"
    printf '  "version": "1.0.0",\n'
    printf '  "description": "%s",\n' "$description"
    printf '  "kind": "%s",\n' "$kind"
    printf '%s' "$abi_line"
    printf '  "module": {\n'
    printf '    "url": "%s",\n' "$module"
    printf '    "integrity": "%s",\n' "$(sri "$wasm")"
    printf '    "size": %s\n' "$(size_of "$wasm")"
    printf '  },\n'
    printf '  "memory": {\n'
    printf '    "maximumBytes": %s\n' "$max"
    printf '  }\n'
    printf '}\n'
  } > "$OUT/$path"
}

PACKAGES=(
  "echo|echo/manifest.json|reactor|echo.wasm|16777216|Echo worker (ABI cu1): answers a JSON message with a count and the message itself, a binary message with the same bytes; logs one line on the first message."
  "hello|hello/manifest.json|command|hello.wasm|16777216|One-shot WASI command: greets its arguments (or the world), counts the bytes of stdin, exits with the number of arguments."
  "spheres|spheres/manifest.json|command|spheres.wasm|33554432|Deterministic rigid-sphere physics as a WASI command: spheres [N] [STEPS] [SEED] prints a checksum of the final positions."
  "spheres-worker|spheres/worker.manifest.json|reactor|spheres-worker.wasm|33554432|Deterministic rigid-sphere physics as a cu1 worker: send an object with n, steps and seed; it replies with the step count and a checksum of the positions."
  "cubes|cubes/manifest.json|reactor|cubes.wasm|67108864|The rigid-sphere physics for the browser demo: send an object with n, steps and seed; it replies with the positions as float32 x y z per sphere (binary), or the exact state when hash is set."
  "blur|blur/manifest.json|reactor|blur.wasm|67108864|Gaussian image filter for the browser demo: send width, height, radius (uint32 LE) and RGBA pixels as binary; it replies with the blurred image in the same layout."
)

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name path kind module max description <<< "$entry"
  manifest "$path" "$name" "$description" "$kind" "$module" "$max"
done

# integrity.json: the same digests for the browser demos, which read it from the demo origin.
{
  printf '{\n'
  sep=''
  for entry in "${PACKAGES[@]}"; do
    IFS='|' read -r name path _ <<< "$entry"
    printf '%s  "%s": "%s"' "$sep" "$name" "$(sri "$OUT/$path")"
    sep=$',\n'
  done
  printf '\n}\n'
} > "$OUT/integrity.json"

if [ "$CHECK" = 1 ]; then
  status=0
  for file in echo/echo.wasm hello/hello.wasm spheres/spheres.wasm spheres/spheres-worker.wasm \
              cubes/cubes.wasm blur/blur.wasm \
              echo/manifest.json hello/manifest.json spheres/manifest.json spheres/worker.manifest.json \
              cubes/manifest.json blur/manifest.json integrity.json; do
    if cmp -s "$OUT/$file" "$EXAMPLES_DIR/$file"; then
      echo "same     $file"
    else
      echo "DIFFERS  $file"
      status=1
    fi
  done
  exit $status
fi

# ---- manifest integrity ----

{
  echo '# Example package integrity'
  echo
  echo 'Written by `examples/build.sh`; do not edit. Create a worker or task with the'
  echo 'manifest URL (e.g. `http://127.0.0.1:8470/demo/echo/manifest.json`) and the'
  echo 'manifest integrity below. The values hold for the committed `.wasm` files;'
  echo "they were built with: \`$("$CLANG" --version | head -n 1)\`."
  echo
  echo '| package | kind | manifest | manifest integrity | module | module integrity | module size |'
  echo '|---|---|---|---|---|---|---|'
  for entry in "${PACKAGES[@]}"; do
    IFS='|' read -r name path kind module max description <<< "$entry"
    dir=$(dirname "$path")
    echo "| $name | $kind | \`examples/$path\` | \`$(sri "$path")\` | \`examples/$dir/$module\` | \`$(sri "$dir/$module")\` | $(size_of "$dir/$module") |"
  done
} > INTEGRITY.md

for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name path _ <<< "$entry"
  printf '%-15s %-29s %s\n' "$name" "$path" "$(sri "$path")"
done
