#!/usr/bin/env bash
# Rebuilds the bench's kernel suite (spheres, blur, gemm, sha256; see kernels.h) as WebAssembly:
#   kernels.wasm          a WASI command: kernels NAME [RUNS]
#   kernels-worker.wasm   a cu1 worker: send the kernel's name as a JSON string
# with clang-14 for wasm32-wasi, -O3 -msimd128, as examples/build.sh builds the spheres example.
#
#   bench/kernels/build.sh           build and write the two .wasm files beside this script
#   bench/kernels/build.sh --check   build into a temporary folder and compare with the committed
#                                    .wasm files (writes nothing; exit 1 when one differs)
#
# Reproducible: the same toolchain gives the same bytes. The native peer of the same sources is built
# by bench/peers/build-native.sh (with the host's cc) when the bench runs.
set -euo pipefail

cd "$(dirname "$0")"
KERNELS_DIR=$(pwd)

usage_lines=2,12
# shellcheck source=../../tools/wasm/toolchain.sh
source "../../tools/wasm/toolchain.sh" "$@"   # CLANG, SYSROOT, CHECK, die; checks the toolchain

WASM_CC=("$CLANG" --target=wasm32-wasi "--sysroot=$SYSROOT")
# No fast-math, no FP contraction: the results stay bit-identical to the native build.
CFLAGS=(-O3 -msimd128 -Wall -Wextra -Werror -ffp-contract=off -fno-fast-math -s)
SOURCES=(kernels.c kernel_spheres.c kernel_blur.c kernel_gemm.c kernel_sha256.c ../../examples/spheres/spheres_core.c)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$CHECK" = 1 ]; then OUT="$TMP"; else OUT="$KERNELS_DIR"; fi

echo "cc  kernels.wasm" >&2
"${WASM_CC[@]}" "${CFLAGS[@]}" -o "$OUT/kernels.wasm" kernels_cmd.c "${SOURCES[@]}" -lm
echo "cc  kernels-worker.wasm" >&2
"${WASM_CC[@]}" "${CFLAGS[@]}" -mexec-model=reactor -o "$OUT/kernels-worker.wasm" kernels_reactor.c "${SOURCES[@]}" -lm
chmod 644 "$OUT/kernels.wasm" "$OUT/kernels-worker.wasm"

if [ "$CHECK" = 1 ]; then
  status=0
  for file in kernels.wasm kernels-worker.wasm; do
    if cmp -s "$OUT/$file" "$KERNELS_DIR/$file"; then echo "same     bench/kernels/$file"; else echo "DIFFERS  bench/kernels/$file"; status=1; fi
  done
  exit $status
fi
sha256sum kernels.wasm kernels-worker.wasm
