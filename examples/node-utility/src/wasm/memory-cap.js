// Caps a module's own memory at the utility's limit by rewriting its declared maximum, so that
// memory.grow past the limit returns -1 inside the engine (CU-ABI-13) instead of growing.
import { encodeU32 } from './byte-reader.js';

const PAGE = 65536;

/**
 * @param {Uint8Array} bytes
 * @param {import('./module-reader.js').ModuleShape} shape
 * @param {number} limitBytes
 * @returns {Uint8Array} the module with max = min(declared max, limit); unchanged when there is nothing to cap
 */
export function capMemory(bytes, shape, limitBytes) {
  if (!shape.memorySection || shape.memories.length !== 1) return bytes;
  const memory = shape.memories[0];
  const limitPages = Math.floor(limitBytes / PAGE);
  if (memory.minimum > limitPages) return bytes;
  const maximum = memory.maximum === null ? limitPages : Math.min(memory.maximum, limitPages);
  const body = [1, memory.flags | 1, ...encodeU32(memory.minimum), ...encodeU32(maximum)];
  const section = Uint8Array.from([5, ...encodeU32(body.length), ...body]);
  const { start, end } = shape.memorySection;
  const out = new Uint8Array(start + section.length + (bytes.length - end));
  out.set(bytes.subarray(0, start), 0);
  out.set(section, start);
  out.set(bytes.subarray(end), start + section.length);
  return out;
}
