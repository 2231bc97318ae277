#!/usr/bin/env bash
# Builds the native peer of the spheres example from the same C source as
# examples/spheres/spheres.wasm:
#
#   bench/peers/build-native.sh [OUT_DIR]     (default bench/peers/out/)
#
# Result: OUT_DIR/spheres-native, `spheres-native [N] [STEPS] [SEED]`, which
# prints the same line (checksum and hash) as the wasm build; and
# OUT_DIR/kernels-native, `kernels-native NAME [RUNS]`, the kernel suite of
# bench/kernels (row 13), timed inside the process like its wasm build.
# Prints the path of spheres-native. No fast-math,
# no floating-point contraction (FMA), so the results are bit-identical on
# any IEEE-754 machine, x86-64 and arm64 alike.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SRC="$HERE/../../examples/spheres"
OUT=${1:-"$HERE/out"}
CC=${CC:-cc}

command -v "$CC" >/dev/null 2>&1 || {
  echo "build-native.sh: no C compiler ($CC); install one, e.g. apt-get install gcc" >&2
  exit 1
}
mkdir -p "$OUT"
"$CC" -O3 -ffp-contract=off -fno-fast-math -o "$OUT/spheres-native" \
  "$SRC/spheres_cmd.c" "$SRC/spheres_core.c" -lm
KERNELS="$HERE/../kernels"
"$CC" -O3 -ffp-contract=off -fno-fast-math -o "$OUT/kernels-native" "$KERNELS/kernels_cmd.c" "$KERNELS/kernels.c" \
  "$KERNELS/kernel_spheres.c" "$KERNELS/kernel_blur.c" "$KERNELS/kernel_gemm.c" "$KERNELS/kernel_sha256.c" "$SRC/spheres_core.c" -lm
echo "$OUT/spheres-native"
