// The exported mutable globals of a module and their raw bits (spec 13.3), for the local worker's snapshots.

/**
 * Exported mutable globals and their types, from the module's binary (the JS API does not say).
 * @param {ArrayBuffer} moduleBytes
 * @returns {Array<{name: string, type: string}>}
 */
export function exportedMutableGlobals(moduleBytes) {
  const b = new Uint8Array(moduleBytes);
  let at = 8;
  const u = () => { let r = 0, s = 0, x; do { x = b[at++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; };
  const skipName = () => { const n = u(); at += n; };
  const readName = () => { const n = u(); const text = new TextDecoder().decode(b.subarray(at, at + n)); at += n; return text; };
  const valType = () => { const t = b[at++]; if (t === 0x63 || t === 0x64) u(); return t; };
  const limits = () => { const flags = b[at++]; u(); if (flags & 1) u(); };
  /** @type {Record<number, string>} */
  const names = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };
  /** @type {Array<[string, boolean]>} [type, mutable] in global index order */
  const globals = [];
  /** @type {Array<[string, number]>} [name, global index] */
  const exported = [];
  while (at < b.length) {
    const id = b[at++];
    const size = u();
    const end = at + size;
    if (id === 2) {
      for (let n = u(); n > 0; n--) {
        skipName(); skipName();
        const kind = b[at++];
        if (kind === 0) u();
        else if (kind === 1) { valType(); limits(); } else if (kind === 2) limits();
        else if (kind === 3) { const t = valType(); globals.push([names[t], b[at++] === 1]); } else if (kind === 4) { at++; u(); }
      }
    } else if (id === 6) {
      for (let n = u(); n > 0; n--) {
        const t = valType();
        globals.push([names[t], b[at++] === 1]);
        for (let op = b[at++]; op !== 0x0b; op = b[at++]) { // the constant expression
          if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) u();
          else if (op === 0x43) at += 4;
          else if (op === 0x44) at += 8;
          else if (op === 0xd0) valType();
          else if (op === 0xfd) { u(); at += 16; }
        }
      }
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) {
        const exportName = readName();
        const kind = b[at++];
        const index = u();
        if (kind === 3) exported.push([exportName, index]);
      }
    }
    at = end;
  }
  return exported
    .filter(([, index]) => globals[index]?.[1] && globals[index][0])
    .map(([exportName, index]) => ({ name: exportName, type: globals[index][0] }));
}

// Raw bits of a global (spec 13.3: NaN payloads survive). i32 and i64 read exactly from JS;
// floats and v128 through a tiny module that imports the global and reinterprets it.

/** @typedef {{get: () => number | bigint, set: (...bits: Array<number | bigint>) => void, lo: () => bigint, hi: () => bigint}} BitsHelper */

/** @type {Map<WebAssembly.Global, BitsHelper>} */
const helpers = new Map();

/**
 * @param {WebAssembly.Global} global
 * @param {string} type 'f32', 'f64' or 'v128'
 * @returns {BitsHelper}
 */
function bitsHelper(global, type) {
  /** @type {(n: number) => number[]} */
  const leb = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return out; };
  const str = (/** @type {string} */ s) => [...leb(s.length), ...new TextEncoder().encode(s)];
  const vec = (/** @type {number[][]} */ items) => [...leb(items.length), ...items.flat()];
  const section = (/** @type {number} */ id, /** @type {number[]} */ bytes) => [id, ...leb(bytes.length), ...bytes];
  const func = (/** @type {number[]} */ code) => [...leb(code.length + 1), 0, ...code];
  const vt = /** @type {Record<string, number>} */ ({ f32: 0x7d, f64: 0x7c, v128: 0x7b })[type];
  const bitsType = type === 'f32' ? 0x7f : 0x7e;
  /** @type {number[][]} */
  let types;
  /** @type {Array<[number, number[]]>} [type index, body] */
  let funcs;
  /** @type {string[]} */
  let exportNames;
  if (type === 'v128') {
    types = [[0x60, 0, 1, 0x7e], [0x60, 2, 0x7e, 0x7e, 0]];
    funcs = [[0, func([0x23, 0, 0xfd, 29, 0, 0x0b])], [0, func([0x23, 0, 0xfd, 29, 1, 0x0b])],
      [1, func([0x20, 0, 0xfd, 18, 0x20, 1, 0xfd, 30, 1, 0x24, 0, 0x0b])]];
    exportNames = ['lo', 'hi', 'set'];
  } else {
    types = [[0x60, 0, 1, bitsType], [0x60, 1, bitsType, 0]];
    funcs = [[0, func([0x23, 0, type === 'f32' ? 0xbc : 0xbd, 0x0b])], [1, func([0x20, 0, type === 'f32' ? 0xbe : 0xbf, 0x24, 0, 0x0b])]];
    exportNames = ['get', 'set'];
  }
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('m'), ...str('g'), 3, vt, 1]])),
    ...section(3, vec(funcs.map(([typeIndex]) => [typeIndex]))),
    ...section(7, vec(exportNames.map((n, i) => [...str(n), 0, i]))),
    ...section(10, vec(funcs.map(([, code]) => code))),
  ]);
  return /** @type {BitsHelper} */ (/** @type {unknown} */ (new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { g: global } }).exports));
}

/**
 * @param {WebAssembly.Global} global
 * @param {string} type
 */
const helperFor = (global, type) => {
  if (!helpers.has(global)) helpers.set(global, bitsHelper(global, type));
  return /** @type {BitsHelper} */ (helpers.get(global));
};

/**
 * @param {number | bigint} value
 * @param {number} digits
 */
const hex = (value, digits) => BigInt.asUintN(digits * 4, BigInt(value)).toString(16).padStart(digits, '0');

/**
 * The bits of `global` as hex digits, most significant first (spec 13.3).
 * @param {WebAssembly.Global} global
 * @param {string} type
 */
export function readGlobalBits(global, type) {
  if (type === 'i32') return hex(global.value, 8);
  if (type === 'i64') return hex(global.value, 16);
  const h = helperFor(global, type);
  if (type === 'f32') return hex(h.get(), 8);
  if (type === 'f64') return hex(h.get(), 16);
  return hex(h.hi(), 16) + hex(h.lo(), 16);
}

/**
 * Sets `global` to the bits given as hex digits (spec 13.3); throws on digits that are not a `type` value.
 * @param {WebAssembly.Global} global
 * @param {string} type
 * @param {string} bits
 */
export function writeGlobalBits(global, type, bits) {
  const digits = /** @type {Record<string, number>} */ ({ i32: 8, f32: 8, i64: 16, f64: 16, v128: 32 })[type];
  if (!/^[0-9a-f]+$/i.test(bits) || bits.length !== digits) throw new Error(`invalid-module: the global bits '${bits}' are not a ${type} value`);
  if (type === 'i32') global.value = Number.parseInt(bits, 16) | 0;
  else if (type === 'i64') global.value = BigInt.asIntN(64, BigInt(`0x${bits}`));
  else if (type === 'f32') helperFor(global, type).set(Number.parseInt(bits, 16) | 0);
  else if (type === 'f64') helperFor(global, type).set(BigInt.asIntN(64, BigInt(`0x${bits}`)));
  else helperFor(global, type).set(BigInt.asIntN(64, BigInt(`0x${bits.slice(16)}`)), BigInt.asIntN(64, BigInt(`0x${bits.slice(0, 16)}`)));
}

