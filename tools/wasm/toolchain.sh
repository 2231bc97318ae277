# Sourced by the scripts that build the project's WebAssembly guests (examples/build.sh,
# src/Conformance/Packages/build.sh): reads their one argument and checks the toolchain.
#   usage_lines   the sed range of the calling script's header comment, printed by --help
# Sets CLANG, SYSROOT and CHECK (1 for --check), and defines die and sri (a file's SRI sha256 digest,
# which the manifests carry).
# Toolchain: Debian's clang-14 + lld-14 + wasi-libc (wasm32-wasi, WASI preview1); CLANG and
# WASI_SYSROOT point elsewhere.

CLANG=${CLANG:-clang-14}
SYSROOT=${WASI_SYSROOT:-/usr}
INSTALL_HINT="install it with: apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
(or set CLANG=/path/to/clang and WASI_SYSROOT=/path/to/wasi-sysroot)"

die() { echo "build.sh: $*" >&2; exit 1; }

sri() { # file -> sha256-<base64>
  if command -v openssl >/dev/null 2>&1; then
    printf 'sha256-%s' "$(openssl dgst -sha256 -binary "$1" | base64 | tr -d '\n')"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import base64,hashlib,sys;print("sha256-"+base64.b64encode(hashlib.sha256(open(sys.argv[1],"rb").read()).digest()).decode(),end="")' "$1"
  else
    node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha256-"+c.createHash("sha256").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
  fi
}

CHECK=0
case "${1:-}" in
  "") ;;
  --check) CHECK=1 ;;
  -h|--help) sed -n "${usage_lines}p" "$(basename "$0")"; exit 0 ;;   # the caller has cd-ed to its folder
  *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
esac

command -v "$CLANG" >/dev/null 2>&1 || die "$CLANG not found; $INSTALL_HINT"
if ! command -v wasm-ld-14 >/dev/null 2>&1 && ! command -v wasm-ld >/dev/null 2>&1; then
  die "wasm-ld (lld) not found; $INSTALL_HINT"
fi
[ -f "$SYSROOT/lib/wasm32-wasi/libc.a" ] || [ -f "$SYSROOT/lib/libc.a" ] ||
  die "wasi-libc not found under $SYSROOT; $INSTALL_HINT"
