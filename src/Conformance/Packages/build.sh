#!/usr/bin/env bash
# Rebuilds the conformance suite's guest packages (WebAssembly modules only;
# the suite writes the manifests itself at run time). Sources are in src/,
# the built .wasm files sit next to this script and are committed.
#
#   src/Conformance/Packages/build.sh           build the .wasm files here and
#                                               print size and sha256 SRI of each
#   src/Conformance/Packages/build.sh --check   build into a temporary folder and
#                                               compare with the committed files
#                                               (writes nothing; exit 1 when
#                                               something differs)
#
# Toolchain: Debian's clang-14 + lld-14 + wasi-libc (wasm32-wasi, WASI
# preview1), as examples/build.sh. The output is reproducible: same
# toolchain, same bytes (no timestamps, no paths, debug info and names
# stripped). Another clang or wasi-libc version gives other bytes.
set -euo pipefail

cd "$(dirname "$0")"
PACKAGES_DIR=$(pwd)

usage_lines=2,16
# shellcheck source=../../../tools/wasm/toolchain.sh
source "../../../tools/wasm/toolchain.sh" "$@"   # CLANG, SYSROOT, CHECK, die, sri; checks the toolchain

# clang runs wasm-opt after linking when it finds one on PATH; keep the
# output independent of whether binaryen happens to be installed.
PATH_NO_WASM_OPT=$PATH
if command -v wasm-opt >/dev/null 2>&1; then
  PATH_NO_WASM_OPT=$(printf '%s' "$PATH" | tr ':' '\n' |
    while IFS= read -r dir; do [ -x "$dir/wasm-opt" ] || printf '%s:' "$dir"; done)
  PATH_NO_WASM_OPT=${PATH_NO_WASM_OPT%:}
fi

WASM_CC=("$CLANG" --target=wasm32-wasi "--sysroot=$SYSROOT")
CFLAGS=(-O2 -Wall -Wextra -Werror -s)
REACTOR=(-mexec-model=reactor)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ "$CHECK" = 1 ]; then OUT="$TMP/out"; else OUT="$PACKAGES_DIR"; fi
mkdir -p "$OUT"

build() { # output, extra flags and sources...
  local output=$1; shift
  echo "cc  $output" >&2
  PATH=$PATH_NO_WASM_OPT "${WASM_CC[@]}" "${CFLAGS[@]}" -o "$OUT/$output" "$@"
  chmod 644 "$OUT/$output"
}

build probe.wasm          "${REACTOR[@]}" src/probe.c
build init-spin.wasm      "${REACTOR[@]}" src/init-spin.c
build init-trap.wasm      "${REACTOR[@]}" src/init-trap.c
build bad-alloc.wasm      "${REACTOR[@]}" src/bad-alloc.c
build no-on-message.wasm  "${REACTOR[@]}" src/no-on-message.c
build foreign-import.wasm "${REACTOR[@]}" src/foreign-import.c
# 2 GiB = 32768 pages of 64 KiB: the initial memory, declared in the module,
# is larger than any per-worker memory limit the suite configures.
build huge-memory.wasm    "${REACTOR[@]}" -Wl,--initial-memory=2147483648 src/huge-memory.c
build no-start.wasm       "${REACTOR[@]}" src/no-start.c
build command.wasm        src/command.c
echo "gen invalid.wasm" >&2
printf 'this is not a WebAssembly module\n' > "$OUT/invalid.wasm"
chmod 644 "$OUT/invalid.wasm"

MODULES=(probe init-spin init-trap bad-alloc no-on-message foreign-import huge-memory
         no-start command invalid)

if [ "$CHECK" = 1 ]; then
  status=0
  for name in "${MODULES[@]}"; do
    if cmp -s "$OUT/$name.wasm" "$PACKAGES_DIR/$name.wasm"; then
      echo "same     $name.wasm"
    else
      echo "DIFFERS  $name.wasm"
      status=1
    fi
  done
  exit $status
fi

for name in "${MODULES[@]}"; do
  printf '%-20s %7s  %s\n' "$name.wasm" "$(wc -c < "$name.wasm" | tr -d ' ')" "$(sri "$name.wasm")"
done
