// Reads what the guest ABI checks need from a WebAssembly binary: function types, imports,
// exports and the memory section (with its place, so the maximum can be rewritten).
import { ByteReader } from './byte-reader.js';

const VALUE_TYPES = new Map([[0x7f, 'i32'], [0x7e, 'i64'], [0x7d, 'f32'], [0x7c, 'f64'], [0x7b, 'v128'], [0x70, 'funcref'], [0x6f, 'externref']]);
const EXTERNAL_KINDS = ['function', 'table', 'memory', 'global', 'tag'];

/** @typedef {{params: string[], results: string[]}} FunctionType */
/** @typedef {{module: string, name: string, kind: string, type?: FunctionType}} Import */
/** @typedef {{name: string, kind: string, index: number}} Export */
/** @typedef {{flags: number, minimum: number, maximum: number | null}} MemoryLimits */
/** @typedef {{types: FunctionType[], imports: Import[], exports: Export[], functionTypes: FunctionType[],
 *   memories: MemoryLimits[], memorySection: {start: number, end: number} | null}} ModuleShape */

/**
 * @param {Uint8Array} bytes
 * @returns {ModuleShape} throws RangeError when the bytes are not a WebAssembly 1.0 binary
 */
export function readModuleShape(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new RangeError('not a WebAssembly module (no \\0asm magic)');
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) throw new RangeError('not a WebAssembly 1.0 binary');
  /** @type {ModuleShape} */
  const shape = { types: [], imports: [], exports: [], functionTypes: [], memories: [], memorySection: null };
  const reader = new ByteReader(bytes, 8);
  while (!reader.done) {
    const start = reader.offset;
    const id = reader.byte();
    const size = reader.u32();
    const end = reader.offset + size;
    if (end > bytes.length) throw new RangeError(`section ${id} runs past the end of the module`);
    const section = new ByteReader(bytes, reader.offset, end);
    if (id === 1) readTypes(section, shape);
    else if (id === 2) readImports(section, shape);
    else if (id === 3) readFunctions(section, shape);
    else if (id === 5) {
      readMemories(section, shape);
      shape.memorySection = { start, end };
    } else if (id === 7) readExports(section, shape);
    reader.offset = end;
  }
  return shape;
}

/** @param {ByteReader} r @param {ModuleShape} shape */
function readTypes(r, shape) {
  for (let count = r.u32(); count > 0; count--) {
    if (r.byte() !== 0x60) throw new RangeError('a type that is not a function type');
    shape.types.push({ params: valueTypes(r), results: valueTypes(r) });
  }
}

/** @param {ByteReader} r */
function valueTypes(r) {
  const list = [];
  for (let count = r.u32(); count > 0; count--) {
    const type = VALUE_TYPES.get(r.byte());
    if (!type) throw new RangeError('an unknown value type');
    list.push(type);
  }
  return list;
}

/** @param {ByteReader} r @param {ModuleShape} shape */
function readImports(r, shape) {
  for (let count = r.u32(); count > 0; count--) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    /** @type {Import} */
    const entry = { module, name, kind: EXTERNAL_KINDS[kind] ?? `kind ${kind}` };
    if (kind === 0) {
      entry.type = typeAt(shape, r.u32());
      shape.functionTypes.push(entry.type);
    } else if (kind === 1) {
      r.byte();
      readLimits(r);
    } else if (kind === 2) {
      shape.memories.push(readLimits(r));
    } else if (kind === 3) {
      r.byte();
      r.byte();
    } else if (kind === 4) {
      r.byte();
      r.u32();
    } else {
      throw new RangeError(`an import of unknown kind ${kind}`);
    }
    shape.imports.push(entry);
  }
}

/** @param {ByteReader} r @param {ModuleShape} shape */
function readFunctions(r, shape) {
  for (let count = r.u32(); count > 0; count--) shape.functionTypes.push(typeAt(shape, r.u32()));
}

/** @param {ByteReader} r @param {ModuleShape} shape */
function readMemories(r, shape) {
  for (let count = r.u32(); count > 0; count--) shape.memories.push(readLimits(r));
}

/** @param {ByteReader} r @returns {MemoryLimits} */
function readLimits(r) {
  const flags = r.byte();
  if (flags > 7) throw new RangeError(`unknown limits flags ${flags}`);
  const wide = (flags & 4) !== 0;
  const minimum = wide ? r.u64() : r.u32();
  const maximum = (flags & 1) !== 0 ? (wide ? r.u64() : r.u32()) : null;
  return { flags, minimum, maximum };
}

/** @param {ByteReader} r @param {ModuleShape} shape */
function readExports(r, shape) {
  for (let count = r.u32(); count > 0; count--) {
    const name = r.name();
    const kind = r.byte();
    shape.exports.push({ name, kind: EXTERNAL_KINDS[kind] ?? `kind ${kind}`, index: r.u32() });
  }
}

/** @param {ModuleShape} shape @param {number} index */
function typeAt(shape, index) {
  const type = shape.types[index];
  if (!type) throw new RangeError(`type index ${index} out of range`);
  return type;
}
