#!/usr/bin/env bash
# Builds the bench's own guest (memfill.wasm, for the snapshot row) with Debian's clang-14 for wasm32-wasi.
# Reproducible: the same toolchain gives the same bytes. apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
cd "$(dirname "$0")"
clang-14 --target=wasm32-wasi --sysroot=/usr -O2 -s -mexec-model=reactor -Wall -Wextra -Werror -o memfill.wasm memfill.c
sha256sum memfill.wasm
